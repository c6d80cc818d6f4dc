import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migratePluginDatabase, openPluginDatabase } from '../database.ts';
import type { NewClusterEventRow } from '../schema.ts';
import { ClusterEventRepository } from './cluster-event-repository.ts';
import { ClusterRepository } from './cluster-repository.ts';

let seq = 0;
function row(clusterId: number, at: string, fields: Partial<NewClusterEventRow> = {}): NewClusterEventRow {
  const ms = Date.parse(at);
  return {
    clusterId,
    eventType: 'service',
    action: 'update',
    actorId: 'svc',
    actorName: 'web',
    attributes: {},
    timeNano: `${BigInt(ms) * 1_000_000n + BigInt(++seq)}`,
    eventTime: new Date(ms).toISOString(),
    ...fields,
  };
}

describe('ClusterEventRepository', () => {
  let repo: ClusterEventRepository;
  let id: number;
  let other: number;

  beforeEach(() => {
    const db = openPluginDatabase(new Database(':memory:'));
    migratePluginDatabase(db);
    const clusters = new ClusterRepository(db);
    id = clusters.insert({ uuid: 'a', teamId: 't', name: 'a', managerServerId: 's' }).id;
    other = clusters.insert({ uuid: 'b', teamId: 't', name: 'b', managerServerId: 's' }).id;
    repo = new ClusterEventRepository(db);
  });

  it('stores each event once and says which rows were new', () => {
    const a = row(id, '2026-01-01T10:00:00Z');
    expect(repo.insertNew([a]).map((r) => r.timeNano)).toEqual([a.timeNano]);
    expect(repo.insertNew([a, row(id, '2026-01-01T10:00:01Z')])).toHaveLength(1);
    expect(repo.insertMany([a])).toBe(0);
    expect(repo.list(id, { limit: 10 })).toHaveLength(2);
  });

  it('filters by service and node, by actor or by the swarm labels of containers', () => {
    repo.insertMany([
      row(id, '2026-01-01T10:00:00Z', { eventType: 'service', actorId: 'svc-web', actorName: 'web' }),
      row(id, '2026-01-01T10:00:01Z', {
        eventType: 'container',
        action: 'start',
        actorId: 'c1',
        actorName: 'web.1.x',
        attributes: { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.service.id': 'svc-web', 'com.docker.swarm.node.id': 'node-1' },
      }),
      row(id, '2026-01-01T10:00:02Z', { eventType: 'service', actorId: 'svc-db', actorName: 'db' }),
      row(id, '2026-01-01T10:00:03Z', { eventType: 'node', actorId: 'node-1', actorName: 'n1' }),
      row(other, '2026-01-01T10:00:04Z', { eventType: 'service', actorId: 'svc-web', actorName: 'web' }),
    ]);
    const names = (q: Parameters<ClusterEventRepository['list']>[1]) => repo.list(id, q).map((r) => `${r.eventType}:${r.actorId}`);
    expect(names({ service: ['web'], limit: 10 })).toEqual(['container:c1', 'service:svc-web']);
    expect(names({ service: ['svc-web'], limit: 10 })).toEqual(['container:c1', 'service:svc-web']);
    expect(names({ node: ['node-1'], limit: 10 })).toEqual(['node:node-1', 'container:c1']);
    expect(names({ node: ['n1'], limit: 10 })).toEqual(['node:node-1']);
    expect(names({ type: 'service', action: 'update', limit: 10 })).toEqual(['service:svc-db', 'service:svc-web']);
    expect(names({ since: '2026-01-01T10:00:01.000Z', until: '2026-01-01T10:00:02.000Z', limit: 10 })).toEqual(['service:svc-db', 'container:c1']);
    expect(repo.actors(id, 'service')).toEqual([
      { id: 'svc-db', name: 'db' },
      { id: 'svc-web', name: 'web' },
    ]);
  });

  it('pages by (time, id), so an older event stored late is neither skipped nor repeated', () => {
    repo.insertMany(['10:00:05', '10:00:04', '10:00:02', '10:00:01'].map((t) => row(id, `2026-01-01T${t}Z`)));
    // Backfilled after the others, so with the highest id, but older than two of them.
    repo.insertMany([row(id, '2026-01-01T10:00:03Z', { actorId: 'late' })]);
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = repo.list(id, { limit: 2, beforeId: before });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.eventTime.slice(11, 19)));
      before = page.at(-1)!.id;
    }
    expect(seen).toEqual(['10:00:05', '10:00:04', '10:00:03', '10:00:02', '10:00:01']);
    const newest = repo.maxId(id);
    repo.insertMany([row(id, '2026-01-01T10:00:06Z', { actorId: 'new' })]);
    expect(repo.list(id, { afterId: newest, limit: 10 }).map((r) => r.actorId)).toEqual(['new']);
    expect(repo.maxId(other)).toBe(0);
  });

  it('resumes from the newest event Docker reported, not from operations the plugin recorded', () => {
    const docker = row(id, '2026-01-01T10:00:00Z');
    repo.insertMany([docker, row(id, '2026-01-01T11:00:00Z', { eventType: 'plugin', principal: 'a@example.com' })]);
    expect(repo.latestTimeNano(id)).toBe(BigInt(docker.timeNano));
    expect(repo.latestTimeNano(other)).toBeNull();
  });

  it("deletes only the cluster's events older than a cutoff", () => {
    repo.insertMany([row(id, '2026-01-01T00:00:00Z'), row(id, '2026-01-08T00:00:00Z'), row(other, '2025-12-01T00:00:00Z')]);
    expect(repo.deleteOlderThan(id, '2026-01-02T00:00:00.000Z')).toBe(1);
    expect(repo.list(id, { limit: 10 }).map((r) => r.eventTime)).toEqual(['2026-01-08T00:00:00.000Z']);
    expect(repo.list(other, { limit: 10 })).toHaveLength(1);
  });
});
