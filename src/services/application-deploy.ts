/**
 * Deploying a host application as a stack on the cluster its server belongs to: its swarm settings are read
 * and saved through the host contract, checked against the cluster's nodes now (preflight), and applied through
 * the Engine API the way `docker stack deploy` would: stack = application uuid, an overlay network
 * `<uuid>_default`, the service `<uuid>_app` created or updated (read-modify-write with its version).
 * Anything refused is refused before the first write. A host with a deployer of its own (contract 1.3's
 * `applications.deploySwarm`) gets the checked settings instead, and the task widget finds the application's
 * services by the host's label (`applications.taskLabel`).
 */
import { z } from 'zod';
import type { HostApplication, HostDeployOutcome, HostServices, PluginSettings, Principal } from '../contract/host.ts';
import type { ClusterRepository } from '../db/repositories/cluster-repository.ts';
import type { ClusterServerRepository } from '../db/repositories/cluster-server-repository.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineService, type SwarmClient } from '../docker/index.ts';
import { CommandSyntaxError, splitCommand } from '../domain/command-words.ts';
import { toComposeDeploy, toComposeHealthcheck } from '../domain/compose-deploy.ts';
import { type PreflightResult, placementNodes, preflightPlacement } from '../domain/placement-preflight.ts';
import { STACK_NAMESPACE_LABEL } from '../domain/stacks.ts';
import { type SwarmSettings, storedSwarmSettings } from '../domain/swarm-deploy-config.ts';
import { stackNetworkName, stackNetworkSpec, stackServiceName, stackServiceSpec } from '../domain/swarm-service-spec.ts';
import { serviceMode } from '../domain/swarm-summaries.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { ServiceError } from './errors.ts';
import type { OperationLog } from './operation-log.ts';
import type { SwarmState } from './swarm-state.ts';

export interface DeployResult {
  cluster: { uuid: string; name: string };
  stack: string;
  serviceId: string;
  serviceName: string;
  networkName: string;
  /** False when an existing service was updated. */
  created: boolean;
  /** Docker's warnings about the spec. */
  warnings: string[];
  preflight: PreflightResult;
}

/** A deploy refused by the preflight: nothing was written. */
export class PlacementRefusedError extends ServiceError {
  override name = 'PlacementRefusedError';
  constructor(readonly preflight: PreflightResult) {
    super('validation_failed', `not deployed: ${preflight.problem}`);
  }
}

/** What the host stores: the form's settings, plus the compose mappings for hosts that deploy with compose. */
function storedForm(settings: SwarmSettings): Record<string, unknown> {
  return { ...settings, compose: { deploy: toComposeDeploy(settings), healthcheck: toComposeHealthcheck(settings) } };
}

const NetworkListSchema = z.array(z.looseObject({ Id: z.string(), Name: z.string() }));
const NetworkCreatedSchema = z.looseObject({ Id: z.string() });
const ServiceCreatedSchema = z.looseObject({ ID: z.string(), Warning: z.string().optional(), Warnings: z.array(z.string()).nullish() });

type NetworkSummary = z.infer<typeof NetworkListSchema>[number];

/** What a deploy uses of a manager's client. */
export type DeployClient = Pick<SwarmClient, 'listNodes' | 'request' | 'inspectService' | 'modifyService'>;

/** What a deploy did: written on the swarm by the plugin, or handed to the host's deployer. */
export type DeployOutcome = { by: 'plugin'; result: DeployResult } | { by: 'host'; cluster: { uuid: string; name: string }; outcome: HostDeployOutcome };

export class ApplicationDeploy {
  constructor(
    private readonly host: Pick<HostServices, 'applications' | 'servers'>,
    private readonly clusters: Pick<ClusterRepository, 'findById'>,
    private readonly clusterServers: Pick<ClusterServerRepository, 'findByServer'>,
    private readonly connections: ManagerAccess<DeployClient>,
    private readonly state: Pick<SwarmState, 'rawNodes' | 'invalidate'>,
    private readonly log: Pick<OperationLog, 'record'>,
    private readonly options: PluginSettings['applications'],
  ) {}

  /** Whether the plugin offers its deploy form (a host with its own form turns it off). */
  get offersForm(): boolean {
    return this.options.deployForm;
  }

