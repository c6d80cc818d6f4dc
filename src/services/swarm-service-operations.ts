/**
 * Service operations: scale, roll back, force update, remove, logs and update progress. Writes are
 * read-modify-write with the service's version (retried after "update out of sequence", so a concurrent
 * write is applied on top, never lost), drop the cached reads they made stale, and are recorded with who
 * did them. A refusal is decided inside the modify step, before anything is written.
 */
import type { Principal } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineService, type EngineServiceSpec, type SwarmClient, type WriteRecord } from '../docker/index.ts';
import { openSwarmLogs } from '../docker/log-stream.ts';
import type { LogLine } from '../docker/schemas.ts';
import { type ServiceProgress, serviceProgress } from '../domain/service-progress.ts';
import { checkScale } from '../domain/service-scale.ts';
import { STACK_NAMESPACE_LABEL } from '../domain/stacks.ts';
import { serviceMode } from '../domain/swarm-summaries.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ServiceError } from './errors.ts';
import type { OperationLog } from './operation-log.ts';
import type { StreamQuota } from './stream-quota.ts';
import type { SwarmState } from './swarm-state.ts';

export interface SwarmServiceWriteResult {
  id: string;
  name: string;
  /** Docker's warnings about the new spec (e.g. an image that could not be resolved). */
  warnings: string[];
}

export interface ScaleResult extends SwarmServiceWriteResult {
  replicas: number;
  previous: number;
}

export interface LogOptions {
  tail: number | 'all';
  follow: boolean;
  timestamps: boolean;
}

/** A log read that is not followed ends by itself; these bound it when a node holds it up or it is huge. */
const RECENT_LOGS_DEADLINE_MS = 20_000;
const RECENT_LOGS_MAX_CHARS = 4_000_000;

export interface RecentLogs {
  service: { id: string; name: string };
  lines: LogLine[];
  /** The read stopped at the size or time bound before the engine ended it. */
  truncated: boolean;
}

export class SwarmServiceOperations {
  constructor(
    private readonly connections: ManagerAccess,
    private readonly state: Pick<SwarmState, 'nodes' | 'tasks' | 'invalidate'>,
    private readonly log: Pick<OperationLog, 'record'>,
    private readonly streams: Pick<StreamQuota, 'claim'>,
  ) {}

  async scale(cluster: ClusterRow, principal: Principal, serviceRef: string, replicas: number): Promise<ScaleResult> {
    let previous = 0;
    const record: WriteRecord<EngineServiceSpec> = {};
    const result = await this.write(cluster, serviceRef, (client, service) =>
      client.modifyService(
        service.ID,
        (spec, current) => {
          const verdict = checkScale({ name: current.Spec.Name, mode: serviceMode(current) });
          if (!verdict.ok) throw new ServiceError('conflict', verdict.reason);
          previous = spec.Mode.Replicated?.Replicas ?? 1;
          return { ...spec, Mode: { ...spec.Mode, Replicated: { ...spec.Mode.Replicated, Replicas: replicas } } };
        },
        { record },
      ),
    );
    this.written(cluster, principal, result, 'service.scale', { replicas: String(replicas), previous: String(previous) });
    return { ...result, replicas, previous };
  }

  /** Restores the spec the service had before its last update (`update?rollback=previous`). */
  async rollback(cluster: ClusterRow, principal: Principal, serviceRef: string): Promise<SwarmServiceWriteResult> {
    const record: WriteRecord<EngineServiceSpec> = {};
    const result = await this.write(cluster, serviceRef, (client, service) =>
      client.modifyService(
        service.ID,
        (spec, current) => {
          if (!current.PreviousSpec) throw new ServiceError('conflict', `${current.Spec.Name} has no previous spec to roll back to`);
          return spec;
        },
        { rollback: 'previous', record },
      ),
    );
    this.written(cluster, principal, result, 'service.rollback', {});
    return result;
  }

