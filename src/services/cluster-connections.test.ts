import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { HostServer, HostServices } from '../contract/host.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, errorFromResponse } from '../docker/errors.ts';
import { LocalTransport, type SshServer, type SwarmClient } from '../docker/index.ts';
import { ClusterConnections, type TransportPool } from './cluster-connections.ts';
import { ClusterUnreachableError } from './errors.ts';

const TIMEOUTS = { read: 400, readHedge: 100, request: 5000 };
const cluster = { id: 1, teamId: 't', managerServerId: 'm1' } as ClusterRow;

function connections(managers: string[]) {
  const servers = new Map(managers.map((id, i) => [id, { id, name: id, ip: `10.0.0.${i + 1}` } as HostServer]));
  const host: Pick<HostServices, 'servers'> = {
    servers: {
      listForTeam: async () => [...servers.values()],
      get: async ({ serverId }) => servers.get(serverId) ?? null,
      privateKey: async () => '',
    },
  };
  const at = new Date(0).toISOString();
  const links: Pick<ClusterServerRepository, 'listForCluster'> = {
    listForCluster: () =>
      managers.map((serverId, i) => ({ id: i + 1, clusterId: cluster.id, serverId, nodeId: null, isManager: true, createdAt: at, updatedAt: at })),
  };
  // Transports that are never dialled: each read here is a function of the server, not of a connection.
  const unused = (server: SshServer) => new LocalTransport({ socketPath: '/nonexistent/docker.sock', id: server.id });
  const pool: TransportPool = { get: unused, streams: unused, stats: () => [], streamStats: () => [], closeAll: async () => undefined };
  return new ClusterConnections(host, links, pool, TIMEOUTS);
}

/** A read that each manager answers its own way; records who was asked, when, and whether it was aborted. */
function readAs(behaviour: Record<string, (signal: AbortSignal) => Promise<string>>) {
  const asked: { server: string; atMs: number; aborted: () => boolean }[] = [];
  const started = Date.now();
  const fn = (client: SwarmClient, server: HostServer) => {
    const signal = client.signal!;
    asked.push({ server: server.id, atMs: Date.now() - started, aborted: () => signal.aborted });
    return behaviour[server.id]!(signal);
  };
  return { fn, asked };
}

const hang = (signal: AbortSignal) => new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
const answersAfter = (ms: number, value: string) => () => new Promise<string>((resolve) => setTimeout(() => resolve(value), ms));
const unreachable = () => Promise.reject(new DockerError('unreachable', 'connect ECONNREFUSED'));

