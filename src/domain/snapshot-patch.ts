/**
 * A kept list brought up to date with the few objects read again after events, instead of the whole list read again:
 * the objects named are replaced, added or dropped; a service's tasks are replaced as a set. Which of the named
 * objects really changed (their version or task counts) says whose tasks to read again.
 */
import type { EngineNode, EngineService } from '../docker/schemas.ts';

/** `list` with the objects `ids` names as `fresh` has them: replaced in place, added at the end, or dropped. */
export function patchById<T extends { ID: string }>(list: readonly T[], ids: ReadonlySet<string>, fresh: readonly T[]): T[] {
  // The engine matches ID prefixes: keep only what was asked for.
  const byId = new Map(fresh.filter((item) => ids.has(item.ID)).map((item) => [item.ID, item]));
  const patched: T[] = [];
  for (const item of list) {
    if (!ids.has(item.ID)) patched.push(item);
    else {
      const now = byId.get(item.ID);
      if (now) patched.push(now);
      byId.delete(item.ID);
    }
  }
  patched.push(...byId.values());
  return patched;
}

/** The IDs among `ids` (all when omitted) whose object is in one list only, or differs by `version` between them. */
export function changedIds<T extends { ID: string }>(
  before: readonly T[],
  after: readonly T[],
  version: (item: T) => string,
  ids?: ReadonlySet<string>,
): Set<string> {
  const was = new Map(before.map((item) => [item.ID, version(item)]));
  const changed = new Set<string>();
  for (const item of after) {
    if (ids && !ids.has(item.ID)) continue;
    if (was.get(item.ID) !== version(item)) changed.add(item.ID);
    was.delete(item.ID);
  }
  for (const id of was.keys()) if (!ids || ids.has(id)) changed.add(id);
  return changed;
}

/** `tasks` with the tasks of `services` as `fresh` has them (a service gone has none). */
export function patchTasks<T extends { ServiceID: string }>(tasks: readonly T[], services: ReadonlySet<string>, fresh: readonly T[]): T[] {
  return [...tasks.filter((t) => !services.has(t.ServiceID)), ...fresh.filter((t) => services.has(t.ServiceID))];
}

/** The services with a task on one of `nodes`: a node's change (down, drained, relabelled) moves their tasks. */
export function servicesOnNodes(tasks: readonly { ServiceID: string; NodeID?: string }[], nodes: ReadonlySet<string>): Set<string> {
  return new Set(tasks.filter((t) => t.NodeID !== undefined && nodes.has(t.NodeID)).map((t) => t.ServiceID));
}

/**
 * What of a service tells its tasks changed: its version (every change to the stored service bumps it: spec, scale,
 * update state) and its task counts (a task died or started without a service event).
 */
export function serviceVersion(service: EngineService): string {
  const status = service.ServiceStatus;
  return `${service.Version.Index}|${status?.RunningTasks}|${status?.DesiredTasks}|${status?.CompletedTasks}`;
}

/** What of a node tells its tasks may have moved: its version (spec: availability, labels, role) and its state. */
export function nodeVersion(node: EngineNode): string {
  return `${node.Version.Index}|${node.Status.State}|${node.Spec.Availability}|${node.ManagerStatus?.Reachability ?? ''}`;
}
