import { describe, expect, it } from 'vitest';
import type { NodeResourceReading } from '../src/domain/node-resources.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeSummary } from '../test/support/swarm-summaries-fixture.ts';
import { ResourceRow, ResourceRowLoading } from './node-resources.tsx';

const GiB = 1024 ** 3;
const reading = (patch: Partial<NodeResourceReading> & { nodeId: string }): NodeResourceReading => ({
  source: 'measured',
  serverName: 'm1',
  usage: null,
  error: null,
  readAt: null,
  stale: false,
  ...patch,
});

describe('ResourceRow', () => {
  it('shows measured use as meters, high use flagged', async () => {
    const usage = {
      cpuPercent: 95,
      load: [1.5, 1, 0.5] as [number, number, number],
      memoryTotalBytes: 4 * GiB,
      memoryUsedBytes: GiB,
      diskTotalBytes: 100 * GiB,
      diskUsedBytes: 80 * GiB,
      memoryPercent: 25,
      diskPercent: 80,
    };
    const html = await render(<ResourceRow url="/r" nodes={[nodeSummary({ id: 'n1' })]} readings={[reading({ nodeId: 'n1', usage })]} />);
    expect(html).toContain('data-source="measured"');
    expect(html).toContain('<span class="cl-meter cl-meter-high" role="meter" aria-label="CPU" aria-valuemin="0" aria-valuemax="100" aria-valuenow="95">');
    expect(html).toContain('2 cores · load 1.50');
    expect(html).toContain('1.0 GiB / 4.0 GiB');
    expect(html).toContain('<span class="cl-meter cl-meter-mid" role="meter" aria-label="Disk /"');
    expect(html).toContain('hx-trigger="every 60s"');
  });

  it('shows the last reading of a node that did not answer in time, saying when it was read and why it is old', async () => {
    const usage = {
      cpuPercent: 10,
      load: null,
      memoryTotalBytes: GiB,
      memoryUsedBytes: GiB,
      diskTotalBytes: GiB,
      diskUsedBytes: 0,
      memoryPercent: 100,
      diskPercent: 0,
    };
    const html = await render(
      <ResourceRow
        url="/r"
        nodes={[nodeSummary({ id: 'n1' })]}
        readings={[reading({ nodeId: 'n1', usage, stale: true, readAt: '2026-11-30T10:00:00.000Z', error: 'no answer within 4000 ms' })]}
      />,
    );
    expect(html).toContain('aria-label="Memory"');
    expect(html).toContain('Last reading, from <time datetime="2026-11-30T10:00:00.000Z">');
    expect(html).toContain('no answer within 4000 ms');
  });

  it('falls back to capacity, saying why: no known server, or the read failed (as text)', async () => {
    const nodes = [nodeSummary({ id: 'n1' }), nodeSummary({ id: 'n2' })];
    const html = await render(
      <ResourceRow
        url="/r"
        nodes={nodes}
        readings={[reading({ nodeId: 'n2', source: 'failed', serverName: HOSTILE, error: HOSTILE })]}
        note="one server unreachable"
      />,
    );
    expect(html).toContain('no known server has this node&#39;s address');
    expect(html).toContain('Capacity only: reading ');
    expect(html).toContain('<p class="cl-muted cl-small">one server unreachable</p>');
    expectInert(html, 2);
  });

  it("names each node's OS and architecture on its card", async () => {
    const html = await render(<ResourceRow url="/r" nodes={[nodeSummary({ id: 'n1', os: 'linux', architecture: 'aarch64' })]} readings={[]} />);
    expect(html).toContain('<span class="cl-muted cl-mono" data-field="platform">linux/aarch64</span>');
  });

  it('renders the hostname as text', async () => {
    expectInert(await render(<ResourceRow url="/r" nodes={[nodeSummary({ id: 'n1', hostname: HOSTILE })]} readings={[]} />), 1);
  });
});

describe('ResourceRowLoading', () => {
  it('loads the row once on screen, counting the nodes', async () => {
    const html = await render(<ResourceRowLoading url="/r" nodeCount={1} />);
    expect(html).toContain('hx-trigger="load"');
    expect(html).toContain('Reading CPU, memory and disk of 1 node over SSH…');
  });
});
