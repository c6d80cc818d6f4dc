/**
 * An application's swarm deploy settings: what the per-application form edits and the host stores, with Docker's
 * defaults, validated with a message fit to show beside each field. `compose-deploy.ts` turns them into the
 * compose `deploy:` mapping and back; `swarm-service-spec.ts` into Engine API specs.
 */
import { z } from 'zod';
import { BYTE_SIZE_HINT, CPUS_HINT, DURATION_HINT, parseByteSize, parseCpus, parseDuration } from './compose-units.ts';
import { deepMerge, type Mapping, uniqueBy } from './mappings.ts';
import { MAX_REPLICAS } from './service-scale.ts';

export const SWARM_MODES = ['replicated', 'global'] as const;
export const CONSTRAINT_OPERATORS = ['==', '!='] as const;
export const UPDATE_FAILURE_ACTIONS = ['pause', 'continue', 'rollback'] as const;
export const ROLLBACK_FAILURE_ACTIONS = ['pause', 'continue'] as const;
export const UPDATE_ORDERS = ['stop-first', 'start-first'] as const;
export const RESTART_CONDITIONS = ['none', 'on-failure', 'any'] as const;
/** Docker refuses a memory limit below 6 MiB when it creates the container, i.e. only once a task starts. */
const MIN_MEMORY_LIMIT = 6 * 1024 ** 2;

/** Constraint fields the swarm knows; label keys as swarmkit accepts them in a constraint. */
export const CONSTRAINT_FIELDS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch'] as const;
const LABEL_KEY = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
const CONSTRAINT_FIELD = new RegExp(`^(?:node\\.(?:id|hostname|role|platform\\.os|platform\\.arch)|(?:node|engine)\\.labels\\.${LABEL_KEY})$`);
const CONSTRAINT_VALUE = /^[A-Za-z0-9:\-_\s.*()?+[\]\\^$|/]+$/;
const SPREAD_FIELD = new RegExp(`^node\\.labels\\.${LABEL_KEY}$`);
/** `field op value` of a compose constraint string. */
const CONSTRAINT_TEXT = /^\s*(\S+?)\s*(==|!=)\s*(.*?)\s*$/;
/** The stack's own labels; a user label must not move a service out of its stack. */
const RESERVED_LABEL_PREFIX = 'com.docker.stack.';

export const WORKER_ONLY_CONSTRAINT = 'node.role == worker';

// ---------------------------------------------------------------------------------------------------------
// Field schemas: form fields arrive as text, YAML and JSON as numbers; each message names what is expected.

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const blankToNull = (value: unknown) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value);
const numeric = (value: unknown) => {
  const v = blankToUndefined(value);
  return typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
};

const required = (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : undefined);

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.preprocess(
    numeric,
    z
      .number({ error: (issue) => required(issue) ?? message })
      .int(message)
      .min(min, message)
      .max(max, message),
  );
};

const ratio = z.preprocess(
  numeric,
  z
    .number({ error: (issue) => required(issue) ?? 'must be a number between 0 and 1' })
    .min(0, 'must be a number between 0 and 1')
    .max(1, 'must be a number between 0 and 1'),
);

const text = (message: string) =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ error: (issue) => required(issue) ?? message }).trim());

/** Text that must not be blank. */
const filledText = () => text('is required').pipe(z.string().min(1, 'is required'));

