/**
 * Stacks of a cluster: listing them by their label, deploying a compose file the way `docker stack deploy`
 * does (networks, the stack's own secrets and configs, then each service created or updated at the version
 * it was read, and with prune the stack's services the file no longer has removed), and removing a stack
 * (services, then networks, then its own secrets and configs; external ones are left). A service whose
 * spec would not change is not written, so redeploying an unchanged file changes nothing. Everything the file
 * needs that must exist already (external networks, secrets, configs) is checked before the first write.
 * A deploy that fails is announced once (`stack.deploy_failed`): when Docker refuses one of its writes, or
 * when, within `stackDeployWatchSeconds` after it, a service it wrote fails to come up or to update
 * (domain/stack-deploy-outcome.ts). The panel's own refusals (a bad file, a name taken) are answered, not announced.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostLogger, Principal } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import { DockerError, type EngineService, type SwarmClient } from '../docker/index.ts';
import type { EngineConfig, EngineNetwork, EngineSecret } from '../docker/schemas.ts';
import { sameServiceSpec } from '../domain/service-spec-diff.ts';
import { ComposeError, type PlannedFileObject, planStack, STACK_IMAGE_LABEL, type StackPlan, type StackServiceSpec } from '../domain/stack-compose.ts';
import { type DeployFailure, deployOutcome } from '../domain/stack-deploy-outcome.ts';
import {
  STACK_NAMESPACE_LABEL,
  type StackChanges,
  type StackContents,
  type StackDeployResult,
  type StackPreview,
  type StackProgress,
  type StackRemoveResult,
  stackContents,
  stackProgress,
} from '../domain/stacks.ts';
import { stackDeployFailedNotification } from '../domain/transition-notification.ts';
import type { ClusterConnections } from './cluster-connections.ts';
import type { ClusterNotifier } from './cluster-notifier.ts';
import { ServiceError } from './errors.ts';
import { type Fetched, readLastKnown } from './last-known.ts';
import type { OperationLog } from './operation-log.ts';
import type { DeployStackInput } from './stack-inputs.ts';
import type { SwarmState } from './swarm-state.ts';
import type { TtlCache } from './ttl-cache.ts';

/** Removing a network right after its services waits for their tasks to let go of it. */
const RELEASE_TIMEOUT_MS = 60_000;
const RELEASE_POLL_MS = 500;

const emptyChanges = (): StackChanges => ({ services: [], networks: [], secrets: [], configs: [] });

/** Docker's answers that are a refusal of the deploy itself, not a manager out of reach. */
const REFUSALS = new Set(['bad_request', 'conflict', 'precondition', 'engine', 'not_found']);

export interface StackWatchOptions {
  notifier: Pick<ClusterNotifier, 'announce'>;
  logger: Pick<HostLogger, 'warn'>;
  /** How long after a deploy its services are watched for a failure (the `stackDeployWatchSeconds` setting). */
  watchMs: number;
  /** How often they are read meanwhile (default 2 s). */
  pollMs?: number;
}

