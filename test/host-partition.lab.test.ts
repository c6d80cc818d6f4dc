/**
 * The reference host, run as its own process the way `npm start` runs it, keeps serving while the leader of a
 * 5-node / 3-manager swarm is partitioned (its link down: packets vanish, connects hang). It used to exit about
 * forty seconds in, on a rejected SSH connect that no caller was waiting for any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabState, labDown, labFault, labOptions, labUp } from '../lab/lab.ts';
import { HA_LAB } from './global-setup.ts';
import { HOST_PROCESS_TOKEN, type HostProcess, startHostProcess } from './support/host-process.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';

/** Past the SSH keepalive and the 30 s request deadline, where the rejection used to escape. */
const WATCH_MS = 50_000;
/** Reads race the managers and answer within the read deadline (4 s by default), fresh or stale. */
const READ_WITHIN_MS = 5_000;
/** Its own bounds: the leader seen down within 150 s (and a round of reads past it), healthy again within 120 s of the heal. */
const TEST_TIMEOUT_MS = 330_000;

/** Runs a request and checks it answered within READ_WITHIN_MS. */
async function timed<T>(request: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await request();
  expect(Date.now() - started, 'the answer to take at most a few seconds').toBeLessThan(READ_WITHIN_MS);
  return result;
}

describe('the host process through a partitioned leader', () => {
  let lab: LabState;
  let host: HostProcess;

  beforeAll(async () => {
    lab = await labUp({ ...HA_LAB, nodes: 5, managers: 3 });
    host = await startHostProcess();
  });

  afterAll(async () => {
    await host?.stop();
    if (process.env.KEEP_LAB !== '1') await labDown(HA_LAB);
  });

  it('keeps answering reads and syncs within seconds and a live stream, then recovers when the link comes back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { uuid } = await registerLab(host, lab);
    // The swarm was initialised on the first node, so it leads.
    const leader = lab.nodes[0]!;
    const live = new AbortController();
    const liveStream = fetch(`${host.url}/clusters/${uuid}/live`, { headers: { authorization: `Bearer ${HOST_PROCESS_TOKEN}` }, signal: live.signal })
      .then((res) => res.body?.pipeTo(new WritableStream()))
      .catch(() => undefined);

    await labFault(labOptions(lab), leader.name, 'partition');
    const cut = Date.now();
    let leaderSeenDown = false;
    try {
      while (Date.now() - cut < WATCH_MS || !leaderSeenDown) {
        expect(Date.now() - cut, 'the leader to be reported down').toBeLessThan(150_000);
        const synced = await timed(() => host.api('POST', `/api/v1/clusters/${uuid}/sync`));
        expect(synced.status).toBe(200);
        const nodes = await timed(() => host.api<{ data: { hostname: string; status: string }[] }>('GET', `/api/v1/clusters/${uuid}/nodes`));
        expect(nodes.status).toBe(200);
        leaderSeenDown ||= synced.body.data.status === 'degraded' && nodes.body.data.some((n) => n.hostname === leader.name && n.status === 'down');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(host.child.exitCode).toBeNull();
      expect(host.log()).not.toContain('unhandled rejection');
    } finally {
      await labFault(labOptions(lab), leader.name, 'heal');
    }
    await eventually(async () => (await host.api('POST', `/api/v1/clusters/${uuid}/sync`)).body.data.status === 'healthy', {
      timeoutMs: 120_000,
      what: 'the cluster to be healthy again',
    });
    live.abort();
    await liveStream;
    expect(host.child.exitCode).toBeNull();
    expect(host.log()).not.toContain('unhandled rejection');
  });
});
