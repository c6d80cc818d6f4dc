// `npm run bench:live`: BENCH_VIEWERS (500) viewers of one cluster's live stream (fetch readers with a session
// cookie, as EventSource reads) on the reference host run as its own process (as `npm start` runs it), against a
// synthetic swarm of 100 nodes, 1,000 services and 10,000 tasks reached over the plugin's SSH transport. Prints,
// next to a baseline of 10 viewers measured in the same run:
//   - idle: the engine requests made while the viewers only watch (10 s), the host's CPU meanwhile;
//   - single events (one every 500 ms, 20 of them): the time from an event to its frame at the last viewer,
//     p50/p95/p99, and the host's CPU per event;
//   - a storm of BENCH_STORM_RATE (1,000) events a second for BENCH_STORM_SECONDS (30): events stored vs emitted,
//     frames per viewer per second, latency p95 (from the first event of a frame to its arrival), the host's CPU
//     per second of storm; then, apart, the re-renders per region per second of one visualizer page open in
//     Chromium through a storm of BENCH_RENDER_SECONDS (10);
//   - the host's RSS at start, with the viewers (peak), and after they leave; then, apart, after a quiet spell with
//     no viewers, and the heap in use after a full collection at start and at the end (what the host keeps, without
//     the garbage V8 has not collected yet; bench/heap-probe.cjs, loaded into the host's process for the bench only).
// The engine and the viewers run in this process; the host's RSS and CPU are read from /proc.
// Uses the lab named by LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { labUp, runningLab } from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { type HostProcess, startHostProcess } from '../test/support/host-process.ts';
import { logIn, sessionCookie } from '../test/support/lab-host.ts';
import { eventually } from '../test/support/plugin-fixture.ts';
import { openSseViewers, type SseViewers } from '../test/support/sse-viewers.ts';
import { registerSyntheticCluster, type SyntheticBridge, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 500);
const BASELINE_VIEWERS = 10;
const STORM_RATE = Number(process.env.BENCH_STORM_RATE ?? 1_000);
const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 30);
const SINGLE_EVENTS = 20;
const RENDER_SECONDS = Number(process.env.BENCH_RENDER_SECONDS ?? 10);
const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
const TARGET = { p95Ms: 1_000, rssMb: 300 };
/** The host process's admin (test/support/host-process.ts). */
const ADMIN = { email: 'admin@example.com', password: 'host-process-password-1' };
/** How long the host is left without viewers before the last readings. */
const QUIET_SECONDS = 30;
const HEAP_PROBE = fileURLToPath(new URL('./heap-probe.cjs', import.meta.url));
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * p) - 1)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hostRssMb(host: HostProcess): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${host.child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

/** The host's user + system CPU time so far, in ms. */
function hostCpuMs(host: HostProcess): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const stat = readFileSync(`/proc/${host.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * The host's heap in use and RSS right after a full collection (bench/heap-probe.cjs answers SIGUSR2 with a line on
 * the host's stderr).
 */
async function hostHeapAfterGc(host: HostProcess): Promise<{ heapUsedMb: number; rssMb: number }> {
  const probes = () => host.log().match(/^heap-probe .*$/gm) ?? [];
  const before = probes().length;
  host.child.kill('SIGUSR2');
  const line = await eventually(async () => probes()[before] ?? null, { intervalMs: 50, timeoutMs: 30_000, what: 'the heap probe' });
  const { heapUsed, rss } = JSON.parse(line.slice('heap-probe '.length)) as { heapUsed: number; rss: number };
  return { heapUsedMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}

declare global {
  interface Window {
    /** The live regions' requests, counted by the bench. */
    __liveRegionRequests?: { region: string; at: number }[];
  }
}

interface Run {
  viewers: number;
  idleRequests: number;
  idleCpuMsPerSecond: number;
  rssWithViewers: number;
  single: { p50: number; p95: number; p99: number; cpuMsPerEvent: number };
  storm: {
    emitted: number;
    stored: number;
    framesPerViewerSecond: number;
    p95: number;
    cpuMsPerSecond: number;
    rssPeak: number;
    /** Per region of the Chromium page: re-renders, their rate, and the most within any 1 s. */
    renders: { region: string; count: number; perSecond: number; mostInOneSecond: number }[];
  };
}

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 1, managers: 1 }));
  const bridge = await startSyntheticBridge(lab, { ...SIZE, port: 2290 });
  const host = await startHostProcess({ pluginSettings: { syncIntervalSeconds: 86_400 }, nodeArgs: ['--expose-gc', '--require', HEAP_PROBE] });
  const browser = await launchChromium();
  const db = new Database(join(host.dataDir, 'panel.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const { uuid } = await registerSyntheticCluster(host, bridge);
    const cookie = await sessionCookie(host.url, ADMIN.email, ADMIN.password);
    // The views a viewer's page was rendered from are cached before the viewers come, as when they opened the page.
    await fetch(`${host.url}/clusters/${uuid}/visualizer`, { headers: { cookie } }).then((r) => r.text());
    await sleep(2_000);
    const rssStart = hostRssMb(host);
    const heapStart = await hostHeapAfterGc(host);
    console.log(
      `lab ${lab.name}; synthetic swarm ${SIZE.nodes}/${SIZE.services}/${SIZE.tasks}; load average ${loadavg()[0]!.toFixed(1)}; host RSS at start ${rssStart.toFixed(0)} MB\n`,
    );
    const stored = db.prepare('select count(*) as n from cluster_events where cluster_id = (select id from clusters where uuid = ?)');
    const storedCount = () => (stored.get(uuid) as { n: number }).n;
    const runs: Run[] = [];
    for (const viewers of [BASELINE_VIEWERS, VIEWERS]) runs.push(await run({ host, bridge, browser, uuid, cookie, storedCount }, viewers));
    // What the viewers held is let go: give the collector a moment before reading the RSS again.
    await sleep(10_000);
    const rssAfter = hostRssMb(host);
    await sleep(QUIET_SECONDS * 1000);
    const rssQuiet = hostRssMb(host);
    print(runs, rssStart, rssAfter);
    const heapEnd = await hostHeapAfterGc(host);
    console.log(`host RSS after ${10 + QUIET_SECONDS} s without viewers ${rssQuiet.toFixed(0)} MB, after a full collection ${heapEnd.rssMb.toFixed(0)} MB`);
    console.log(
      `host heap in use after a full collection: start ${heapStart.heapUsedMb.toFixed(1)} MB, after the viewers left ${heapEnd.heapUsedMb.toFixed(1)} MB (${(heapEnd.heapUsedMb - heapStart.heapUsedMb).toFixed(1)} MB kept)`,
    );
    console.log(`load average at the end ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    db.close();
    await browser.close();
    await host.stop();
    await bridge.close();
  }
}