export class StackOperations {
  private readonly watching = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly connections: Pick<ClusterConnections, 'withManager' | 'read'>,
    private readonly state: Pick<SwarmState, 'invalidate'>,
    private readonly log: Pick<OperationLog, 'record'>,
    /** The last reads, for the answers when no manager answers. */
    private readonly cache: TtlCache,
    private readonly watch?: StackWatchOptions,
  ) {}

  /** Stops watching deploys and waits for the watches to end. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.watching);
  }

  /**
   * Every stack of the cluster with its services, networks, secrets and configs, read fresh from whichever
   * manager answers first; the last list read (stale) when none answers in time.
   */
  list(cluster: ClusterRow): Promise<Fetched<StackContents[]>> {
    return readLastKnown(this.cache, `cluster:${cluster.id}:stacks`, 0, () =>
      this.connections.read(cluster, async (client) => stackContents(await readObjects(client))),
    );
  }

  async get(cluster: ClusterRow, name: string): Promise<Fetched<StackContents>> {
    const stacks = await this.list(cluster);
    const stack = stacks.data.find((s) => s.name === name);
    if (!stack) throw new ServiceError('not_found', `stack ${name} is not deployed on this cluster`);
    return { ...stacks, data: stack };
  }

  /** Each service's convergence, with Docker's reason for failing tasks (the last one read, stale, when no manager answers). */
  progress(cluster: ClusterRow, name: string): Promise<Fetched<StackProgress>> {
    return readLastKnown(this.cache, `cluster:${cluster.id}:stack-progress:${name}`, 0, () =>
      this.connections.read(cluster, async (client) => {
        const services = await client.listServices({ label: `${STACK_NAMESPACE_LABEL}=${name}` });
        const tasks = services.length ? await client.listTasks() : [];
        return stackProgress(name, services, tasks);
      }),
    );
  }

  /** The file read and checked (warnings included) without asking the swarm anything. */
  preview(input: Pick<DeployStackInput, 'name' | 'compose' | 'env'>): StackPreview {
    const plan = readPlan(input);
    return {
      stack: plan.stack,
      warnings: plan.warnings,
      services: plan.services.map((s) => s.spec.Name),
      networks: plan.networks.map((n) => n.name),
      secrets: plan.secrets.map((s) => s.name),
      configs: plan.configs.map((c) => c.name),
    };
  }

  async deploy(cluster: ClusterRow, principal: Principal, input: DeployStackInput): Promise<StackDeployResult> {
    const plan = readPlan(input);
    const result: StackDeployResult = { stack: plan.stack, warnings: [...plan.warnings], created: emptyChanges(), updated: [], unchanged: [], removed: [] };
    try {
      await this.connections.withManager(cluster, (client) => applyPlan(client, plan, input.prune, result));
    } catch (error) {
      if (error instanceof DockerError && REFUSALS.has(error.code)) {
        this.announceFailure(cluster, {
          stack: plan.stack,
          deployedBy: principal.email,
          stage: 'refused',
          failures: [{ service: plan.stack, message: error.message }],
        });
      }
      throw error;
    } finally {
      if (written(result)) {
        this.state.invalidate(cluster, ['services', 'tasks', 'info']);
        this.log.record(cluster, principal, {
          action: 'stack.deploy',
          actorId: plan.stack,
          actorName: plan.stack,
          attributes: changeAttributes({ ...result.created, updated: result.updated, removed: result.removed }),
        });
      }
    }
    const services = [...result.created.services, ...result.updated];
    if (services.length) this.follow(cluster, principal.email, plan.stack, services);
    return result;
  }

  async remove(cluster: ClusterRow, principal: Principal, name: string): Promise<StackRemoveResult> {
    const removed = emptyChanges();
    try {
      await this.connections.withManager(cluster, async (client) => {
        const objects = await readObjects(client);
        const stack = stackContents(objects).find((s) => s.name === name);
        if (!stack) throw new ServiceError('not_found', `stack ${name} is not deployed on this cluster`);
        for (const service of stack.services) {
          await ignoreGone(client.removeService(service.id));
          removed.services.push(service.name);
        }
        for (const network of stack.networks) {
          await untilReleased(() => ignoreGone(client.removeNetwork(network.id)));
          removed.networks.push(network.name);
        }
        for (const secret of stack.secrets) {
          await untilReleased(() => ignoreGone(client.removeSecret(secret.id)));
          removed.secrets.push(secret.name);
        }
        for (const config of stack.configs) {
          await untilReleased(() => ignoreGone(client.removeConfig(config.id)));
          removed.configs.push(config.name);
        }
      });
    } finally {
      if (Object.values(removed).some((list) => list.length)) {
        this.state.invalidate(cluster, ['services', 'tasks', 'info']);
        this.log.record(cluster, principal, { action: 'stack.remove', actorId: name, actorName: name, attributes: changeAttributes({ ...removed }) });
      }
    }
    return { stack: name, removed };
  }

  private announceFailure(cluster: ClusterRow, failure: Parameters<typeof stackDeployFailedNotification>[0]): void {
    this.watch?.notifier.announce(cluster, stackDeployFailedNotification(failure, cluster));
  }

  /** Watches the services a deploy wrote until they converge, one fails (announced once), or the watch's time is up. */
  private follow(cluster: ClusterRow, deployedBy: string, stack: string, names: string[]): void {
    if (!this.watch || this.abort.signal.aborted) return;
    const { watchMs, pollMs = 2_000, logger } = this.watch;
    const deadline = Date.now() + watchMs;
    const run = (async () => {
      while (Date.now() < deadline && !this.abort.signal.aborted) {
        await sleep(pollMs, undefined, { signal: this.abort.signal }).catch(() => undefined); // an abort only ends the wait early
        const failures = await this.failures(cluster, stack, names);
        if (failures === 'converged') return;
        if (failures.length) {
          this.announceFailure(cluster, { stack, deployedBy, stage: 'converge', failures });
          return;
        }
      }
    })()
      .catch((error: unknown) => logger.warn('watching a stack deploy stopped', { cluster: cluster.uuid, stack, error: (error as Error).message }))
      .finally(() => this.watching.delete(run));
    this.watching.add(run);
  }

  /** The failures of the deploy's services so far, or `converged`; none while no manager answers (asked again next time). */
  private async failures(cluster: ClusterRow, stack: string, names: string[]): Promise<DeployFailure[] | 'converged'> {
    const wanted = new Set(names);
    const read = await this.connections
      .read(cluster, async (client) => {
        const services = (await client.listServices({ label: `${STACK_NAMESPACE_LABEL}=${stack}` })).filter((s) => wanted.has(s.Spec.Name));
        return { services, tasks: services.length ? await client.listTasks() : [] };
      })
      .catch((error: unknown) => {
        if (error instanceof DockerError || error instanceof ServiceError) return null;
        throw error;
      });
    if (!read) return [];
    const outcome = deployOutcome(read.services, read.tasks);
    return outcome.converged ? 'converged' : outcome.failures;
  }
}

