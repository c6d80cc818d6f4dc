/**
 * Rotation of a secret or config. Starting one creates the next version (`<family>-v<N+1>`) within the
 * request, the only moment the new value exists in the panel; from then on the rotation needs no value, so
 * it runs in the background and can be resumed: each service using the old version is moved to the new one
 * (a version-checked read-modify-write of its spec keeping target, uid, gid and mode) and waited for until
 * its rolling update converges, then the old version is removed. The first step that fails stops the
 * rotation with nothing removed; the steps live in the database, so it can be followed and resumed. A rotation
 * a previous run of the panel left in progress is picked up after the next sync that reaches the swarm: marked
 * finished, run on from its step, or stopped and announced, as the swarm shows (domain/rotation-recovery.ts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostLogger, Principal } from '../contract/host.ts';
import type { RotationRepository } from '../db/repositories/rotation-repository.ts';
import type { ClusterRow, RotationRow } from '../db/schema.ts';
import { DockerError, type EngineConfig, type EngineSecret, type SwarmClient } from '../docker/index.ts';
import {
  nextStepIndex,
  type RotationStep,
  type RotationSummary,
  resumedSteps,
  rotationPlan,
  rotationStatus,
  stopSummary,
  withLateUsers,
  withStep,
} from '../domain/rotation-plan.ts';
import { recoveryVerdict } from '../domain/rotation-recovery.ts';
import { serviceProgress } from '../domain/service-progress.ts';
import { nextVersionLabels, nextVersionName, objectNameSchema, objectVersionOf, ROTATION_LABEL, type SwarmObjectKind } from '../domain/swarm-object-names.ts';
import { moveReferences, objectUsers, usesObject } from '../domain/swarm-object-refs.ts';
import { rotationNotification } from '../domain/transition-notification.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import type { ClusterNotifier } from './cluster-notifier.ts';
import { ServiceError } from './errors.ts';
import type { OperationLog } from './operation-log.ts';
import { createObject, ENGINE_OBJECTS, inspectObject, type ObjectClient, type SwarmObjects } from './swarm-objects.ts';
import type { SwarmState } from './swarm-state.ts';

export interface RotationOptions {
  /** How often a service's update is read while waiting for it (default 1 s). */
  pollMs?: number;
  /** How long one service's update may take to converge before the rotation stops (the `rotationConvergeSeconds` setting). */
  convergeTimeoutMs: number;
  /** Told when a rotation finishes or stops, to notify the team. */
  notifier?: Pick<ClusterNotifier, 'announce'>;
}

/** What of the Engine API a rotation needs: the objects, and reading and updating services. */
export type RotationClient = ObjectClient & Pick<SwarmClient, 'inspectService' | 'modifyService' | 'listTasks'>;

/** A step's failure, in words for the rotation record. */
class StepFailed extends Error {}

export class Rotations {
  private readonly running = new Map<string, Promise<void>>();
  /** Rotations left by a previous run being judged now (a sync's pick-up), not to be picked up twice. */
  private readonly recovering = new Set<string>();
  private readonly abort = new AbortController();
  private readonly pollMs: number;
  private readonly convergeTimeoutMs: number;
  private readonly notifier: Pick<ClusterNotifier, 'announce'> | undefined;

  constructor(
    private readonly connections: ManagerAccess<RotationClient>,
    private readonly objects: Pick<SwarmObjects, 'record' | 'forget'>,
    private readonly rotations: Pick<RotationRepository, 'insert' | 'find' | 'update' | 'list' | 'listRunning'>,
    private readonly state: Pick<SwarmState, 'invalidate'>,
    private readonly log: Pick<OperationLog, 'record'>,
    private readonly logger: Pick<HostLogger, 'error' | 'warn'>,
    options: RotationOptions,
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.convergeTimeoutMs = options.convergeTimeoutMs;
    this.notifier = options.notifier;
  }

