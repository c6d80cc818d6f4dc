import { describe, expect, it } from 'vitest';
import { swarmServiceSummary } from '../../test/support/swarm-summaries-fixture.ts';
import { serviceListPage, stackNames } from './service-list.ts';

const services = [
  swarmServiceSummary({ id: 's1', name: 'shop_web', image: 'nginx:1.27', stack: 'shop' }),
  swarmServiceSummary({ id: 's2', name: 'shop_db', image: 'postgres:16', stack: 'shop', replicasRunning: 0, replicasDesired: 1 }),
  swarmServiceSummary({ id: 's3', name: 'agent', image: 'lab/agent:2', mode: 'global' }),
  swarmServiceSummary({ id: 's4', name: 'blog', image: 'ghcr.io/acme/NGINX-blog:3', stack: 'blog' }),
];
const ids = (page: { services: { id: string }[] }) => page.services.map((s) => s.id);
const all = { offset: 0, limit: null };

describe('serviceListPage', () => {
  it('finds a part of the name or the image in any case', () => {
    expect(ids(serviceListPage(services, { q: 'nginx' }, all))).toEqual(['s1', 's4']);
    expect(ids(serviceListPage(services, { q: 'SHOP_' }, all))).toEqual(['s1', 's2']);
    expect(serviceListPage(services, { q: 'nothing like it' }, all)).toMatchObject({ services: [], matching: 0, total: 4, offset: 0 });
  });

  it('filters by stack, mode and health, all of them at once', () => {
    expect(ids(serviceListPage(services, { stack: 'shop' }, all))).toEqual(['s1', 's2']);
    expect(ids(serviceListPage(services, { mode: 'global' }, all))).toEqual(['s3']);
    expect(ids(serviceListPage(services, { health: 'short' }, all))).toEqual(['s2']);
    expect(ids(serviceListPage(services, { health: 'ok' }, all))).toEqual(['s1', 's3', 's4']);
    expect(ids(serviceListPage(services, { q: 'nginx', stack: 'shop', health: 'ok', mode: 'replicated' }, all))).toEqual(['s1']);
  });

  it('cuts one page of the matches, counting all of them', () => {
    expect(serviceListPage(services, {}, { offset: 1, limit: 2 })).toMatchObject({ matching: 4, total: 4, offset: 1, limit: 2 });
    expect(ids(serviceListPage(services, {}, { offset: 1, limit: 2 }))).toEqual(['s2', 's3']);
    expect(ids(serviceListPage(services, { health: 'ok' }, { offset: 2, limit: 2 }))).toEqual(['s4']);
  });

  it('moves an offset past the matches back onto the last page (the list shrank, or the URL was old)', () => {
    expect(serviceListPage(services, {}, { offset: 10, limit: 3 })).toMatchObject({ offset: 3, services: [services[3]] });
    expect(serviceListPage(services, { q: 'zzz' }, { offset: 50, limit: 3 })).toMatchObject({ offset: 0, services: [] });
  });
});

describe('stackNames', () => {
  it('lists each stack once, as people count', () => {
    const many = [...services, swarmServiceSummary({ id: 's5', stack: 'stack-10' }), swarmServiceSummary({ id: 's6', stack: 'stack-9' })];
    expect(stackNames(many)).toEqual(['blog', 'shop', 'stack-9', 'stack-10']);
  });
});
