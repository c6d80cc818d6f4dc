import { describe, expect, it } from 'vitest';
import type { EngineConfig, EngineNetwork, EngineSecret, EngineService, EngineTask } from '../docker/schemas.ts';
import { STACK_NAMESPACE_LABEL, stackContents, stackProgress, stacksOf } from './stacks.ts';

const ns = (stack: string) => ({ [STACK_NAMESPACE_LABEL]: stack });

const engineService = (id: string, name: string, labels: Record<string, string>, mode: 'replicated' | 'global' = 'replicated'): EngineService =>
  ({
    ID: id,
    Version: { Index: 1 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: {
      Name: name,
      Labels: labels,
      Mode: mode === 'global' ? { Global: {} } : { Replicated: { Replicas: 2 } },
      TaskTemplate: { ContainerSpec: { Image: 'app:1@sha256:abc' }, ForceUpdate: 0 },
    },
    ServiceStatus: { RunningTasks: 1, DesiredTasks: mode === 'global' ? 3 : 2 },
  }) as EngineService;

const task = (id: string, serviceId: string, state: string, err?: string, at = '2026-11-30T10:00:00Z'): EngineTask => ({
  ID: id,
  CreatedAt: '',
  UpdatedAt: '',
  ServiceID: serviceId,
  NodeID: 'n1',
  DesiredState: state === 'running' ? 'running' : 'shutdown',
  Spec: { ContainerSpec: { Image: 'app:1@sha256:abc' }, ForceUpdate: 0 },
  Status: { Timestamp: at, State: state, ...(err ? { Err: err } : {}) },
});

/** A secret or config as the engine lists it. */
const swarmObject = (id: string, name: string, labels: Record<string, string>): EngineSecret & EngineConfig => ({
  ID: id,
  Version: { Index: 1 },
  CreatedAt: '',
  UpdatedAt: '',
  Spec: { Name: name, Labels: labels },
});

describe('stacks', () => {
  it('groups services by their stack namespace label, by name, leaving out services of no stack', () => {
    const services = [
      { Spec: { Labels: ns('shop') } },
      { Spec: { Labels: {} } },
      { Spec: { Labels: { ...ns('blog'), other: 'x' } } },
      { Spec: { Labels: ns('shop') } },
    ];
    expect(stacksOf(services)).toEqual([
      { name: 'blog', services: 1 },
      { name: 'shop', services: 2 },
    ]);
  });

  it('gathers each stack’s services, networks, secrets and configs by label; unlabelled ones belong to none', () => {
    const views = stackContents({
      services: [engineService('s2', 'shop_web', ns('shop')), engineService('s1', 'shop_agent', ns('shop'), 'global'), engineService('s3', 'loose', {})],
      networks: [
        { Id: 'n1', Name: 'shop_default', Driver: 'overlay', Labels: ns('shop') },
        { Id: 'n2', Name: 'ingress', Driver: 'overlay', Labels: {} },
        { Id: 'n3', Name: 'old_default', Driver: 'overlay', Labels: ns('old') },
      ] as EngineNetwork[],
      secrets: [swarmObject('x1', 'shop_db', ns('shop')), swarmObject('x2', 'external', {})],
      configs: [swarmObject('c1', 'shop_conf', ns('shop'))],
    });
    expect(views).toEqual([
      { name: 'old', services: [], networks: [{ id: 'n3', name: 'old_default', driver: 'overlay' }], secrets: [], configs: [] },
      {
        name: 'shop',
        services: [
          { id: 's1', name: 'shop_agent', image: 'app:1', mode: 'global', replicasRunning: 1, replicasDesired: 3 },
          { id: 's2', name: 'shop_web', image: 'app:1', mode: 'replicated', replicasRunning: 1, replicasDesired: 2 },
        ],
        networks: [{ id: 'n1', name: 'shop_default', driver: 'overlay' }],
        secrets: [{ id: 'x1', name: 'shop_db' }],
        configs: [{ id: 'c1', name: 'shop_conf' }],
      },
    ]);
  });

  it('reports each service of the stack converging, and Docker’s reason for its latest failed task', () => {
    const services = [engineService('s1', 'shop_web', ns('shop')), engineService('s2', 'shop_db', ns('shop')), engineService('s9', 'other', ns('other'))];
    const tasks = [
      task('a', 's1', 'running'),
      task('b', 's1', 'running'),
      task('c', 's2', 'running'),
      task('d', 's2', 'failed', 'task: non-zero exit (1)', '2026-11-30T10:00:01Z'),
      task('e', 's2', 'rejected', 'No such image: nope', '2026-11-30T10:00:05Z'),
    ];
    const progress = stackProgress('shop', services, tasks);
    expect(progress.services.map((s) => [s.name, s.phase, s.failure])).toEqual([
      ['shop_db', 'converging', 'rejected: No such image: nope'],
      ['shop_web', 'converged', null],
    ]);
    expect(progress).toMatchObject({ stack: 'shop', converged: false, failed: true });
    expect(stackProgress('shop', services.slice(0, 1), tasks.slice(0, 2))).toMatchObject({ converged: true, failed: false });
  });
});
