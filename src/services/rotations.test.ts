/**
 * The rotation runner against a small in-memory swarm (secrets, services, their tasks and update states) and
 * the real repositories on an in-memory database: the order of the steps, a stop that keeps the old version, a
 * create asked again after a manager timed out (one new version, not two),
 * resuming, and a run cut short by the panel stopping, then resumed by a new panel on the same database.
 */
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { hostServer } from '../../test/support/service-fakes.ts';
import type { Principal } from '../contract/host.ts';
import { migratePluginDatabase, openPluginDatabase, type PluginDatabase } from '../db/database.ts';
import { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import { RotationRepository } from '../db/repositories/rotation-repository.ts';
import { SwarmObjectRepository } from '../db/repositories/swarm-object-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineObjectSpec, type EngineSecret, type EngineService, type EngineServiceSpec, type EngineTask } from '../docker/index.ts';
import type { RotationSummary } from '../domain/rotation-plan.ts';
import { ROTATION_LABEL } from '../domain/swarm-object-names.ts';
import type { ClusterNotification } from '../domain/transition-notification.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { type RotationClient, Rotations } from './rotations.ts';
import { SwarmObjects } from './swarm-objects.ts';
import { TtlCache } from './ttl-cache.ts';

type UpdateOutcome = 'converge' | 'pause' | 'hang';

/** Secrets and services as a manager keeps them; an update ends as `outcome` says for that service. */
class FakeSwarm implements RotationClient {
  readonly secrets = new Map<string, EngineSecret>();
  readonly services = new Map<string, EngineService>();
  readonly outcome = new Map<string, UpdateOutcome>();
  private sequence = 0;

  addService(name: string, secretId: string, target: string): string {
    const id = `svc-${name}`;
    const secret = this.secrets.get(secretId)!;
    const spec: EngineServiceSpec = {
      Name: name,
      Labels: {},
      Mode: { Replicated: { Replicas: 1 } },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox',
          Secrets: [{ File: { Name: target, UID: '1', GID: '2', Mode: 0o400 }, SecretID: secretId, SecretName: secret.Spec.Name }],
        },
      },
    };
    this.services.set(id, { ID: id, Version: { Index: 1 }, CreatedAt: 't', UpdatedAt: 't', Spec: spec, UpdateStatus: { State: 'completed' } });
    return id;
  }

  secretNames(): string[] {
    return [...this.secrets.values()].map((s) => s.Spec.Name).sort();
  }

  async listSecrets() {
    return [...this.secrets.values()];
  }
  async inspectSecret(ref: string) {
    const found = this.secrets.get(ref) ?? [...this.secrets.values()].find((s) => s.Spec.Name === ref);
    if (!found) throw new DockerError('not_found', `secret ${ref} not found`);
    return found;
  }
  async createSecret(spec: EngineObjectSpec) {
    if (this.secretNames().includes(spec.Name)) throw new DockerError('conflict', `secret ${spec.Name} already exists`);
    const id = `sec-${++this.sequence}`;
    this.secrets.set(id, { ID: id, Version: { Index: 1 }, CreatedAt: 't', UpdatedAt: 't', Spec: { Name: spec.Name, Labels: spec.Labels } });
    return id;
  }
  async removeSecret(id: string) {
    if ([...this.services.values()].some((s) => JSON.stringify(s.Spec).includes(`"${id}"`))) throw new DockerError('bad_request', `secret ${id} is in use`);
    this.secrets.delete(id);
  }
  async listConfigs() {
    return [];
  }
  inspectConfig(): never {
    throw new Error('no configs here');
  }
  createConfig(): never {
    throw new Error('no configs here');
  }
  removeConfig(): never {
    throw new Error('no configs here');
  }
  async listServices() {
    return [...this.services.values()];
  }
  async inspectService(id: string) {
    const service = this.services.get(id);
    if (!service) throw new DockerError('not_found', `service ${id} not found`);
    return service;
  }
  async modifyService(id: string, modify: (spec: EngineServiceSpec, service: EngineService) => EngineServiceSpec) {
    const service = await this.inspectService(id);
    const outcome = this.outcome.get(id) ?? 'converge';
    const states = { converge: 'completed', pause: 'paused', hang: 'updating' } as const;
    this.services.set(id, {
      ...service,
      Version: { Index: service.Version.Index + 1 },
      PreviousSpec: service.Spec,
      Spec: modify(service.Spec, service),
      UpdateStatus: { State: states[outcome], Message: outcome === 'pause' ? 'update paused due to failure or early termination of task x' : undefined },
    });
    return [];
  }
  /** One running task, on the current spec once the update converged, on the previous one until then. */
  async listTasks(filters: { service?: string } = {}): Promise<EngineTask[]> {
    const service = this.services.get(filters.service ?? '')!;
    const converged = service.UpdateStatus?.State === 'completed';
    const spec = converged || !service.PreviousSpec ? service.Spec : service.PreviousSpec;
    return [
      {
        ID: `task-${service.ID}`,
        CreatedAt: 't',
        UpdatedAt: 't',
        ServiceID: service.ID,
        NodeID: 'n1',
        Slot: 1,
        Spec: spec.TaskTemplate,
        Status: { Timestamp: 't', State: 'running' },
        DesiredState: 'running',
      },
    ];
  }
}

