/**
 * The visualizer with 100 nodes and 10,000 tasks from a synthetic engine (over the real unix-socket transport,
 * client, cache and views): each node's tasks come as a chip per service with their count, the first columns drawn and
 * the others asked for, a group expands on request and stays expanded in the live refresh that sends its key back.
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyntheticPluginFixture, syntheticPluginFixture } from '../../../test/support/synthetic-plugin-fixture.ts';
import { syntheticId } from '../../../test/support/synthetic-swarm.ts';
import { FIRST_COLUMNS, MORE_COLUMNS } from '../../domain/visualizer-grid.ts';
import { visualizerRoutes } from './visualizer-page.ts';

const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
/** The synthetic swarm puts task i of service i % 1000 on node i % 100: ten services of ten tasks per node. */
const GROUP = `${syntheticId('n', 3)}/${syntheticId('s', 103)}/running`;

describe('the visualizer with 100 nodes and 10,000 tasks', () => {
  let fixture: SyntheticPluginFixture;
  let app: Hono;
  let wanted: number;

  beforeAll(async () => {
    fixture = await syntheticPluginFixture(SIZE);
    wanted = fixture.engine.tasks.filter((t) => t.DesiredState === 'running').length;
    app = fixture.web(visualizerRoutes(fixture.services, fixture.host.info));
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const get = (path: string) =>
    app.request(`${fixture.host.info.mounts.web}/${fixture.cluster.uuid}${path}`, {
      headers: { authorization: `Bearer ${fixture.token}`, 'HX-Request': 'true' },
    });
  const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
  const chipCounts = (html: string) => [...html.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);

  it('draws every wanted task as part of a chip per service, a page of about a thousand elements, when asked for every column', async () => {
    const html = await (await get(`/visualizer?columns=${SIZE.nodes}`)).text();
    expect(count(html, /class="cl-col[ "]/g)).toBe(SIZE.nodes);
    expect(count(html, /data-task="/g)).toBe(0);
    expect(count(html, /class="cl-block cl-chip /g)).toBe(900);
    expect(chipCounts(html)).toBe(wanted);
    expect(html).toContain(`${SIZE.nodes} nodes · ${wanted} tasks`);
    expect(html).not.toContain('class="cl-col-more"');
    expect(html).toContain(`<input type="hidden" name="columns" value="${SIZE.nodes}"/>`);
  });

  it('draws the first columns and where the others come, counting and filtering every column', async () => {
    const html = await (await get('/visualizer')).text();
    expect(count(html, /class="cl-col[ "]/g)).toBe(FIRST_COLUMNS);
    expect(html).toContain(`<input type="hidden" name="columns" value="${FIRST_COLUMNS}"/>`);
    const base = `${fixture.host.info.mounts.web}/${fixture.cluster.uuid}/visualizer`;
    const next = FIRST_COLUMNS + MORE_COLUMNS;
    expect(html).toContain(`<section class="cl-col-more" data-next="${next}" data-total="${SIZE.nodes}">`);
    expect(html).toContain(`<a href="${base}?columns=${next}" data-columns="${next}">Show ${MORE_COLUMNS} more</a>`);
    expect(html).toContain(`<a href="${base}?columns=${SIZE.nodes}" data-columns="${SIZE.nodes}">Show all ${SIZE.nodes}</a>`);
    // The counts and the filters' options are every column's.
    expect(html).toContain(`${SIZE.nodes} nodes · ${wanted} tasks`);
    const nodeOptions = JSON.parse(/data-grid-options="node">([^<]*)<\/script>/.exec(html)![1]!) as [string, string][];
    expect(nodeOptions).toHaveLength(SIZE.nodes);
    // The live refresh sends the count back; beyond the last column, all of them.
    expect(count(await (await get(`/visualizer?columns=${next}`)).text(), /class="cl-col[ "]/g)).toBe(next);
    const beyond = await (await get('/visualizer?columns=100000')).text();
    expect(count(beyond, /class="cl-col[ "]/g)).toBe(SIZE.nodes);
    expect(beyond).toContain('<input type="hidden" name="columns" value="100000"/>');
    expect(beyond).not.toContain('class="cl-col-more"');
    // A count that is no count: the first columns.
    expect(count(await (await get('/visualizer?columns=%3Cx%3E')).text(), /class="cl-col[ "]/g)).toBe(FIRST_COLUMNS);
  });

  it('expands one group on request, and keeps it expanded in the live refresh that sends its key back', async () => {
    const open = await (await get(`/visualizer/group?key=${encodeURIComponent(GROUP)}&open=1`)).text();
    expect(open).toContain(`<input type="hidden" name="expand" value="${GROUP}"/>`);
    expect(count(open, /data-task="/g)).toBe(10);
    const closed = await (await get(`/visualizer/group?key=${encodeURIComponent(GROUP)}`)).text();
    expect(closed).toMatch(/^<button type="button" class="cl-block cl-chip cl-task-running"/);
    expect(count(closed, /data-task="/g)).toBe(0);

    const refreshed = await (await get(`/visualizer?expand=${encodeURIComponent(GROUP)}&columns=${SIZE.nodes}`)).text();
    expect(count(refreshed, /data-task="/g)).toBe(10);
    expect(count(refreshed, /class="cl-block cl-chip /g)).toBe(900);
  });

  it('draws the topology only when asked: the page carries where it will come, its route draws every node to a viewer', async () => {
    const url = `${fixture.host.info.mounts.web}/${fixture.cluster.uuid}/visualizer/topology`;
    const page = (query: string) =>
      app.request(`${fixture.host.info.mounts.web}/${fixture.cluster.uuid}/visualizer${query}`, { headers: { authorization: `Bearer ${fixture.token}` } });
    const grid = await (await page('')).text();
    expect(grid).not.toContain('<svg class="cl-topology"');
    expect(grid).toContain(`<div id="cl-topology-live" data-topology-url="${url}"></div>`);
    expect(await (await page('?view=topology')).text()).toContain('<svg class="cl-topology"');
    const res = await get('/visualizer/topology');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<div id="cl-topology-live" class="cl-live" hx-get="${url}"`);
    expect(count(html, /class="cl-topo-node[ "]/g)).toBe(SIZE.nodes);
  });

  it('answers a group no task has now with nothing, and refuses a malformed key', async () => {
    const gone = await get(`/visualizer/group?key=${encodeURIComponent(`${syntheticId('n', 3)}/${syntheticId('s', 104)}/running`)}&open=1`);
    expect(gone.status).toBe(200);
    expect(await gone.text()).toBe('');
    const bad = await get('/visualizer/group?key=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('key must be node/service/state');
  });
});
