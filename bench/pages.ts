// `npm run bench:pages`: what the services page and the visualizer cost chromium's main thread, measured through the
// DevTools protocol, against synthetic swarms reached over the plugin's SSH transport: 10 nodes / 100 services /
// 1,000 tasks (the baseline) and 100 / 1,000 / 10,000. Per page:
// - first paint: from a DevTools trace (bench/first-paint.ts), the main thread's top-level tasks from navigation to a
//   settled page, busy (wall) and CPU (thread time), median of 3, and the longest task seen by a long-task observer;
//   next to the host's own dashboard measured the same way (the panel's layout and htmx with no plugin
//   content: the floor every page pays); beside it (not a target), the same page reached from the cluster's overview,
//   as an operator moving between the panel's pages does: the renderer is running already, and what remains is the
//   page's own cost;
// - per live patch (a swarm change the page learns of through its live stream: a task moved to another node, a
//   service's image changed; 10 of them), p95: from a DevTools trace, the page's main-thread top-level tasks from the
//   one that sends the region's request to the end of the first frame (style, layout, paint) after the answer's swap
//   settled: the answer's parse, the swap, the scripts it runs, style, layout and paint count; the wait for the
//   event and the answer (the thread idle), the live script's throttle and the bench's own waiting do not. Busy is
//   the tasks' wall time, CPU their thread time. With the bytes of the region's answers and the region's size (at first
//   paint, and with every column drawn).
// BENCH_PAGES_TASKS=10000 runs one size only; BENCH_PAGES_TRACE=<dir> keeps each page's trace there (DevTools loads it).
// Targets at 10,000 tasks: <= 200 ms first paint, <= 50 ms per live patch.
// Uses the lab named by LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { labUp, runningLab } from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { logIn, OWNER, startLabHost } from '../test/support/lab-host.ts';
import { registerSyntheticCluster, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';
import type { SyntheticEngine } from '../test/support/synthetic-engine.ts';
import { type FirstPaint, firstPaint, type TraceEvent } from './first-paint.ts';
import { median } from './stats.ts';

const SIZES = [
  { nodes: 10, services: 100, tasks: 1_000 },
  { nodes: 100, services: 1_000, tasks: 10_000 },
].filter((s) => !process.env.BENCH_PAGES_TASKS || String(s.tasks) === process.env.BENCH_PAGES_TASKS);
const PAGES = [
  { name: 'services', path: '/services', region: 'cl-services' },
  { name: 'visualizer', path: '/visualizer', region: 'cl-visualizer-live' },
];
const PATCHES = 10;
/** First paints per page and mode, the median shown: one is at the mercy of whatever else the machine runs. */
const FIRST_PAINTS = 3;
const TARGET = { firstPaintMs: 200, patchMs: 50 };

declare global {
  interface Window {
    __longest?: number;
    __answerBytes?: number;
    __patchDone?: () => void;
    __patchIndex?: number;
    /** Region requests sent and not yet drawn; `__idle` is called when none is left. */
    __inflight?: number;
    __idle?: () => void;
  }
}

const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing', 'toplevel'];

/**
 * Per patch i, the main thread's top-level tasks of each of its region requests (marks `patch-start-i-n` and
 * `patch-end-i-n` on the page), from the one that holds the start mark (the live script's dispatch, which sends the
 * request) up to the end mark: their wall time (busy), CPU time (thread time) and the longest, ms.
 */
function patchWindows(trace: TraceEvent[], count: number): { busy: number; cpu: number; longest: number; requests: number }[] {
  const marks = trace.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('patch-'));
  const first = marks.find((e) => e.name.startsWith('patch-start-'));
  if (!first) throw new Error('the trace holds no patch marks');
  // Top-level tasks of the page's main thread (the thread the marks are on); RunTask is what DevTools counts as a task.
  const tasks = trace
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === first.pid && e.tid === first.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const windows: { busy: number; cpu: number; longest: number; requests: number }[] = [];
  for (let i = 1; i <= count; i++) {
    const inside = new Set<TraceEvent>();
    const starts = marks.filter((m) => m.name.startsWith(`patch-start-${i}-`));
    for (const start of starts) {
      const end = marks.find((m) => m.name === start.name.replace('start', 'end'));
      if (!end) throw new Error(`${start.name} has no end in the trace`);
      const from = tasks.find((t) => t.ts <= start.ts && start.ts <= t.ts + t.dur!)?.ts ?? start.ts;
      for (const t of tasks) if (t.ts >= from && t.ts <= end.ts) inside.add(t);
    }
    if (starts.length === 0) throw new Error(`patch ${i} sent no request`);
    windows.push({
      busy: [...inside].reduce((sum, t) => sum + t.dur!, 0) / 1000,
      cpu: [...inside].reduce((sum, t) => sum + (t.tdur ?? t.dur!), 0) / 1000,
      longest: Math.max(0, ...[...inside].map((t) => t.dur!)) / 1000,
      requests: starts.length,
    });
  }
  return windows;
}

