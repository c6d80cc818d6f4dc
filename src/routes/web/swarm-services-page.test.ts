/**
 * The services page and the API's `/services` with 1,000 services from a synthetic engine (over the real unix-socket
 * transport, client, cache and views): search, filters and pages count alike in both, the query stays in the URL
 * the region refreshes from and in the address bar, bad parameters are refused.
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyntheticPluginFixture, syntheticPluginFixture } from '../../../test/support/synthetic-plugin-fixture.ts';
import { clusterApi } from '../api/clusters.ts';
import { swarmServicesRoutes } from './swarm-services-page.ts';

const SIZE = { nodes: 10, services: 1_000, tasks: 2_000 };
/** `svc-1`, `svc-10`..`svc-19`, `svc-100`..`svc-199`, `svc-1000`. */
const MATCHING_SVC_1 = 112;

describe('the services page and API with 1,000 services', () => {
  let fixture: SyntheticPluginFixture;
  let app: Hono;

  beforeAll(async () => {
    fixture = await syntheticPluginFixture(SIZE);
    const { services, host } = fixture;
    app = fixture.web(swarmServicesRoutes(services, host.info)).route('/api', clusterApi(services, { mount: '/api', version: 'test' }));
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const web = () => fixture.host.info.mounts.web;
  const uuid = () => fixture.cluster.uuid;
  const page = (query: string, headers: Record<string, string> = {}) =>
    app.request(`${web()}/${uuid()}/services${query}`, { headers: { authorization: `Bearer ${fixture.token}`, ...headers } });
  const api = (query: string) => app.request(`/api/${uuid()}/services${query}`, { headers: { authorization: `Bearer ${fixture.token}` } });
  const rows = (html: string) => [...html.matchAll(/<tbody class="cl-service" data-service="[^"]+" data-name="([^"]+)"/g)].map((m) => m[1]);
  const htmx = { 'HX-Request': 'true' };

  it('shows the first page of all services, in name order, with the search form and the stacks to filter by', async () => {
    const res = await page('');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('>1,000 services</h2>');
    expect(rows(html)).toEqual(Array.from({ length: 25 }, (_, i) => `svc-${i + 1}`));
    expect(html).toContain('1–25 of 1,000');
    expect(html).toContain('<option value="25" selected="">25 per page</option>');
    expect(html).toContain('id="cl-service-filters"');
    expect(html.match(/<option value="stack-\d+">/g)).toHaveLength(100);
  });

  it('finds services by part of the name, and pages through the matches with the query kept', async () => {
    const first = await page('?q=SVC-1', htmx);
    const html = await first.text();
    expect(html).toContain(`data-matching="${MATCHING_SVC_1}">${MATCHING_SVC_1} of 1,000 services match</h2>`);
    expect(rows(html).every((name) => name?.startsWith('svc-1'))).toBe(true);
    expect(html).not.toContain('id="cl-service-filters"');
    expect(first.headers.get('HX-Replace-Url')).toBe(`${web()}/${uuid()}/services?q=SVC-1`);
    expect(html).toContain(`hx-get="${web()}/${uuid()}/services?q=SVC-1&amp;offset=25" hx-target="#cl-services"`);

    const last = await page('?q=SVC-1&offset=100', htmx);
    const lastHtml = await last.text();
    expect(rows(lastHtml)).toHaveLength(MATCHING_SVC_1 - 100);
    expect(lastHtml).toContain(`101–112 of ${MATCHING_SVC_1}`);
    // The region refreshes this very page.
    expect(lastHtml).toContain(`id="cl-services" class="cl-live" hx-get="${web()}/${uuid()}/services?q=SVC-1&amp;offset=100"`);
  });

  it('shows the page size chosen, and keeps it in the address bar and the pager', async () => {
    const res = await page('?q=svc&limit=100', htmx);
    const html = await res.text();
    expect(rows(html)).toHaveLength(100);
    expect(html).toContain('1–100 of 1,000');
    expect(res.headers.get('HX-Replace-Url')).toBe(`${web()}/${uuid()}/services?q=svc&limit=100`);
    expect(html).toContain(`hx-get="${web()}/${uuid()}/services?q=svc&amp;limit=100&amp;offset=100" hx-target="#cl-services"`);
    const refused = await page('?limit=1000', htmx);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('limit must be one of 25, 50, 100');
  });

  it('filters by stack and moves an offset past the matches back onto their last page', async () => {
    const res = await page('?stack=stack-3&offset=500', htmx);
    const html = await res.text();
    expect(rows(html)).toEqual(Array.from({ length: 10 }, (_, i) => `svc-${21 + i}`));
    expect(res.headers.get('HX-Replace-Url')).toBe(`${web()}/${uuid()}/services?stack=stack-3`);
    expect(await (await page('?health=short', htmx)).text()).toContain('No service matches');
  });

  it('leaves the address bar alone on the region’s own live refresh', async () => {
    const res = await page('?q=svc-2', { ...htmx, 'HX-Trigger': 'cl-services' });
    expect(res.status).toBe(200);
    expect(res.headers.get('HX-Replace-Url')).toBeNull();
  });

  it('answers an operator’s Actions menu of a row when it is first opened: 403 for a viewer, 404 for a service the swarm does not have', async () => {
    const operator = fixture.host.token({ teamId: 'team-a', role: 'owner' });
    const menu = (id: string, token = operator) =>
      app.request(`${web()}/${uuid()}/services/${id}/actions`, { headers: { authorization: `Bearer ${token}`, ...htmx } });
    const listed = await (await page('', { ...htmx, authorization: `Bearer ${operator}` })).text();
    const id = listed.match(/data-menu-url="[^"]*\/services\/([^/"]+)\/actions"/)![1]!;
    const res = await menu(id);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<div class="cl-op-buttons" role="group" aria-label="Actions on svc-1">/);
    expect(html).toContain(`hx-post="${web()}/${uuid()}/services/${id}/scale"`);
    expect(html).toContain(`hx-target="#cl-service-panel-${id}"`);
    expect((await menu(id, fixture.token)).status).toBe(403);
    expect((await menu('s-nothing')).status).toBe(404);
  });

  it('refuses a filter it does not know', async () => {
    const res = await page('?mode=sideways', htmx);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('mode must be one of replicated, global, replicated-job, global-job');
  });

  it('answers the same search and pages on the API, and every service without them', async () => {
    const res = await api('?q=svc-1&limit=10&offset=10');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string }[]; meta: Record<string, unknown> };
    // In name order as people count: svc-1, svc-10 .. svc-19, svc-100 ..
    expect(body.data.map((s) => s.name)).toEqual(['svc-19', ...Array.from({ length: 9 }, (_, i) => `svc-${100 + i}`)]);
    expect(body.meta).toMatchObject({ matching: MATCHING_SVC_1, total: 1_000, offset: 10, limit: 10, stale: false });
    const all = (await (await api('')).json()) as { data: unknown[]; meta: Record<string, unknown> };
    expect(all.data).toHaveLength(1_000);
    expect(all.meta).toMatchObject({ matching: 1_000, total: 1_000, offset: 0, limit: null });
    const bad = await api('?limit=0');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/limit is at least 1/);
    expect((await api('?shell=1')).status).toBe(400);
  });
});
