import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeSummary } from '../test/support/swarm-summaries-fixture.ts';
import { NodeTable } from './node-table.tsx';

describe('NodeTable', () => {
  it('lists the nodes in the order given (the route’s: leader, managers, workers), the leader badged', async () => {
    const nodes = [
      nodeSummary({ id: 'lead', hostname: 'zz-leader', role: 'manager', isLeader: true }),
      nodeSummary({ id: 'm2', hostname: 'manager-2', role: 'manager' }),
      nodeSummary({ id: 'w2', hostname: 'worker-2' }),
      nodeSummary({ id: 'w10', hostname: 'worker-10' }),
    ];
    const html = await render(<NodeTable nodes={nodes} canOperate={false} base="/clusters/c1" />);
    const order = ['lead', 'm2', 'w2', 'w10'].map((id) => html.indexOf(`data-node="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('<span class="cl-pill cl-leader" title="raft leader">leader</span>');
  });

  it('marks a down node’s row and an unreachable manager', async () => {
    const html = await render(
      <NodeTable
        nodes={[nodeSummary({ id: 'm1', role: 'manager', status: 'down', managerReachability: 'unreachable' })]}
        canOperate={false}
        base="/clusters/c1"
      />,
    );
    expect(html).toContain('class="cl-row-down"');
    expect(html).toContain('<td data-field="role">manager<span class="cl-muted"> (unreachable)</span></td>');
  });

  it('offers node actions only to those who may operate', async () => {
    const nodes = [nodeSummary({ id: 'n1' })];
    expect(await render(<NodeTable nodes={nodes} canOperate={true} base="/clusters/c1" />)).toContain('data-node-actions="n1"');
    const readOnly = await render(<NodeTable nodes={nodes} canOperate={false} base="/clusters/c1" />);
    expect(readOnly).not.toContain('data-node-actions');
    expect(readOnly).not.toContain('hx-post');
  });

  it("shows each node's OS and architecture", async () => {
    const html = await render(<NodeTable nodes={[nodeSummary({ id: 'n1', os: 'linux', architecture: 'aarch64' })]} canOperate={false} base="/clusters/c1" />);
    expect(html).toContain('<td class="cl-mono" data-field="platform">linux/aarch64</td>');
  });

  it('renders Docker’s hostnames, labels, status messages, addresses and versions as text', async () => {
    const node = nodeSummary({ id: 'n1', hostname: HOSTILE, labels: { [HOSTILE]: '' }, statusMessage: HOSTILE, ip: HOSTILE, engineVersion: HOSTILE });
    // data-hostname, the hostname, the label's title and text, the state's title, the address and the version.
    expectInert(await render(<NodeTable nodes={[node]} canOperate={false} base="/clusters/c1" />), 7);
  });
});