interface Context {
  host: HostProcess;
  bridge: SyntheticBridge;
  browser: Browser;
  uuid: string;
  cookie: string;
  storedCount: () => number;
}

async function run({ host, bridge, browser, uuid, cookie, storedCount }: Context, count: number): Promise<Run> {
  const engine = bridge.engine;
  const lists = () => [...engine.requests].filter(([key]) => key !== 'GET /events').reduce((n, [, c]) => n + c, 0);
  const open: SseViewers = await openSseViewers(`${host.url}/clusters/${uuid}/live`, cookie, count);
  try {
    await eventually(async () => open.viewers.every((v) => v.of('status').some((s) => s.data.state === 'streaming')), {
      timeoutMs: 60_000,
      what: 'every viewer live',
    });
    const listsBefore = lists();
    const idleCpuBefore = hostCpuMs(host);
    await sleep(10_000);
    const idleRequests = lists() - listsBefore;
    const idleCpuMsPerSecond = (hostCpuMs(host) - idleCpuBefore) / 10;
    const rssWithViewers = hostRssMb(host);

    // One event at a time: its time to the last viewer that gets it.
    const single: number[] = [];
    const singleCpuBefore = hostCpuMs(host);
    let singleEvents = 0;
    for (let i = 0; i < SINGLE_EVENTS; i++) {
      const framesBefore = open.viewers.map((v) => v.frames.length);
      const emitted = engine.eventsEmitted();
      engine.setEventsPerSecond(100);
      await eventually(async () => engine.eventsEmitted() > emitted, { intervalMs: 5, timeoutMs: 5_000 });
      engine.setEventsPerSecond(0);
      singleEvents += engine.eventsEmitted() - emitted;
      await eventually(async () => open.viewers.every((v, j) => v.frames.length > framesBefore[j]!), { intervalMs: 20, timeoutMs: 10_000 });
      const arrivals = open.viewers.map((v) => v.of('swarm').at(-1)!);
      const sent = Date.parse(arrivals[0]!.data.first);
      single.push(Math.max(...arrivals.map((a) => a.at)) - sent);
      await sleep(500);
    }
    const cpuMsPerEvent = (hostCpuMs(host) - singleCpuBefore) / singleEvents;

    // The storm.
    const storedBefore = storedCount();
    const emittedBefore = engine.eventsEmitted();
    const framesBefore = open.viewers.map((v) => v.of('swarm').length);
    let rssPeak = hostRssMb(host);
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, hostRssMb(host));
    }, 250);
    const stormCpuBefore = hostCpuMs(host);
    const started = Date.now();
    engine.setEventsPerSecond(STORM_RATE);
    await sleep(STORM_SECONDS * 1000);
    engine.setEventsPerSecond(0);
    const stormMs = Date.now() - started;
    const cpuMsPerSecond = (hostCpuMs(host) - stormCpuBefore) / (stormMs / 1000);
    const emitted = engine.eventsEmitted() - emittedBefore;
    await eventually(async () => storedCount() - storedBefore >= emitted, { timeoutMs: 60_000 }).catch(() => undefined);
    await sleep(1_000);
    clearInterval(sampler);
    const stored = storedCount() - storedBefore;
    const renders = await rendersDuringStorm(host, browser, engine, uuid);
    const stormFrames = open.viewers.map((v, i) => v.of('swarm').slice(framesBefore[i]));
    const stormLatencies = stormFrames.flat().map((f) => f.at - Date.parse(f.data.first));
    return {
      viewers: count,
      idleRequests,
      idleCpuMsPerSecond,
      rssWithViewers,
      single: { p50: percentile(single, 0.5), p95: percentile(single, 0.95), p99: percentile(single, 0.99), cpuMsPerEvent },
      storm: {
        emitted,
        stored,
        framesPerViewerSecond: stormFrames.reduce((n, f) => n + f.length, 0) / count / (stormMs / 1000),
        p95: percentile(stormLatencies, 0.95),
        cpuMsPerSecond,
        rssPeak,
        renders,
      },
    };
  } finally {
    await open.close();
    if (open.failures.length) console.log(`viewer failures: ${open.failures.slice(0, 5).join('; ')}`);
  }
}