  /** Creates the next version holding `content` and starts moving the services to it. */
  async start(cluster: ClusterRow, principal: Principal, kind: SwarmObjectKind, ref: string, content: Uint8Array): Promise<RotationSummary> {
    const rotationId = randomUUID();
    // withManager runs this again on the next manager when one times out, maybe after its create landed.
    const { from, to, users } = await this.connections.withManager(cluster, async (client) => {
      const old = await inspectObject(client, kind, ref);
      const { family } = objectVersionOf(old.Spec.Name);
      this.refuseSecondRotation(cluster, kind, family);
      const existing = await ENGINE_OBJECTS[kind].list(client);
      const id =
        existing.find((o) => o.Spec.Labels[ROTATION_LABEL] === rotationId)?.ID ?? (await this.createNext(client, kind, old, existing, rotationId, content));
      const created = await ENGINE_OBJECTS[kind].inspect(client, id);
      const services = await client.listServices();
      return { from: old, to: created, users: objectUsers(services, kind).get(old.ID) ?? [] };
    });
    this.objects.record(cluster, kind, to, principal.email, from.Spec.Name);
    const row = this.rotations.insert({
      id: rotationId,
      clusterId: cluster.id,
      kind,
      family: objectVersionOf(to.Spec.Name).family,
      fromId: from.ID,
      fromName: from.Spec.Name,
      toId: to.ID,
      toName: to.Spec.Name,
      status: 'running',
      steps: rotationPlan(users),
      startedBy: principal.email,
    });
    this.log.record(cluster, principal, {
      action: `${kind}.rotate`,
      actorId: from.ID,
      actorName: from.Spec.Name,
      attributes: { to: to.Spec.Name, rotation: row.id, services: String(users.length) },
    });
    this.launch(cluster, row.id);
    return toView(row);
  }

  get(cluster: ClusterRow, id: string): RotationSummary {
    return this.view(this.current(cluster, id));
  }

  /** The rotations of a family (newest first), for its history. */
  list(cluster: ClusterRow, kind: SwarmObjectKind): RotationSummary[] {
    return this.rotations.list(cluster.id, kind).map((row) => this.view(row));
  }

  /**
   * Picks up the rotations of `cluster` that a previous run of the panel left in progress; the sync calls it
   * each time it reached the swarm. Never rejects: what cannot be read now is picked up at a later sync.
   */
  async reconcile(cluster: ClusterRow): Promise<void> {
    const left = this.rotations.listRunning(cluster.id).filter((row) => !this.running.has(row.id) && !this.recovering.has(row.id));
    if (!left.length || this.abort.signal.aborted) return;
    for (const row of left) this.recovering.add(row.id);
    try {
      const [services, secrets, configs] = await this.connections.read(cluster, (client) =>
        Promise.all([client.listServices(), client.listSecrets(), client.listConfigs()]),
      );
      const ids = { secret: new Set(secrets.map((s) => s.ID)), config: new Set(configs.map((c) => c.ID)) };
      for (const row of left) this.pickUp(cluster, row, recoveryVerdict(row, { services, objectIds: ids[row.kind] }));
    } catch (error) {
      this.logger.warn('rotations left by a restart wait for the next sync', { cluster: cluster.uuid, error: (error as Error).message });
    } finally {
      for (const row of left) this.recovering.delete(row.id);
    }
  }

  /** Goes on with a stopped rotation from the step where it stopped. */
  resume(cluster: ClusterRow, principal: Principal, id: string): RotationSummary {
    const row = this.current(cluster, id);
    if (row.status !== 'stopped') throw new ServiceError('conflict', `rotation ${id} is ${row.status}: only a stopped rotation can be resumed`);
    const resumed = this.rotations.update(id, { steps: resumedSteps(row.steps), status: 'running' });
    this.log.record(cluster, principal, {
      action: `${row.kind}.rotate.resume`,
      actorId: row.fromId,
      actorName: row.fromName,
      attributes: { to: row.toName, rotation: id },
    });
    this.launch(cluster, id);
    return toView(resumed);
  }

  /** Stops the rotations in progress where they are (they can be resumed) and waits for them. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running.values());
  }

  private current(cluster: ClusterRow, id: string): RotationRow {
    const row = this.rotations.find(cluster.id, id);
    if (!row) throw new ServiceError('not_found', `rotation ${id} is not part of this cluster`);
    return row;
  }

  /** A rotation recorded as running that no run of this process carries yet was left by a restart: its step says so. */
  private view(row: RotationRow): RotationSummary {
    if (row.status !== 'running' || this.running.has(row.id)) return toView(row);
    const index = nextStepIndex(row.steps);
    const note = 'the panel restarted during this step: it picks the rotation up from the swarm at its next sync of the cluster';
    return toView(index < 0 ? row : { ...row, steps: withStep(row.steps, index, { message: note }) });
  }

