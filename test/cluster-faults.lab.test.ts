/**
 * Health through real faults on the shared test lab: a worker's engine stopped makes the cluster
 * degraded; with its only manager's engine stopped it is unreachable while the API keeps answering
 * with the last known data; restarting recovers healthy. Faults are undone in `finally`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labFault, labOptions } from '../lab/lab.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';

const lab = inject('lab');

interface ClusterBody {
  data: { uuid: string; status: string; statusReason: string | null; metadata: { nodeCount: number } };
}

describe('cluster health under faults', () => {
  let fx: PluginFixture;
  let uuid: string;

  beforeAll(async () => {
    // No grace before calling a silent cluster unreachable: these faults are outages, not elections.
    fx = createPluginFixture(lab, {
      settings: { cacheTtlSeconds: { info: 1, nodes: 1, services: 1, tasks: 1, resources: 1, joinTokens: 1 }, unreachableAfterSeconds: 0 },
    });
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    uuid = detected.data[0]!.uuid;
  });

  afterAll(() => fx?.close());

  const sync = async () => (await (await fx.request(`/${uuid}/sync`, { method: 'POST' })).json()) as ClusterBody;

  it('is degraded while a worker engine is stopped, and healthy again after it starts', async () => {
    const worker = lab.nodes.find((n) => n.role === 'worker')!;
    expect((await sync()).data.status).toBe('healthy');
    await labFault(labOptions(lab), worker.name, 'engine-stop');
    try {
      const degraded = await eventually(
        async () => {
          const body = await sync();
          return body.data.status === 'degraded' ? body : null;
        },
        { timeoutMs: 90_000, what: 'the cluster to be degraded' },
      );
      expect(degraded.data.statusReason).toContain(worker.name);
      expect(fx.host.notifications.map((n) => n.notification.event)).toContain('cluster.degraded');
    } finally {
      await labFault(labOptions(lab), worker.name, 'engine-start');
    }
    await eventually(async () => (await sync()).data.status === 'healthy', { timeoutMs: 90_000, what: 'recovery' });
    expect(fx.host.notifications.map((n) => n.notification.event)).toContain('cluster.recovered');
  });

  it('is unreachable with no manager answering, still answers with the last known data, and recovers', async () => {
    const manager = lab.nodes.find((n) => n.role === 'manager')!;
    const known = (await (await fx.request(`/${uuid}/nodes`)).json()) as { data: { id: string }[] };
    await labFault(labOptions(lab), manager.name, 'engine-stop');
    try {
      const body = await sync();
      expect(body.data.status).toBe('unreachable');
      expect(body.data.statusReason).toMatch(/no manager of the cluster answered/);
      expect(body.data.metadata.nodeCount).toBe(known.data.length);
      const nodes = await fx.request(`/${uuid}/nodes`);
      expect(nodes.status).toBe(200);
      const stale = (await nodes.json()) as { data: { id: string }[]; meta: { stale: boolean; reason: string } };
      expect(stale.meta.stale).toBe(true);
      expect(stale.meta.reason).toMatch(/answered/);
      expect(stale.data.map((n) => n.id).sort()).toEqual(known.data.map((n) => n.id).sort());
      expect((await fx.request(`/${uuid}`)).status).toBe(200);
      expect(fx.host.notifications.map((n) => n.notification.event)).toContain('cluster.unreachable');
    } finally {
      await labFault(labOptions(lab), manager.name, 'engine-start');
    }
    await eventually(async () => (await sync()).data.status === 'healthy', { timeoutMs: 120_000, what: 'recovery' });
  });
});
