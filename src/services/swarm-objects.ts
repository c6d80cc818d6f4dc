/**
 * Secrets and configs of a cluster: listed with the services using them, created (the content goes only in
 * the Engine API request body: never stored, logged or returned), removed unless in use, and the plugin's
 * rows about them kept in step with the swarm. Reads race the managers and go to the swarm each time (a list is
 * one call, and a page must not show a secret the CLI just removed); when no manager answers in time, they answer
 * with the last list read, marked stale.
 */
import type { Principal } from '../contract/host.ts';
import type { SwarmObjectRepository } from '../db/repositories/swarm-object-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineConfig, type EngineObjectSpec, type EngineSecret, type SwarmClient } from '../docker/index.ts';
import { objectVersionOf, type SwarmObjectKind } from '../domain/swarm-object-names.ts';
import { objectUsers } from '../domain/swarm-object-refs.ts';
import { type ConfigContent, configContent, type SwarmObjectSummary, toSwarmObjectSummary } from '../domain/swarm-object-summary.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ServiceError } from './errors.ts';
import { type Fetched, lastKnown, readLastKnown } from './last-known.ts';
import type { OperationLog } from './operation-log.ts';
import type { NewObject } from './swarm-object-inputs.ts';
import type { TtlCache } from './ttl-cache.ts';

type EngineObject = EngineSecret | EngineConfig;

/** What of the Engine API secrets and configs need. */
export type ObjectClient = Pick<
  SwarmClient,
  'listSecrets' | 'inspectSecret' | 'createSecret' | 'removeSecret' | 'listConfigs' | 'inspectConfig' | 'createConfig' | 'removeConfig' | 'listServices'
>;

/** The Engine API calls of each kind. */
export const ENGINE_OBJECTS: Record<
  SwarmObjectKind,
  {
    list(client: ObjectClient): Promise<EngineObject[]>;
    inspect(client: ObjectClient, ref: string): Promise<EngineObject>;
    create(client: ObjectClient, spec: EngineObjectSpec): Promise<string>;
    remove(client: ObjectClient, id: string): Promise<void>;
  }
> = {
  secret: {
    list: (client) => client.listSecrets(),
    inspect: (client, ref) => client.inspectSecret(ref),
    create: (client, spec) => client.createSecret(spec),
    remove: (client, id) => client.removeSecret(id),
  },
  config: {
    list: (client) => client.listConfigs(),
    inspect: (client, ref) => client.inspectConfig(ref),
    create: (client, spec) => client.createConfig(spec),
    remove: (client, id) => client.removeConfig(id),
  },
};

export interface ConfigWithContent extends SwarmObjectSummary, ConfigContent {}

export class SwarmObjects {
  constructor(
    private readonly connections: ManagerAccess<ObjectClient>,
    private readonly records: Pick<SwarmObjectRepository, 'listForCluster' | 'insert' | 'remove' | 'keepOnly'>,
    private readonly log: Pick<OperationLog, 'record'>,
    /** The last lists read, for the answers when no manager answers. */
    private readonly cache: TtlCache,
  ) {}

  /** Every secret (or config) of the swarm by name, each with the services using it. */
  async list(cluster: ClusterRow, kind: SwarmObjectKind): Promise<Fetched<SwarmObjectSummary[]>> {
    const read = await readLastKnown(this.cache, listKey(cluster, kind), 0, () =>
      this.connections.read(cluster, (client) => Promise.all([ENGINE_OBJECTS[kind].list(client), client.listServices()])),
    );
    const [objects, services] = read.data;
    const users = objectUsers(services, kind);
    const records = this.recordsById(cluster, kind);
    const data = objects
      .map((object) => toSwarmObjectSummary(object, users.get(object.ID) ?? [], records.get(object.ID)))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { ...read, data };
  }

  /** One object by id, name or id prefix. */
  async get(cluster: ClusterRow, kind: SwarmObjectKind, ref: string): Promise<Fetched<SwarmObjectSummary>> {
    const read = await this.inspect(cluster, kind, ref);
    return { ...read, data: this.viewOf(cluster, kind, read.data.object, read.data.services) };
  }

  /** A config with its content as text (configs are not secret), capped. */
  async config(cluster: ClusterRow, ref: string): Promise<Fetched<ConfigWithContent>> {
    const read = await this.inspect(cluster, 'config', ref);
    const config = read.data.object as EngineConfig;
    return { ...read, data: { ...this.viewOf(cluster, 'config', config, read.data.services), ...configContent(config.Spec.Data) } };
  }

  async create(cluster: ClusterRow, principal: Principal, kind: SwarmObjectKind, input: NewObject): Promise<SwarmObjectSummary> {
    const created = await this.connections.withManager(cluster, async (client) => {
      const id = await createObject(client, kind, input);
      return ENGINE_OBJECTS[kind].inspect(client, id);
    });
    this.record(cluster, kind, created, principal.email, null);
    this.log.record(cluster, principal, {
      action: `${kind}.create`,
      actorId: created.ID,
      actorName: created.Spec.Name,
      attributes: labelAttributes(input.labels),
    });
    return toSwarmObjectSummary(created, [], { createdBy: principal.email, rotatedFrom: null });
  }