/** Timers and Date faked for this test: the hedge delay and the deadline are stepped through, not waited on. */
function useMovedClock() {
  vi.useFakeTimers();
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

/** A promise and whether it has settled yet, for reads driven by a moved clock. */
function settling<T>(promise: Promise<T>) {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  return { promise: watched, settled: () => done };
}

describe('ClusterConnections.read', () => {
  it('asks the next manager when the first has not answered within the hedge delay, and keeps asking the one that answered first', async () => {
    const cx = connections(['m1', 'm2', 'm3']);
    useMovedClock();
    const { fn, asked } = readAs({ m1: hang, m2: answersAfter(10, 'from m2'), m3: answersAfter(10, 'from m3') });
    const read = settling(cx.read(cluster, fn));
    await vi.advanceTimersByTimeAsync(TIMEOUTS.readHedge - 1);
    expect(asked.map((a) => a.server)).toEqual(['m1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked.map((a) => a.server)).toEqual(['m1', 'm2']);
    expect(asked[1]!.atMs).toBe(TIMEOUTS.readHedge);
    await vi.advanceTimersByTimeAsync(10);
    expect(read.settled()).toBe(true);
    await expect(read.promise).resolves.toBe('from m2');
    // The manager that lost the race was told to stop.
    expect(asked[0]!.aborted()).toBe(true);

    const again = readAs({ m1: hang, m2: answersAfter(1, 'from m2'), m3: answersAfter(1, 'from m3') });
    const second = settling(cx.read(cluster, again.fn));
    await vi.advanceTimersByTimeAsync(1);
    await expect(second.promise).resolves.toBe('from m2');
    expect(again.asked.map((a) => a.server)).toEqual(['m2']);
  });

  it('goes to the next manager at once when one fails, and asks a failed one last afterwards', async () => {
    const cx = connections(['m1', 'm2', 'm3']);
    const { fn, asked } = readAs({ m1: unreachable, m2: unreachable, m3: answersAfter(1, 'from m3') });
    await expect(cx.read(cluster, fn)).resolves.toBe('from m3');
    expect(asked.every((a) => a.atMs < TIMEOUTS.readHedge)).toBe(true);

    // m3 answered last; m1 and m2 are suspects, asked after it, the one suspected longest first.
    const again = readAs({ m1: unreachable, m2: answersAfter(1, 'from m2'), m3: unreachable });
    await expect(cx.read(cluster, again.fn)).resolves.toBe('from m2');
    expect(again.asked.map((a) => a.server)).toEqual(['m3', 'm1', 'm2']);
  });

  it('gives up at the read deadline when no manager answers, saying why for each', async () => {
    const cx = connections(['m1', 'm2']);
    useMovedClock();
    const { fn, asked } = readAs({ m1: hang, m2: hang });
    const read = settling(cx.read(cluster, fn).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(TIMEOUTS.read - 1);
    expect(read.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(read.settled()).toBe(true);
    const error = await read.promise;
    expect(error).toBeInstanceOf(ClusterUnreachableError);
    expect((error as ClusterUnreachableError).reasons).toEqual([
      `m1 (10.0.0.1): no answer within ${TIMEOUTS.read} ms`,
      `m2 (10.0.0.2): no answer within ${TIMEOUTS.read} ms`,
    ]);
    expect(asked.every((a) => a.aborted())).toBe(true);
  });

  it('says the swarm has no leader when a manager that answered sees none', async () => {
    const noLeader = () => Promise.reject(errorFromResponse(500, '{"message":"rpc error: code = Unknown desc = The swarm does not have a leader."}'));
    const cx = connections(['m1', 'm2']);
    const error = (await cx.read(cluster, readAs({ m1: noLeader, m2: unreachable }).fn).catch((e: unknown) => e)) as ClusterUnreachableError;
    expect(error).toBeInstanceOf(ClusterUnreachableError);
    expect(error.noLeader).toBe(true);
    expect(error.message).toMatch(/^the swarm has no leader: too few managers are online \(quorum lost\)/);
  });

  it('fails a read asked right after one given up at the deadline with its error, asking none, until the hedge delay has passed', async () => {
    const cx = connections(['m1', 'm2']);
    useMovedClock();
    const givenUp = settling(cx.read(cluster, readAs({ m1: hang, m2: hang }).fn).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(TIMEOUTS.read);
    const error = await givenUp.promise;
    expect(error).toBeInstanceOf(ClusterUnreachableError);
    const right = readAs({ m1: answersAfter(1, 'from m1'), m2: answersAfter(1, 'from m2') });
    await expect(cx.read(cluster, right.fn)).rejects.toBe(error);
    vi.setSystemTime(Date.now() + TIMEOUTS.readHedge - 1);
    await expect(cx.read(cluster, right.fn)).rejects.toBe(error);
    expect(right.asked).toEqual([]);

    vi.setSystemTime(Date.now() + 1);
    const asked = settling(cx.read(cluster, right.fn));
    await vi.advanceTimersByTimeAsync(1);
    await expect(asked.promise).resolves.toBe('from m1');
  });

  it('asks the managers again right after they all refused at once (the cause may just have been mended)', async () => {
    const cx = connections(['m1', 'm2']);
    await expect(cx.read(cluster, readAs({ m1: unreachable, m2: unreachable }).fn)).rejects.toBeInstanceOf(ClusterUnreachableError);
    const mended = readAs({ m1: answersAfter(1, 'from m1'), m2: answersAfter(1, 'from m2') });
    await expect(cx.read(cluster, mended.fn)).resolves.toBe('from m1');
  });

  it('passes an answer about the request itself on, without asking another manager', async () => {
    const cx = connections(['m1', 'm2']);
    const notFound = () => Promise.reject(new DockerError('not_found', 'no such service'));
    const { fn, asked } = readAs({ m1: notFound, m2: answersAfter(1, 'from m2') });
    await expect(cx.read(cluster, fn)).rejects.toMatchObject({ code: 'not_found' });
    expect(asked.map((a) => a.server)).toEqual(['m1']);
  });
});

describe('ClusterConnections.withManager', () => {
  it('tries the managers one after the other, a suspect last', async () => {
    const cx = connections(['m1', 'm2']);
    await expect(cx.read(cluster, readAs({ m1: unreachable, m2: answersAfter(1, 'm2') }).fn)).resolves.toBe('m2');
    const tried: string[] = [];
    const result = await cx.withManager(cluster, async (_client, server) => {
      tried.push(server.id);
      if (server.id === 'm2') throw new DockerError('timeout', 'no answer');
      return server.id;
    });
    expect(result).toBe('m1');
    expect(tried).toEqual(['m2', 'm1']);
  });
});
