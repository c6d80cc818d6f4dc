// `npm run bench:pages`: what the services page and the visualizer cost chromium's main thread, measured through the
// DevTools protocol (Performance.getMetrics: TaskDuration, the main thread's busy time, and the longest task seen by
// a long-task observer), against synthetic swarms reached over the plugin's SSH transport: 10 nodes / 100 services /
// 1,000 tasks (the baseline) and 100 / 1,000 / 10,000. Per page: busy time from navigation to a settled page (first
// paint), and per live patch (a swarm change the page learns of through its live stream: a task moved to another node,
// a service's image changed; 10 of them), p95, with the bytes of the region's answers; the region's size.
// Targets at 10,000 tasks: <= 200 ms first paint, <= 50 ms per live patch.
// Uses the lab named by LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { labUp, runningLab } from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { logIn, OWNER, startLabHost } from '../test/support/lab-host.ts';
import { registerSyntheticCluster, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';
import type { SyntheticEngine } from '../test/support/synthetic-engine.ts';

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
    __answerBytes?: number;
  }
}

/** `patch`: the live script as it is (only what changed); `whole`: every region answer the whole region (the baseline). */
type Mode = 'whole' | 'patch';
const MODES: Mode[] = ['whole', 'patch'];

interface Row {
  size: string;
  page: string;
  mode: Mode;
  firstPaintMs: number;
  firstLongestMs: number;
  patchP95Ms: number;
  patchLongestMs: number;
  /** The main thread's CPU time per patch, p95. */
  patchCpuP95Ms: number;
  /** Bytes of the region's answers to the patches, mean. */
  patchKiB: number;
  elements: number;
  htmlKiB: number;
}

let patchSeq = 0;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

/** The main thread's busy time (TaskDuration: wall time of its tasks, which a loaded machine stretches) and CPU time (ThreadTime), ms. */
async function mainThread(cdp: CDPSession): Promise<{ busy: number; cpu: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { busy: ms('TaskDuration'), cpu: ms('ThreadTime') };
}

async function busyMs(cdp: CDPSession): Promise<number> {
  return (await mainThread(cdp)).busy;
}

/** Waits for the main thread to be quiet: two animation frames and an idle callback. */
const quiet = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 2000 })))),
  );

/** One change of the synthetic swarm, told by one event on its stream. */
async function change(engine: SyntheticEngine, i: number): Promise<void> {
  // A task moves to the next node (the visualizer's columns), and a service of the first page gets a new image.
  const task = engine.tasks[i * 7]!;
  const nodes = engine.nodes;
  task.NodeID = nodes[(nodes.findIndex((n) => n.ID === task.NodeID) + 1) % nodes.length]!.ID;
  const service = [...engine.services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))[i % 10]!;
  const spec = service.Spec.TaskTemplate.ContainerSpec as { Image: string };
  spec.Image = `${spec.Image.split('@')[0]!.split(':')[0]}:patch-${i}`;
  service.Version.Index++;
  engine.changed();
  const emitted = engine.eventsEmitted();
  engine.setEventsPerSecond(100);
  while (engine.eventsEmitted() === emitted) await new Promise((resolve) => setTimeout(resolve, 5));
  engine.setEventsPerSecond(0);
}

