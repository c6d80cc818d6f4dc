/** The counts of the overview cards, from one read of the nodes, services and tasks lists. */
import { isServiceShort } from './cluster-health.ts';
import { isUpdateInProgress, type NodeSummary, type SwarmServiceSummary, type TaskSummary } from './swarm-summaries.ts';
import { taskStateKind } from './task-state.ts';

export interface OverviewCounts {
  nodes: { total: number; managers: number; workers: number; down: number };
  /** Each service in exactly one bucket: a rolling update in progress, else short of replicas or a stopped update, else running. */
  services: { total: number; running: number; updating: number; failed: number };
  /** Running and pending: tasks the swarm wants running. Failed: failed or rejected tasks it still keeps in history. */
  tasks: { running: number; pending: number; failed: number };
}

const STOPPED_UPDATE = new Set(['paused', 'rollback_paused']);

export function serviceBucket(service: SwarmServiceSummary): 'running' | 'updating' | 'failed' {
  if (isUpdateInProgress(service.updateState)) return 'updating';
  if (isServiceShort(service) || (service.updateState && STOPPED_UPDATE.has(service.updateState))) return 'failed';
  return 'running';
}

export function overviewCounts(input: { nodes: NodeSummary[]; services: SwarmServiceSummary[]; tasks: TaskSummary[] }): OverviewCounts {
  const managers = input.nodes.filter((n) => n.role === 'manager').length;
  const services = { total: input.services.length, running: 0, updating: 0, failed: 0 };
  for (const service of input.services) services[serviceBucket(service)]++;
  const tasks = { running: 0, pending: 0, failed: 0 };
  for (const task of input.tasks) {
    const kind = taskStateKind(task.state);
    if (kind === 'failed') tasks.failed++;
    else if (task.desiredState === 'running' && (kind === 'running' || kind === 'pending')) tasks[kind]++;
  }
  return {
    nodes: {
      total: input.nodes.length,
      managers,
      workers: input.nodes.length - managers,
      down: input.nodes.filter((n) => n.status !== 'ready').length,
    },
    services,
    tasks,
  };
}
