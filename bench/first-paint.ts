// What a page's first paint costs chromium's main thread, read from a DevTools trace: the top-level tasks of the
// renderer main thread the page was committed in, from the navigation until the page is settled (loaded, htmx and, on
// a page holding a component, alpine started, two animation frames drawn and an idle callback run). Busy is their wall
// time (a loaded machine stretches it by descheduling), CPU their thread time. A trace, not Performance.getMetrics:
// the navigation moves the page to a new renderer process, whose counters do not continue the previous page's. The
// settled point is awaited with a plain Runtime.evaluate, not Playwright's evaluate, whose helper script (~15 ms to
// compile) is the bench's work, not the page's.
import type { Browser, CDPSession, Page } from 'playwright-core';

export interface FirstPaint {
  busyMs: number;
  cpuMs: number;
}

/** A DevTools trace event (the fields the benchmarks read). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; processId?: number } };
}

/** A top-level task of the page's main thread (trace microseconds). */
export interface MainTask {
  ts: number;
  dur: number;
  tdur: number;
}

/**
 * The renderer main thread the page was committed in: the CommitLoad event naming its URL (on that thread), or else
 * the browser's FrameCommittedInBrowser naming the process, whose CrRendererMain thread it is. (ParseHTML's URL is
 * not always filled in.)
 */
export function mainThreadOf(events: TraceEvent[], url: string): { pid: number; tid: number } {
  const commit = events.find((e) => e.name === 'CommitLoad' && (e.args?.data?.url ?? '').startsWith(url));
  if (commit) return commit;
  const pid = events.find((e) => e.name === 'FrameCommittedInBrowser' && (e.args?.data?.url ?? '').startsWith(url))?.args?.data?.processId;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  if (!thread) throw new Error(`the trace shows no commit of ${url}`);
  return thread;
}

const SETTLED = `new Promise((resolve) => {
  const check = () => {
    // Alpine comes only to a page holding a component (host/assets/alpine-on-demand.js).
    const alpineDue = document.querySelector('[x-data]') !== null && !('Alpine' in window);
    if (document.readyState !== 'complete' || alpineDue || !('htmx' in window)) return setTimeout(check, 20);
    requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(true), { timeout: 2000 })));
  };
  check();
})`;

const TOP_LEVEL = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** The trace of a first paint of `url` in `page`: from the navigation until the page is settled. */
export async function traceFirstPaint(browser: Browser, page: Page, cdp: CDPSession, url: string, moreCategories: string[] = []): Promise<TraceEvent[]> {
  let trace: Buffer;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...moreCategories] });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await cdp.send('Runtime.evaluate', { expression: SETTLED, awaitPromise: true });
  } finally {
    trace = await browser.stopTracing();
  }
  return (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
}

/** The top-level tasks of the page's main thread in a first paint's trace, in order. */
export function mainTasks(events: TraceEvent[], main: { pid: number; tid: number }): MainTask[] {
  const tasks = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && TOP_LEVEL.has(e.name)).sort((a, b) => a.ts - b.ts);
  const outer: MainTask[] = [];
  let end = 0;
  for (const task of tasks) {
    // A task run inside another (a nested run loop) is part of the outer one's time.
    if (task.ts < end) continue;
    end = task.ts + (task.dur ?? 0);
    outer.push({ ts: task.ts, dur: task.dur ?? 0, tdur: task.tdur ?? 0 });
  }
  return outer;
}

export async function firstPaint(browser: Browser, page: Page, cdp: CDPSession, url: string): Promise<FirstPaint> {
  const events = await traceFirstPaint(browser, page, cdp, url);
  return busyAndCpu(mainTasks(events, mainThreadOf(events, url)));
}

/** The tasks' wall time (busy) and thread time (CPU), in ms. */
export function busyAndCpu(tasks: MainTask[]): FirstPaint {
  return { busyMs: tasks.reduce((sum, t) => sum + t.dur, 0) / 1000, cpuMs: tasks.reduce((sum, t) => sum + t.tdur, 0) / 1000 };
}