/**
 * One visualizer page in Chromium through a storm of RENDER_SECONDS, counting the requests of its live regions. Apart
 * from the timed storm: the region's reads (the whole task list, again after every event) load this process, which
 * serves the synthetic engine and reads the viewers' streams, and would delay the frames it times.
 */
async function rendersDuringStorm(host: HostProcess, browser: Browser, engine: SyntheticBridge['engine'], uuid: string): Promise<Run['storm']['renders']> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await logIn(page, host.url, ADMIN.email, ADMIN.password);
    await page.goto(`${host.url}/clusters/${uuid}/visualizer`);
    await page.waitForFunction(() => 'htmx' in window && document.body.dataset.liveState === 'streaming', undefined, { timeout: 60_000 });
    await page.evaluate(() => {
      const requests: { region: string; at: number }[] = [];
      window.__liveRegionRequests = requests;
      document.body.addEventListener('htmx:beforeRequest', (e) => {
        const id = (e as CustomEvent<{ elt: HTMLElement }>).detail.elt.id;
        if (id.startsWith('cl-')) requests.push({ region: id, at: Date.now() });
      });
    });
    const started = Date.now();
    engine.setEventsPerSecond(STORM_RATE);
    await sleep(RENDER_SECONDS * 1000);
    engine.setEventsPerSecond(0);
    const stormMs = Date.now() - started;
    const requests = await page.evaluate(() => window.__liveRegionRequests ?? []);
    const regions = [...new Set(requests.map((r) => r.region))];
    return regions.map((region) => {
      const at = requests.filter((r) => r.region === region).map((r) => r.at);
      let most = 0;
      for (let i = 0, j = 0; j < at.length; j++) {
        while (at[j]! - at[i]! >= 1000) i++;
        most = Math.max(most, j - i + 1);
      }
      return { region, count: at.length, perSecond: at.length / (stormMs / 1000), mostInOneSecond: most };
    });
  } finally {
    await context.close();
  }
}