  /** Acts on what the swarm shows of a rotation left by a restart; each branch leaves `running`, so it happens once. */
  private pickUp(cluster: ClusterRow, row: RotationRow, verdict: ReturnType<typeof recoveryVerdict>): void {
    const attributes = { to: row.toName, rotation: row.id, after: 'a restart of the panel' };
    if (verdict.verdict === 'resume') {
      this.save(row.id, resumedSteps(row.steps), 'running');
      this.log.record(cluster, { email: row.startedBy }, { action: `${row.kind}.rotate.resume`, actorId: row.fromId, actorName: row.fromName, attributes });
      this.launch(cluster, row.id);
      return;
    }
    if (verdict.verdict === 'finished') {
      const steps = row.steps.map((step) => ({ ...step, status: 'done', message: null }) as RotationStep);
      this.objects.forget(cluster, row.kind, row.fromId);
      this.finish(cluster, { ...row, steps }, attributes);
      return;
    }
    const index = nextStepIndex(row.steps);
    const steps = withStep(row.steps, index, { status: 'failed', message: verdict.reason });
    this.save(row.id, steps, rotationStatus(steps, false));
    this.announce(cluster, row, stopSummary(steps, { from: row.fromName, to: row.toName }));
  }

  /** One rotation of a family at a time: a second would move services between three versions. */
  private refuseSecondRotation(cluster: ClusterRow, kind: SwarmObjectKind, family: string): void {
    const open = this.rotations.list(cluster.id, kind).find((r) => r.family === family && r.status !== 'completed');
    if (open) throw new ServiceError('conflict', `a rotation of ${family} is ${open.status} (${open.id}): resume it first`);
  }

  /** Creates `<family>-v<N+1>`, labelled with the rotation, and returns its id. */
  private async createNext(
    client: RotationClient,
    kind: SwarmObjectKind,
    old: EngineSecret | EngineConfig,
    existing: readonly (EngineSecret | EngineConfig)[],
    rotationId: string,
    content: Uint8Array,
  ): Promise<string> {
    const next = nextVersionName(
      objectVersionOf(old.Spec.Name).family,
      existing.map((o) => o.Spec.Name),
    );
    if (!objectNameSchema.safeParse(next.name).success) {
      throw new ServiceError('validation_failed', `the next version's name ${next.name} would break Docker's name rules: rename ${old.Spec.Name} first`);
    }
    return createObject(client, kind, { name: next.name, content, labels: nextVersionLabels(old.Spec.Labels, rotationId) });
  }

