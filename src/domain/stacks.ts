/** Docker stacks: no object of their own, only services carrying the label `docker stack deploy` puts on them. */
import type { EngineService } from '../docker/schemas.ts';

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
