import { describe, expect, it } from 'vitest';
import { DeployYamlError, deployYaml, fromComposeDeploy, mergeDeploy, readDeployYaml, toComposeDeploy, toComposeHealthcheck } from './compose-deploy.ts';
import { DEFAULT_SWARM_SETTINGS, readSwarmSettings, type SwarmSettings } from './swarm-deploy-config.ts';

/** The issue's example: replicas 3, a zone constraint, a spread, limits and reservations, start-first updates, a health check. */
function exampleSettings(): SwarmSettings {
  const s = structuredClone(DEFAULT_SWARM_SETTINGS);
  s.replicas = 3;
  s.workerOnly = true;
  s.constraints = [{ field: 'node.labels.zone', operator: '==', value: 'a' }];
  s.preferences = [{ spread: 'node.labels.zone' }];
  s.resources = { limits: { cpus: '0.5', memory: '64M' }, reservations: { cpus: '0.1', memory: '16M' } };
  s.updateConfig = { ...s.updateConfig, parallelism: 2, order: 'start-first', delay: '1m30s' };
  s.restartPolicy = { condition: 'on-failure', delay: '2s', maxAttempts: 3, window: '1m' };
  s.healthCheck = { command: 'test -e /bin/sh', interval: '2s', timeout: '1s', retries: 2, startPeriod: '500ms' };
  s.labels = [{ key: 'tier', value: 'web' }];
  return s;
}

/** Settings through the validator, as the form and the YAML tab get them. */
function validated(input: unknown): SwarmSettings {
  const reading = readSwarmSettings(input);
  if (!reading.ok) throw new Error(JSON.stringify(reading.errors));
  return reading.settings;
}

/** Nine aliases of nine aliases, five levels deep: 9^5 expansions from a few hundred bytes. */
const ALIAS_BOMB = ['a: &a [x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(',')}]`)].join('\n');

describe('compose deploy mapping', () => {
  it('is the inner deploy: mapping, with one node.role == worker', () => {
    const s = exampleSettings();
    s.constraints.unshift({ field: 'node.role', operator: '==', value: 'worker' });
    const deploy = toComposeDeploy(s);
    expect(deploy).not.toHaveProperty('deploy');
    expect(deploy).toEqual({
      mode: 'replicated',
      replicas: 3,
      placement: { constraints: ['node.role == worker', 'node.labels.zone == a'], preferences: [{ spread: 'node.labels.zone' }] },
      resources: { limits: { cpus: '0.5', memory: '64M' }, reservations: { cpus: '0.1', memory: '16M' } },
      update_config: { parallelism: 2, delay: '1m30s', failure_action: 'pause', monitor: '5s', order: 'start-first', max_failure_ratio: 0 },
      rollback_config: { parallelism: 1, delay: '0s', failure_action: 'pause', monitor: '5s', order: 'stop-first', max_failure_ratio: 0 },
      restart_policy: { condition: 'on-failure', delay: '2s', max_attempts: 3, window: '1m' },
      labels: { tier: 'web' },
    });
    expect(toComposeHealthcheck(s)).toEqual({ test: ['CMD-SHELL', 'test -e /bin/sh'], interval: '2s', timeout: '1s', retries: 2, start_period: '500ms' });
  });

  it('leaves out what is not set: placement, resources, labels, replicas of a global service, the health check', () => {
    const s = structuredClone(DEFAULT_SWARM_SETTINGS);
    s.mode = 'global';
    const deploy = toComposeDeploy(s);
    expect(Object.keys(deploy)).toEqual(['mode', 'update_config', 'rollback_config', 'restart_policy']);
    expect(deploy.restart_policy).toEqual({ condition: 'any', delay: '5s', window: '0s' });
    expect(toComposeHealthcheck(s)).toBeNull();
  });

  it('round-trips settings through the mapping and through YAML', () => {
    const s = exampleSettings();
    const deploy = toComposeDeploy(s);
    const healthcheck = toComposeHealthcheck(s);
    expect(validated(fromComposeDeploy(deploy, healthcheck).input)).toEqual(s);

    const yaml = deployYaml(deploy);
    expect(yaml).toContain('replicas: 3\n');
    expect(yaml).not.toMatch(/^deploy:/m);
    const read = readDeployYaml(yaml, deployYaml(healthcheck));
    expect(validated(fromComposeDeploy(read.deploy, read.healthcheck).input)).toEqual(s);
    expect(validated(fromComposeDeploy(toComposeDeploy(DEFAULT_SWARM_SETTINGS)).input)).toEqual(DEFAULT_SWARM_SETTINGS);
  });

  it('reads hand-written compose: defaults for what is missing, labels as a list, CMD health checks, ignored keys named', () => {
    const yaml = [
      'replicas: 2',
      'endpoint_mode: dnsrr',
      'placement:',
      '  constraints: ["node.role==worker", "node.hostname != n1"]',
      '  max_replicas_per_node: 2',
      'labels: ["a=b=c", "tier=web"]',
    ].join('\n');
    const health = 'test: ["CMD", "curl", "-f", "http://localhost/health check"]\ninterval: 10s';
    const read = readDeployYaml(yaml, health);
    const { input, ignored } = fromComposeDeploy(read.deploy, read.healthcheck);
    const s = validated(input);
    expect(s.replicas).toBe(2);
    expect(s.workerOnly).toBe(true);
    expect(s.constraints).toEqual([{ field: 'node.hostname', operator: '!=', value: 'n1' }]);
    expect(s.labels).toEqual([
      { key: 'a', value: 'b=c' },
      { key: 'tier', value: 'web' },
    ]);
    expect(s.healthCheck).toEqual({ ...DEFAULT_SWARM_SETTINGS.healthCheck, command: "curl -f 'http://localhost/health check'", interval: '10s' });
    expect(s.updateConfig).toEqual(DEFAULT_SWARM_SETTINGS.updateConfig);
    expect(ignored).toEqual(['endpoint_mode', 'placement.max_replicas_per_node']);
  });

  it('keeps bad values so the form can show them beside their fields', () => {
    const { input } = fromComposeDeploy({ replicas: -2, update_config: { delay: '10 parsecs' }, placement: { constraints: ['zone = a'] } });
    const reading = readSwarmSettings(input);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.errors.replicas).toBe('must be a whole number between 0 and 1000');
    expect(reading.errors['updateConfig.delay']).toMatch(/"10 parsecs" is not a duration/);
    // Not `field op value`: the whole text lands in the field, with both problems shown.
    expect(reading.errors['constraints.0.field']).toMatch(/^must be node\.id/);
    expect(reading.errors['constraints.0.operator']).toBe('is required');
  });

  it('unwraps a pasted service fragment and the seed’s deploy.deploy', () => {
    expect(readDeployYaml('deploy:\n  replicas: 4\nhealthcheck:\n  test: true\n')).toEqual({ deploy: { replicas: 4 }, healthcheck: { test: true } });
    expect(readDeployYaml('deploy:\n  deploy:\n    mode: global\n').deploy).toEqual({ mode: 'global' });
    expect(readDeployYaml('', 'healthcheck:\n  test: ["NONE"]\n').healthcheck).toEqual({ test: ['NONE'] });
    expect(validated(fromComposeDeploy({}, { test: ['NONE'] }).input).healthCheck.command).toBe('');
  });

  it('explains YAML it cannot read', () => {
    expect(() => readDeployYaml('replicas: [3')).toThrow(DeployYamlError);
    expect(() => readDeployYaml('replicas: 1\nreplicas: 2')).toThrow(/deploy: YAML error on line 2/);
    expect(() => readDeployYaml('- a\n- b')).toThrow('deploy: must be a mapping (key: value lines)');
    expect(() => readDeployYaml('replicas: *nowhere')).toThrow(/deploy: YAML error: Unresolved alias/);
    expect(() => readDeployYaml('', 'test: *x')).toThrow(/healthcheck: YAML error: Unresolved alias/);
    expect(() => readDeployYaml(ALIAS_BOMB)).toThrow(/deploy: YAML error: Excessive alias count/);
  });
});

