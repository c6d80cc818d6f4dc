/**
 * Whether a service spec we would send equals the one the swarm holds, so that redeploying an unchanged file
 * writes nothing (the CLI always writes, bumping every service's version). The daemon fills in defaults (restart
 * policy, update config, isolation, endpoint mode, a replica count) and drops empty values: both sides get the
 * same defaults and lose the same empties before they are compared, key order aside.
 */
import { isMapping, type Mapping } from './mappings.ts';

const SECOND = 1_000_000_000;
const UPDATE_DEFAULTS = { Parallelism: 1, FailureAction: 'pause', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'stop-first' };
const RESTART_DEFAULTS = { Condition: 'any', Delay: 5 * SECOND, MaxAttempts: 0 };

/** The spec with the daemon's defaults filled in and empty values dropped; ForceUpdate, kept by deploys, aside. */
export function normalisedServiceSpec(spec: unknown): unknown {
  const s = structuredClone(isMapping(spec) ? spec : {}) as Mapping;
  const task = mappingAt(s, 'TaskTemplate');
  const container = mappingAt(task, 'ContainerSpec');
  container.Isolation ||= 'default';
  task.Runtime ||= 'container';
  delete task.ForceUpdate;
  task.RestartPolicy = withDefaults(task.RestartPolicy, RESTART_DEFAULTS);
  s.UpdateConfig = withDefaults(s.UpdateConfig, UPDATE_DEFAULTS, ['Parallelism', 'MaxFailureRatio']);
  s.RollbackConfig = withDefaults(s.RollbackConfig, UPDATE_DEFAULTS, ['Parallelism', 'MaxFailureRatio']);
  const mode = mappingAt(s, 'Mode');
  if (!isMapping(mode.Global)) {
    const replicated = mappingAt(mode, 'Replicated');
    replicated.Replicas ??= 1;
  }
  const endpoint = mappingAt(s, 'EndpointSpec');
  endpoint.Mode ||= 'vip';
  if (Array.isArray(endpoint.Ports)) {
    endpoint.Ports = endpoint.Ports.map((p: unknown) => ({ Protocol: 'tcp', PublishMode: 'ingress', ...(isMapping(p) ? withoutBlanks(p) : {}) }));
  }
  if (Array.isArray(task.Networks)) {
    task.Networks = [...task.Networks].sort((a: unknown, b: unknown) =>
      String(isMapping(a) ? a.Target : '').localeCompare(String(isMapping(b) ? b.Target : '')),
    );
  }
  return pruned(s);
}

/** Whether the two specs would run the same service. */
export function sameServiceSpec(desired: unknown, current: unknown): boolean {
  return canonical(normalisedServiceSpec(desired)) === canonical(normalisedServiceSpec(current));
}

/** The top-level parts that differ (for a message saying what an update changes). */
export function changedSpecParts(desired: unknown, current: unknown): string[] {
  const a = normalisedServiceSpec(desired) as Mapping;
  const b = normalisedServiceSpec(current) as Mapping;
  const parts = new Set<string>();
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'TaskTemplate' && isMapping(a[key]) && isMapping(b[key])) {
      const ta = a[key] as Mapping;
      const tb = b[key] as Mapping;
      for (const k of new Set([...Object.keys(ta), ...Object.keys(tb)])) if (canonical(ta[k]) !== canonical(tb[k])) parts.add(k);
    } else if (canonical(a[key]) !== canonical(b[key])) parts.add(key);
  }
  return [...parts].sort();
}

function mappingAt(parent: Mapping, key: string): Mapping {
  if (!isMapping(parent[key])) parent[key] = {};
  return parent[key] as Mapping;
}

/** A config with the daemon's default for each field left blank (zero or empty), except `keepZero` ones. */
function withDefaults(value: unknown, defaults: Mapping, keepZero: string[] = []): Mapping {
  const given = isMapping(value) ? value : {};
  const out: Mapping = { ...defaults };
  for (const [k, v] of Object.entries(given)) {
    if (v === null || v === undefined || v === '') continue;
    if (v === 0 && !keepZero.includes(k) && isMapping(value)) continue;
    out[k] = v;
  }
  return out;
}

function withoutBlanks(m: Mapping): Mapping {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== '' && v !== null && v !== undefined));
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0) || (isMapping(v) && Object.keys(v).length === 0);

/** Mappings without empty values (recursively); list items keep their places. */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruned);
  if (!isMapping(value)) return value;
  const out: Mapping = {};
  for (const [k, v] of Object.entries(value)) {
    const p = pruned(v);
    if (!isEmpty(p)) out[k] = p;
  }
  return out;
}

/** JSON with keys sorted, so that two equal trees give the same text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    isMapping(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
