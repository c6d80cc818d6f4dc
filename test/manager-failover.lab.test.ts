/**
 * With three managers, stopping the one the cluster talks to keeps the API answering through
 * another. Runs on its own lab so the shared test lab keeps its single manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabState, labDown, labFault, labOptions, labUp } from '../lab/lab.ts';
import { HA_LAB } from './global-setup.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';

describe('manager failover', () => {
  let lab: LabState;
  let fx: PluginFixture;

  beforeAll(async () => {
    lab = await labUp({ ...HA_LAB, nodes: 3, managers: 3 });
    fx = createPluginFixture(lab);
  });

  afterAll(async () => {
    await fx?.close();
    if (process.env.KEEP_LAB !== '1') await labDown(HA_LAB);
  });

  it('keeps answering through another manager when the one in use stops', async () => {
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as {
      data: { uuid: string; managerServerId: string; servers: { isManager: boolean }[] }[];
      meta: { created: number };
    };
    expect(detected.meta.created).toBe(1);
    const cluster = detected.data[0]!;
    expect(cluster.servers.filter((s) => s.isManager)).toHaveLength(3);
    const inUse = fx.servers.find((s) => s.id === cluster.managerServerId)!;
    const before = (await (await fx.request(`/${cluster.uuid}/nodes`)).json()) as { data: { id: string }[] };
    expect(before.data).toHaveLength(3);

    await labFault(labOptions(lab), inUse.name, 'engine-stop');
    try {
      const after = await eventually(
        async () => {
          const synced = (await (await fx.request(`/${cluster.uuid}/sync`, { method: 'POST' })).json()) as { data: { status: string } };
          if (synced.data.status === 'unreachable') return null;
          const res = (await (await fx.request(`/${cluster.uuid}/nodes`)).json()) as { data: { hostname: string; status: string }[]; meta: { stale: boolean } };
          return !res.meta.stale && res.data.find((n) => n.hostname === inUse.name)?.status === 'down' ? { synced, res } : null;
        },
        { timeoutMs: 90_000, what: 'an answer through another manager showing the stopped one down' },
      );
      expect(after.synced.data.status).toBe('degraded');
      expect(after.res.data).toHaveLength(3);
    } finally {
      await labFault(labOptions(lab), inUse.name, 'engine-start');
    }
  });
});
