/**
 * The swarm deploy form's fields, named by their settings path (`updateConfig.delay`, `constraints.0.value`),
 * read into a settings-shaped input for the validator; and any settings-shaped value (saved, submitted or read
 * from YAML, valid or not) as the text the form shows.
 */

import type { SwarmFormValues } from '../../../../views/swarm-deploy-form/form-values.ts';
import { isMapping, type Mapping } from '../../../domain/mappings.ts';

const LISTS = ['constraints', 'preferences', 'labels'] as const;
const FIELDS = ['mode', 'replicas', 'workerOnly', 'resources', 'updateConfig', 'rollbackConfig', 'restartPolicy', 'healthCheck', ...LISTS];
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Form body -> settings input. Rows come back in index order (removed rows leave gaps); blank rows are dropped. */
export function settingsInputFromForm(body: Record<string, unknown>): Mapping {
  const input: Mapping = { workerOnly: false };
  for (const [name, raw] of Object.entries(body)) {
    const path = name.split('.');
    if (!FIELDS.includes(path[0]!) || path.some((p) => UNSAFE_KEYS.has(p))) continue;
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw.at(-1) ?? '') : '';
    let node = input;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value;
      else node = (isMapping(node[key]) ? node[key] : (node[key] = {})) as Mapping;
    });
  }
  for (const list of LISTS) {
    const rows = isMapping(input[list]) ? input[list] : {};
    input[list] = Object.keys(rows)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => rows[k])
      .filter((row): row is Mapping => isMapping(row) && Object.values(row).some((v) => String(v).trim() !== ''));
  }
  return input;
}

/** A value as form text: what the user typed stays as typed, even when it does not validate. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const at = (value: unknown, key: string): unknown => (isMapping(value) ? value[key] : undefined);
const rows = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function updateValues(value: unknown): SwarmFormValues['updateConfig'] {
  return {
    parallelism: text(at(value, 'parallelism')),
    delay: text(at(value, 'delay')),
    failureAction: text(at(value, 'failureAction')),
    monitor: text(at(value, 'monitor')),
    order: text(at(value, 'order')),
    maxFailureRatio: text(at(value, 'maxFailureRatio')),
  };
}

function amountValues(value: unknown): { cpus: string; memory: string } {
  return { cpus: text(at(value, 'cpus')), memory: text(at(value, 'memory')) };
}

export function toFormValues(input: unknown): SwarmFormValues {
  const resources = at(input, 'resources');
  const restart = at(input, 'restartPolicy');
  const health = at(input, 'healthCheck');
  const workerOnly = at(input, 'workerOnly');
  return {
    mode: text(at(input, 'mode')),
    replicas: text(at(input, 'replicas')),
    workerOnly: workerOnly === true || workerOnly === 'on' || workerOnly === 'true',
    constraints: rows(at(input, 'constraints')).map((c) => ({ field: text(at(c, 'field')), operator: text(at(c, 'operator')), value: text(at(c, 'value')) })),
    preferences: rows(at(input, 'preferences')).map((p) => ({ spread: text(at(p, 'spread')) })),
    resources: { limits: amountValues(at(resources, 'limits')), reservations: amountValues(at(resources, 'reservations')) },
    updateConfig: updateValues(at(input, 'updateConfig')),
    rollbackConfig: updateValues(at(input, 'rollbackConfig')),
    restartPolicy: {
      condition: text(at(restart, 'condition')),
      delay: text(at(restart, 'delay')),
      maxAttempts: text(at(restart, 'maxAttempts')),
      window: text(at(restart, 'window')),
    },
    healthCheck: {
      command: text(at(health, 'command')),
      interval: text(at(health, 'interval')),
      timeout: text(at(health, 'timeout')),
      retries: text(at(health, 'retries')),
      startPeriod: text(at(health, 'startPeriod')),
    },
    labels: rows(at(input, 'labels')).map((l) => ({ key: text(at(l, 'key')), value: text(at(l, 'value')) })),
  };
}
