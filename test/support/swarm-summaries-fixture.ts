/** Plain NodeSummary/SwarmServiceSummary/TaskSummary builders for pure tests, and a generated large swarm. */

import { isServiceShort } from '../../src/domain/cluster-health.ts';
import type { NodeSummary, SwarmServiceSummary, TaskSummary } from '../../src/domain/swarm-summaries.ts';
import { taskStateKind } from '../../src/domain/task-state.ts';

export function nodeSummary(patch: Partial<NodeSummary> & { id: string }): NodeSummary {
  return {
    hostname: patch.id,
    role: 'worker',
    status: 'ready',
    statusMessage: null,
    availability: 'active',
    ip: '10.0.0.1',
    engineVersion: '20.10.24',
    os: 'linux',
    architecture: 'x86_64',
    cpuCores: 2,
    memoryBytes: 4 * 1024 ** 3,
    labels: {},
    isLeader: false,
    managerReachability: null,
    managerAddr: null,
    taskCount: 0,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...patch,
  };
}

export function swarmServiceSummary(patch: Partial<SwarmServiceSummary> & { id: string }): SwarmServiceSummary {
  const fields: Omit<SwarmServiceSummary, 'replicasShort'> = {
    name: patch.id,
    image: 'lab/busybox:latest',
    mode: 'replicated',
    replicasRunning: 1,
    replicasDesired: 1,
    ports: [],
    labels: {},
    stack: null,
    updateState: null,
    updateMessage: null,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...patch,
  };
  return { ...fields, replicasShort: isServiceShort(fields) };
}

export function taskSummary(patch: Partial<TaskSummary> & { id: string; serviceId: string }): TaskSummary {
  return {
    serviceName: patch.serviceId,
    nodeId: null,
    slot: 1,
    state: 'running',
    desiredState: 'running',
    message: 'started',
    error: null,
    containerId: null,
    image: 'lab/busybox:latest',
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...patch,
    stateKind: taskStateKind(patch.state ?? 'running'),
  };
}

const STATES = ['running', 'running', 'running', 'running', 'pending', 'preparing', 'failed', 'starting'];

/** `nodeCount` nodes (3 managers, one of them down) and `taskCount` tasks over 25 services, deterministic. */
export function generatedSwarm(nodeCount: number, taskCount: number): { nodes: NodeSummary[]; services: SwarmServiceSummary[]; tasks: TaskSummary[] } {
  const nodes = Array.from({ length: nodeCount }, (_, i) =>
    nodeSummary({
      id: `node${String(i).padStart(21, '0')}abcd`,
      hostname: `node-${i + 1}`,
      role: i < 3 ? 'manager' : 'worker',
      isLeader: i === 0,
      status: i === nodeCount - 1 ? 'down' : 'ready',
      availability: i === 4 ? 'drain' : 'active',
      ip: `10.1.0.${i + 10}`,
    }),
  );
  const services = Array.from({ length: 25 }, (_, i) => swarmServiceSummary({ id: `svc${String(i).padStart(22, '0')}`, name: `app-${i + 1}_web` }));
  const tasks = Array.from({ length: taskCount }, (_, i) => {
    const service = services[i % services.length]!;
    const node = nodes[i % nodes.length]!;
    const state = STATES[i % STATES.length]!;
    return taskSummary({
      id: `task${String(i).padStart(21, '0')}`,
      serviceId: service.id,
      serviceName: service.name,
      nodeId: node.id,
      slot: Math.floor(i / services.length) + 1,
      state,
      desiredState: state === 'failed' ? 'shutdown' : 'running',
      error: state === 'failed' ? 'task: non-zero exit (1)' : null,
    });
  });
  for (const node of nodes) node.taskCount = tasks.filter((t) => t.nodeId === node.id && t.desiredState === 'running').length;
  return { nodes, services, tasks };
}
