/**
 * Docker stacks: no object of their own, only services, networks, secrets and configs carrying the label
 * `docker stack deploy` puts on them (`com.docker.stack.namespace`).
 */
import type { EngineConfig, EngineNetwork, EngineSecret, EngineService, EngineTask } from '../docker/schemas.ts';
import { type ServiceProgress, serviceProgress } from './service-progress.ts';

export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';

export interface StackSummary {
  name: string;
  services: number;
}

/** Stacks as `docker stack ls` derives them: services grouped by their stack namespace label, by name. */
export function stacksOf(services: { Spec: Pick<EngineService['Spec'], 'Labels'> }[]): StackSummary[] {
  const counts = new Map<string, number>();
  for (const service of services) {
    const name = service.Spec.Labels[STACK_NAMESPACE_LABEL];
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, services: count })).sort((a, b) => a.name.localeCompare(b.name));
}

export interface StackServiceSummary {
  id: string;
  name: string;
  image: string;
  mode: 'replicated' | 'global';
  replicasRunning: number;
  replicasDesired: number;
}

export interface StackObjectSummary {
  id: string;
  name: string;
}

export interface StackContents {
  name: string;
  services: StackServiceSummary[];
  networks: (StackObjectSummary & { driver: string })[];
  secrets: StackObjectSummary[];
  configs: StackObjectSummary[];
}

export interface StackObjects {
  services: EngineService[];
  networks: EngineNetwork[];
  secrets: EngineSecret[];
  configs: EngineConfig[];
}

const stackOf = (labels: Record<string, string> | undefined) => labels?.[STACK_NAMESPACE_LABEL];
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Every stack of the swarm with what carries its label (a stack may have networks left and no service). */
export function stackContents(objects: StackObjects): StackContents[] {
  const stacks = new Map<string, StackContents>();
  const stack = (name: string) => {
    let view = stacks.get(name);
    if (!view) stacks.set(name, (view = { name, services: [], networks: [], secrets: [], configs: [] }));
    return view;
  };
  for (const s of objects.services) {
    const name = stackOf(s.Spec.Labels);
    if (!name) continue;
    const global = s.Spec.Mode.Global !== undefined;
    stack(name).services.push({
      id: s.ID,
      name: s.Spec.Name,
      image: stripDigest(s.Spec.TaskTemplate.ContainerSpec?.Image ?? ''),
      mode: global ? 'global' : 'replicated',
      replicasRunning: s.ServiceStatus?.RunningTasks ?? 0,
      replicasDesired: global ? (s.ServiceStatus?.DesiredTasks ?? 0) : (s.Spec.Mode.Replicated?.Replicas ?? 1),
    });
  }
  for (const n of objects.networks) {
    const name = stackOf(n.Labels);
    if (name) stack(name).networks.push({ id: n.Id, name: n.Name, driver: n.Driver ?? '' });
  }
  for (const s of objects.secrets) {
    const name = stackOf(s.Spec.Labels);
    if (name) stack(name).secrets.push({ id: s.ID, name: s.Spec.Name });
  }
  for (const c of objects.configs) {
    const name = stackOf(c.Spec.Labels);
    if (name) stack(name).configs.push({ id: c.ID, name: c.Spec.Name });
  }
  for (const view of stacks.values()) {
    view.services.sort(byName);
    view.networks.sort(byName);
    view.secrets.sort(byName);
    view.configs.sort(byName);
  }
  return [...stacks.values()].sort(byName);
}

function stripDigest(image: string): string {
  const at = image.indexOf('@sha256:');
  return at < 0 ? image : image.slice(0, at);
}

/** What a deploy or a removal touched, by kind, as names. */
export interface StackChanges {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface StackPreview {
  stack: string;
  warnings: string[];
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface StackDeployResult {
  stack: string;
  warnings: string[];
  created: StackChanges;
  /** Services whose spec changed. */
  updated: string[];
  /** Services left as they were: their spec is the file's already. */
  unchanged: string[];
  /** Services pruned (with `prune`). */
  removed: string[];
}

export interface StackRemoveResult {
  stack: string;
  removed: StackChanges;
}

export interface StackServiceProgress extends ServiceProgress {
  /** Docker's reason for the latest failed or rejected task of the current spec, while the service is short. */
  failure: string | null;
}

export interface StackProgress {
  stack: string;
  services: StackServiceProgress[];
  /** Every service converged. */
  converged: boolean;
  /** Some service is not converging by itself: a paused or failed update, or tasks failing. */
  failed: boolean;
}

const FAILED_STATES = new Set(['failed', 'rejected']);

/** How far each service of the stack is from its spec, with Docker's reason when its tasks keep failing. */
export function stackProgress(stack: string, services: readonly EngineService[], tasks: readonly EngineTask[]): StackProgress {
  const progress = services
    .filter((s) => stackOf(s.Spec.Labels) === stack)
    .map((service): StackServiceProgress => {
      const p = serviceProgress(service, tasks);
      const failedTask = tasks
        .filter((t) => t.ServiceID === service.ID && FAILED_STATES.has(t.Status.State))
        .sort((a, b) => (b.Status.Timestamp ?? '').localeCompare(a.Status.Timestamp ?? ''))[0];
      const short = p.phase !== 'converged';
      const reason = failedTask ? `${failedTask.Status.State}: ${failedTask.Status.Err || failedTask.Status.Message || 'no reason given'}` : null;
      return { ...p, failure: short ? (p.problem ?? reason) : null };
    })
    .sort(byName);
  return {
    stack,
    services: progress,
    converged: progress.every((p) => p.phase === 'converged'),
    failed: progress.some((p) => p.failure !== null),
  };
}