function readPlan(input: Pick<DeployStackInput, 'name' | 'compose' | 'env'>): StackPlan {
  try {
    return planStack({ stack: input.name, compose: input.compose, env: input.env });
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    const first = error.issues[0];
    const field = first?.path === 'name' ? 'name' : first?.path ? `compose.${first.path}` : 'compose';
    throw new ServiceError('validation_failed', error.message, { field, issues: error.issues });
  }
}

async function readObjects(client: SwarmClient) {
  const [services, networks, secrets, configs] = await Promise.all([client.listServices(), client.listNetworks(), client.listSecrets(), client.listConfigs()]);
  return { services, networks, secrets, configs };
}

function written(result: StackDeployResult): boolean {
  return Object.values(result.created).some((list) => list.length) || result.updated.length > 0 || result.removed.length > 0;
}

/** Names of what changed, as event attributes (`services: a, b`); never a value. */
function changeAttributes(changes: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(changes)
      .filter(([, names]) => names.length)
      .map(([kind, names]) => [kind, names.join(', ')]),
  );
}

async function applyPlan(client: SwarmClient, plan: StackPlan, prune: boolean, result: StackDeployResult): Promise<void> {
  const [existingServices, networks, secrets, configs] = await Promise.all([
    client.listServices(),
    client.listNetworks(),
    client.listSecrets(),
    client.listConfigs(),
  ]);
  const servicesByName = new Map(existingServices.map((s) => [s.Spec.Name, s]));
  checkBeforeWriting(plan, { services: servicesByName, networks, secrets, configs });

  // Networks, then the stack's secrets and configs, as the CLI orders them.
  const networkIds = new Map(networks.map((n) => [n.Name, n.Id]));
  for (const network of plan.networks) {
    if (!network.create || networkIds.has(network.name)) continue;
    networkIds.set(network.name, await client.createNetwork(network.create));
    result.created.networks.push(network.name);
  }
  const secretIds = await ensureFileObjects(plan.secrets, secrets, (spec) => client.createSecret(spec), result.created.secrets);
  const configIds = await ensureFileObjects(plan.configs, configs, (spec) => client.createConfig(spec), result.created.configs);

  for (const { spec } of plan.services) {
    const desired = resolved(spec, networkIds, secretIds, configIds);
    const current = servicesByName.get(spec.Name);
    if (!current) {
      const created = await client.createService(desired);
      result.warnings.push(...created.warnings);
      result.created.services.push(spec.Name);
      continue;
    }
    if (sameServiceSpec(carriedOver(desired, current), current.Spec)) {
      result.unchanged.push(spec.Name);
      continue;
    }
    // Written at the version read (a concurrent writer makes it read again and apply the file on top).
    result.warnings.push(...(await client.modifyService(current.ID, (_, fresh) => carriedOver(desired, fresh))));
    result.updated.push(spec.Name);
  }

  if (prune) {
    const wanted = new Set(plan.services.map((s) => s.spec.Name));
    for (const service of existingServices) {
      if (service.Spec.Labels[STACK_NAMESPACE_LABEL] !== plan.stack || wanted.has(service.Spec.Name)) continue;
      await ignoreGone(client.removeService(service.ID));
      result.removed.push(service.Spec.Name);
    }
  }
}