  /** Removes an object no service uses; refused (`in_use`) naming the services otherwise. */
  async remove(cluster: ClusterRow, principal: Principal, kind: SwarmObjectKind, ref: string): Promise<{ id: string; name: string }> {
    const removed = await this.connections.withManager(cluster, async (client) => {
      const object = await inspectObject(client, kind, ref);
      const usedBy = objectUsers(await client.listServices(), kind).get(object.ID) ?? [];
      if (usedBy.length) {
        throw new ServiceError('in_use', `${kind} ${object.Spec.Name} is used by ${usedBy.map((s) => s.name).join(', ')}: remove it from them first`, {
          services: usedBy,
        });
      }
      await ENGINE_OBJECTS[kind].remove(client, object.ID);
      return { id: object.ID, name: object.Spec.Name };
    });
    this.records.remove(cluster.id, kind, removed.id);
    this.log.record(cluster, principal, { action: `${kind}.remove`, actorId: removed.id, actorName: removed.name });
    return removed;
  }

  /** Drops the rows of secrets and configs the swarm no longer has (removed with the CLI, say). */
  async reconcile(cluster: ClusterRow): Promise<void> {
    const present = await this.connections.read(cluster, (client) => Promise.all([client.listSecrets(), client.listConfigs()]));
    this.records.keepOnly(
      cluster.id,
      'secret',
      present[0].map((s) => s.ID),
    );
    this.records.keepOnly(
      cluster.id,
      'config',
      present[1].map((c) => c.ID),
    );
  }

  /** Records an object made through the panel (by hand, or by a rotation from `rotatedFrom`). */
  record(cluster: ClusterRow, kind: SwarmObjectKind, object: EngineObject, createdBy: string, rotatedFrom: string | null): void {
    this.records.insert({
      clusterId: cluster.id,
      kind,
      dockerId: object.ID,
      name: object.Spec.Name,
      ...objectVersionOf(object.Spec.Name),
      createdBy,
      rotatedFrom,
    });
  }

  forget(cluster: ClusterRow, kind: SwarmObjectKind, dockerId: string): void {
    this.records.remove(cluster.id, kind, dockerId);
  }

  /** The object and the services, read from the swarm; from the last list read (stale) when no manager answers. */
  private async inspect(
    cluster: ClusterRow,
    kind: SwarmObjectKind,
    ref: string,
  ): Promise<Fetched<{ object: EngineObject; services: Parameters<typeof objectUsers>[0] }>> {
    try {
      const fetchedAt = new Date().toISOString();
      const data = await this.connections.read(cluster, async (client) => {
        const object = await inspectObject(client, kind, ref);
        return { object, services: await client.listServices() };
      });
      return { data, fetchedAt, stale: false };
    } catch (error) {
      const last = lastKnown<[EngineObject[], Parameters<typeof objectUsers>[0]]>(this.cache, listKey(cluster, kind), error);
      const object = last && findObject(last.data[0], ref);
      if (!last || !object) throw error;
      return { ...last, data: { object, services: last.data[1] } };
    }
  }

  private viewOf(cluster: ClusterRow, kind: SwarmObjectKind, object: EngineObject, services: Parameters<typeof objectUsers>[0]): SwarmObjectSummary {
    return toSwarmObjectSummary(object, objectUsers(services, kind).get(object.ID) ?? [], this.recordsById(cluster, kind).get(object.ID));
  }

  private recordsById(cluster: ClusterRow, kind: SwarmObjectKind) {
    return new Map(this.records.listForCluster(cluster.id, kind).map((row) => [row.dockerId, row]));
  }
}

function listKey(cluster: Pick<ClusterRow, 'id'>, kind: SwarmObjectKind): string {
  return `cluster:${cluster.id}:${kind}s`;
}

/** Docker's lookup of `ref`: the full id, else the name, else the one id it is a prefix of. */
function findObject(objects: readonly EngineObject[], ref: string): EngineObject | undefined {
  const prefixed = objects.filter((o) => o.ID.startsWith(ref));
  return objects.find((o) => o.ID === ref) ?? objects.find((o) => o.Spec.Name === ref) ?? (prefixed.length === 1 ? prefixed[0] : undefined);
}

/** Creates the object; the content is base64-encoded into the request body and goes nowhere else. */
export function createObject(client: ObjectClient, kind: SwarmObjectKind, input: NewObject): Promise<string> {
  return ENGINE_OBJECTS[kind].create(client, { Name: input.name, Labels: input.labels, Data: Buffer.from(input.content).toString('base64') });
}

export async function inspectObject(client: ObjectClient, kind: SwarmObjectKind, ref: string): Promise<EngineObject> {
  try {
    return await ENGINE_OBJECTS[kind].inspect(client, ref);
  } catch (error) {
    if (error instanceof DockerError && error.code === 'not_found') throw new ServiceError('not_found', `${kind} ${ref} is not part of this cluster`);
    throw error;
  }
}

function labelAttributes(labels: Record<string, string>): Record<string, string> {
  const keys = Object.keys(labels);
  return keys.length ? { labels: keys.join(',') } : {};
}