  /** Whether a service runs the application: the task label says its uuid (the stack namespace by default). */
  runs(service: { labels: Record<string, string> }, applicationUuid: string): boolean {
    return service.labels[this.options.taskLabel] === applicationUuid;
  }

  /** An application of the team; another team's is not found. */
  async application(teamId: string, uuid: string): Promise<HostApplication> {
    const application = await this.host.applications.get({ teamId, uuid });
    if (!application) throw new ServiceError('not_found', `application ${uuid} not found`);
    return application;
  }

  /** The saved settings (Docker's defaults when none), or null when what is saved no longer validates. */
  settings(application: HostApplication): SwarmSettings | null {
    // The stored `compose` copy is for the host; the schema drops it.
    return storedSwarmSettings(application.swarmSettings);
  }

  async save(application: HostApplication, settings: SwarmSettings): Promise<void> {
    await this.host.applications.saveSwarmSettings({ teamId: application.teamId, uuid: application.uuid, settings: storedForm(settings) });
  }

  /** The cluster the application's server is a node of, or a validation error saying why there is none. */
  async clusterFor(application: HostApplication): Promise<ClusterRow> {
    if (!application.serverId) {
      throw new ServiceError('validation_failed', 'the application has no server, so no cluster to deploy it to', { field: 'serverId' });
    }
    const link = this.clusterServers.findByServer(application.serverId);
    const cluster = link ? this.clusters.findById(link.clusterId) : undefined;
    if (!cluster || cluster.teamId !== application.teamId) {
      const server = await this.host.servers.get({ teamId: application.teamId, serverId: application.serverId });
      throw new ServiceError(
        'validation_failed',
        `the application's server ${server?.name ?? application.serverId} is not part of any cluster: detect or create the cluster of its swarm first`,
        { field: 'serverId' },
      );
    }
    return cluster;
  }

  /**
   * Which nodes match the settings now, read fresh from a manager (labels may have just changed); `cached` takes
   * the cached node list instead, for a check that only accompanies something else (a save).
   */
  async preflight(cluster: ClusterRow, settings: SwarmSettings, options: { cached?: boolean } = {}): Promise<PreflightResult> {
    const nodes = options.cached ? (await this.state.rawNodes(cluster)).data : await this.connections.read(cluster, (client) => client.listNodes());
    return preflightPlacement(settings, placementNodes(nodes));
  }

  /** Deploys through the host's deployer when it has one, else through the Engine API (`deployStack`). */
  async deploy(principal: Principal, application: HostApplication, settings: SwarmSettings): Promise<DeployOutcome> {
    const hostDeploy = this.host.applications.deploySwarm;
    if (!hostDeploy) return { by: 'plugin', result: await this.deployStack(principal, application, settings) };
    const cluster = await this.clusterFor(application);
    const preflight = await this.preflight(cluster, settings);
    if (preflight.problem) throw new PlacementRefusedError(preflight);
    const outcome = await hostDeploy.call(this.host.applications, { principal, application, settings: storedForm(settings) });
    this.state.invalidate(cluster, ['services', 'tasks', 'info']);
    this.log.record(cluster, principal, {
      action: 'application.deploy-host',
      actorId: application.uuid,
      actorName: application.name,
      attributes: { application: application.uuid, applicationName: application.name, message: outcome.message },
    });
    return { by: 'host', cluster: { uuid: cluster.uuid, name: cluster.name }, outcome };
  }