/** Refusals decided on one read, before anything is written. */
function checkBeforeWriting(
  plan: StackPlan,
  swarm: { services: Map<string, EngineService>; networks: EngineNetwork[]; secrets: EngineSecret[]; configs: EngineConfig[] },
): void {
  const networkNames = new Set(swarm.networks.map((n) => n.Name));
  for (const network of plan.networks) {
    if (!network.create && !networkNames.has(network.name)) {
      throw new ServiceError('validation_failed', `networks.${network.key}: the external network ${network.name} does not exist: create it first`, {
        field: `compose.networks.${network.key}`,
      });
    }
    const clash = swarm.networks.find((n) => n.Name === network.name);
    if (network.create && clash && clash.Labels[STACK_NAMESPACE_LABEL] !== plan.stack) {
      throw new ServiceError('conflict', `a network named ${network.name} exists outside stack ${plan.stack}: rename or remove it first`);
    }
  }
  checkFileObjects(plan, 'secrets', plan.secrets, swarm.secrets);
  checkFileObjects(plan, 'configs', plan.configs, swarm.configs);
  for (const { spec } of plan.services) {
    const current = swarm.services.get(spec.Name);
    if (!current) continue;
    if (current.Spec.Labels[STACK_NAMESPACE_LABEL] !== plan.stack) {
      throw new ServiceError('conflict', `a service named ${spec.Name} exists outside stack ${plan.stack}: rename or remove it first`);
    }
    const currentMode = current.Spec.Mode.Global !== undefined ? 'global' : 'replicated';
    const desiredMode = 'Global' in spec.Mode ? 'global' : 'replicated';
    if (currentMode !== desiredMode) {
      throw new ServiceError(
        'conflict',
        `${spec.Name} runs in ${currentMode} mode and the swarm cannot switch it to ${desiredMode}: remove the service, then deploy again`,
      );
    }
  }
}

