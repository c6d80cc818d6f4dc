/**
 * The compose side of an application's swarm settings: the INNER `deploy:` mapping (never `{deploy: ...}`, which a
 * host merging it into its own `deploy:` would turn into the seed's `deploy.deploy`) and the service's
 * `healthcheck:`, read back from a mapping or pasted YAML (round trip), and merged deliberately into a `deploy:`
 * mapping a host already has: deeply, so a partial `resources` or `placement` keeps the host's other keys, and
 * with `node.role == worker` once however often it is given.
 */
import { parseDocument, stringify } from 'yaml';
import { joinCommand } from './command-words.ts';
import { deepMerge, isMapping, type Mapping, uniqueBy } from './mappings.ts';
import {
  constraintKey,
  DEFAULT_SWARM_SETTINGS,
  isWorkerOnly,
  parseConstraint,
  placementConstraints,
  type SwarmSettings,
  spreadPreferences,
} from './swarm-deploy-config.ts';

export interface ComposeDeploy extends Mapping {
  mode?: string;
  replicas?: number;
  placement?: { constraints?: string[]; preferences?: { spread: string }[] } & Mapping;
  resources?: { limits?: Mapping; reservations?: Mapping } & Mapping;
  update_config?: Mapping;
  rollback_config?: Mapping;
  restart_policy?: Mapping;
  labels?: Record<string, string> | string[];
}

export interface ComposeHealthcheck extends Mapping {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
}

/** The INNER `deploy:` mapping of a compose service (what goes under `deploy:`, never `{deploy: ...}`). */
export function toComposeDeploy(s: SwarmSettings): ComposeDeploy {
  const deploy: ComposeDeploy = { mode: s.mode };
  if (s.mode === 'replicated') deploy.replicas = s.replicas;
  const constraints = placementConstraints(s);
  const preferences = spreadPreferences(s).map((spread) => ({ spread }));
  if (constraints.length || preferences.length) {
    deploy.placement = {
      ...(constraints.length ? { constraints } : {}),
      ...(preferences.length ? { preferences } : {}),
    };
  }
  const limits = composeAmounts(s.resources.limits);
  const reservations = composeAmounts(s.resources.reservations);
  if (limits || reservations) deploy.resources = { ...(limits ? { limits } : {}), ...(reservations ? { reservations } : {}) };
  deploy.update_config = composeUpdateConfig(s.updateConfig);
  deploy.rollback_config = composeUpdateConfig(s.rollbackConfig);
  deploy.restart_policy = {
    condition: s.restartPolicy.condition,
    delay: s.restartPolicy.delay,
    // Omitted means unlimited in compose; the Engine API says the same with 0.
    ...(s.restartPolicy.maxAttempts > 0 ? { max_attempts: s.restartPolicy.maxAttempts } : {}),
    window: s.restartPolicy.window,
  };
  if (s.labels.length) deploy.labels = Object.fromEntries(s.labels.map((l) => [l.key, l.value]));
  return deploy;
}

/** The service's `healthcheck:` mapping (compose keeps it beside `deploy:`), or null to keep the image's. */
export function toComposeHealthcheck(s: SwarmSettings): ComposeHealthcheck | null {
  const h = s.healthCheck;
  if (!h.command) return null;
  return { test: ['CMD-SHELL', h.command], interval: h.interval, timeout: h.timeout, retries: h.retries, start_period: h.startPeriod };
}

function composeAmounts(a: SwarmSettings['resources']['limits']): Mapping | null {
  if (a.cpus === null && a.memory === null) return null;
  return { ...(a.cpus !== null ? { cpus: a.cpus } : {}), ...(a.memory !== null ? { memory: a.memory } : {}) };
}

function composeUpdateConfig(u: SwarmSettings['updateConfig']): Mapping {
  return {
    parallelism: u.parallelism,
    delay: u.delay,
    failure_action: u.failureAction,
    monitor: u.monitor,
    order: u.order,
    max_failure_ratio: u.maxFailureRatio,
  };
}

/** The `deploy:` keys the form has fields for. */
const FORM_DEPLOY_KEYS = ['mode', 'replicas', 'placement', 'resources', 'update_config', 'rollback_config', 'restart_policy', 'labels'];

export interface ComposeReading {
  /** Settings-shaped, not yet validated (pass it to `readSwarmSettings`): keeps bad values for the form to show. */
  input: Mapping;
  /** Keys the form has no field for, e.g. `endpoint_mode`; they are not kept. */
  ignored: string[];
}

/**
 * Settings from a compose `deploy:` mapping (and the service's `healthcheck:`); what is not given takes Docker's
 * default. `node.role == worker` becomes the worker-only switch.
 */