  /** Replaces every task with the same spec, by incrementing `TaskTemplate.ForceUpdate`. */
  async forceUpdate(cluster: ClusterRow, principal: Principal, serviceRef: string): Promise<SwarmServiceWriteResult> {
    const record: WriteRecord<EngineServiceSpec> = {};
    const result = await this.write(cluster, serviceRef, (client, service) =>
      client.modifyService(service.ID, (spec) => ({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate.ForceUpdate ?? 0) + 1 } }), {
        record,
      }),
    );
    this.written(cluster, principal, result, 'service.force-update', {});
    return result;
  }

  /** A removal retried on another manager after its answer was lost finds the service gone: that is success. */
  async remove(cluster: ClusterRow, principal: Principal, serviceRef: string): Promise<SwarmServiceWriteResult> {
    let sent: SwarmServiceWriteResult | undefined;
    const result = await this.connections.withManager(cluster, async (client) => {
      const service = await inspect(client, serviceRef).catch((error: unknown) => {
        if (sent && error instanceof ServiceError && error.code === 'not_found') return null;
        throw error;
      });
      if (!service) return sent!;
      sent = { id: service.ID, name: service.Spec.Name, warnings: [] };
      await client.removeService(service.ID);
      return sent;
    });
    this.written(cluster, principal, result, 'service.remove', {});
    return result;
  }

  /** The update state and how many running tasks carry the current spec, read fresh. */
  progress(cluster: ClusterRow, serviceRef: string): Promise<ServiceProgress> {
    return this.connections.read(cluster, async (client) => {
      const service = await inspect(client, serviceRef);
      return serviceProgress(service, await client.listTasks({ service: service.ID }));
    });
  }

  /**
   * The service's log lines, stdout and stderr, from every task. The stream is opened on a manager that
   * answers; with `follow` it lasts until `signal` aborts.
   */
  private async logs(
    cluster: ClusterRow,
    serviceRef: string,
    options: LogOptions,
    signal?: AbortSignal,
  ): Promise<{ service: { id: string; name: string }; lines: AsyncGenerator<LogLine> }> {
    return this.connections.withManager(cluster, async (client) => {
      const service = await inspect(client, serviceRef);
      const tty = service.Spec.TaskTemplate.ContainerSpec?.TTY === true;
      const lines = await openSwarmLogs(client, { services: service.ID }, { ...options, tty }, signal);
      return { service: { id: service.ID, name: service.Spec.Name }, lines };
    });
  }

  /**
   * New log lines as they come, until `signal` aborts: one of the principal's streams (refused with
   * `too_many_streams` past their cap), given back when the caller aborts `signal`, as it must when the client
   * leaves or the lines end.
   */
  async followLogs(
    cluster: ClusterRow,
    principal: Principal,
    serviceRef: string,
    options: Omit<LogOptions, 'follow'>,
    signal: AbortSignal,
  ): Promise<{ service: { id: string; name: string }; lines: AsyncGenerator<LogLine> }> {
    const release = this.streams.claim(principal.userId, signal);
    try {
      return await this.logs(cluster, serviceRef, { ...options, follow: true }, signal);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The last `tail` lines of every task's log, read to the end (bounded in time and size). */
  recentLogs(cluster: ClusterRow, serviceRef: string, options: Omit<LogOptions, 'follow'>): Promise<RecentLogs> {
    return readRecent(`the logs of ${serviceRef}`, (signal) => this.logs(cluster, serviceRef, { ...options, follow: false }, signal));
  }

  /** The last `tail` lines of one task's log, with its service (bounded in time and size like `recentLogs`). */
  taskLogs(
    cluster: ClusterRow,
    taskId: string,
    options: Omit<LogOptions, 'follow'>,
  ): Promise<RecentLogs & { service: { stack: string | null }; task: { id: string; slot: number | null; nodeId: string | null } }> {
    return readRecent(`the logs of task ${taskId}`, (signal) =>
      this.connections.withManager(cluster, async (client) => {
        const task = await client.inspectTask(taskId);
        const service = await client.inspectService(task.ServiceID);
        const tty = service.Spec.TaskTemplate.ContainerSpec?.TTY === true;
        const lines = await openSwarmLogs(client, { tasks: task.ID }, { ...options, follow: false, tty }, signal);
        return {
          service: { id: service.ID, name: service.Spec.Name, stack: service.Spec.Labels?.[STACK_NAMESPACE_LABEL] ?? null },
          task: { id: task.ID, slot: task.Slot ?? null, nodeId: task.NodeID || null },
          lines,
        };
      }),
    );
  }

  /** Names of a service's tasks as the CLI shows them (`name.slot@node`), to label log lines (cached reads). */
  async taskLabels(cluster: ClusterRow, serviceId: string): Promise<Map<string, string>> {
    const [tasks, nodes] = await Promise.all([this.state.tasks(cluster, { serviceId }), this.state.nodes(cluster)]);
    const hostnames = new Map(nodes.data.map((n) => [n.id, n.hostname]));
    return new Map(
      tasks.data.map((t) => {
        const node = t.nodeId ? (hostnames.get(t.nodeId) ?? t.nodeId.slice(0, 12)) : '?';
        return [t.id, `${t.serviceName ?? ''}.${t.slot ?? t.id.slice(0, 12)}@${node}`];
      }),
    );
  }

  /** `change` runs again on another manager when one fails: it passes one WriteRecord to every attempt. */
  private async write(
    cluster: ClusterRow,
    serviceRef: string,
    change: (client: SwarmClient, service: EngineService) => Promise<string[]>,
  ): Promise<SwarmServiceWriteResult> {
    return this.connections.withManager(cluster, async (client) => {
      const service = await inspect(client, serviceRef);
      const warnings = await change(client, service);
      return { id: service.ID, name: service.Spec.Name, warnings };
    });
  }

  private written(cluster: ClusterRow, principal: Principal, result: SwarmServiceWriteResult, action: string, attributes: Record<string, string>): void {
    this.state.invalidate(cluster, ['services', 'tasks', 'info']);
    this.log.record(cluster, principal, { action, actorId: result.id, actorName: result.name, attributes });
  }
}

/** A service by id, name or id prefix (as Docker resolves them). */
async function inspect(client: SwarmClient, ref: string): Promise<EngineService> {
  try {
    return await client.inspectService(ref);
  } catch (error) {
    if (error instanceof DockerError && error.code === 'not_found') {
      throw new ServiceError('not_found', `service ${ref} is not part of this cluster`);
    }
    throw error;
  }
}

/** Reads opened log lines to the end, bounded in time and size; `what` names them in the timeout's message. */
async function readRecent<T extends { lines: AsyncGenerator<LogLine> }>(
  what: string,
  open: (signal: AbortSignal) => Promise<T>,
): Promise<Omit<T, 'lines'> & { lines: LogLine[]; truncated: boolean }> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), RECENT_LOGS_DEADLINE_MS);
  try {
    const { lines, ...rest } = await open(deadline.signal).catch((error: unknown) => {
      if (deadline.signal.aborted) throw new DockerError('timeout', `${what} were not answered within ${RECENT_LOGS_DEADLINE_MS / 1000} s`);
      throw error;
    });
    const read: LogLine[] = [];
    let chars = 0;
    let truncated = false;
    for await (const line of lines) {
      read.push(line);
      chars += line.text.length;
      if (chars > RECENT_LOGS_MAX_CHARS) {
        truncated = true;
        break;
      }
    }
    return { ...rest, lines: read, truncated: truncated || deadline.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}