const duration = text(`must be ${DURATION_HINT}`).superRefine((value, ctx) => {
  if (value === '') ctx.addIssue({ code: 'custom', message: 'is required' });
  else if (parseDuration(value) === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 10s, 1m30s or 500ms` });
  }
});

/** Docker reads 0 as "its default"; anything else must be at least 1ms. */
const healthDuration = duration.refine((value) => {
  const ns = parseDuration(value);
  return ns === null || ns === 0 || ns >= 1e6;
}, 'must be at least 1ms, or 0s for Docker’s default');

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => {
  const message = `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.preprocess(blankToUndefined, z.enum(values, { error: (issue) => required(issue) ?? message }));
};

const cpus = z.preprocess(
  blankToNull,
  text(`must be ${CPUS_HINT}`)
    .refine((v) => (parseCpus(v) ?? 0) > 0, `must be ${CPUS_HINT}, more than 0`)
    .nullable(),
);

const memory = z.preprocess(
  blankToNull,
  text(`must be ${BYTE_SIZE_HINT}`)
    .refine((v) => (parseByteSize(v) ?? 0) > 0, `must be ${BYTE_SIZE_HINT}`)
    .nullable(),
);

const resourceAmounts = z.object({ cpus, memory });

const constraint = z
  .object({
    field: filledText().refine(
      (v) => CONSTRAINT_FIELD.test(v),
      'must be node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.<key> or engine.labels.<key>',
    ),
    operator: oneOf(CONSTRAINT_OPERATORS),
    value: filledText().refine((v) => CONSTRAINT_VALUE.test(v), 'may only hold letters, digits, spaces and : - _ . * ( ) ? + [ ] \\ ^ $ | /'),
  })
  .superRefine((c, ctx) => {
    if (c.field === 'node.role' && !['manager', 'worker'].includes(c.value.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be manager or worker' });
    }
  });

const preference = z.object({
  spread: filledText().refine((v) => SPREAD_FIELD.test(v), 'must be node.labels.<key>'),
});

const label = z.object({
  key: filledText()
    .refine((v) => !/\s/.test(v), 'must not contain spaces')
    .refine((v) => !v.startsWith(RESERVED_LABEL_PREFIX), `${RESERVED_LABEL_PREFIX}* labels are set by the stack`),
  value: z.preprocess(
    (v) => (v === undefined || v === null ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
    z.string({ error: 'must be text' }),
  ),
});

const updateConfig = z.object({
  parallelism: wholeNumber(0, MAX_REPLICAS),
  delay: duration,
  failureAction: oneOf(UPDATE_FAILURE_ACTIONS),
  monitor: duration,
  order: oneOf(UPDATE_ORDERS),
  maxFailureRatio: ratio,
});

const rollbackConfig = updateConfig.extend({ failureAction: oneOf(ROLLBACK_FAILURE_ACTIONS) });

export const SwarmSettingsSchema = z
  .object({
    mode: oneOf(SWARM_MODES),
    replicas: wholeNumber(0, MAX_REPLICAS),
    workerOnly: z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean()),
    constraints: z.array(constraint),
    preferences: z.array(preference),
    resources: z.object({ limits: resourceAmounts, reservations: resourceAmounts }),
    updateConfig,
    rollbackConfig,
    restartPolicy: z.object({
      condition: oneOf(RESTART_CONDITIONS),
      delay: duration,
      maxAttempts: wholeNumber(0, 1000),
      window: duration,
    }),
    healthCheck: z.object({
      /** Run with `/bin/sh -c` in the container; empty keeps the image's own health check. */
      command: text('must be text').pipe(z.string().max(2000, 'must be at most 2000 characters')),
      interval: healthDuration,
      timeout: healthDuration,
      retries: wholeNumber(0, 100),
      startPeriod: healthDuration,
    }),
    labels: z.array(label),
  })
  .superRefine((s, ctx) => {
    const { limits, reservations } = s.resources;
    const limitCpus = limits.cpus === null ? null : parseCpus(limits.cpus);
    const reservedCpus = reservations.cpus === null ? null : parseCpus(reservations.cpus);
    if (limitCpus !== null && reservedCpus !== null && reservedCpus > limitCpus) {
      ctx.addIssue({ code: 'custom', path: ['resources', 'reservations', 'cpus'], message: `must not exceed the CPU limit (${limits.cpus})` });
    }
    const limitBytes = limits.memory === null ? null : parseByteSize(limits.memory);
    const reservedBytes = reservations.memory === null ? null : parseByteSize(reservations.memory);
    if (limitBytes !== null && limitBytes < MIN_MEMORY_LIMIT) {
      ctx.addIssue({ code: 'custom', path: ['resources', 'limits', 'memory'], message: 'must be at least 6M (Docker’s smallest memory limit)' });
    }
    if (limitBytes !== null && reservedBytes !== null && reservedBytes > limitBytes) {
      ctx.addIssue({ code: 'custom', path: ['resources', 'reservations', 'memory'], message: `must not exceed the memory limit (${limits.memory})` });
    }
    const seen = new Set<string>();
    s.labels.forEach((l, i) => {
      if (seen.has(l.key)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'key'], message: `"${l.key}" is given twice` });
      seen.add(l.key);
    });
  });

export type SwarmSettings = z.output<typeof SwarmSettingsSchema>;
export type PlacementConstraint = SwarmSettings['constraints'][number];

/** Docker's own defaults (`docker service create` without flags), what the form starts from. */
export const DEFAULT_SWARM_SETTINGS: SwarmSettings = {
  mode: 'replicated',
  replicas: 1,
  workerOnly: false,
  constraints: [],
  preferences: [],
  resources: { limits: { cpus: null, memory: null }, reservations: { cpus: null, memory: null } },
  updateConfig: { parallelism: 1, delay: '0s', failureAction: 'pause', monitor: '5s', order: 'stop-first', maxFailureRatio: 0 },
  rollbackConfig: { parallelism: 1, delay: '0s', failureAction: 'pause', monitor: '5s', order: 'stop-first', maxFailureRatio: 0 },
  restartPolicy: { condition: 'any', delay: '5s', maxAttempts: 0, window: '0s' },
  healthCheck: { command: '', interval: '30s', timeout: '30s', retries: 3, startPeriod: '0s' },
  labels: [],
};

/** Messages by dotted field path (`resources.reservations.cpus`, `constraints.0.value`), one per field. */
export type FieldErrors = Record<string, string>;

export type SettingsReading = { ok: true; settings: SwarmSettings } | { ok: false; errors: FieldErrors };

export function readSwarmSettings(input: unknown): SettingsReading {
  const result = SwarmSettingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[issue.path.map(String).join('.') || 'settings'] ??= issue.message;
  return { ok: false, errors };
}

/**
 * Settings a host stored earlier, over the defaults (a key added since is filled in). Null when what is stored
 * no longer validates, so the form starts from the defaults rather than from something it cannot show.
 */
export function storedSwarmSettings(stored: Record<string, unknown> | null | undefined): SwarmSettings | null {
  if (!stored) return structuredClone(DEFAULT_SWARM_SETTINGS);
  const defaults: Mapping = structuredClone(DEFAULT_SWARM_SETTINGS);
  const merged = deepMerge(defaults, structuredClone(stored));
  const reading = readSwarmSettings(merged);
  return reading.ok ? reading.settings : null;
}

// ---------------------------------------------------------------------------------------------------------
// Placement constraints as the swarm reads them.

export function formatConstraint(c: PlacementConstraint): string {
  return `${c.field} ${c.operator} ${c.value}`;
}

export function parseConstraint(text: string): { field: string; operator: string; value: string } {
  const match = text.match(CONSTRAINT_TEXT);
  return match ? { field: match[1]!, operator: match[2]!, value: match[3]! } : { field: text.trim(), operator: '', value: '' };
}

/** Identity of a constraint as the swarm evaluates it (field and value compare case-insensitively). */
export function constraintKey(text: string): string {
  const c = parseConstraint(text);
  return `${c.field.toLowerCase()} ${c.operator} ${c.value.toLowerCase()}`;
}

export const isWorkerOnly = (text: string) => constraintKey(text) === constraintKey(WORKER_ONLY_CONSTRAINT);

/** Every constraint the service gets: worker-only first, each constraint once. */
export function placementConstraints(s: Pick<SwarmSettings, 'workerOnly' | 'constraints'>): string[] {
  const all = [...(s.workerOnly ? [WORKER_ONLY_CONSTRAINT] : []), ...s.constraints.map(formatConstraint)];
  return uniqueBy(all, constraintKey);
}

export function spreadPreferences(s: Pick<SwarmSettings, 'preferences'>): string[] {
  return uniqueBy(
    s.preferences.map((p) => p.spread),
    (spread) => spread,
  );
}
