import { describe, expect, it } from 'vitest';
import { DEFAULT_SWARM_SETTINGS, placementConstraints, readSwarmSettings, type SwarmSettings, storedSwarmSettings } from './swarm-deploy-config.ts';

const settings = (patch: (s: SwarmSettings) => void): unknown => {
  const s = structuredClone(DEFAULT_SWARM_SETTINGS);
  patch(s);
  return s;
};

/** The message beside one field, or undefined when the settings are valid. */
const errorAt = (input: unknown, field: string) => {
  const reading = readSwarmSettings(input);
  return reading.ok ? undefined : reading.errors[field];
};

describe('swarm deploy settings', () => {
  it('starts from Docker’s defaults, which validate', () => {
    expect(readSwarmSettings(DEFAULT_SWARM_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SWARM_SETTINGS });
    expect(DEFAULT_SWARM_SETTINGS.updateConfig).toEqual({
      parallelism: 1,
      delay: '0s',
      failureAction: 'pause',
      monitor: '5s',
      order: 'stop-first',
      maxFailureRatio: 0,
    });
    expect(DEFAULT_SWARM_SETTINGS.restartPolicy).toEqual({ condition: 'any', delay: '5s', maxAttempts: 0, window: '0s' });
    expect(DEFAULT_SWARM_SETTINGS.healthCheck).toMatchObject({ interval: '30s', timeout: '30s', retries: 3, startPeriod: '0s' });
  });

  it('reads form text into numbers, trimmed strings and booleans', () => {
    const reading = readSwarmSettings(
      settings((s) => {
        Object.assign(s, { replicas: ' 3 ', workerOnly: 'on' });
        Object.assign(s.updateConfig, { parallelism: '2', maxFailureRatio: '0.25', delay: ' 10s ' });
        s.resources.limits = { cpus: '0.5', memory: '' } as never;
      }),
    );
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.settings.replicas).toBe(3);
    expect(reading.settings.workerOnly).toBe(true);
    expect(reading.settings.updateConfig).toMatchObject({ parallelism: 2, maxFailureRatio: 0.25, delay: '10s' });
    expect(reading.settings.resources.limits).toEqual({ cpus: '0.5', memory: null });
  });

  it.each([
    ['replicas', (s: SwarmSettings) => Object.assign(s, { replicas: -1 }), 'must be a whole number between 0 and 1000'],
    ['replicas', (s: SwarmSettings) => Object.assign(s, { replicas: '1001' }), 'must be a whole number between 0 and 1000'],
    ['replicas', (s: SwarmSettings) => Object.assign(s, { replicas: 'three' }), 'must be a whole number between 0 and 1000'],
    ['replicas', (s: SwarmSettings) => Object.assign(s, { replicas: '' }), 'is required'],
    ['mode', (s: SwarmSettings) => Object.assign(s, { mode: 'replicated-job' }), 'must be replicated or global'],
    [
      'updateConfig.delay',
      (s: SwarmSettings) => Object.assign(s.updateConfig, { delay: '10 parsecs' }),
      '"10 parsecs" is not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 10s, 1m30s or 500ms',
    ],
    ['updateConfig.failureAction', (s: SwarmSettings) => Object.assign(s.updateConfig, { failureAction: 'explode' }), 'must be pause, continue or rollback'],
    ['rollbackConfig.failureAction', (s: SwarmSettings) => Object.assign(s.rollbackConfig, { failureAction: 'rollback' }), 'must be pause or continue'],
    ['updateConfig.order', (s: SwarmSettings) => Object.assign(s.updateConfig, { order: 'random' }), 'must be stop-first or start-first'],
    ['updateConfig.maxFailureRatio', (s: SwarmSettings) => Object.assign(s.updateConfig, { maxFailureRatio: 1.5 }), 'must be a number between 0 and 1'],
    ['restartPolicy.condition', (s: SwarmSettings) => Object.assign(s.restartPolicy, { condition: 'always' }), 'must be none, on-failure or any'],
    ['healthCheck.interval', (s: SwarmSettings) => Object.assign(s.healthCheck, { interval: '500us' }), 'must be at least 1ms, or 0s for Docker’s default'],
    ['resources.limits.cpus', (s: SwarmSettings) => Object.assign(s.resources.limits, { cpus: 'lots' }), 'must be a number of CPUs like 0.5 or 2, more than 0'],
    ['resources.limits.memory', (s: SwarmSettings) => Object.assign(s.resources.limits, { memory: '1 gigabyte' }), 'must be a size like 512M or 1G'],
    [
      'resources.limits.memory',
      (s: SwarmSettings) => Object.assign(s.resources.limits, { memory: '1M' }),
      'must be at least 6M (Docker’s smallest memory limit)',
    ],
  ])('refuses a bad %s with a message for the field', (field, patch, message) => {
    expect(errorAt(settings(patch), field)).toBe(message);
  });

  it('refuses reservations above the limits, beside the reservation', () => {
    const input = settings((s) => {
      s.resources = { limits: { cpus: '0.5', memory: '256M' }, reservations: { cpus: '1', memory: '1G' } };
    });
    expect(errorAt(input, 'resources.reservations.cpus')).toBe('must not exceed the CPU limit (0.5)');
    expect(errorAt(input, 'resources.reservations.memory')).toBe('must not exceed the memory limit (256M)');
    const equal = settings((s) => {
      s.resources = { limits: { cpus: '0.5', memory: '512M' }, reservations: { cpus: '.5', memory: '0.5G' } };
    });
    expect(readSwarmSettings(equal).ok).toBe(true);
  });

  it('validates placement constraints field by field', () => {
    const withConstraint = (c: Record<string, string>) => settings((s) => s.constraints.push(c as never));
    expect(readSwarmSettings(withConstraint({ field: 'node.labels.zone', operator: '==', value: 'a' })).ok).toBe(true);
    expect(readSwarmSettings(withConstraint({ field: 'engine.labels.disk', operator: '!=', value: 'hdd' })).ok).toBe(true);
    expect(readSwarmSettings(withConstraint({ field: 'node.platform.arch', operator: '==', value: 'x86_64' })).ok).toBe(true);
    expect(errorAt(withConstraint({ field: 'node.zone', operator: '==', value: 'a' }), 'constraints.0.field')).toMatch(/^must be node\.id, node\.hostname/);
    expect(errorAt(withConstraint({ field: 'node.labels.', operator: '==', value: 'a' }), 'constraints.0.field')).toMatch(/^must be node\.id/);
    expect(errorAt(withConstraint({ field: 'node.role', operator: '=', value: 'worker' }), 'constraints.0.operator')).toBe('must be == or !=');
    expect(errorAt(withConstraint({ field: 'node.role', operator: '==', value: 'boss' }), 'constraints.0.value')).toBe('must be manager or worker');
    expect(errorAt(withConstraint({ field: 'node.hostname', operator: '==', value: '' }), 'constraints.0.value')).toBe('is required');
    expect(errorAt(withConstraint({ field: 'node.hostname', operator: '==', value: 'a==b' }), 'constraints.0.value')).toMatch(/^may only hold/);
  });

  it('validates spread preferences and labels', () => {
    expect(
      errorAt(
        settings((s) => s.preferences.push({ spread: 'node.hostname' })),
        'preferences.0.spread',
      ),
    ).toBe('must be node.labels.<key>');
    expect(readSwarmSettings(settings((s) => s.preferences.push({ spread: 'node.labels.zone' }))).ok).toBe(true);
    expect(
      errorAt(
        settings((s) => s.labels.push({ key: 'my label', value: 'x' })),
        'labels.0.key',
      ),
    ).toBe('must not contain spaces');
    expect(
      errorAt(
        settings((s) => s.labels.push({ key: '', value: 'x' })),
        'labels.0.key',
      ),
    ).toBe('is required');
    expect(
      errorAt(
        settings((s) => s.labels.push({ key: 'com.docker.stack.namespace', value: 'x' })),
        'labels.0.key',
      ),
    ).toBe('com.docker.stack.* labels are set by the stack');
    const twice = settings((s) => s.labels.push({ key: 'tier', value: 'a' }, { key: 'tier', value: 'b' }));
    expect(errorAt(twice, 'labels.1.key')).toBe('"tier" is given twice');
  });

  it('adds node.role == worker once for worker-only, however it is also typed', () => {
    const s = structuredClone(DEFAULT_SWARM_SETTINGS);
    s.workerOnly = true;
    s.constraints = [
      { field: 'node.role', operator: '==', value: 'Worker' },
      { field: 'node.labels.zone', operator: '==', value: 'a' },
      { field: 'node.labels.zone', operator: '==', value: 'a' },
    ];
    expect(placementConstraints(s)).toEqual(['node.role == worker', 'node.labels.zone == a']);
  });

  it('reads stored settings over the defaults, and refuses what no longer validates', () => {
    expect(storedSwarmSettings(null)).toEqual(DEFAULT_SWARM_SETTINGS);
    expect(storedSwarmSettings({ replicas: 4, updateConfig: { order: 'start-first' } })).toMatchObject({
      replicas: 4,
      updateConfig: { ...DEFAULT_SWARM_SETTINGS.updateConfig, order: 'start-first' },
    });
    expect(storedSwarmSettings({ replicas: -4 })).toBeNull();
  });
});
