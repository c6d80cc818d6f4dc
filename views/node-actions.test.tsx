import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { nodeSummary } from '../test/support/swarm-summaries-fixture.ts';
import { DrainConfirm, DrainProgress, LabelEditor, NodeActions, NodeOutcome, RemoveConfirm } from './node-actions.tsx';

const BASE = '/clusters/c1';
const worker = nodeSummary({ id: 'n1', hostname: 'node-1' });
const manager = nodeSummary({ id: 'n2', hostname: 'node-2', role: 'manager' });

describe('NodeActions', () => {
  it('offers nothing to a viewer who may not operate', async () => {
    expect(await render(<NodeActions node={worker} canOperate={false} base={BASE} />)).toBe('');
  });

  it('offers a worker pause, drain, promote, labels and remove, each swapping the row’s panel', async () => {
    const html = await render(<NodeActions node={worker} canOperate={true} base={BASE} />);
    expect(html).toContain('hx-vals="{&quot;availability&quot;:&quot;pause&quot;}"');
    expect(html).not.toContain('Activate');
    expect(html).toContain(`hx-get="${BASE}/nodes/n1/drain"`);
    expect(html).toContain(`hx-post="${BASE}/nodes/n1/promote"`);
    expect(html).toContain(`hx-get="${BASE}/nodes/n1/remove"`);
    expect(html).toContain('hx-target="#cl-node-panel-n1"');
    expect(html).toContain('<div class="cl-op-panel" id="cl-node-panel-n1" hx-preserve="true"');
  });

  it('offers a drained manager activation and demotion, never removal', async () => {
    const html = await render(<NodeActions node={{ ...manager, availability: 'drain' }} canOperate={true} base={BASE} />);
    expect(html).toContain('Activate');
    expect(html).not.toContain('Drain…');
    expect(html).toContain('/demote');
    expect(html).not.toContain('/remove');
  });

  it('renders the hostname as text in the menu and the confirmations', async () => {
    // The menu's label, and the promote confirmation.
    expectInert(await render(<NodeActions node={{ ...worker, hostname: HOSTILE }} canOperate={true} base={BASE} />), 2);
  });
});

describe('DrainConfirm', () => {
  it('says how many tasks move and how many just stop', async () => {
    const html = await render(<DrainConfirm base={BASE} node={worker} impact={{ tasks: 3, rescheduled: 2, stopped: 1 }} />);
    expect(html).toContain('<strong data-tasks-moving="3">3</strong> tasks will');
    expect(html).toContain('(2 started again on other nodes, 1 global task stop)');
    expect(html).toContain('hx-vals="{&quot;availability&quot;:&quot;drain&quot;}"');
  });
});

describe('DrainProgress', () => {
  it('polls while tasks are left, and stops with a close button when none is', async () => {
    const running = await render(<DrainProgress base={BASE} node={worker} left={2} total={5} />);
    expect(running).toContain(`hx-get="${BASE}/nodes/n1/drain-progress?total=5"`);
    expect(running).toContain('<progress max="5" value="3"></progress>');
    const done = await render(<DrainProgress base={BASE} node={worker} left={0} total={5} />);
    expect(done).not.toContain('hx-get');
    expect(done).toContain('All tasks moved off');
    expect(done).toContain('Close');
  });
});

describe('LabelEditor', () => {
  it('lists the labels sorted, each removable, with rows to add and the suggested keys', async () => {
    const html = await render(<LabelEditor base={BASE} node={worker} labels={{ zone: 'a', disk: 'ssd' }} saved={true} />);
    expect(html.indexOf('>disk<')).toBeLessThan(html.indexOf('>zone<'));
    expect(html).toContain('<input type="checkbox" name="remove" value="zone" aria-label="Remove zone"/>');
    expect(html.match(/name="add_key"/g)).toHaveLength(2);
    expect(html).toContain('<option value="gpu"></option>');
    expect(html).toContain('Labels saved.');
  });

  it('shows the error, and Docker’s keys and values as text', async () => {
    const html = await render(<LabelEditor base={BASE} node={worker} labels={{ [HOSTILE]: HOSTILE }} error="key is reserved" />);
    expect(html).toContain('role="alert">key is reserved</p>');
    // The key, its value, the checkbox value and its label.
    expectInert(html, 4);
  });
});

describe('RemoveConfirm', () => {
  it('asks before removing a node that may go', async () => {
    const html = await render(<RemoveConfirm base={BASE} node={worker} refusal={null} />);
    expect(html).toContain('Remove <strong>node-1</strong> from the swarm?');
    expect(html).not.toContain('name="force"');
  });

  it('offers force for a refused worker, and no remove button for a refused manager', async () => {
    const forced = await render(<RemoveConfirm base={BASE} node={worker} refusal="the node is still up" />);
    expect(forced).toContain('name="force"');
    expect(forced).toContain('Remove node-1');
    const refused = await render(<RemoveConfirm base={BASE} node={manager} refusal="demote it first" />);
    expect(refused).toContain('demote it first');
    expect(refused).not.toContain('type="submit"');
    expect(tagWith(refused, 'data-remove-confirm')).toContain(`hx-post="${BASE}/nodes/n2/remove"`);
  });
});

describe('NodeOutcome', () => {
  it('shows the outcome with its tone and a close button', async () => {
    const html = await render(<NodeOutcome tone="error">{HOSTILE}</NodeOutcome>);
    expect(html).toContain('<p class="cl-notice cl-notice-error" role="alert">');
    expect(html).toContain('Close');
    expectInert(html, 1);
  });
});