function checkFileObjects(plan: StackPlan, kind: 'secrets' | 'configs', planned: PlannedFileObject[], existing: (EngineSecret | EngineConfig)[]): void {
  const what = kind === 'secrets' ? 'secret' : 'config';
  for (const object of planned) {
    const found = existing.find((e) => e.Spec.Name === object.name);
    if (object.external && !found) {
      throw new ServiceError('validation_failed', `${kind}.${object.key}: the external ${what} ${object.name} does not exist: create it first`, {
        field: `compose.${kind}.${object.key}`,
      });
    }
    if (object.external || !found) continue;
    if (found.Spec.Labels[STACK_NAMESPACE_LABEL] !== plan.stack) {
      throw new ServiceError('conflict', `a ${what} named ${object.name} exists outside stack ${plan.stack}: rename it in the file, or make it external: true`);
    }
    // A config's content can be read: one that changed cannot be updated in place (Docker refuses), say so now.
    const data = (found.Spec as { Data?: string }).Data;
    if (kind === 'configs' && data !== undefined && data !== object.data) {
      throw new ServiceError(
        'conflict',
        `configs.${object.key}: ${object.name} exists with other content and Docker cannot change a config: give it a new name (name: ${object.name}-v2) or rotate it`,
        { field: `compose.configs.${object.key}` },
      );
    }
  }
}

/** Ids of the stack's secrets or configs by name, created where missing (an existing one keeps its value). */
async function ensureFileObjects(
  planned: PlannedFileObject[],
  existing: (EngineSecret | EngineConfig)[],
  create: (spec: { Name: string; Labels: Record<string, string>; Data: string }) => Promise<string>,
  created: string[],
): Promise<Map<string, string>> {
  const ids = new Map(existing.map((e) => [e.Spec.Name, e.ID]));
  for (const object of planned) {
    if (object.external || ids.has(object.name) || object.data === null) continue;
    ids.set(object.name, await create({ Name: object.name, Labels: object.labels, Data: object.data }));
    created.push(object.name);
  }
  return ids;
}

/** The spec with networks, secrets and configs by id, as the daemon stores them (so the comparison holds). */
function resolved(spec: StackServiceSpec, networks: Map<string, string>, secrets: Map<string, string>, configs: Map<string, string>): StackServiceSpec {
  const out = structuredClone(spec);
  out.TaskTemplate.Networks = out.TaskTemplate.Networks.map((n) => ({ ...n, Target: networks.get(n.Target) ?? n.Target }));
  const container = out.TaskTemplate.ContainerSpec;
  if (container.Secrets) container.Secrets = container.Secrets.map((s) => ({ ...s, SecretID: secrets.get(s.SecretName) ?? '' }));
  if (container.Configs) container.Configs = container.Configs.map((c) => ({ ...c, ConfigID: configs.get(c.ConfigName) ?? '' }));
  return out;
}

/**
 * What a deploy keeps of the running service, as the CLI does: its ForceUpdate (or every task would restart),
 * and the image pinned to a digest when the file's image is the one recorded at the last deploy.
 */
function carriedOver(desired: StackServiceSpec, current: EngineService): StackServiceSpec {
  const next = structuredClone(desired);
  next.TaskTemplate.ForceUpdate = current.Spec.TaskTemplate.ForceUpdate ?? 0;
  const currentImage = current.Spec.TaskTemplate.ContainerSpec?.Image;
  if (currentImage && current.Spec.Labels[STACK_IMAGE_LABEL] === desired.TaskTemplate.ContainerSpec.Image) {
    next.TaskTemplate.ContainerSpec.Image = currentImage;
  }
  return next;
}

/** A removal of something already gone counts as done. */
async function ignoreGone(removal: Promise<void>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!(error instanceof DockerError && error.code === 'not_found')) throw error;
  }
}

/** Retries a removal the swarm refuses while tasks of removed services still hold the object, up to a deadline. */
async function untilReleased(removal: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + RELEASE_TIMEOUT_MS;
  for (;;) {
    try {
      return await removal();
    } catch (error) {
      const inUse =
        error instanceof DockerError && (error.code === 'conflict' || error.code === 'precondition' || /in use|active endpoints/i.test(error.message));
      if (!inUse || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RELEASE_POLL_MS));
  }
}
