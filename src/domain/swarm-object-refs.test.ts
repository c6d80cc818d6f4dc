import { describe, expect, it } from 'vitest';
import type { EngineService } from '../docker/schemas.ts';
import { moveReferences, objectUsers, usesObject } from './swarm-object-refs.ts';

const ref = (id: string, name: string, target: string) => ({ File: { Name: target, UID: '10', GID: '20', Mode: 0o440 }, SecretID: id, SecretName: name });

function service(id: string, name: string, containerSpec: Record<string, unknown>): EngineService {
  return {
    ID: id,
    Version: { Index: 1 },
    CreatedAt: '2026-11-30T00:00:00Z',
    UpdatedAt: '2026-11-30T00:00:00Z',
    Spec: { Name: name, Labels: {}, Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox', ...containerSpec } } },
  };
}

describe('references to secrets and configs', () => {
  const web = service('s1', 'web', {
    Secrets: [ref('old', 'pw', 'db_pass'), ref('other', 'tls', 'cert')],
    Configs: [{ ConfigID: 'c1', ConfigName: 'conf', File: { Name: '/etc/app.conf' } }],
  });
  const api = service('s2', 'api', { Secrets: [ref('old', 'pw', '/run/pw')] });
  const bare = service('s3', 'bare', {});

  it('lists the services using each object, by kind, sorted by name', () => {
    const secrets = objectUsers([web, api, bare], 'secret');
    expect(secrets.get('old')).toEqual([
      { id: 's2', name: 'api' },
      { id: 's1', name: 'web' },
    ]);
    expect(secrets.get('other')).toEqual([{ id: 's1', name: 'web' }]);
    expect(objectUsers([web, api, bare], 'config').get('c1')).toEqual([{ id: 's1', name: 'web' }]);
    expect(secrets.has('c1')).toBe(false);
  });

  it('moves the references to the new object keeping target, uid, gid and mode, and nothing else changes', () => {
    const moved = moveReferences(web.Spec, 'secret', 'old', { id: 'new', name: 'pw-v2' });
    expect(moved.TaskTemplate.ContainerSpec).toEqual({
      ...web.Spec.TaskTemplate.ContainerSpec,
      Secrets: [ref('new', 'pw-v2', 'db_pass'), ref('other', 'tls', 'cert')],
    });
    expect(usesObject(moved, 'secret', 'old')).toBe(false);
    expect(usesObject(moved, 'secret', 'new')).toBe(true);
    expect(usesObject(web.Spec, 'secret', 'old')).toBe(true);
    expect(moveReferences(bare.Spec, 'secret', 'old', { id: 'new', name: 'pw-v2' }).TaskTemplate.ContainerSpec).toEqual({ Image: 'busybox', Secrets: [] });
  });
});