export function fromComposeDeploy(deploy: unknown, healthcheck?: unknown): ComposeReading {
  const ignored: string[] = [];
  const d = mappingAt(deploy, 'deploy', ignored);
  const defaults = DEFAULT_SWARM_SETTINGS;
  noteUnknown(d, FORM_DEPLOY_KEYS, 'deploy', ignored);

  const placement = mappingAt(d.placement, 'placement', ignored);
  noteUnknown(placement, ['constraints', 'preferences'], 'placement', ignored);
  const constraintTexts = listAt(placement.constraints, 'placement.constraints', ignored).map((c) => String(c));
  const preferences = listAt(placement.preferences, 'placement.preferences', ignored).map((p) => {
    const pref = mappingAt(p, 'placement.preferences[]', ignored);
    return { spread: pref.spread ?? '' };
  });

  const resources = mappingAt(d.resources, 'resources', ignored);
  noteUnknown(resources, ['limits', 'reservations'], 'resources', ignored);
  const amounts = (key: 'limits' | 'reservations') => {
    const a = mappingAt(resources[key], `resources.${key}`, ignored);
    noteUnknown(a, ['cpus', 'memory'], `resources.${key}`, ignored);
    return { cpus: a.cpus ?? null, memory: a.memory ?? null };
  };

  const restart = mappingAt(d.restart_policy, 'restart_policy', ignored);
  noteUnknown(restart, ['condition', 'delay', 'max_attempts', 'window'], 'restart_policy', ignored);

  return {
    input: {
      mode: d.mode ?? defaults.mode,
      replicas: d.replicas ?? defaults.replicas,
      workerOnly: constraintTexts.some(isWorkerOnly),
      constraints: constraintTexts.filter((c) => !isWorkerOnly(c)).map(parseConstraint),
      preferences,
      resources: { limits: amounts('limits'), reservations: amounts('reservations') },
      updateConfig: settingsUpdateConfig(d.update_config, 'update_config', defaults.updateConfig, ignored),
      rollbackConfig: settingsUpdateConfig(d.rollback_config, 'rollback_config', defaults.rollbackConfig, ignored),
      restartPolicy: {
        condition: restart.condition ?? defaults.restartPolicy.condition,
        delay: restart.delay ?? defaults.restartPolicy.delay,
        maxAttempts: restart.max_attempts ?? defaults.restartPolicy.maxAttempts,
        window: restart.window ?? defaults.restartPolicy.window,
      },
      healthCheck: settingsHealthCheck(healthcheck, ignored),
      labels: composeLabels(d.labels, ignored),
    },
    ignored,
  };
}

function settingsUpdateConfig(value: unknown, where: string, defaults: SwarmSettings['updateConfig'], ignored: string[]): Mapping {
  const u = mappingAt(value, where, ignored);
  noteUnknown(u, ['parallelism', 'delay', 'failure_action', 'monitor', 'order', 'max_failure_ratio'], where, ignored);
  return {
    parallelism: u.parallelism ?? defaults.parallelism,
    delay: u.delay ?? defaults.delay,
    failureAction: u.failure_action ?? defaults.failureAction,
    monitor: u.monitor ?? defaults.monitor,
    order: u.order ?? defaults.order,
    maxFailureRatio: u.max_failure_ratio ?? defaults.maxFailureRatio,
  };
}

function settingsHealthCheck(value: unknown, ignored: string[]): Mapping {
  const defaults = DEFAULT_SWARM_SETTINGS.healthCheck;
  const h = mappingAt(value, 'healthcheck', ignored);
  noteUnknown(h, ['test', 'interval', 'timeout', 'retries', 'start_period', 'disable'], 'healthcheck', ignored);
  return {
    command: h.disable === true ? '' : healthCommand(h.test),
    interval: h.interval ?? defaults.interval,
    timeout: h.timeout ?? defaults.timeout,
    retries: h.retries ?? defaults.retries,
    startPeriod: h.start_period ?? defaults.startPeriod,
  };
}

/** A compose `test:` as one shell line: a string is already one; `[CMD, ...]` is quoted into one. */
function healthCommand(test: unknown): string {
  if (typeof test === 'string') return test;
  if (!Array.isArray(test) || test.length === 0) return '';
  const [kind, ...rest] = test.map(String);
  if (kind === 'CMD-SHELL') return rest.join(' ');
  if (kind === 'CMD') return joinCommand(rest);
  return '';
}

function composeLabels(value: unknown, ignored: string[]): { key: string; value: unknown }[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value.map(labelEntry) : Object.entries(mappingAt(value, 'labels', ignored));
  return entries.map(([key, v]) => ({ key, value: v }));
}

/** A label of compose's list form, `key=value` (the value may hold `=` too). */
function labelEntry(entry: unknown): [string, string] {
  const [key = '', ...rest] = String(entry).split('=');
  return [key, rest.join('=')];
}