async function measure(page: Page, url: string, region: string, engine: SyntheticEngine, mode: Mode): Promise<Omit<Row, 'size' | 'page' | 'mode'>> {
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
  const patchesCpu: number[] = [];
  let patchLongestMs = 0;
  await page.waitForFunction(() => document.body.dataset.liveState === 'streaming');
  if (mode === 'whole') {
    // As before patches: the live script's region requests without the version they show.
    await page.evaluate(() =>
      document.body.addEventListener('htmx:configRequest', (e) => {
        delete (e as CustomEvent<{ headers: Record<string, string> }>).detail.headers['HX-Live-Version'];
      }),
    );
  }
  await page.evaluate((id) => {
    // One reaches body per request: from the region, or from its parent when the region was swapped out whole (its
    // `elt` is then the parent: the region is the request's).
    document.body.addEventListener('htmx:afterRequest', (e) => {
      const { requestConfig, xhr } = (e as CustomEvent<{ requestConfig: { elt: HTMLElement }; xhr: XMLHttpRequest }>).detail;
      if (requestConfig.elt.id !== id) return;
      window.__settled = 1;
      window.__answerBytes = (window.__answerBytes ?? 0) + xhr.responseText.length;
    });
  }, region);
  for (let i = 0; i < PATCHES; i++) {
    await page.evaluate(() => {
      window.__longest = 0;
      window.__settled = 0;
    });
    const start = await mainThread(cdp);
    // The page hears of it on its live stream and asks for its region again.
    await change(engine, patchSeq++);
    await page.waitForFunction(() => window.__settled === 1, undefined, { timeout: 30_000 });
    await quiet(page);
    const end = await mainThread(cdp);
    patches.push(end.busy - start.busy);
    patchesCpu.push(end.cpu - start.cpu);
    patchLongestMs = Math.max(patchLongestMs, await page.evaluate(() => window.__longest ?? 0));
    // The next change must pass the live script's once a second and htmx's throttle.
    await page.waitForTimeout(1_100);
  }
  const patchKiB = (await page.evaluate(() => window.__answerBytes ?? 0)) / PATCHES / 1024;
  const elements = await page.evaluate((id) => document.getElementById(id)?.querySelectorAll('*').length ?? 0, region);
  const htmlKiB = await page.evaluate((id) => (document.getElementById(id)?.outerHTML.length ?? 0) / 1024, region);
  await cdp.detach();
  return { firstPaintMs, firstLongestMs, patchP95Ms: p95(patches), patchLongestMs, patchCpuP95Ms: p95(patchesCpu), patchKiB, elements, htmlKiB };
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
          for (const mode of MODES) {
            // A first visit warms the host's cache: the browser's cost is measured, not the upstream read.
            await page.goto(`${host.url}/clusters/${uuid}${p.path}`);
            const row = await measure(page, `${host.url}/clusters/${uuid}${p.path}`, p.region, bridge.engine, mode);
            rows.push({ size: `${size.nodes}/${size.services}/${size.tasks}`, page: p.name, mode, ...row });
          }
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
    '| nodes/services/tasks | page | live answers | first paint: main thread busy ms | longest task ms | live patch busy p95 ms | longest task ms | live patch CPU p95 ms | patch answer KiB | region elements | region KiB |',
  );
  console.log('|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(
      `| ${r.size} | ${r.page} | ${r.mode} | ${ms(r.firstPaintMs)} | ${ms(r.firstLongestMs)} | ${ms(r.patchP95Ms)} | ${ms(r.patchLongestMs)} | ${ms(r.patchCpuP95Ms)} | ${r.patchKiB.toFixed(1)} | ${r.elements} | ${ms(r.htmlKiB)} |`,
    );
  }
  for (const p of PAGES) {
    const find = (tasks: string, mode: Mode) => rows.find((r) => r.page === p.name && r.mode === mode && r.size.endsWith(`/${tasks}`));
    const [base, big, whole] = [find('1000', 'patch'), find('10000', 'patch'), find('10000', 'whole')];
    if (!base || !big || !whole) continue;
    console.log(
      `${p.name} at 10,000 tasks: a live patch costs x${(big.patchP95Ms / whole.patchP95Ms).toFixed(2)} of a whole re-render (p95 busy), x${(big.patchCpuP95Ms / whole.patchCpuP95Ms).toFixed(2)} (p95 CPU)`,
    );
    const met = big.firstPaintMs <= TARGET.firstPaintMs && big.patchP95Ms <= TARGET.patchMs;
    const metCpu = big.patchCpuP95Ms <= TARGET.patchMs;
    console.log(
      `${p.name}: 10x the swarm costs x${(big.firstPaintMs / base.firstPaintMs).toFixed(1)} first paint, x${(big.patchP95Ms / base.patchP95Ms).toFixed(1)} per patch; targets (${TARGET.firstPaintMs} / ${TARGET.patchMs} ms) ${met ? 'met' : 'NOT met'}; per patch in CPU time ${metCpu ? 'met' : 'NOT met'}`,
    );
  }
}

await main();
