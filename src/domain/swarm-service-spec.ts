/**
 * An application's swarm settings as Engine API objects, and the application as a stack the way
 * `docker stack deploy` lays one out: stack = application uuid, service `<uuid>_app` and overlay network
 * `<uuid>_default`, all labelled `com.docker.stack.namespace=<uuid>` (what the task widget matches on).
 */
import type { EngineServiceSpec } from '../docker/schemas.ts';
import { parseByteSize, parseCpus, parseDuration } from './compose-units.ts';
import { STACK_NAMESPACE_LABEL } from './stacks.ts';
import { placementConstraints, type SwarmSettings, spreadPreferences } from './swarm-deploy-config.ts';

/** The one service of an application's stack (what `docker stack deploy` of the host's compose would name it). */
export const STACK_SERVICE = 'app';
const STACK_IMAGE_LABEL = 'com.docker.stack.image';

export const stackServiceName = (stack: string) => `${stack}_${STACK_SERVICE}`;
export const stackNetworkName = (stack: string) => `${stack}_default`;

export interface EngineResourceAmounts {
  NanoCPUs?: number;
  MemoryBytes?: number;
}

export interface EngineUpdateConfig {
  Parallelism: number;
  Delay: number;
  FailureAction: string;
  Monitor: number;
  MaxFailureRatio: number;
  Order: string;
}

export interface EngineHealthcheck {
  Test: string[];
  Interval: number;
  Timeout: number;
  Retries: number;
  StartPeriod: number;
}

/** The parts of a service spec the settings decide. */
export interface ServiceSpecPieces {
  Mode: { Replicated: { Replicas: number } } | { Global: Record<string, never> };
  Labels: Record<string, string>;
  UpdateConfig: EngineUpdateConfig;
  RollbackConfig: EngineUpdateConfig;
  Placement: { Constraints?: string[]; Preferences?: { Spread: { SpreadDescriptor: string } }[] };
  Resources: { Limits?: EngineResourceAmounts; Reservations?: EngineResourceAmounts };
  RestartPolicy: { Condition: string; Delay: number; MaxAttempts: number; Window: number };
  /** Absent: the image's own health check applies. */
  Healthcheck?: EngineHealthcheck;
}

/** Durations in the settings were validated; an unreadable one here is a bug, not input. */
function ns(duration: string): number {
  const value = parseDuration(duration);
  if (value === null) throw new Error(`unvalidated duration "${duration}"`);
  return value;
}

function amounts(a: SwarmSettings['resources']['limits']): EngineResourceAmounts | undefined {
  const out: EngineResourceAmounts = {};
  if (a.cpus !== null) out.NanoCPUs = parseCpus(a.cpus) ?? 0;
  if (a.memory !== null) out.MemoryBytes = parseByteSize(a.memory) ?? 0;
  return Object.keys(out).length ? out : undefined;
}

function updateConfig(u: SwarmSettings['updateConfig']): EngineUpdateConfig {
  return {
    Parallelism: u.parallelism,
    Delay: ns(u.delay),
    FailureAction: u.failureAction,
    Monitor: ns(u.monitor),
    MaxFailureRatio: u.maxFailureRatio,
    Order: u.order,
  };
}

export function toServiceSpec(s: SwarmSettings): ServiceSpecPieces {
  const constraints = placementConstraints(s);
  const preferences = spreadPreferences(s);
  const limits = amounts(s.resources.limits);
  const reservations = amounts(s.resources.reservations);
  const h = s.healthCheck;
  return {
    Mode: s.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: s.replicas } },
    Labels: Object.fromEntries(s.labels.map((l) => [l.key, l.value])),
    UpdateConfig: updateConfig(s.updateConfig),
    RollbackConfig: updateConfig(s.rollbackConfig),
    Placement: {
      ...(constraints.length ? { Constraints: constraints } : {}),
      ...(preferences.length ? { Preferences: preferences.map((p) => ({ Spread: { SpreadDescriptor: p } })) } : {}),
    },
    Resources: { ...(limits ? { Limits: limits } : {}), ...(reservations ? { Reservations: reservations } : {}) },
    RestartPolicy: {
      Condition: s.restartPolicy.condition,
      Delay: ns(s.restartPolicy.delay),
      MaxAttempts: s.restartPolicy.maxAttempts,
      Window: ns(s.restartPolicy.window),
    },
    ...(h.command
      ? {
          Healthcheck: {
            Test: ['CMD-SHELL', h.command],
            Interval: ns(h.interval),
            Timeout: ns(h.timeout),
            Retries: h.retries,
            StartPeriod: ns(h.startPeriod),
          },
        }
      : {}),
  };
}

export interface StackServiceInput {
  stack: string;
  image: string;
  /** Replace the image's CMD; null keeps it. */
  args: string[] | null;
  /** Id of the stack's overlay network. */
  networkId: string;
  settings: SwarmSettings;
  /** Carried over from the running spec: changing it would restart every task. */
  forceUpdate?: number;
}

/** The whole spec of the application's service, as `docker stack deploy` would write it. */
export function stackServiceSpec(input: StackServiceInput): EngineServiceSpec {
  const pieces = toServiceSpec(input.settings);
  return {
    Name: stackServiceName(input.stack),
    Labels: { ...pieces.Labels, [STACK_NAMESPACE_LABEL]: input.stack, [STACK_IMAGE_LABEL]: input.image },
    Mode: pieces.Mode,
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image,
        ...(input.args ? { Args: input.args } : {}),
        Labels: { [STACK_NAMESPACE_LABEL]: input.stack },
        ...(pieces.Healthcheck ? { Healthcheck: pieces.Healthcheck } : {}),
      },
      Resources: pieces.Resources,
      RestartPolicy: pieces.RestartPolicy,
      Placement: pieces.Placement,
      Networks: [{ Target: input.networkId, Aliases: [STACK_SERVICE] }],
      ForceUpdate: input.forceUpdate ?? 0,
    },
    UpdateConfig: pieces.UpdateConfig,
    RollbackConfig: pieces.RollbackConfig,
    EndpointSpec: { Mode: 'vip' },
  };
}

/** The stack's default network, as `docker stack deploy` creates it. */
export function stackNetworkSpec(stack: string) {
  return {
    Name: stackNetworkName(stack),
    Driver: 'overlay',
    Scope: 'swarm',
    Labels: { [STACK_NAMESPACE_LABEL]: stack },
    CheckDuplicate: true,
  };
}
