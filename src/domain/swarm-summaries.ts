/**
 * Plain, camelCase summaries of swarm objects: what the API returns and the pages render.
 * Built from one list of each kind, so a refresh costs the same few calls whatever the node count.
 */
import type { EngineNode, EngineService, EngineServiceName, EngineTaskPlacement, EngineTaskRecord } from '../docker/schemas.ts';
import { isServiceShort } from './cluster-health.ts';
import { groupBy } from './group-by.ts';
import { STACK_NAMESPACE_LABEL } from './stacks.ts';
import { type TaskStateKind, taskStateKind } from './task-state.ts';

export interface NodeSummary {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  status: string;
  statusMessage: string | null;
  availability: string;
  ip: string | null;
  engineVersion: string | null;
  /** The node's operating system and CPU architecture as its engine reports them, e.g. `linux`, `x86_64`. */
  os: string | null;
  architecture: string | null;
  cpuCores: number;
  memoryBytes: number;
  labels: Record<string, string>;
  isLeader: boolean;
  managerReachability: string | null;
  managerAddr: string | null;
  taskCount: number;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface PublishedPort {
  protocol: string;
  targetPort: number;
  publishedPort: number | null;
  publishMode: string;
}

export interface SwarmServiceSummary {
  id: string;
  name: string;
  image: string;
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  replicasRunning: number;
  replicasDesired: number;
  /** Fewer replicas running than desired (a job never is): the health rule's flag, shown on the row. */
  replicasShort: boolean;
  ports: PublishedPort[];
  labels: Record<string, string>;
  stack: string | null;
  updateState: string | null;
  updateMessage: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface TaskSummary {
  id: string;
  serviceId: string;
  serviceName: string | null;
  nodeId: string | null;
  slot: number | null;
  state: string;
  /** How the pages colour and count the state. */
  stateKind: TaskStateKind;
  desiredState: string;
  message: string | null;
  error: string | null;
  containerId: string | null;
  image: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/**
 * Tasks that count against a node: the ones the swarm wants running there (what
 * `docker node ps --filter desired-state=running` lists).
 */
export function isActiveTask(task: { DesiredState?: string | null }): boolean {
  return task.DesiredState === 'running';
}

/**
 * The desired states of the tasks the swarm wants, as drawn: the active ones and those held at `ready` (a replacement
 * waiting for the task it replaces to stop, e.g. on a drained node; `docker service ps` shows it as Ready).
 */
export const WANTED_DESIRED_STATES: readonly string[] = ['running', 'ready'];

export function isWantedTask(task: Pick<TaskSummary, 'desiredState'>): boolean {
  return WANTED_DESIRED_STATES.includes(task.desiredState);
}

const UPDATE_IN_PROGRESS = new Set(['updating', 'rollback_started']);

/** A rolling update or its rollback is under way (Docker's UpdateStatus.State). */
export function isUpdateInProgress(updateState: string | null): boolean {
  return updateState !== null && UPDATE_IN_PROGRESS.has(updateState);
}

/** Strips the registry digest Docker pins on images (`busybox:latest@sha256:...`). */
export function displayImage(image: string | null | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@sha256:');
  return at === -1 ? image : image.slice(0, at);
}

export function toNodeSummary(node: EngineNode, tasks: readonly EngineTaskPlacement[]): NodeSummary {
  const taskCount = tasks.filter((t) => t.NodeID === node.ID && isActiveTask(t)).length;
  const resources = node.Description?.Resources;
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? node.ID,
    role: node.Spec.Role === 'manager' ? 'manager' : 'worker',
    status: node.Status.State,
    statusMessage: node.Status.Message || null,
    availability: node.Spec.Availability,
    ip: node.Status.Addr && node.Status.Addr !== '0.0.0.0' ? node.Status.Addr : managerIp(node),
    engineVersion: node.Description?.Engine?.EngineVersion ?? null,
    os: node.Description?.Platform?.OS || null,
    architecture: node.Description?.Platform?.Architecture || null,
    cpuCores: resources?.NanoCPUs ? resources.NanoCPUs / 1e9 : 0,
    memoryBytes: resources?.MemoryBytes ?? 0,
    labels: node.Spec.Labels ?? {},
    isLeader: node.ManagerStatus?.Leader === true,
    managerReachability: node.ManagerStatus?.Reachability ?? null,
    managerAddr: node.ManagerStatus?.Addr ?? null,
    taskCount,
    createdAt: node.CreatedAt ?? null,
    updatedAt: node.UpdatedAt ?? null,
  };
}

/** The summaries of all nodes of one snapshot: the tasks are grouped by node once. */
export function toNodeSummaries(nodes: readonly EngineNode[], tasks: readonly EngineTaskPlacement[]): NodeSummary[] {
  const byNode = groupBy(tasks, (t) => t.NodeID);
  return nodes.map((n) => toNodeSummary(n, byNode.get(n.ID) ?? []));
}

function managerIp(node: EngineNode): string | null {
  const addr = node.ManagerStatus?.Addr;
  return addr ? addr.replace(/:\d+$/, '') : null;
}

export function serviceMode(service: EngineService): SwarmServiceSummary['mode'] {
  const mode = service.Spec.Mode ?? {};
  if (mode.Global) return 'global';
  if (mode.ReplicatedJob) return 'replicated-job';
  if (mode.GlobalJob) return 'global-job';
  return 'replicated';
}

export function toSwarmServiceSummary(service: EngineService, tasks: readonly EngineTaskRecord[]): SwarmServiceSummary {
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const running = service.ServiceStatus?.RunningTasks ?? own.filter((t) => t.Status.State === 'running').length;
  const mode = serviceMode(service);
  const desired =
    service.ServiceStatus?.DesiredTasks ?? (mode === 'replicated' ? (service.Spec.Mode?.Replicated?.Replicas ?? 1) : own.filter(isActiveTask).length);
  const labels = service.Spec.Labels ?? {};
  return {
    id: service.ID,
    name: service.Spec.Name,
    image: displayImage(service.Spec.TaskTemplate?.ContainerSpec?.Image),
    mode,
    replicasRunning: running,
    replicasDesired: desired,
    replicasShort: isServiceShort({ mode, replicasRunning: running, replicasDesired: desired }),
    ports: (service.Endpoint?.Ports ?? []).map((p) => ({
      protocol: p.Protocol ?? 'tcp',
      targetPort: p.TargetPort ?? 0,
      publishedPort: p.PublishedPort ?? null,
      publishMode: p.PublishMode ?? 'ingress',
    })),
    labels,
    stack: labels[STACK_NAMESPACE_LABEL] ?? null,
    updateState: service.UpdateStatus?.State ?? null,
    updateMessage: service.UpdateStatus?.Message ?? null,
    createdAt: service.CreatedAt ?? null,
    updatedAt: service.UpdatedAt ?? null,
  };
}

/** The summaries of all services of one snapshot: the tasks are grouped by service once. */
export function toSwarmServiceSummaries(services: readonly EngineService[], tasks: readonly EngineTaskRecord[]): SwarmServiceSummary[] {
  const byService = groupBy(tasks, (t) => t.ServiceID);
  return services.map((s) => toSwarmServiceSummary(s, byService.get(s.ID) ?? []));
}

export function toTaskSummary(task: EngineTaskRecord, serviceNames: ReadonlyMap<string, string>): TaskSummary {
  return {
    id: task.ID,
    serviceId: task.ServiceID,
    serviceName: serviceNames.get(task.ServiceID) ?? null,
    nodeId: task.NodeID || null,
    slot: task.Slot ?? null,
    state: task.Status.State,
    stateKind: taskStateKind(task.Status.State),
    desiredState: task.DesiredState,
    message: task.Status.Message || null,
    error: task.Status.Err || null,
    containerId: task.Status.ContainerStatus?.ContainerID || null,
    image: displayImage(task.Spec?.ContainerSpec?.Image),
    createdAt: task.CreatedAt ?? null,
    updatedAt: task.UpdatedAt ?? null,
  };
}

export function serviceNameMap(services: readonly EngineServiceName[]): Map<string, string> {
  return new Map(services.map((s) => [s.ID, s.Spec.Name]));
}