  private launch(cluster: ClusterRow, id: string): void {
    const run = this.run(cluster, id)
      .catch((error: unknown) => this.logger.error('rotation failed', { rotation: id, error: (error as Error).message }))
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  private async run(cluster: ClusterRow, id: string): Promise<void> {
    for (;;) {
      const row = this.rotations.find(cluster.id, id)!;
      const index = nextStepIndex(row.steps);
      if (index < 0) {
        this.finish(cluster, row, {});
        return;
      }
      if (this.abort.signal.aborted) return;
      this.save(id, withStep(row.steps, index, { status: 'running', message: null }), 'running');
      try {
        await this.runStep(cluster, row, index);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        const known = error instanceof StepFailed || error instanceof ServiceError || error instanceof DockerError;
        if (!known) this.logger.error('rotation step failed', { rotation: id, error: (error as Error).message });
        const message = known ? error.message : 'unexpected error (logged)';
        const latest = this.rotations.find(cluster.id, id)!;
        const steps = withStep(latest.steps, index, { status: 'failed', message });
        this.save(id, steps, 'stopped');
        this.announce(cluster, latest, stopSummary(steps, { from: latest.fromName, to: latest.toName }));
        return;
      } finally {
        this.state.invalidate(cluster, ['services', 'tasks']);
      }
    }
  }

  private finish(cluster: ClusterRow, row: RotationRow, attributes: Record<string, string>): void {
    this.rotations.update(row.id, { steps: row.steps, status: 'completed' });
    this.log.record(
      cluster,
      { email: row.startedBy },
      { action: `${row.kind}.rotate.complete`, actorId: row.toId, actorName: row.toName, attributes: { ...attributes, from: row.fromName, rotation: row.id } },
    );
    this.announce(cluster, row, null);
  }

  private announce(cluster: ClusterRow, row: RotationRow, stopped: string | null): void {
    const outcome = { kind: row.kind, family: row.family, from: row.fromName, to: row.toName, rotationId: row.id, stopped };
    this.notifier?.announce(cluster, rotationNotification(outcome, cluster));
  }

  private save(id: string, steps: RotationStep[], status: RotationRow['status']): void {
    this.rotations.update(id, { steps, status });
  }

  private async runStep(cluster: ClusterRow, row: RotationRow, index: number): Promise<void> {
    const step = row.steps[index]!;
    if (step.kind === 'update') {
      await this.moveService(cluster, row, index, step.service.id);
    } else if (step.kind === 'remove') {
      await this.removeOld(cluster, row, index);
      return;
    }
    const latest = this.rotations.find(cluster.id, row.id)!;
    this.save(row.id, withStep(latest.steps, index, { status: 'done' }), 'running');
  }

  /** Points the service at the new version (unless it already is) and waits for its rolling update to converge. */
  private async moveService(cluster: ClusterRow, row: RotationRow, index: number, serviceId: string): Promise<void> {
    const kind = row.kind;
    const to = { id: row.toId, name: row.toName };
    const moved = await this.connections.withManager(cluster, async (client) => {
      const service = await client.inspectService(serviceId).catch((error: unknown) => {
        if (error instanceof DockerError && error.code === 'not_found') return null;
        throw error;
      });
      if (!service) return false;
      if (usesObject(service.Spec, kind, row.fromId)) {
        await client.modifyService(service.ID, (spec) => (usesObject(spec, kind, row.fromId) ? moveReferences(spec, kind, row.fromId, to) : spec));
      }
      return true;
    });
    if (!moved) return; // removed meanwhile: nothing uses the old version there any more
    await this.converge(cluster, row, index, serviceId);
  }

  private async converge(cluster: ClusterRow, row: RotationRow, index: number, serviceId: string): Promise<void> {
    const deadline = Date.now() + this.convergeTimeoutMs;
    let shown = '';
    for (;;) {
      const { progress, onNew } = await this.connections.read(cluster, async (client) => {
        const service = await client.inspectService(serviceId);
        return { progress: serviceProgress(service, await client.listTasks({ service: service.ID })), onNew: usesObject(service.Spec, row.kind, row.toId) };
      });
      const seen = `${progress.updated}/${progress.desired}`;
      if (seen !== shown) {
        shown = seen;
        const latest = this.rotations.find(cluster.id, row.id)!;
        this.save(row.id, withStep(latest.steps, index, { updated: progress.updated, desired: progress.desired }), 'running');
      }
      if (progress.phase === 'paused' || progress.phase === 'failed')
        throw new StepFailed(`the update of ${progress.name} ${progress.phase === 'paused' ? 'paused' : 'failed'}: ${progress.problem}`);
      if (!onNew)
        throw new StepFailed(`${progress.name} no longer uses ${row.toName}${progress.problem ? ` (${progress.problem})` : ''}: it was rolled back or changed`);
      if (progress.phase === 'converged') return;
      if (Date.now() > deadline)
        throw new StepFailed(
          `the update of ${progress.name} did not converge within ${Math.round(this.convergeTimeoutMs / 1000)} s (${seen} tasks on the new spec)`,
        );
      await sleep(this.pollMs, undefined, { signal: this.abort.signal }).catch(() => undefined); // an abort only ends the wait early
      if (this.abort.signal.aborted) throw new StepFailed('the panel stopped');
    }
  }

  /**
   * Removes the old version once nothing uses it. Services found using it (they started to during the
   * rotation) get their update step again first (the runner picks them up next), so the removal never fails on them.
   */
  private async removeOld(cluster: ClusterRow, row: RotationRow, index: number): Promise<void> {
    const removed = await this.connections.withManager(cluster, async (client) => {
      const users = objectUsers(await client.listServices(), row.kind).get(row.fromId) ?? [];
      if (users.length) return { late: users };
      await ENGINE_OBJECTS[row.kind].remove(client, row.fromId).catch((error: unknown) => {
        if (!(error instanceof DockerError && error.code === 'not_found')) throw error;
      });
      return { late: [] };
    });
    const latest = this.rotations.find(cluster.id, row.id)!;
    if (removed.late.length) {
      this.save(row.id, withLateUsers(withStep(latest.steps, index, { status: 'pending' }), removed.late), 'running');
      return;
    }
    this.objects.forget(cluster, row.kind, row.fromId);
    this.save(row.id, withStep(latest.steps, index, { status: 'done' }), 'running');
  }
}

function toView(row: RotationRow): RotationSummary {
  return {
    id: row.id,
    kind: row.kind,
    family: row.family,
    from: { id: row.fromId, name: row.fromName },
    to: { id: row.toId, name: row.toName },
    status: row.status,
    steps: row.steps,
    summary: row.status === 'stopped' ? stopSummary(row.steps, { from: row.fromName, to: row.toName }) : null,
    startedBy: row.startedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
