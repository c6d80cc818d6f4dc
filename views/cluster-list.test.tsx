import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { type ClusterCardProps, ClusterCards, ClustersPage } from './cluster-list.tsx';

const card = (patch: Partial<ClusterCardProps> = {}): ClusterCardProps => ({
  uuid: 'c1',
  name: 'prod',
  type: 'swarm',
  status: 'healthy',
  statusReason: null,
  metadata: {
    swarmId: 'sw',
    swarmCreatedAt: null,
    dockerVersion: '24.0.7',
    nodeCount: 3,
    managerCount: 1,
    workerCount: 2,
    serviceCount: 4,
    taskCount: 9,
    totalCpuCores: 6,
    totalMemoryBytes: 12 * 1024 ** 3,
    lastSyncAt: null,
  },
  href: '/clusters/c1',
  ...patch,
});

describe('ClusterCards', () => {
  it('shows each cluster’s counts and capacity, and why it is not healthy', async () => {
    const html = await render(
      <ClusterCards clusters={[card(), card({ uuid: 'c2', status: 'degraded', statusReason: '1 node down', metadata: null })]} canCreate={false} />,
    );
    expect(html).toContain('<dd data-field="nodes">3<span class="cl-muted"> (1 mgr · 2 wrk)</span></dd>');
    expect(html).toContain('<dd data-field="services">4</dd>');
    expect(html).toContain('6 cores · 12.0 GiB');
    expect(html).toContain('<p class="cl-reason cl-reason-degraded">1 node down</p>');
    expect(html).toContain('<dd data-field="nodes">0</dd>');
  });

  it('tells an empty team how to add a cluster, or whom to ask', async () => {
    expect(await render(<ClusterCards clusters={[]} canCreate={true} />)).toContain('<strong>Auto-detect</strong>');
    expect(await render(<ClusterCards clusters={[]} canCreate={false} />)).toContain('Ask an owner or admin of your team to add a cluster.');
  });

  it('reports what auto-detect found, skipped and why it failed, as text', async () => {
    const found = await render(
      <ClusterCards clusters={[]} canCreate={true} detect={{ created: 1, found: 2, skipped: [{ serverName: HOSTILE, reason: HOSTILE }] }} />,
    );
    expect(found).toContain('Found 2 swarms: 1 new, 1 already registered.');
    expectInert(found, 2);
    const failed = await render(<ClusterCards clusters={[]} canCreate={true} detect={{ created: 0, found: 0, skipped: [], error: HOSTILE }} />);
    expect(failed).toContain('role="alert">Auto-detect failed: ');
    expectInert(failed, 1);
  });

  it('renders cluster names, types and reasons as text', async () => {
    expectInert(
      await render(<ClusterCards clusters={[card({ name: HOSTILE, type: HOSTILE, status: 'unreachable', statusReason: HOSTILE })]} canCreate={false} />),
      3,
    );
  });
});

describe('ClustersPage', () => {
  it('offers auto-detect and the create form to those who may add clusters, and neither to others', async () => {
    const form = { action: '/clusters', servers: [] };
    const writer = await render(<ClustersPage clusters={[]} detectUrl="/clusters/detect" notificationsUrl="/clusters/notifications" form={form} />);
    expect(writer).toContain('hx-post="/clusters/detect"');
    expect(writer).toContain('id="cl-create-form"');
    const reader = await render(<ClustersPage clusters={[]} detectUrl="/clusters/detect" notificationsUrl="/clusters/notifications" form={null} />);
    expect(reader).not.toContain('hx-post');
    expect(reader).not.toContain('<form');
  });
});