  /** The application as its own stack, written on the swarm through a manager. */
  async deployStack(principal: Principal, application: HostApplication, settings: SwarmSettings): Promise<DeployResult> {
    const cluster = await this.clusterFor(application);
    const image = application.image;
    if (!image) throw new ServiceError('validation_failed', 'the host gives no image for this application', { field: 'image' });
    let args: string[] | null = null;
    try {
      args = application.command ? splitCommand(application.command) : null;
    } catch (error) {
      if (!(error instanceof CommandSyntaxError)) throw error;
      throw new ServiceError('validation_failed', `the application's command cannot be read: ${error.message}`, { field: 'command' });
    }
    const stack = application.uuid;

    const result = await this.connections.withManager(cluster, async (client) => {
      const preflight = preflightPlacement(settings, placementNodes(await client.listNodes()));
      if (preflight.problem) throw new PlacementRefusedError(preflight);
      const existing = await findService(client, stackServiceName(stack));
      // Refused before the first write (the network), and again on the fresh read of the update.
      if (existing) assertUpdatable(existing, stack, settings);
      const network = await this.ensureNetwork(client, stack);
      const spec = (forceUpdate?: number) => stackServiceSpec({ stack, image, args, networkId: network.Id, settings, forceUpdate });
      if (existing) {
        const warnings = await this.update(client, existing, stack, settings, spec);
        return { preflight, network, serviceId: existing.ID, created: false, warnings };
      }
      try {
        const created = await client.request('POST', '/services/create', { body: spec(), schema: ServiceCreatedSchema });
        return {
          preflight,
          network,
          serviceId: created.ID,
          created: true,
          warnings: [...(created.Warnings ?? []), ...(created.Warning ? [created.Warning] : [])],
        };
      } catch (error) {
        // Someone created it between our look and our create: update theirs instead.
        const raced = error instanceof DockerError && error.code === 'conflict' ? await findService(client, stackServiceName(stack)) : null;
        if (!raced) throw error;
        const warnings = await this.update(client, raced, stack, settings, spec);
        return { preflight, network, serviceId: raced.ID, created: false, warnings };
      }
    });

    this.state.invalidate(cluster, ['services', 'tasks', 'info']);
    const serviceName = stackServiceName(stack);
    this.log.record(cluster, principal, {
      action: result.created ? 'application.deploy-create' : 'application.deploy-update',
      actorId: result.serviceId,
      actorName: serviceName,
      attributes: { application: application.uuid, applicationName: application.name, image, stack },
    });
    return {
      cluster: { uuid: cluster.uuid, name: cluster.name },
      stack,
      serviceId: result.serviceId,
      serviceName,
      networkName: result.network.Name,
      created: result.created,
      warnings: result.warnings,
      preflight: result.preflight,
    };
  }

  /** The whole spec replaced by ours (declarative, like a stack deploy), at the version it was read. */
  private update(
    client: DeployClient,
    service: EngineService,
    stack: string,
    settings: SwarmSettings,
    spec: (forceUpdate?: number) => ReturnType<typeof stackServiceSpec>,
  ): Promise<string[]> {
    return client.modifyService(service.ID, (current, fresh) => {
      assertUpdatable(fresh, stack, settings);
      return spec(current.TaskTemplate.ForceUpdate);
    });
  }

  /** The stack's overlay network, created like `docker stack deploy` does when it is missing. */
  private async ensureNetwork(client: DeployClient, stack: string): Promise<NetworkSummary> {
    const name = stackNetworkName(stack);
    const find = async () => {
      // The name filter matches substrings: keep the exact name only.
      const networks = await client.request('GET', '/networks', { query: { filters: JSON.stringify({ name: [name] }) }, schema: NetworkListSchema });
      return networks.find((n) => n.Name === name) ?? null;
    };
    const existing = await find();
    if (existing) return existing;
    try {
      const created = await client.request('POST', '/networks/create', { body: stackNetworkSpec(stack), schema: NetworkCreatedSchema });
      return { Id: created.Id, Name: name };
    } catch (error) {
      const raced = error instanceof DockerError && error.code === 'conflict' ? await find() : null;
      if (!raced) throw error;
      return raced;
    }
  }
}

/** Our stack's service, in a mode the settings can keep (the swarm cannot switch replicated and global). */
function assertUpdatable(service: EngineService, stack: string, settings: SwarmSettings): void {
  if (service.Spec.Labels[STACK_NAMESPACE_LABEL] !== stack) {
    throw new ServiceError('conflict', `a service named ${service.Spec.Name} exists outside stack ${stack}: rename or remove it first`);
  }
  const mode = serviceMode(service);
  if (mode !== settings.mode) {
    throw new ServiceError(
      'conflict',
      `${service.Spec.Name} runs in ${mode} mode and the swarm cannot switch it to ${settings.mode}: remove the service, then deploy again`,
      { field: 'mode' },
    );
  }
}

/** The service of that exact name, or null. */
async function findService(client: Pick<DeployClient, 'inspectService'>, name: string): Promise<EngineService | null> {
  try {
    const service = await client.inspectService(name);
    // Docker also resolves id prefixes: only the exact name counts.
    return service.Spec.Name === name ? service : null;
  } catch (error) {
    if (error instanceof DockerError && error.code === 'not_found') return null;
    throw error;
  }
}
