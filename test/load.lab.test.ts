/**
 * Load on the reference host with the lab swarm, for correctness only (timings are `npm run bench:load`'s): many
 * concurrent readers of one cluster get no error, share one SSH connection per manager, and leave the heap near
 * where it started; a viewer holding many followed log streams leaves another user's reads answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabHost, startLabHost } from './support/lab-host.ts';
import { followLogs, heapAfterGc, type LoadLab, percentile, readMix, runReaders, startLoadLab } from './support/load.ts';
import { eventually } from './support/plugin-fixture.ts';
import { recordSuiteFigure } from './support/suite-figures.ts';
import { lab } from './support/test-lab.ts';

const READERS = Number(process.env.LOAD_READERS ?? 100);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 5);
const FOLLOWERS = 20;
/** Short cache TTLs, so the readers keep the swarm asked rather than reading a cache filled once. */
const SETTINGS = { cacheTtlSeconds: { nodes: 1, services: 1, tasks: 1, info: 1, resources: 1, joinTokens: 300 } };

/** The plugin's SSH figures, per server (the host runs in this process, so its heap can be measured too). */
const sshStats = (load: LoadLab<LabHost>) => load.host.host.plugin?.stats?.().ssh ?? [];
/** Channels open to every server: the cluster's event stream holds one all along. */
const openChannels = (load: LoadLab<LabHost>) => sshStats(load).reduce((n, s) => n + s.channelsOpen, 0);

describe('load on the lab swarm', () => {
  let load: LoadLab<LabHost>;

  beforeAll(async () => {
    load = await startLoadLab(lab, () => startLabHost({ pluginSettings: SETTINGS }));
  });
  afterAll(async () => {
    await load?.close();
  });

  it(`serves ${READERS} concurrent readers for ${SECONDS} s without an error, over one SSH connection per manager, and gives the memory back`, async () => {
    const mix = readMix(load);
    // A warm-up, so the heap measured at the start holds what the host keeps anyway (compiled code, caches, the connection).
    await runReaders(load.host.url, mix, { readers: 5, durationMs: 1_000 });
    const heapBefore = heapAfterGc();
    const channelsBefore = openChannels(load);
    // Slow is not wrong here: on a busy machine an answer may take seconds (the benchmark measures that).
    const result = await runReaders(load.host.url, mix, { readers: READERS, durationMs: SECONDS * 1_000, timeoutMs: 60_000 });
    recordSuiteFigure('load: concurrent readers', { 'requests made': result.requests });
    expect(result.errors).toEqual({});
    expect(result.requests).toBeGreaterThan(READERS);

    const managers = sshStats(load).filter((s) => Object.values(load.managers).includes(s.serverId));
    expect(managers.map((s) => [s.serverId, s.connectsTotal])).toEqual(Object.values(load.managers).map((id) => [id, 1]));
    // The requests' channels and buffers are let go: what the heap holds afterwards is what it held before, give or take.
    await eventually(async () => openChannels(load) === channelsBefore, { timeoutMs: 10_000, what: 'the requests’ channels closed' });
    const grown = heapAfterGc() - heapBefore;
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(1)} MB`).toBeLessThan(20e6);
  });

  // Followed logs run on SSH connections of their own, and one user may hold streams.perUser (8) of them.
  it(`answers another user's reads while a viewer holds ${FOLLOWERS} followed log streams`, async () => {
    const channelsBefore = openChannels(load);
    const followers = await followLogs(load, load.viewerToken, FOLLOWERS);
    try {
      // Each stream is either open or refused with a clear 429: a viewer may not take every channel.
      expect(followers.statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      const other = { authorization: `Bearer ${load.otherToken}` };
      const base = `/api/v1/clusters/${load.uuid}`;
      // Fresh reads: a log tail is read from the swarm every time, the lists once their 1 s TTL is past.
      const mix = [
        { name: 'log tail', path: `${base}/services/${load.logServiceId}/logs?tail=5`, headers: other },
        { name: 'tasks', path: `${base}/tasks`, headers: other },
        { name: 'nodes', path: `${base}/nodes`, headers: other },
      ];
      const result = await runReaders(load.host.url, mix, { readers: 3, durationMs: 3_000, timeoutMs: 5_000 });
      recordSuiteFigure('load: reads beside followed streams', { 'requests made': result.requests + FOLLOWERS });
      expect(result.errors).toEqual({});
      expect(percentile(result.latencies, 1)).toBeLessThan(5_000);
    } finally {
      followers.close();
    }
    await eventually(async () => openChannels(load) === channelsBefore, { timeoutMs: 10_000, what: 'the streams’ channels closed' });
  });
});