/** `patch`: the live script as it is (only what changed); `whole`: every region answer the whole region (the baseline). */
type Mode = 'whole' | 'patch';
const MODES: Mode[] = ['whole', 'patch'];

interface Row {
  size: string;
  page: string;
  mode: Mode;
  firstPaintMs: number;
  firstPaintCpuMs: number;
  firstLongestMs: number;
  /** First paint reached from the cluster's overview (a running renderer), busy and CPU, median. */
  fromPanel: FirstPaint;
  patchP95Ms: number;
  patchLongestMs: number;
  /** The main thread's CPU time per patch, p95. */
  patchCpuP95Ms: number;
  /** Each patch's busy and CPU time, in order (the first is the page's first: htmx's code for it not compiled yet). */
  patches: { busy: number; cpu: number }[];
  /** Region requests per patch, mean (more than 1: a patch the page could not apply, then the whole region). */
  patchRequests: number;
  /** Bytes of the region's answers to the patches, mean. */
  patchKiB: number;
  /** The region's elements at first paint (the visualizer's first columns), and once all are drawn. */
  firstElements: number;
  elements: number;
  htmlKiB: number;
}

let patchSeq = 0;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

/** One change of the synthetic swarm, told by one event on its stream. */
async function change(engine: SyntheticEngine, i: number): Promise<void> {
  // A task moves to the next node (the visualizer's columns), and a service of the first page gets a new image.
  const task = engine.tasks[i * 7]!;
  const nodes = engine.nodes;
  task.NodeID = nodes[(nodes.findIndex((n) => n.ID === task.NodeID) + 1) % nodes.length]!.ID;
  const service = [...engine.services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))[i % 10]!;
  const spec = service.Spec.TaskTemplate.ContainerSpec as { Image: string };
  spec.Image = `${spec.Image.split('@')[0]!.split(':')[0]}:patch-${i}`;
  // Both services' versions move on, as Docker's do, and their events name them: the plugin reads them and their
  // tasks again.
  const changed = new Set([service, engine.services.find((s) => s.ID === task.ServiceID)!]);
  for (const s of changed) s.Version.Index++;
  engine.changed();
  for (const s of changed) engine.emit({ Type: 'service', Action: 'update', Actor: { ID: s.ID, Attributes: { name: s.Spec.Name } } });
}

/** A first paint from a blank page: the navigation starts a renderer process, as a visit from another site would. */
async function firstPaintFromBlank(browser: Browser, page: Page, url: string): Promise<{ paint: FirstPaint; cdp: CDPSession }> {
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  return { paint: await firstPaint(browser, page, cdp, url), cdp };
}

/** A first paint reached from another page of the panel (same origin: the navigation keeps its renderer). */
async function firstPaintFrom(browser: Browser, page: Page, from: string, url: string): Promise<FirstPaint> {
  await page.goto(from);
  const cdp = await page.context().newCDPSession(page);
  try {
    return await firstPaint(browser, page, cdp, url);
  } finally {
    await cdp.detach();
  }
}