describe('mergeDeploy', () => {
  const host = {
    mode: 'replicated',
    replicas: 1,
    endpoint_mode: 'vip',
    resources: { limits: { memory: '1G', pids: 100 }, reservations: { memory: '128M' } },
    placement: { constraints: ['node.role == worker', 'node.labels.ssd == true'], max_replicas_per_node: 2 },
    labels: ['managed-by=host', 'tier=backend'],
  };

  it('merges deeply: a partial resources or placement keeps the host’s other keys', () => {
    const ours = { replicas: 3, resources: { limits: { cpus: '0.5' } }, placement: { constraints: ['node.labels.zone == a'] } };
    const before = structuredClone(host);
    expect(mergeDeploy(host, ours)).toEqual({
      mode: 'replicated',
      replicas: 3,
      endpoint_mode: 'vip',
      resources: { limits: { memory: '1G', pids: 100, cpus: '0.5' }, reservations: { memory: '128M' } },
      placement: {
        constraints: ['node.role == worker', 'node.labels.ssd == true', 'node.labels.zone == a'],
        max_replicas_per_node: 2,
      },
      labels: { 'managed-by': 'host', tier: 'backend' },
    });
    expect(host).toEqual(before);
  });

  it('keeps one node.role == worker and one of each spread; our labels win', () => {
    const s = structuredClone(DEFAULT_SWARM_SETTINGS);
    s.workerOnly = true;
    s.preferences = [{ spread: 'node.labels.zone' }];
    s.labels = [{ key: 'tier', value: 'web' }];
    const hostWithSpread = { ...host, placement: { ...host.placement, preferences: [{ spread: 'node.labels.zone' }] } };
    const merged = mergeDeploy(hostWithSpread, toComposeDeploy(s));
    expect(merged.placement?.constraints).toEqual(['node.role == worker', 'node.labels.ssd == true']);
    expect(merged.placement?.preferences).toEqual([{ spread: 'node.labels.zone' }]);
    expect(merged.labels).toEqual({ 'managed-by': 'host', tier: 'web' });
    expect(merged).not.toHaveProperty('deploy');
  });

  it('takes ours whole when the host has no deploy mapping', () => {
    const ours = toComposeDeploy(DEFAULT_SWARM_SETTINGS);
    expect(mergeDeploy(undefined, ours)).toEqual(ours);
    expect(mergeDeploy(null, ours)).toEqual(ours);
  });
});
