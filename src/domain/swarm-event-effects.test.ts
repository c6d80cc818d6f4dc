import { describe, expect, it } from 'vitest';
import { eventDetails, eventKind, eventTone, readsMadeStaleBy, toLiveEvent } from './swarm-event-effects.ts';

describe('swarm event effects', () => {
  it('maps event types to the cached reads they make stale', () => {
    expect(readsMadeStaleBy('node')).toEqual(['nodes', 'tasks']);
    expect(readsMadeStaleBy('service')).toEqual(['services', 'tasks']);
    expect(readsMadeStaleBy('container')).toEqual(['tasks']);
    expect(readsMadeStaleBy('task')).toEqual(['tasks']);
    for (const type of ['network', 'image', 'secret', 'config', 'volume', 'toString', '__proto__']) expect(readsMadeStaleBy(type)).toEqual([]);
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
