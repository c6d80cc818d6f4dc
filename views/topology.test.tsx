import { describe, expect, it } from 'vitest';
import type { TopologyLayout, TopologyNode } from '../src/domain/topology-layout.ts';
import { HOSTILE, render } from '../test/support/rendered-view.ts';
import { Topology } from './topology.tsx';

const node = (patch: Partial<TopologyNode> & { id: string }): TopologyNode => ({
  hostname: patch.id,
  role: 'worker',
  isLeader: false,
  down: false,
  availability: 'active',
  taskCount: 1,
  x: 10,
  y: 20,
  r: 14,
  ...patch,
});
const layout = (nodes: TopologyNode[], links: TopologyLayout['links'] = []): TopologyLayout => ({ width: 300, height: 200, nodes, links });

describe('Topology', () => {
  it('draws each node with its task count, tags and a clipped name, and the raft links', async () => {
    const html = await render(
      <Topology
        layout={layout(
          [
            node({ id: 'm1', role: 'manager', isLeader: true }),
            node({ id: 'm2', role: 'manager', down: true }),
            node({ id: 'w1', hostname: 'a-very-long-hostname-indeed', availability: 'drain', taskCount: 0 }),
          ],
          [{ from: 'm1', to: 'm2' }],
        )}
      />,
    );
    expect(html).toContain('aria-label="Swarm topology: 3 nodes"');
    expect(html).toContain('class="cl-topo-node cl-topo-manager is-leader"');
    expect(html).toContain('class="cl-link is-down"');
    expect(html).toContain('class="cl-topo-node cl-topo-worker is-drain"');
    expect(html).toContain('>a-very-long-hos…</text>');
    expect(html).toContain('<title>a-very-long-hostname-indeed: worker, ready, drain, 0 tasks</title>');
    expect(html).toContain('leader</text>');
  });

  it('renders hostnames as text', async () => {
    // data-hostname, the title and the label (clipped: its start only).
    const html = await render(<Topology layout={layout([node({ id: 'n1', hostname: HOSTILE })])} />);
    expect(html).not.toContain('<img');
    expect(html.split('&quot;&gt;&lt;img src=x').length - 1).toBe(3);
  });
});
