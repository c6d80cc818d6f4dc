/**
 * How services refer to secrets and configs (`TaskTemplate.ContainerSpec.Secrets` / `.Configs`): who uses
 * which, and moving a service from one object to another keeping each reference's target file, uid, gid
 * and mode.
 */
import type { EngineService, EngineServiceSpec } from '../docker/schemas.ts';
import type { SwarmObjectKind } from './swarm-object-names.ts';

export interface ObjectUser {
  id: string;
  name: string;
}

/** A reference as the Engine API writes it; fields this code does not touch (`File`, `Runtime`) pass through. */
type Reference = Record<string, unknown>;

const FIELDS = {
  secret: { list: 'Secrets', id: 'SecretID', name: 'SecretName' },
  config: { list: 'Configs', id: 'ConfigID', name: 'ConfigName' },
} as const;

function referencesOf(spec: EngineServiceSpec, kind: SwarmObjectKind): Reference[] {
  const list = spec.TaskTemplate.ContainerSpec?.[FIELDS[kind].list];
  return Array.isArray(list) ? (list as Reference[]) : [];
}

export function usesObject(spec: EngineServiceSpec, kind: SwarmObjectKind, objectId: string): boolean {
  return referencesOf(spec, kind).some((ref) => ref[FIELDS[kind].id] === objectId);
}

/** For each object id, the services whose current spec refers to it, by name. */
export function objectUsers(services: readonly EngineService[], kind: SwarmObjectKind): Map<string, ObjectUser[]> {
  const users = new Map<string, ObjectUser[]>();
  for (const service of [...services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))) {
    const ids = new Set(referencesOf(service.Spec, kind).map((ref) => ref[FIELDS[kind].id]));
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      users.set(id, [...(users.get(id) ?? []), { id: service.ID, name: service.Spec.Name }]);
    }
  }
  return users;
}

/** The spec with every reference to `from` pointing at `to` instead; the rest of each reference is kept as it was. */
export function moveReferences(spec: EngineServiceSpec, kind: SwarmObjectKind, from: string, to: { id: string; name: string }): EngineServiceSpec {
  const fields = FIELDS[kind];
  const moved = referencesOf(spec, kind).map((ref) => (ref[fields.id] === from ? { ...ref, [fields.id]: to.id, [fields.name]: to.name } : ref));
  const containerSpec = spec.TaskTemplate.ContainerSpec;
  if (!containerSpec) return spec;
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...containerSpec, [fields.list]: moved } } };
}
