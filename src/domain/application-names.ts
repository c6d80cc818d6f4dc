/**
 * Tasks of the panel's applications named by the application: a deployed stack's services are
 * `<application uuid>_<service>`, which says nothing to a reader. The service is recognised by its stack
 * label (the application's uuid), never by its name.
 */
import type { SwarmServiceSummary, TaskSummary } from './swarm-summaries.ts';

/** Service id -> `<application name>_<service>`, for the services of a known application's stack. */
export function applicationServiceNames(
  services: readonly Pick<SwarmServiceSummary, 'id' | 'name' | 'stack'>[],
  applications: readonly { uuid: string; name: string }[],
): Map<string, string> {
  const appNames = new Map(applications.map((a) => [a.uuid, a.name]));
  const names = new Map<string, string>();
  for (const service of services) {
    const app = service.stack ? appNames.get(service.stack) : undefined;
    if (!app || !service.stack) continue;
    const prefix = `${service.stack}_`;
    names.set(service.id, `${app}_${service.name.startsWith(prefix) ? service.name.slice(prefix.length) : service.name}`);
  }
  return names;
}

/** One service's name as a reader knows it: the application's for a known application's stack, else Docker's. */
export function applicationServiceName(
  service: Pick<SwarmServiceSummary, 'id' | 'name' | 'stack'>,
  applications: readonly { uuid: string; name: string }[],
): string {
  return applicationServiceNames([service], applications).get(service.id) ?? service.name;
}

export function withApplicationNames<T extends Pick<TaskSummary, 'serviceId' | 'serviceName'>>(tasks: readonly T[], names: ReadonlyMap<string, string>): T[] {
  return tasks.map((t) => (names.has(t.serviceId) ? { ...t, serviceName: names.get(t.serviceId)! } : t));
}
