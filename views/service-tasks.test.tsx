import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { taskSummary } from '../test/support/swarm-summaries-fixture.ts';
import { ServiceTasks } from './service-tasks.tsx';

describe('ServiceTasks', () => {
  it('says when a service has no tasks', async () => {
    expect(await render(<ServiceTasks tasks={[]} nodeNames={new Map()} />)).toBe('<p class="cl-muted cl-small">This service has no tasks.</p>');
  });

  it('lists running tasks first by slot, then old ones, each on its node by name', async () => {
    const tasks = [
      taskSummary({ id: 'old', serviceId: 's', slot: 1, state: 'failed', desiredState: 'shutdown', nodeId: 'n1' }),
      taskSummary({ id: 'two', serviceId: 's', slot: 2, nodeId: 'gone0123456789' }),
      taskSummary({ id: 'one', serviceId: 's', slot: 1, nodeId: 'n1' }),
      taskSummary({ id: 'pending', serviceId: 's', slot: 3, state: 'pending' }),
    ];
    const html = await render(<ServiceTasks tasks={tasks} nodeNames={new Map([['n1', 'node-1']])} />);
    const order = ['one', 'two', 'pending', 'old'].map((id) => html.indexOf(`data-task="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('<td data-field="node">node-1</td>');
    expect(html).toContain('<td data-field="node">gone01234567</td>');
    expect(html).toContain('<span class="cl-muted">not placed</span>');
    expect(html).toContain('class="cl-row-old"');
  });

  it('renders Docker’s errors and messages as text', async () => {
    expectInert(await render(<ServiceTasks tasks={[taskSummary({ id: 't', serviceId: 's', error: HOSTILE, message: HOSTILE })]} nodeNames={new Map()} />), 2);
  });
});