function mappingAt(value: unknown, where: string, ignored: string[]): Mapping {
  if (value === undefined || value === null) return {};
  if (isMapping(value)) return value;
  ignored.push(`${where} (not a mapping)`);
  return {};
}

function listAt(value: unknown, where: string, ignored: string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  ignored.push(`${where} (not a list)`);
  return [];
}

function noteUnknown(mapping: Mapping, known: string[], where: string, ignored: string[]): void {
  for (const key of Object.keys(mapping)) if (!known.includes(key)) ignored.push(where === 'deploy' ? key : `${where}.${key}`);
}

// ---------------------------------------------------------------------------------------------------------
// The deliberate merge.

/**
 * Our `deploy:` mapping over the one a host already has, deeply: nested mappings merge key by key (a partial
 * `resources` or `placement` keeps the host's other keys), constraints and spread preferences are united (each
 * once, worker-only included), labels merge in either compose form; for anything else ours wins. Neither
 * argument is changed.
 */
export function mergeDeploy(hostDeploy: unknown, ours: ComposeDeploy): ComposeDeploy {
  const host = isMapping(hostDeploy) ? hostDeploy : {};
  const merged = deepMerge(structuredClone(host), structuredClone(ours)) as ComposeDeploy;
  const hostPlacement = isMapping(host.placement) ? host.placement : {};
  const constraints = uniqueBy([...asList(hostPlacement.constraints).map(String), ...(ours.placement?.constraints ?? [])], constraintKey);
  const preferences = uniqueBy([...asList(hostPlacement.preferences), ...(ours.placement?.preferences ?? [])], (p) => JSON.stringify(p));
  if (constraints.length || preferences.length) {
    merged.placement = {
      ...(isMapping(merged.placement) ? merged.placement : {}),
      ...(constraints.length ? { constraints } : {}),
      ...(preferences.length ? { preferences } : {}),
    } as ComposeDeploy['placement'];
  }
  const labels = { ...labelMapping(host.labels), ...labelMapping(ours.labels) };
  if (Object.keys(labels).length) merged.labels = labels;
  return merged;
}

function labelMapping(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries(value.map(labelEntry));
  return isMapping(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? '')])) : {};
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// ---------------------------------------------------------------------------------------------------------
// YAML.

export class DeployYamlError extends Error {
  override name = 'DeployYamlError';
}

/** The `deploy:` mapping as YAML, for the form's YAML tab. */
export function deployYaml(deploy: ComposeDeploy | ComposeHealthcheck | null): string {
  return deploy ? stringify(deploy, { indent: 2, lineWidth: 0 }) : '';
}

/** Keys that make a mapping a `deploy:` mapping (some, like `endpoint_mode`, with no form field). */
const DEPLOY_KEYS = [...FORM_DEPLOY_KEYS, 'endpoint_mode'];

/**
 * Pasted YAML: the inner `deploy:` mapping, or a service fragment holding `deploy:` (and perhaps `healthcheck:`),
 * also the seed's `deploy: {deploy: ...}`. Healthcheck YAML may be pasted on its own too.
 */
export function readDeployYaml(deployText: string, healthcheckText = ''): { deploy: unknown; healthcheck: unknown } {
  let deploy = parseYaml(deployText, 'deploy');
  let healthcheck = parseYaml(healthcheckText, 'healthcheck');
  while (isServiceFragment(deploy)) {
    if (healthcheck === undefined && isMapping(deploy.healthcheck)) healthcheck = deploy.healthcheck;
    deploy = deploy.deploy;
  }
  if (isMapping(healthcheck) && isMapping(healthcheck.healthcheck) && !('test' in healthcheck)) healthcheck = healthcheck.healthcheck;
  if (deploy !== undefined && deploy !== null && !isMapping(deploy)) throw new DeployYamlError('deploy: must be a mapping (key: value lines)');
  if (healthcheck !== undefined && healthcheck !== null && !isMapping(healthcheck)) {
    throw new DeployYamlError('healthcheck: must be a mapping (key: value lines)');
  }
  return { deploy: deploy ?? {}, healthcheck: healthcheck ?? undefined };
}

/** A mapping holding `deploy:` rather than being one. */
function isServiceFragment(value: unknown): value is Mapping {
  return isMapping(value) && 'deploy' in value && !DEPLOY_KEYS.some((k) => k in value);
}

/** A deploy mapping has no use for more; past it `toJS` refuses, before an alias bomb costs any memory. */
const MAX_ALIAS_EXPANSIONS = 50;

function parseYaml(source: string, what: string): unknown {
  if (!source.trim()) return undefined;
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new DeployYamlError(`${what}: YAML error${line ? ` on line ${line}` : ''}: ${error.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    // An unresolved alias, or an alias bomb (aliases of aliases growing the document exponentially).
    throw new DeployYamlError(`${what}: YAML error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
