/**
 * The visualizer with 20 nodes and 500 tasks (a generated payload, no swarm needed): server render
 * time and size, then the page in chromium with the plugin's CSS, alpine and the pages' script: every task drawn in its
 * node's column, filters answering (times printed, not asserted), the topology fitting its drawing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyLayout } from '../src/domain/topology-layout.ts';
import { gridFilterOptions, visualizerColumns } from '../src/domain/visualizer-grid.ts';
import { TopologyLive, TopologyToCome, VisualizerLive, VisualizerShell } from '../views/visualizer.tsx';
import { launchChromium } from './support/chromium.ts';
import { generatedSwarm } from './support/swarm-summaries-fixture.ts';

const NODES = 20;
const TASKS = 500;
const require = createRequire(import.meta.url);

async function renderVisualizer(view: 'grid' | 'topology'): Promise<{ html: string; ms: number; wanted: number }> {
  const swarm = generatedSwarm(NODES, TASKS);
  const started = performance.now();
  const columns = visualizerColumns(swarm.nodes, swarm.tasks);
  const region = VisualizerLive({
    url: '/clusters/x/visualizer',
    taskUrl: (id) => `/clusters/x/tasks/${id}`,
    groupsUrl: '/clusters/x/visualizer/group',
    meta: { stale: false, fetchedAt: new Date().toISOString() },
    since: null,
    columns,
    filters: gridFilterOptions(columns),
    converging: false,
  });
  const topology =
    view === 'topology'
      ? TopologyLive({ url: '/clusters/x/visualizer/topology', layout: topologyLayout(swarm.nodes) })
      : TopologyToCome({ url: '/clusters/x/visualizer/topology' });
  const html = await VisualizerShell({ initialView: view, topology, children: region }).toString();
  return { html, ms: performance.now() - started, wanted: swarm.tasks.filter((t) => t.desiredState === 'running').length };
}

describe('visualizer with 20 nodes and 500 tasks', () => {
  let browser: Browser;
  let page: Page;
  const css = readFileSync(new URL('../views/assets/clusters.css', import.meta.url), 'utf8');
  const alpine = readFileSync(require.resolve('alpinejs/dist/cdn.min.js'), 'utf8');
  const script = readFileSync(new URL('../views/assets/cluster-pages.js', import.meta.url), 'utf8');

  const load = async (html: string) => {
    // A fresh window each time: the pages' script installs its handlers once per window.
    await page.goto('about:blank');
    await page.setContent(
      `<!DOCTYPE html><html><head><style>${css}</style></head><body><main class="clusters">${html}</main><script>${script}</script><script>${alpine}</script></body></html>`,
    );
    await page.waitForFunction(() => 'Alpine' in window);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(() => browser?.close());

  // Times are printed, not asserted: speed targets belong to benchmarks on this shared, noisy machine.
  it('renders every wanted task on the server, as a page of reasonable size', async () => {
    const { html, ms, wanted } = await renderVisualizer('grid');
    console.log(`visualizer ${NODES} nodes / ${TASKS} tasks: rendered in ${ms.toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB`);
    expect(html.length).toBeLessThan(600 * 1024);
    expect(html.match(/class="cl-block /g)).toHaveLength(wanted);
    expect(html.match(/class="cl-col[ "]/g)).toHaveLength(NODES);
  });

  it('draws every wanted task in its node column and filters it in chromium', async () => {
    const { html, wanted } = await renderVisualizer('grid');
    await load(html);
    expect(await page.locator('.cl-col').count()).toBe(NODES);
    expect(await page.locator('.cl-block:visible').count()).toBe(wanted);
    // Every block sits inside its column (no overflow out of the grid).
    const escaped = await page.$$eval(
      '.cl-col',
      (cols) =>
        cols.filter((col) => {
          const box = col.getBoundingClientRect();
          return [...col.querySelectorAll('.cl-block')].some((b) => {
            const r = b.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
          });
        }).length,
    );
    expect(escaped).toBe(0);

    const service = 'app-3_web';
    const expected = await page.locator(`.cl-block[data-service="${service}"]`).count();
    let started = Date.now();
    // The service and node filters get their options when first focused, as a user's click or Tab does.
    await page.focus('select[name="service"]');
    await page.selectOption('select[name="service"]', service);
    await expect.poll(() => page.locator('.cl-block:visible').count(), { interval: 10 }).toBe(expected);
    const serviceFilterMs = Date.now() - started;
    started = Date.now();
    await page.selectOption('select[name="state"]', 'pending');
    await expect
      .poll(() => page.locator('.cl-block:visible').count(), { interval: 10 })
      .toBe(await page.locator(`.cl-block[data-service="${service}"][data-kind="pending"]`).count());
    await page.selectOption('select[name="service"]', '');
    await page.selectOption('select[name="state"]', '');
    const node = await page.locator('.cl-col').nth(5).getAttribute('data-node');
    await page.focus('select[name="node"]');
    await page.selectOption('select[name="node"]', node!);
    await expect.poll(() => page.locator('.cl-col:visible').count(), { interval: 10 }).toBe(1);
    const allFiltersMs = Date.now() - started;
    console.log(`visualizer filters in chromium: service ${serviceFilterMs} ms, state + node ${allFiltersMs} ms`);
  });

  it('fills the service filter on first focus, by keyboard, and shows a kept choice after a re-render', async () => {
    const { html } = await renderVisualizer('grid');
    await load(html);
    const select = page.locator('select[name="service"]');
    // Until then its options wait in a template: one option (all services) to draw.
    expect(await select.locator('option').count()).toBe(1);
    await page.focus('.cl-tabs button:has-text("Topology")');
    await page.keyboard.press('Tab');
    expect(await select.evaluate((el) => el === document.activeElement)).toBe(true);
    const services = await page.$$eval('.cl-block', (els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.service))]);
    expect(await select.locator('option').count()).toBe(services.length + 1);
    await page.keyboard.press('ArrowDown');
    const chosen = await select.inputValue();
    expect(services).toContain(chosen);
    await expect
      .poll(() => page.locator('.cl-block:visible').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.service))]))
      .toEqual([chosen]);
    // A live re-render brings a fresh select (options in their template again): the kept choice is shown and applied.
    const { html: again } = await renderVisualizer('grid');
    await page.evaluate((markup) => {
      const fresh = new DOMParser().parseFromString(markup, 'text/html').getElementById('cl-visualizer-live')!;
      document.getElementById('cl-visualizer-live')!.replaceWith(document.adoptNode(fresh));
      document.body.dispatchEvent(new CustomEvent('htmx:afterSettle', { bubbles: true }));
    }, again);
    expect(await select.inputValue()).toBe(chosen);
    expect(await page.locator('.cl-block:visible').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.service))])).toEqual([chosen]);
  });

  it('fits the topology of 20 nodes in its drawing, leader on top, down node dimmed', async () => {
    const { html } = await renderVisualizer('topology');
    await load(html);
    const svg = page.locator('svg.cl-topology');
    await expect.poll(() => svg.isVisible()).toBe(true);
    expect(await page.locator('.cl-topo-node').count()).toBe(NODES);
    const box = (await svg.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(1440);
    const leaderY = await page.locator('.cl-topo-node.is-leader circle').evaluate((c) => c.getBoundingClientRect().top);
    const lowest = await page.$$eval('.cl-topo-node:not(.is-leader) circle', (cs) => Math.min(...cs.map((c) => c.getBoundingClientRect().top)));
    expect(leaderY).toBeLessThan(lowest);
    expect(await page.locator('.cl-topo-node.is-down').count()).toBe(1);
    expect(Number(await page.locator('.cl-topo-node.is-down').evaluate((g) => getComputedStyle(g).opacity))).toBeLessThan(0.5);
  });
});
