import { describe, expect, it } from 'vitest';
import { DEFAULT_SWARM_SETTINGS, type SwarmSettings } from './swarm-deploy-config.ts';
import { stackNetworkSpec, stackServiceName, stackServiceSpec, toServiceSpec } from './swarm-service-spec.ts';

function example(): SwarmSettings {
  const s = structuredClone(DEFAULT_SWARM_SETTINGS);
  s.replicas = 3;
  s.workerOnly = true;
  s.constraints = [
    { field: 'node.role', operator: '==', value: 'worker' },
    { field: 'node.labels.zone', operator: '==', value: 'a' },
  ];
  s.preferences = [{ spread: 'node.labels.zone' }];
  s.resources = { limits: { cpus: '0.5', memory: '64M' }, reservations: { cpus: '0.1', memory: null } };
  s.updateConfig = { parallelism: 2, delay: '10s', failureAction: 'rollback', monitor: '1m30s', order: 'start-first', maxFailureRatio: 0.2 };
  s.rollbackConfig = { ...s.rollbackConfig, failureAction: 'continue' };
  s.restartPolicy = { condition: 'on-failure', delay: '500ms', maxAttempts: 3, window: '2m' };
  s.healthCheck = { command: 'wget -q -O- localhost:8080', interval: '5s', timeout: '2s', retries: 4, startPeriod: '10s' };
  s.labels = [{ key: 'tier', value: 'web' }];
  return s;
}

describe('Engine API pieces of the settings', () => {
  it('converts every field to the Engine API’s units', () => {
    expect(toServiceSpec(example())).toEqual({
      Mode: { Replicated: { Replicas: 3 } },
      Labels: { tier: 'web' },
      UpdateConfig: { Parallelism: 2, Delay: 10e9, FailureAction: 'rollback', Monitor: 90e9, MaxFailureRatio: 0.2, Order: 'start-first' },
      RollbackConfig: { Parallelism: 1, Delay: 0, FailureAction: 'continue', Monitor: 5e9, MaxFailureRatio: 0, Order: 'stop-first' },
      Placement: {
        Constraints: ['node.role == worker', 'node.labels.zone == a'],
        Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
      },
      Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 ** 2 }, Reservations: { NanoCPUs: 1e8 } },
      RestartPolicy: { Condition: 'on-failure', Delay: 5e8, MaxAttempts: 3, Window: 120e9 },
      Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost:8080'], Interval: 5e9, Timeout: 2e9, Retries: 4, StartPeriod: 10e9 },
    });
  });

  it('leaves out placement, resources and the health check when none is set; global has no replicas', () => {
    const s = structuredClone(DEFAULT_SWARM_SETTINGS);
    s.mode = 'global';
    const pieces = toServiceSpec(s);
    expect(pieces.Mode).toEqual({ Global: {} });
    expect(pieces.Placement).toEqual({});
    expect(pieces.Resources).toEqual({});
    expect(pieces).not.toHaveProperty('Healthcheck');
  });
});

describe('the application as a stack', () => {
  const stack = '0b6e4a52-6a55-4a2c-9d3e-1f2a3b4c5d6e';

  it('names and labels the service like docker stack deploy, on the stack network', () => {
    const spec = stackServiceSpec({ stack, image: 'lab/busybox:latest', args: ['sleep', '3600'], networkId: 'net1', settings: example(), forceUpdate: 2 });
    expect(spec.Name).toBe(`${stack}_app`);
    expect(stackServiceName(stack)).toBe(spec.Name);
    expect(spec.Labels).toEqual({ tier: 'web', 'com.docker.stack.namespace': stack, 'com.docker.stack.image': 'lab/busybox:latest' });
    expect(spec.TaskTemplate).toMatchObject({
      ContainerSpec: { Image: 'lab/busybox:latest', Args: ['sleep', '3600'], Labels: { 'com.docker.stack.namespace': stack } },
      Networks: [{ Target: 'net1', Aliases: ['app'] }],
      ForceUpdate: 2,
    });
    expect(stackNetworkSpec(stack)).toEqual({
      Name: `${stack}_default`,
      Driver: 'overlay',
      Scope: 'swarm',
      Labels: { 'com.docker.stack.namespace': stack },
      CheckDuplicate: true,
    });
  });

  it('keeps the image’s CMD without args, and a user label cannot move the service out of its stack', () => {
    const s = structuredClone(DEFAULT_SWARM_SETTINGS);
    const spec = stackServiceSpec({ stack, image: 'nginx:1.27', args: null, networkId: 'n', settings: s });
    expect(spec.TaskTemplate.ContainerSpec).not.toHaveProperty('Args');
    expect(spec.TaskTemplate.ForceUpdate).toBe(0);
    expect(spec.Labels['com.docker.stack.namespace']).toBe(stack);
  });
});
