// `npm run bench:pages`: what the services page and the visualizer cost chromium's main thread, measured through the
// DevTools protocol (Performance.getMetrics: TaskDuration, the main thread's busy time, and the longest task seen by
// a long-task observer), against synthetic swarms reached over the plugin's SSH transport: 10 nodes / 100 services /
// 1,000 tasks (the baseline) and 100 / 1,000 / 10,000. Per page: busy time from navigation to a settled page (first
// paint), and per live patch (a swarm event re-rendering the page's region, 10 of them), p95; the region's size.
// Targets at 10,000 tasks: <= 200 ms first paint, <= 50 ms per live patch.
// Uses the lab named by LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { labUp, runningLab } from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { logIn, OWNER, startLabHost } from '../test/support/lab-host.ts';
import { registerSyntheticCluster, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';

const SIZES = [
  { nodes: 10, services: 100, tasks: 1_000 },
  { nodes: 100, services: 1_000, tasks: 10_000 },
];
const PAGES = [
  { name: 'services', path: '/services', region: 'cl-services' },
  { name: 'visualizer', path: '/visualizer', region: 'cl-visualizer-live' },
];
const PATCHES = 10;
const TARGET = { firstPaintMs: 200, patchMs: 50 };

declare global {
  interface Window {
    __longest?: number;
    __settled?: number;
  }
}

interface Row {
  size: string;
  page: string;
  firstPaintMs: number;
  firstLongestMs: number;
  patchP95Ms: number;
  patchLongestMs: number;
  elements: number;
  htmlKiB: number;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

async function busyMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/** Waits for the main thread to be quiet: two animation frames and an idle callback. */
const quiet = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 2000 })))),
  );

async function measure(page: Page, url: string, region: string): Promise<Omit<Row, 'size' | 'page'>> {
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await busyMs(cdp);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => 'Alpine' in window && 'htmx' in window);
  await quiet(page);
  const firstPaintMs = (await busyMs(cdp)) - before;
  const firstLongestMs = await page.evaluate(() => window.__longest ?? 0);

  const patches: number[] = [];
  let patchLongestMs = 0;
  await page.evaluate((id) => {
    document.body.addEventListener('htmx:afterSettle', (e) => {
      if ((e.target as HTMLElement).id === id) window.__settled = 1;
    });
  }, region);
  for (let i = 0; i < PATCHES; i++) {
    await page.evaluate(() => {
      window.__longest = 0;
      window.__settled = 0;
    });
    const start = await busyMs(cdp);
    // What a swarm event makes the live script do.
    await page.evaluate(() => document.body.dispatchEvent(new CustomEvent('swarm-changed')));
    await page.waitForFunction(() => window.__settled === 1);
    await quiet(page);
    patches.push((await busyMs(cdp)) - start);
    patchLongestMs = Math.max(patchLongestMs, await page.evaluate(() => window.__longest ?? 0));
    // The next swarm-changed must pass htmx's throttle.
    await page.waitForTimeout(600);
  }
  const elements = await page.evaluate((id) => document.getElementById(id)?.querySelectorAll('*').length ?? 0, region);
  const htmlKiB = await page.evaluate((id) => (document.getElementById(id)?.outerHTML.length ?? 0) / 1024, region);
  await cdp.detach();
  return { firstPaintMs, firstLongestMs, patchP95Ms: p95(patches), patchLongestMs, elements, htmlKiB };
}

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 1, managers: 1 }));
  console.log(`lab ${lab.name}; load average ${loadavg()[0]!.toFixed(1)} (the figures are CPU time of a shared machine)\n`);
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    for (const [i, size] of SIZES.entries()) {
      const bridge = await startSyntheticBridge(lab, { ...size, port: 2280 + i });
      const host = await startLabHost();
      try {
        const { uuid } = await registerSyntheticCluster(host, bridge);
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        // The observer comes before the page's own scripts (CDP adds it, the page's CSP does not apply).
        await context.addInitScript(() => {
          window.__longest = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest ?? 0, entry.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        const page = await context.newPage();
        await logIn(page, host.url, OWNER.email, OWNER.password);
        for (const p of PAGES) {
          // A first visit warms the host's cache: the browser's cost is measured, not the upstream read.
          await page.goto(`${host.url}/clusters/${uuid}${p.path}`);
          const row = await measure(page, `${host.url}/clusters/${uuid}${p.path}`, p.region);
          rows.push({ size: `${size.nodes}/${size.services}/${size.tasks}`, page: p.name, ...row });
        }
        await context.close();
      } finally {
        await host.close();
        await bridge.close();
      }
    }
  } finally {
    await browser.close();
  }
  const ms = (n: number) => n.toFixed(0);
  console.log(
    '| nodes/services/tasks | page | first paint: main thread busy ms | longest task ms | live patch busy p95 ms | longest task ms | region elements | region KiB |',
  );
  console.log('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(
      `| ${r.size} | ${r.page} | ${ms(r.firstPaintMs)} | ${ms(r.firstLongestMs)} | ${ms(r.patchP95Ms)} | ${ms(r.patchLongestMs)} | ${r.elements} | ${ms(r.htmlKiB)} |`,
    );
  }
  for (const p of PAGES) {
    const [base, big] = [rows.find((r) => r.page === p.name && r.size.endsWith('/1000')), rows.find((r) => r.page === p.name && r.size.endsWith('/10000'))];
    if (!base || !big) continue;
    const met = big.firstPaintMs <= TARGET.firstPaintMs && big.patchP95Ms <= TARGET.patchMs;
    console.log(
      `${p.name}: 10x the swarm costs x${(big.firstPaintMs / base.firstPaintMs).toFixed(1)} first paint, x${(big.patchP95Ms / base.patchP95Ms).toFixed(1)} per patch; targets (${TARGET.firstPaintMs} / ${TARGET.patchMs} ms) ${met ? 'met' : 'NOT met'}`,
    );
  }
}

await main();
