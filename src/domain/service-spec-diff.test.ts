import { describe, expect, it } from 'vitest';
import { changedSpecParts, sameServiceSpec } from './service-spec-diff.ts';

/** What a deploy sends for a plain service (the CLI's shape). */
const sent = () => ({
  Name: 'shop_web',
  Labels: { 'com.docker.stack.namespace': 'shop', 'com.docker.stack.image': 'x' },
  TaskTemplate: {
    ContainerSpec: { Image: 'x', Labels: { 'com.docker.stack.namespace': 'shop' }, DNSConfig: {}, Privileges: {}, Env: ['A=1'] },
    Resources: {},
    Placement: {},
    Networks: [
      { Target: 'net2', Aliases: ['web'] },
      { Target: 'net1', Aliases: ['www', 'web'] },
    ],
    ForceUpdate: 0,
  },
  Mode: { Replicated: {} },
  RollbackConfig: { Parallelism: 2, Delay: 0, FailureAction: '', Monitor: 0, MaxFailureRatio: 0, Order: '' },
  EndpointSpec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }] },
});

/** The same service as `docker service inspect` shows it: defaults filled in, empties dropped, keys reordered. */
const stored = () => ({
  Labels: { 'com.docker.stack.image': 'x', 'com.docker.stack.namespace': 'shop' },
  Name: 'shop_web',
  TaskTemplate: {
    ContainerSpec: {
      Image: 'x',
      Labels: { 'com.docker.stack.namespace': 'shop' },
      Env: ['A=1'],
      Privileges: { CredentialSpec: null, SELinuxContext: null },
      DNSConfig: {},
      Isolation: 'default',
    },
    Resources: {},
    RestartPolicy: { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 },
    Placement: {},
    Networks: [
      { Target: 'net1', Aliases: ['www', 'web'] },
      { Target: 'net2', Aliases: ['web'] },
    ],
    ForceUpdate: 3,
    Runtime: 'container',
  },
  Mode: { Replicated: { Replicas: 1 } },
  UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
  RollbackConfig: { Parallelism: 2, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
  EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }] },
});

describe('service spec comparison', () => {
  it('sees the spec a deploy sent and the one the daemon stored as the same', () => {
    expect(sameServiceSpec(sent(), stored())).toBe(true);
    expect(changedSpecParts(sent(), stored())).toEqual([]);
  });

  it.each([
    ['the image', (s: ReturnType<typeof sent>) => (s.TaskTemplate.ContainerSpec.Image = 'y'), 'ContainerSpec'],
    ['an environment variable', (s: ReturnType<typeof sent>) => s.TaskTemplate.ContainerSpec.Env.push('B=2'), 'ContainerSpec'],
    ['the replica count', (s: ReturnType<typeof sent>) => (s.Mode = { Replicated: { Replicas: 3 } } as never), 'Mode'],
    ['scaled to zero', (s: ReturnType<typeof sent>) => (s.Mode = { Replicated: { Replicas: 0 } } as never), 'Mode'],
    ['a label', (s: ReturnType<typeof sent>) => Object.assign(s.Labels, { tier: 'web' }), 'Labels'],
    ['an alias', (s: ReturnType<typeof sent>) => s.TaskTemplate.Networks[0]!.Aliases.unshift('site'), 'Networks'],
    ['a port', (s: ReturnType<typeof sent>) => (s.EndpointSpec.Ports[0]!.PublishedPort = 9090), 'EndpointSpec'],
    ['the rollback parallelism', (s: ReturnType<typeof sent>) => (s.RollbackConfig.Parallelism = 1), 'RollbackConfig'],
    ['a new update order', (s: ReturnType<typeof sent>) => Object.assign(s, { UpdateConfig: { Parallelism: 1, Order: 'start-first' } }), 'UpdateConfig'],
    ['a placement constraint', (s: ReturnType<typeof sent>) => Object.assign(s.TaskTemplate.Placement, { Constraints: ['node.role == worker'] }), 'Placement'],
  ])('sees a change of %s', (_, change, part) => {
    const desired = sent();
    change(desired);
    expect(sameServiceSpec(desired, stored())).toBe(false);
    expect(changedSpecParts(desired, stored())).toContain(part);
  });

  it('leaves ForceUpdate aside (a deploy keeps the running one)', () => {
    const desired = sent();
    desired.TaskTemplate.ForceUpdate = 7;
    expect(sameServiceSpec(desired, stored())).toBe(true);
  });
});
