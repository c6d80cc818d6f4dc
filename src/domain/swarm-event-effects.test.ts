import { describe, expect, it } from 'vitest';
import { addEventChanges, eventDetails, eventKind, eventTone, hasChanges, noChanges, toLiveEvent } from './swarm-event-effects.ts';

describe('swarm event effects', () => {
  it('names the services and nodes to read again, the services whose containers changed, and nothing for other types', () => {
    const changes = addEventChanges(noChanges(), [
      { Type: 'service', Actor: { ID: 's1', Attributes: { name: 'web' } } },
      { Type: 'service', Actor: { ID: 's1', Attributes: {} } },
      { Type: 'node', Actor: { ID: 'n1', Attributes: {} } },
      { Type: 'container', Actor: { ID: 'c1', Attributes: { 'com.docker.swarm.service.id': 's2', 'com.docker.swarm.node.id': 'n1' } } },
      { Type: 'container', Actor: { ID: 'c2', Attributes: { image: 'not-a-task' } } },
      ...['network', 'image', 'secret', 'config', 'volume', 'toString', '__proto__'].map((Type) => ({ Type, Actor: { ID: 'x', Attributes: {} } })),
    ]);
    expect(changes).toEqual({ services: new Set(['s1']), nodes: new Set(['n1']), serviceTasks: new Set(['s2']), whole: new Set() });
    expect(addEventChanges(noChanges(), [{ Type: 'task', Actor: { ID: 't1', Attributes: {} } }]).whole).toEqual(new Set(['tasks']));
    expect(hasChanges(noChanges())).toBe(false);
    expect(hasChanges(addEventChanges(noChanges(), [{ Type: 'network', Actor: { ID: 'x' } }]))).toBe(false);
    expect(addEventChanges(changes, [{ Type: 'service', Actor: { ID: 's3' } }]).services).toEqual(new Set(['s1', 's3']));
  });

  it('gives pages a small event without attributes', () => {
    expect(toLiveEvent({ eventType: 'service', action: 'update', actorId: 'abc', actorName: 'web', eventTime: '2026-01-01T00:00:00.000Z' })).toEqual({
      type: 'service',
      action: 'update',
      actorId: 'abc',
      actorName: 'web',
      time: '2026-01-01T00:00:00.000Z',
    });
    expect(toLiveEvent({ eventType: 'node', action: 'update', eventTime: 't' })).toMatchObject({ actorId: '', actorName: null });
  });

  it('colours by kind (documented types only) and by what the action did', () => {
    expect(eventKind('service')).toBe('service');
    expect(eventKind('<img src=x>')).toBe('other');
    expect(eventTone('die')).toBe('danger');
    expect(eventTone('health_status: unhealthy')).toBe('danger');
    expect(eventTone('health_status: healthy')).toBe('success');
    expect(eventTone('exec_start: sh -c true')).toBe('neutral');
    expect(eventTone('create')).toBe('success');
    expect(eventTone('stop')).toBe('warning');
    expect(eventTone('update')).toBe('neutral');
  });

  it('summarises old → new pairs, exit codes, the service and the image', () => {
    expect(eventDetails({ name: 'n1', 'state.old': 'unknown', 'state.new': 'ready' })).toEqual(['state: unknown → ready']);
    expect(eventDetails({ name: 'web', 'updatestate.new': 'updating' })).toEqual(['updatestate: updating']);
    expect(eventDetails({ exitCode: '137', image: 'busybox', 'com.docker.swarm.service.name': 'web', name: 'web.1.x' })).toEqual([
      'exit code 137',
      'service web',
      'busybox',
    ]);
    expect(eventDetails(null)).toEqual([]);
  });
});
