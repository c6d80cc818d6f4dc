import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { taskSummary } from '../test/support/swarm-summaries-fixture.ts';
import { TaskDetails } from './task-details.tsx';

describe('TaskDetails', () => {
  it('shows what is known of the task, the node by name, and leaves out what is not', async () => {
    const html = await render(
      <TaskDetails
        task={taskSummary({ id: 't1', serviceId: 's1', serviceName: 'web', slot: 2, nodeId: 'n1', containerId: null })}
        nodeName="node-1"
        logsUrl="/clusters/c1/tasks/t1/logs"
      />,
    );
    expect(html).toContain('<span class="cl-strong">web.2</span>');
    expect(html).toContain('<a href="/clusters/c1/tasks/t1/logs" class="cl-button cl-button-quiet" data-task-logs-link="true">Logs</a>');
    expect(html).toContain('<dt>Node</dt><dd>node-1</dd>');
    expect(html).toContain('<dt>Task</dt><dd class="cl-mono">t1</dd>');
    expect(html).not.toContain('<dt>Container</dt>');
    expect(html).not.toContain('<dt>Error</dt>');
  });

  it('renders Docker’s names, messages and errors as text', async () => {
    const task = taskSummary({ id: 't1', serviceId: 's1', serviceName: HOSTILE, message: HOSTILE, error: HOSTILE, image: HOSTILE });
    // The heading, and the Service, Message, Error and Image rows.
    expectInert(await render(<TaskDetails task={task} nodeName={null} logsUrl="/l" />), 5);
  });
});