function print(runs: Run[], rssStart: number, rssAfter: number): void {
  const ms = (n: number) => n.toFixed(0);
  console.log(
    '| viewers | idle: engine requests in 10 s | idle host CPU ms/s | host RSS with viewers MB | event to last viewer p50 / p95 / p99 ms | host CPU ms per event | storm: emitted / stored | frames per viewer per s | storm latency p95 ms | storm host CPU ms/s | storm host RSS peak MB |',
  );
  console.log('|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of runs) {
    const s = r.storm;
    console.log(
      `| ${r.viewers} | ${r.idleRequests} | ${ms(r.idleCpuMsPerSecond)} | ${ms(r.rssWithViewers)} | ${ms(r.single.p50)} / ${ms(r.single.p95)} / ${ms(r.single.p99)} | ${r.single.cpuMsPerEvent.toFixed(1)} | ${s.emitted} / ${s.stored} | ${s.framesPerViewerSecond.toFixed(1)} | ${ms(s.p95)} | ${ms(s.cpuMsPerSecond)} | ${ms(s.rssPeak)} |`,
    );
  }
  console.log(`\nRe-renders of one visualizer page in Chromium during a storm of ${RENDER_SECONDS} s:`);
  console.log('| viewers | region | re-renders | per second | most within 1 s |');
  console.log('|--:|---|--:|--:|--:|');
  for (const r of runs) {
    for (const g of r.storm.renders) console.log(`| ${r.viewers} | ${g.region} | ${g.count} | ${g.perSecond.toFixed(2)} | ${g.mostInOneSecond} |`);
  }
  const [base, full] = runs;
  if (base && full) {
    console.log(
      `\n${full.viewers} vs ${base.viewers} viewers: single-event p95 x${(full.single.p95 / base.single.p95).toFixed(1)}, storm p95 x${(full.storm.p95 / base.storm.p95).toFixed(1)}, storm CPU x${(full.storm.cpuMsPerSecond / base.storm.cpuMsPerSecond).toFixed(1)}`,
    );
    const delivered = full.single.p95 <= TARGET.p95Ms && full.storm.p95 <= TARGET.p95Ms;
    console.log(`target: an event reaches all viewers within ${TARGET.p95Ms} ms p95: ${delivered ? 'met' : 'NOT met'}`);
    const rssMet = full.storm.rssPeak <= TARGET.rssMb && full.rssWithViewers <= TARGET.rssMb;
    console.log(`target: host RSS <= ${TARGET.rssMb} MB with ${full.viewers} viewers: ${rssMet ? 'met' : 'NOT met'}`);
  }
  console.log(`host RSS: start ${rssStart.toFixed(0)} MB, after the viewers left ${rssAfter.toFixed(0)} MB`);
}

await main();
