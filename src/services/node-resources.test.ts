import { describe, expect, it } from 'vitest';
import { hostServer } from '../../test/support/service-fakes.ts';
import { nodeSummary } from '../../test/support/swarm-summaries-fixture.ts';
import type { ClusterRow } from '../db/schema.ts';
import { type FixedCommandRunner, NODE_RESOURCES_COMMAND, NodeResources } from './node-resources.ts';
import { TtlCache } from './ttl-cache.ts';

const OUTPUT = '@@meminfo\nMemTotal: 2048 kB\nMemAvailable: 1024 kB\n@@loadavg\n0.5 0.4 0.3 1/2 3\n';
const cluster = { id: 1, teamId: 'team' } as ClusterRow;

function setup(run: FixedCommandRunner['execFixed'], { deadlineMs = 1000, ttlSeconds = 60 } = {}) {
  const commands: string[] = [];
  const host = { servers: { get: async ({ serverId }: { serverId: string }) => (serverId === 'gone' ? null : hostServer(serverId)) } };
  const links = {
    listForCluster: () => [
      { serverId: 's1', nodeId: 'n1' },
      { serverId: 'gone', nodeId: 'n3' },
      { serverId: 's4', nodeId: null },
    ],
  };
  const resources = new NodeResources(
    host,
    links,
    () => ({ execFixed: (command, options) => (commands.push(command), run(command, options)) }),
    new TtlCache(),
    () => ttlSeconds,
    deadlineMs,
  );
  return { resources, commands };
}

describe('NodeResources', () => {
  it('measures nodes that are known servers with the one fixed command, and gives the others their capacity', async () => {
    const { resources, commands } = setup(async () => ({ stdout: OUTPUT, stderr: '', code: 0 }));
    const readings = await resources.read(cluster, [nodeSummary({ id: 'n1' }), nodeSummary({ id: 'n2' }), nodeSummary({ id: 'n3' })]);
    expect(readings.map((r) => [r.nodeId, r.source])).toEqual([
      ['n1', 'measured'],
      ['n2', 'capacity'],
      ['n3', 'capacity'],
    ]);
    expect(readings[0]!.usage!.memoryUsedBytes).toBe(1024 * 1024);
    expect(readings[0]!.serverName).toBe('server-s1');
    expect(commands).toEqual([NODE_RESOURCES_COMMAND]);
  });

  it('caches a reading for the TTL, and does not cache a failure', async () => {
    let calls = 0;
    let fail = true;
    const { resources } = setup(async () => {
      calls++;
      return fail ? { stdout: '', stderr: 'head: /proc/stat: No such file', code: 1 } : { stdout: OUTPUT, stderr: '', code: 0 };
    });
    const nodes = [nodeSummary({ id: 'n1' })];
    const failed = await resources.read(cluster, nodes);
    expect(failed[0]).toMatchObject({ source: 'failed', serverName: 'server-s1' });
    expect(failed[0]!.error).toMatch(/exited with 1: head: \/proc\/stat/);
    fail = false;
    expect((await resources.read(cluster, nodes))[0]!.source).toBe('measured');
    expect((await resources.read(cluster, nodes))[0]!.source).toBe('measured');
    expect(calls).toBe(2);
  });

  it('reports a transport failure per node without failing the others', async () => {
    const { resources } = setup(async () => Promise.reject(new Error('ssh 10.0.0.1:22: connect ECONNREFUSED')));
    const readings = await resources.read(cluster, [nodeSummary({ id: 'n1' }), nodeSummary({ id: 'n2' })]);
    expect(readings.map((r) => r.source)).toEqual(['failed', 'capacity']);
    expect(readings[0]!.error).toContain('ECONNREFUSED');
  });

  it('answers by the deadline: the last reading marked stale, or a failure, while the late read goes on', async () => {
    let release = () => {};
    let calls = 0;
    const { resources } = setup(
      async () => {
        if (++calls > 1) await new Promise<void>((resolve) => (release = resolve));
        return { stdout: OUTPUT, stderr: '', code: 0 };
      },
      { deadlineMs: 50, ttlSeconds: 0 },
    );
    const nodes = [nodeSummary({ id: 'n1' })];
    const first = (await resources.read(cluster, nodes))[0]!;
    expect(first).toMatchObject({ source: 'measured', stale: false, error: null });
    const late = (await resources.read(cluster, nodes))[0]!;
    expect(late).toMatchObject({ source: 'measured', stale: true, error: 'no answer within 50 ms', readAt: first.readAt, usage: first.usage });
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(2);

    const { resources: never } = setup(() => new Promise(() => {}), { deadlineMs: 50 });
    expect((await never.read(cluster, nodes))[0]).toMatchObject({ source: 'failed', stale: false, error: 'no answer within 50 ms', usage: null });
  });
});