async function measure(
  browser: Browser,
  page: Page,
  url: string,
  overview: string,
  region: string,
  engine: SyntheticEngine,
  mode: Mode,
): Promise<Omit<Row, 'size' | 'page' | 'mode'>> {
  const fromPanel: FirstPaint[] = [];
  for (let i = 0; i < FIRST_PAINTS; i++) fromPanel.push(await firstPaintFrom(browser, page, overview, url));
  const paints: FirstPaint[] = [];
  for (let i = 1; i < FIRST_PAINTS; i++) {
    const { paint, cdp } = await firstPaintFromBlank(browser, page, url);
    paints.push(paint);
    await cdp.detach();
  }
  const { paint, cdp } = await firstPaintFromBlank(browser, page, url);
  paints.push(paint);
  const firstLongestMs = await page.evaluate(() => window.__longest ?? 0);

  await page.waitForFunction(() => document.body.dataset.liveState === 'streaming');
  const firstElements = await page.evaluate((id) => document.getElementById(id)?.querySelectorAll('*').length ?? 0, region);
  // The visualizer draws its first columns, the others as they are scrolled to: the patches are measured on the
  // whole grid (a change in a column not drawn costs the page nothing, a figure that would measure less).
  const more = page.locator('.cl-col-more a[data-columns]').last();
  if (await more.count()) {
    await more.click();
    await page.waitForFunction(() => document.querySelector('.cl-col-more') === null && document.querySelector('.htmx-request') === null);
  }
  if (mode === 'whole') {
    // As before patches: the live script's region requests without the version they show.
    await page.evaluate(() =>
      document.body.addEventListener('htmx:configRequest', (e) => {
        delete (e as CustomEvent<{ headers: Record<string, string> }>).detail.headers['HX-Live-Version'];
      }),
    );
  }
  await page.evaluate((id) => {
    let seq = 0;
    // One reaches body per request: from the region, or from its parent when the region was swapped out whole (its
    // `elt` is then the parent: the region's is `requestConfig.elt`).
    const ours = (e: Event) => (e as CustomEvent<{ requestConfig?: { elt: HTMLElement }; elt: HTMLElement }>).detail.requestConfig?.elt.id === id;
    // Every request of the region is marked with the patch it follows (a patch may need a second one: the whole
    // region, when the page lacks an element the patch addresses).
    const names = new WeakMap<XMLHttpRequest, string>();
    document.body.addEventListener('htmx:beforeRequest', (e) => {
      const { elt, xhr } = (e as CustomEvent<{ elt: HTMLElement; xhr: XMLHttpRequest }>).detail;
      if (elt.id !== id) return;
      const name = `${window.__patchIndex ?? 0}-${++seq}`;
      names.set(xhr, name);
      window.__inflight = (window.__inflight ?? 0) + 1;
      performance.mark(`patch-start-${name}`);
    });
    document.body.addEventListener('htmx:afterRequest', (e) => {
      if (!ours(e)) return;
      const { xhr } = (e as CustomEvent<{ xhr: XMLHttpRequest }>).detail;
      window.__answerBytes = (window.__answerBytes ?? 0) + xhr.responseText.length;
      const name = names.get(xhr);
      // The end: the first frame after the swap settled (htmx settles 20 ms after it) has run its style, layout and
      // paint; a task posted from that frame's animation callback runs after it.
      const end = () =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            performance.mark(`patch-end-${name}`);
            window.__inflight = (window.__inflight ?? 1) - 1;
            window.__patchDone?.();
            if (window.__inflight === 0) window.__idle?.();
          }, 0),
        );
      if (xhr.status === 204) end();
      else document.body.addEventListener('htmx:afterSettle', end, { once: true });
    });
  }, region);

  // The main thread's tasks between a patch's marks, from a DevTools trace: its top-level tasks from the one that
  // sent the region's request to the one after the following paint (waiting for the answer costs the page nothing).
  const trace: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => {
    trace.push(...(e.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES }, transferMode: 'ReportEvents' });
  for (let i = 1; i <= PATCHES; i++) {
    const done = page.evaluate(
      (index) =>
        new Promise<void>((resolve) => {
          window.__patchIndex = index;
          window.__patchDone = resolve;
        }),
      i,
    );
    // The page hears of it on its live stream and asks for its region again.
    await change(engine, patchSeq++);
    await Promise.race([done, page.waitForTimeout(30_000).then(() => Promise.reject(new Error(`patch ${i}: the page did not update within 30 s`)))]);
    // The next change must pass the live script's once a second and htmx's throttle.
    await page.waitForTimeout(1_100);
  }
  // A request still running (the whole region after a patch the page could not apply) ends inside the trace.
  await page.evaluate(() => new Promise<void>((resolve) => (window.__inflight ? (window.__idle = resolve) : resolve())));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  if (process.env.BENCH_PAGES_TRACE) {
    const file = `${process.env.BENCH_PAGES_TRACE}/${new URL(url).pathname.split('/').at(-1)}-${mode}-${patchSeq}.json`;
    writeFileSync(file, JSON.stringify({ traceEvents: trace }));
  }
  const windows = patchWindows(trace, PATCHES);
  const patchKiB = (await page.evaluate(() => window.__answerBytes ?? 0)) / PATCHES / 1024;
  const elements = await page.evaluate((id) => document.getElementById(id)?.querySelectorAll('*').length ?? 0, region);
  const htmlKiB = await page.evaluate((id) => (document.getElementById(id)?.outerHTML.length ?? 0) / 1024, region);
  await cdp.detach();
  return {
    firstPaintMs: median(paints.map((p) => p.busyMs)),
    firstPaintCpuMs: median(paints.map((p) => p.cpuMs)),
    firstLongestMs,
    fromPanel: { busyMs: median(fromPanel.map((p) => p.busyMs)), cpuMs: median(fromPanel.map((p) => p.cpuMs)) },
    patchP95Ms: p95(windows.map((w) => w.busy)),
    patchLongestMs: Math.max(...windows.map((w) => w.longest)),
    patchCpuP95Ms: p95(windows.map((w) => w.cpu)),
    patches: windows.map((w) => ({ busy: w.busy, cpu: w.cpu })),
    patchRequests: windows.reduce((sum, w) => sum + w.requests, 0) / windows.length,
    patchKiB,
    firstElements,
    elements,
    htmlKiB,
  };
}

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 1, managers: 1 }));
  console.log(`lab ${lab.name}; load average ${loadavg()[0]!.toFixed(1)} (the figures are CPU time of a shared machine)\n`);
  const browser = await launchChromium();
  const rows: Row[] = [];
  const floors: FirstPaint[] = [];
  try {
    for (const [i, size] of SIZES.entries()) {
      const bridge = await startSyntheticBridge(lab, { ...size, port: 2280 + i });
      const host = await startLabHost();
      try {
        const { uuid } = await registerSyntheticCluster(host, bridge);
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        // tsx keeps function names with a helper the page lacks; the functions given to page.evaluate need it.
        await context.addInitScript({ content: 'window.__name = (f) => f;' });
        // The observer comes before the page's own scripts (CDP adds it, the page's CSP does not apply).
        await context.addInitScript(() => {
          window.__longest = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest ?? 0, entry.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        const page = await context.newPage();
        await logIn(page, host.url, OWNER.email, OWNER.password);
        await page.goto(`${host.url}/`);
        for (let i = 0; i < FIRST_PAINTS; i++) {
          const { paint, cdp } = await firstPaintFromBlank(browser, page, `${host.url}/`);
          floors.push(paint);
          await cdp.detach();
        }
        for (const p of PAGES) {
          for (const mode of MODES) {
            // A first visit warms the host's cache: the browser's cost is measured, not the upstream read.
            await page.goto(`${host.url}/clusters/${uuid}${p.path}`);
            const row = await measure(browser, page, `${host.url}/clusters/${uuid}${p.path}`, `${host.url}/clusters/${uuid}`, p.region, bridge.engine, mode);
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
    '| nodes/services/tasks | page | live answers | first paint: main thread busy ms | CPU ms | longest task ms | live patch busy p95 ms | longest task ms | live patch CPU p95 ms | requests per patch | patch answer KiB | region elements at first paint | region elements | region KiB |',
  );
  console.log('|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(
      `| ${r.size} | ${r.page} | ${r.mode} | ${ms(r.firstPaintMs)} | ${ms(r.firstPaintCpuMs)} | ${ms(r.firstLongestMs)} | ${ms(r.patchP95Ms)} | ${ms(r.patchLongestMs)} | ${ms(r.patchCpuP95Ms)} | ${r.patchRequests.toFixed(1)} | ${r.patchKiB.toFixed(1)} | ${r.firstElements} | ${r.elements} | ${ms(r.htmlKiB)} |`,
    );
  }
  console.log(
    `the host's own dashboard (the panel's layout and htmx, no plugin content), first paint busy / CPU ms: ${floors.map((f) => `${ms(f.busyMs)} / ${ms(f.cpuMs)}`).join(', ')}`,
  );
  for (const r of rows) {
    console.log(
      `${r.size} ${r.page} ${r.mode}: first paint reached from the cluster's overview (the renderer running already), busy / CPU ms ${ms(r.fromPanel.busyMs)} / ${ms(r.fromPanel.cpuMs)}`,
    );
  }
  // The p95 of ten is the slowest, mostly the first: a page's first patch runs htmx's request and swap code for the
  // first time (compiled then). Each patch shown, and the median, so the first one and the others can be told apart.
  for (const r of rows) {
    const each = r.patches.map((w) => `${ms(w.busy)}/${ms(w.cpu)}`).join(' ');
    console.log(
      `${r.size} ${r.page} ${r.mode}: live patches busy/CPU ms in order ${each}; median ${ms(median(r.patches.map((w) => w.busy)))} / ${ms(median(r.patches.map((w) => w.cpu)))}`,
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
    const metCpu = big.firstPaintCpuMs <= TARGET.firstPaintMs && big.patchCpuP95Ms <= TARGET.patchMs;
    console.log(
      `${p.name}: 10x the swarm costs x${(big.firstPaintMs / base.firstPaintMs).toFixed(1)} first paint, x${(big.patchP95Ms / base.patchP95Ms).toFixed(1)} per patch; targets (${TARGET.firstPaintMs} / ${TARGET.patchMs} ms) ${met ? 'met' : 'NOT met'}; in CPU time (first paint, per patch) ${metCpu ? 'met' : 'NOT met'}`,
    );
  }
}

await main();
