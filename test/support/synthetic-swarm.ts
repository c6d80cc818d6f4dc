/**
 * Generated swarms of any size, each object a copy of one recorded on the lab swarm (src/docker/fixtures) with
 * its identity changed, so parsers and summary builders see exactly the shapes a real engine sends.
 */
import { readFileSync } from 'node:fs';
import type { HostServer } from '../../src/contract/host.ts';
import type { ClusterRow } from '../../src/db/schema.ts';
import type { EngineNode, EngineService, EngineTask } from '../../src/docker/schemas.ts';
import type { ManagerAccess } from '../../src/services/cluster-connections.ts';

const recorded = <T>(name: string): T[] => JSON.parse(readFileSync(new URL(`../../src/docker/fixtures/${name}.json`, import.meta.url), 'utf8')) as T[];

const NODES = recorded<EngineNode>('nodes');
const SERVICES = recorded<EngineService>('services');
const TASKS = recorded<EngineTask>('tasks');

const LEADER = find(NODES, (n) => n.ManagerStatus?.Leader === true);
const WORKER = find(NODES, (n) => n.Spec.Role === 'worker');
const REPLICATED = find(SERVICES, (s) => s.Spec.Name === 'web');
const RUNNING_TASK = find(TASKS, (t) => t.Status.State === 'running' && t.DesiredState === 'running' && t.Slot !== undefined);
const FAILED_TASK = find(TASKS, (t) => t.Status.State === 'failed' && t.DesiredState === 'shutdown');

function find<T>(items: T[], test: (item: T) => boolean): T {
  const found = items.find(test);
  if (!found) throw new Error('the recorded fixtures lack an object the synthetic swarm copies');
  return found;
}

export interface SwarmSize {
  nodes: number;
  services: number;
  tasks: number;
}

export interface SyntheticSwarm {
  nodes: EngineNode[];
  services: EngineService[];
  tasks: EngineTask[];
}

/** Engine ids are 25 lowercase letters and digits. */
export const syntheticId = (kind: 'n' | 's' | 't', i: number): string => `${kind}${i.toString(36).padStart(24, '0')}`;

/** Every tenth task is a failed one kept in history; the others run. Three managers (or fewer), one the leader. */
export function syntheticSwarm(size: SwarmSize): SyntheticSwarm {
  const nodes = Array.from({ length: size.nodes }, (_, i) => syntheticNode(i));
  const tasks = Array.from({ length: size.tasks }, (_, i) => syntheticTask(i, size));
  const running = new Map<string, number>();
  for (const t of tasks) if (t.DesiredState === 'running') running.set(t.ServiceID, (running.get(t.ServiceID) ?? 0) + 1);
  const services = Array.from({ length: size.services }, (_, i) => syntheticService(i, running.get(syntheticId('s', i)) ?? 0));
  return { nodes, services, tasks };
}

function syntheticNode(i: number): EngineNode {
  const node = structuredClone(i < 3 ? LEADER : WORKER);
  node.ID = syntheticId('n', i);
  if (node.Description) node.Description.Hostname = `syn-n${i + 1}`;
  const addr = `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;
  node.Status.Addr = addr;
  if (i < 3) node.ManagerStatus = { Leader: i === 0, Reachability: 'reachable', Addr: `${addr}:2377` };
  return node;
}

function syntheticService(i: number, replicas: number): EngineService {
  const service = structuredClone(REPLICATED);
  service.ID = syntheticId('s', i);
  service.Spec.Name = `svc-${i + 1}`;
  service.Spec.Labels = { 'com.docker.stack.namespace': `stack-${Math.floor(i / 10) + 1}` };
  service.Spec.Mode = { Replicated: { Replicas: replicas } };
  delete service.UpdateStatus;
  service.ServiceStatus = { RunningTasks: replicas, DesiredTasks: replicas, CompletedTasks: 0 };
  return service;
}

function syntheticTask(i: number, size: SwarmSize): EngineTask {
  const failed = i % 10 === 9;
  const task = structuredClone(failed ? FAILED_TASK : RUNNING_TASK);
  task.ID = syntheticId('t', i);
  task.ServiceID = syntheticId('s', i % size.services);
  task.NodeID = syntheticId('n', i % size.nodes);
  task.Slot = Math.floor(i / size.services) + 1;
  if (task.Status.ContainerStatus) task.Status.ContainerStatus.ContainerID = i.toString(16).padStart(64, '0');
  return task;
}

/** One manager's client for every call, as the cluster connections hand out the one that answers. */
export function managerAccess<Client>(client: Client): ManagerAccess<Client> {
  const call = <T>(_cluster: ClusterRow, fn: (client: Client, server: HostServer) => Promise<T>) => fn(client, { id: 'synthetic' } as HostServer);
  return { withManager: call, read: call };
}
