/**
 * A write whose answer is lost (the manager applied it, then went silent) is retried on another manager, and must
 * not be applied twice: a force update restarts the tasks once, a rollback does not roll back the rollback, a
 * removal reports success. On a 3-manager lab, through the real SSH transport, with a wrapper that swallows the
 * answer of the first matching request; the swarm is read back with the docker CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE, type LabState, labDocker, labDown, labUp } from '../lab/lab.ts';
import type { Principal } from '../src/contract/host.ts';
import { ClusterRepository } from '../src/db/repositories/cluster-repository.ts';
import { ClusterServerRepository } from '../src/db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../src/db/schema.ts';
import { type DockerTransport, MemoryHostKeyStore, SshConnectionPool } from '../src/docker/index.ts';
import { ClusterConnections, type TransportPool } from '../src/services/cluster-connections.ts';
import { OperationLog } from '../src/services/operation-log.ts';
import { StreamQuota } from '../src/services/stream-quota.ts';
import { SwarmServiceOperations } from '../src/services/swarm-service-operations.ts';
import { HA_LAB } from './global-setup.ts';
import { type AnswerDropper, answerDropper } from './support/answer-dropping-transport.ts';
import { createPluginFixture, type PluginFixture } from './support/plugin-fixture.ts';

/** Short, so that the lost answer costs the test seconds; reads are not what is tested here. */
const TIMEOUTS = { read: 4000, readHedge: 1000, request: 3000 };
const principal = { email: 'owner@example.test' } as Principal;

describe.skipIf(process.env.LAB === '0')('writes retried after a lost answer', () => {
  let lab: LabState;
  let fx: PluginFixture;
  let cluster: ClusterRow;
  let pool: SshConnectionPool;
  const cli = (args: string[]) => labDocker(lab, lab.nodes[0]!.name, args);

  beforeAll(async () => {
    lab = await labUp({ ...HA_LAB, nodes: 3, managers: 3 });
    fx = createPluginFixture(lab);
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    cluster = new ClusterRepository(fx.ctx.db).findByUuid(fx.teamId, detected.data[0]!.uuid)!;
    pool = new SshConnectionPool({ privateKey: (serverId) => fx.host.services.servers.privateKey({ serverId }), hostKeys: new MemoryHostKeyStore() });
  });

  afterAll(async () => {
    await pool?.closeAll();
    await fx?.close();
    if (process.env.KEEP_LAB !== '1') await labDown(HA_LAB);
  });

  /** Service operations whose first request matching `matches` is applied by the engine but never answered. */
  function operationsDropping(matches: (requestLine: string) => boolean): { ops: SwarmServiceOperations; dropper: AnswerDropper } {
    const dropper = answerDropper(matches);
    const wrapped = new Map<string, DockerTransport>();
    const dropping: TransportPool = {
      get: (server) => wrapped.get(server.id) ?? wrapped.set(server.id, dropper.wrap(pool.get(server))).get(server.id)!,
      streams: (server) => pool.streams(server),
      stats: () => pool.stats(),
      streamStats: () => pool.streamStats(),
      closeAll: async () => undefined,
    };
    const connections = new ClusterConnections(fx.host.services, new ClusterServerRepository(fx.ctx.db), dropping, TIMEOUTS);
    return { ops: new SwarmServiceOperations(connections, fx.ctx.state, new OperationLog(fx.ctx.eventRepository), new StreamQuota(1)), dropper };
  }

  async function createService(name: string): Promise<void> {
    await cli(['service', 'create', '--detach', '--name', name, '--replicas', '1', LAB_IMAGE, 'sleep', '3600']);
  }

  const inspect = async (name: string, format: string) => (await cli(['service', 'inspect', '--format', format, name])).trim();

  it('force-updates once when the answer of the applied update is lost', async () => {
    await createService('idem-force');
    const before = Number((await inspect('idem-force', '{{.Spec.TaskTemplate.ForceUpdate}}')) || 0);
    const { ops, dropper } = operationsDropping((line) => line.startsWith('POST ') && line.includes('/update'));

    const result = await ops.forceUpdate(cluster, principal, 'idem-force');

    expect(dropper.dropped).toHaveLength(1);
    expect(result.name).toBe('idem-force');
    expect(Number(await inspect('idem-force', '{{.Spec.TaskTemplate.ForceUpdate}}'))).toBe(before + 1);
  });

  it('rolls back once: the retry does not roll back the rollback', async () => {
    await createService('idem-rollback');
    await cli(['service', 'update', '--detach', '--label-add', 'release=2', 'idem-rollback']);
    expect(await inspect('idem-rollback', '{{index .Spec.Labels "release"}}')).toBe('2');
    const { ops, dropper } = operationsDropping((line) => line.startsWith('POST ') && line.includes('/update') && line.includes('rollback=previous'));

    await ops.rollback(cluster, principal, 'idem-rollback');

    expect(dropper.dropped).toHaveLength(1);
    // Rolled back to the spec without the label; rolled back twice, it would carry it again.
    expect(await inspect('idem-rollback', '{{index .Spec.Labels "release"}}')).toBe('');
    expect(await inspect('idem-rollback', '{{index .PreviousSpec.Labels "release"}}')).toBe('2');
  });

  it('reports a removal whose answer was lost as done', async () => {
    await createService('idem-remove');
    const { ops, dropper } = operationsDropping((line) => line.startsWith('DELETE ') && line.includes('/services/'));

    const result = await ops.remove(cluster, principal, 'idem-remove');

    expect(dropper.dropped).toHaveLength(1);
    expect(result.name).toBe('idem-remove');
    expect(await cli(['service', 'ls', '--filter', 'name=idem-remove', '--format', '{{.Name}}'])).toBe('');
  });
});