const principal: Principal = { userId: 'u1', email: 'owner@example.com', teamId: 'team-a', role: 'owner', abilities: ['read', 'write'], via: 'token' };
const silent = { error: () => {}, warn: () => {} };

describe('Rotations', () => {
  let db: PluginDatabase;
  let cluster: ClusterRow;
  let swarm: FakeSwarm;
  let recorded: string[];
  let announced: ClusterNotification[];

  function panel(
    connections: ManagerAccess<RotationClient> = {
      withManager: (_cluster, fn) => fn(swarm, hostServer('m1')),
      read: (_cluster, fn) => fn(swarm, hostServer('m1')),
    },
  ) {
    const log = { record: (_c: unknown, who: { email: string | null }, op: { action: string }) => void recorded.push(`${op.action} ${who.email}`) };
    const objects = new SwarmObjects(connections, new SwarmObjectRepository(db), log, new TtlCache());
    return new Rotations(connections, objects, new RotationRepository(db), { invalidate: () => {} }, log, silent, {
      pollMs: 5,
      convergeTimeoutMs: 2_000,
      notifier: { announce: (_cluster, notification) => void announced.push(notification) },
    });
  }
  const settled = async (rotations: Rotations, id: string): Promise<RotationSummary> => {
    for (let i = 0; i < 400; i++) {
      const rotation = rotations.get(cluster, id);
      if (rotation.status !== 'running') return rotation;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`rotation ${id} still running`);
  };
  const content = new TextEncoder().encode('new value');

  beforeEach(async () => {
    db = openPluginDatabase(new Database(':memory:'));
    migratePluginDatabase(db);
    cluster = new ClusterRepository(db).insert({ uuid: 'c-1', teamId: 'team-a', name: 'c', managerServerId: 'm1' });
    swarm = new FakeSwarm();
    recorded = [];
    announced = [];
    await swarm.createSecret({ Name: 'pw', Labels: { tier: 'db' }, Data: '' });
  });

  it('moves every service to the next version keeping the reference, then removes the old one', async () => {
    const api = swarm.addService('api', 'sec-1', 'db_pass');
    const web = swarm.addService('web', 'sec-1', '/etc/pw');
    const rotations = panel();
    const started = await rotations.start(cluster, principal, 'secret', 'pw', content);
    expect(started.to.name).toBe('pw-v2');
    const done = await settled(rotations, started.id);
    expect(done.status).toBe('completed');
    expect(swarm.secretNames()).toEqual(['pw-v2']);
    expect(swarm.secrets.get(started.to.id)!.Spec.Labels).toEqual({ tier: 'db', [ROTATION_LABEL]: started.id });
    for (const [id, target] of [
      [api, 'db_pass'],
      [web, '/etc/pw'],
    ] as const) {
      expect(swarm.services.get(id)!.Spec.TaskTemplate.ContainerSpec).toMatchObject({
        Secrets: [{ File: { Name: target, UID: '1', GID: '2', Mode: 0o400 }, SecretID: started.to.id, SecretName: 'pw-v2' }],
      });
    }
    expect(done.steps.map((s) => (s.kind === 'update' ? `${s.service.name} ${s.updated}/${s.desired}` : s.kind))).toEqual([
      'create',
      'api 1/1',
      'web 1/1',
      'remove',
    ]);
    expect(recorded).toEqual(['secret.rotate owner@example.com', 'secret.rotate.complete owner@example.com']);
    expect(announced).toEqual([
      {
        event: 'rotation.finished',
        level: 'success',
        section: '/secrets',
        title: 'The rotation of secret pw finished in cluster c',
        message: 'Every service that used pw uses pw-v2 now, and pw was removed.',
        data: { clusterUuid: 'c-1', clusterName: 'c', kind: 'secret', family: 'pw', from: 'pw', to: 'pw-v2', rotationId: started.id, stopped: null },
      },
    ]);
  });

  it('stops at a paused update with the old version kept, refuses a second rotation, and resumes after the fix', async () => {
    swarm.addService('api', 'sec-1', 'a');
    const web = swarm.addService('web', 'sec-1', 'b');
    swarm.outcome.set(web, 'pause');
    const rotations = panel();
    const started = await rotations.start(cluster, principal, 'secret', 'pw', content);
    const stopped = await settled(rotations, started.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed', 'pending']);
    expect(stopped.summary).toMatch(/^Stopped while updating web: the update of web paused: update paused due to failure.*On pw-v2: api\. pw was kept\./);
    expect(announced.map((n) => [n.event, n.title, n.message])).toEqual([
      ['rotation.stopped', 'The rotation of secret pw stopped in cluster c', `${stopped.summary} Fix the cause and resume it from the secret's page.`],
    ]);
    expect(swarm.secretNames()).toEqual(['pw', 'pw-v2']);
    await expect(rotations.start(cluster, principal, 'secret', 'pw', content)).rejects.toThrow(/a rotation of pw is stopped/);

    // The fix: the service's update goes through (its spec already names pw-v2).
    swarm.outcome.set(web, 'converge');
    await swarm.modifyService(web, (spec) => spec);
    rotations.resume(cluster, principal, started.id);
    expect((await settled(rotations, started.id)).status).toBe('completed');
    expect(swarm.secretNames()).toEqual(['pw-v2']);
    expect(() => rotations.resume(cluster, principal, started.id)).toThrow(/only a stopped rotation can be resumed/);
  });

  it('has the next panel pick up a rotation cut short by the panel stopping, at its sync: resumed from its step', async () => {
    const api = swarm.addService('api', 'sec-1', 'a');
    swarm.outcome.set(api, 'hang');
    const first = panel();
    const started = await first.start(cluster, principal, 'secret', 'pw', content);
    await first.stop();

    const next = panel();
    const left = next.get(cluster, started.id);
    expect(left.status).toBe('running');
    expect(left.steps[1]).toMatchObject({ status: 'running', message: expect.stringMatching(/^the panel restarted during this step/) });
    expect(() => next.resume(cluster, principal, started.id)).toThrow(/is running/);
    swarm.outcome.set(api, 'converge');
    await swarm.modifyService(api, (spec) => spec);
    await next.reconcile(cluster);
    await next.reconcile(cluster);
    expect((await settled(next, started.id)).status).toBe('completed');
    expect(swarm.secretNames()).toEqual(['pw-v2']);
    expect(announced.map((n) => n.event)).toEqual(['rotation.finished']);
    expect(recorded.filter((r) => r.startsWith('secret.rotate.resume'))).toHaveLength(1);
  });

  it('marks finished, without touching the swarm, a rotation the swarm finished while no panel ran', async () => {
    const api = swarm.addService('api', 'sec-1', 'a');
    swarm.outcome.set(api, 'hang');
    const first = panel();
    const started = await first.start(cluster, principal, 'secret', 'pw', content);
    await first.stop();
    // Done by hand meanwhile: the update went through and the old version was removed.
    swarm.outcome.set(api, 'converge');
    await swarm.modifyService(api, (spec) => spec);
    await swarm.removeSecret('sec-1');
    const version = swarm.services.get(api)!.Version.Index;

    const next = panel();
    await next.reconcile(cluster);
    const done = next.get(cluster, started.id);
    expect(done.status).toBe('completed');
    expect(done.steps.every((s) => s.status === 'done')).toBe(true);
    expect(swarm.services.get(api)!.Version.Index).toBe(version);
    expect(announced.map((n) => n.event)).toEqual(['rotation.finished']);
  });

  it("stops and announces once a rotation whose service's update paused while no panel ran", async () => {
    const api = swarm.addService('api', 'sec-1', 'a');
    swarm.outcome.set(api, 'hang');
    const first = panel();
    const started = await first.start(cluster, principal, 'secret', 'pw', content);
    await first.stop();
    const service = swarm.services.get(api)!;
    swarm.services.set(api, { ...service, UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task t1' } });

    const next = panel();
    await next.reconcile(cluster);
    await next.reconcile(cluster);
    const stopped = next.get(cluster, started.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.steps[1]).toMatchObject({
      status: 'failed',
      message: 'the update of api paused: update paused due to failure or early termination of task t1',
    });
    expect(announced.map((n) => [n.event, n.message])).toEqual([
      ['rotation.stopped', `${stopped.summary} Fix the cause and resume it from the secret's page.`],
    ]);
    expect(swarm.secretNames()).toEqual(['pw', 'pw-v2']);
  });

  it('creates the next version once when the create is asked again on another manager after a timeout', async () => {
    const api = swarm.addService('api', 'sec-1', 'a');
    // The first manager creates the version, then times out before answering; withManager asks the next one.
    const timingOut: RotationClient = Object.assign(Object.create(swarm) as FakeSwarm, {
      createSecret: async (spec: EngineObjectSpec) => {
        await swarm.createSecret(spec);
        throw new DockerError('timeout', 'no answer within 8000 ms');
      },
    });
    const rotations = panel({
      withManager: async (_cluster, fn) => {
        try {
          return await fn(timingOut, hostServer('m1'));
        } catch (error) {
          if (!(error instanceof DockerError && error.code === 'timeout')) throw error;
          return fn(swarm, hostServer('m2'));
        }
      },
      read: (_cluster, fn) => fn(swarm, hostServer('m2')),
    });
    const started = await rotations.start(cluster, principal, 'secret', 'pw', content);
    expect(started.to.name).toBe('pw-v2');
    expect((await settled(rotations, started.id)).status).toBe('completed');
    expect(swarm.secretNames()).toEqual(['pw-v2']);
    expect(swarm.services.get(api)!.Spec.TaskTemplate.ContainerSpec).toMatchObject({ Secrets: [{ SecretName: 'pw-v2' }] });
  });

  it('moves a service that started using the old version during the rotation before removing it', async () => {
    const api = swarm.addService('api', 'sec-1', 'a');
    swarm.outcome.set(api, 'hang');
    const rotations = panel();
    const started = await rotations.start(cluster, principal, 'secret', 'pw', content);
    swarm.addService('late', 'sec-1', 'l');
    swarm.outcome.set(api, 'converge');
    await swarm.modifyService(api, (spec) => spec);
    const done = await settled(rotations, started.id);
    expect(done.status).toBe('completed');
    expect(done.steps.map((s) => (s.kind === 'update' ? s.service.name : s.kind))).toEqual(['create', 'api', 'late', 'remove']);
    expect(swarm.secretNames()).toEqual(['pw-v2']);
  });
});
