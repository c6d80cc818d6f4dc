// `npm run bench:live`: BENCH_VIEWERS (500) viewers of one cluster's live stream (fetch readers with a session
// cookie, as EventSource reads) on the reference host, against a synthetic swarm of 100 nodes, 1,000 services and
// 10,000 tasks reached over the plugin's SSH transport. Prints, next to a baseline of 10 viewers measured in the
// same run:
//   - idle: the engine requests made while the viewers only watch (10 s), and the host's RSS;
//   - single events (one every 500 ms, 20 of them): the time from an event to its frame at the last viewer, p50/p95;
//   - a storm of BENCH_STORM_RATE (1,000) events a second for BENCH_STORM_SECONDS (30): events stored vs emitted,
//     frames per viewer per second, latency p95 (from the first event of a frame to its arrival), peak RSS;
//   - the RSS after the viewers leave.
// The host runs in this process: its RSS includes the viewers' side (small: a buffer per stream).
// Uses the lab named by LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { loadavg } from 'node:os';
import { labUp, runningLab } from '../lab/lab.ts';
import { type LabHost, OWNER, sessionCookie, startLabHost } from '../test/support/lab-host.ts';
import { eventually } from '../test/support/plugin-fixture.ts';
import { openSseViewers, type SseViewers } from '../test/support/sse-viewers.ts';
import { registerSyntheticCluster, type SyntheticBridge, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 500);
const BASELINE_VIEWERS = 10;
const STORM_RATE = Number(process.env.BENCH_STORM_RATE ?? 1_000);
const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 30);
const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
const TARGET_P95_MS = 1_000;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * p) - 1)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  viewers: number;
  idleRequests: number;
  idleRss: number;
  singleP50: number;
  singleP95: number;
  stormEmitted: number;
  stormStored: number;
  stormFramesPerViewerSecond: number;
  stormP95: number;
  stormRssPeak: number;
}

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 1, managers: 1 }));
  console.log(`lab ${lab.name}; synthetic swarm ${SIZE.nodes}/${SIZE.services}/${SIZE.tasks}; load average ${loadavg()[0]!.toFixed(1)}\n`);
  const bridge = await startSyntheticBridge(lab, { ...SIZE, port: 2290 });
  const host = await startLabHost();
  try {
    const { uuid } = await registerSyntheticCluster(host, bridge);
    await host.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { syncIntervalSeconds: 86_400 } });
    const cookie = await sessionCookie(host.url, OWNER.email, OWNER.password);
    const rssStart = process.memoryUsage().rss;
    console.log(`RSS at start (host, synthetic engine, this script): ${mb(rssStart)}\n`);
    const runs: Run[] = [];
    for (const viewers of [BASELINE_VIEWERS, VIEWERS]) runs.push(await run(host, bridge, uuid, cookie, viewers));
    // What the viewers held is let go: give the collector a moment before reading the RSS again.
    await sleep(3_000);
    print(runs, rssStart);
  } finally {
    await host.close();
    await bridge.close();
  }
}

async function run(host: LabHost, bridge: SyntheticBridge, uuid: string, cookie: string, count: number): Promise<Run> {
  const engine = bridge.engine;
  const storedCount = () =>
    (
      host.host.sqlite.prepare('select count(*) as n from cluster_events where cluster_id = (select id from clusters where uuid = ?)').get(uuid) as {
        n: number;
      }
    ).n;
  const lists = () => [...engine.requests].filter(([key]) => key !== 'GET /events').reduce((n, [, c]) => n + c, 0);
  const open: SseViewers = await openSseViewers(`${host.url}/clusters/${uuid}/live`, cookie, count);
  try {
    await eventually(async () => open.viewers.every((v) => v.of('status').some((s) => s.data.state === 'streaming')), {
      timeoutMs: 60_000,
      what: 'every viewer live',
    });
    const listsBefore = lists();
    await sleep(10_000);
    const idleRequests = lists() - listsBefore;
    const idleRss = process.memoryUsage().rss;

    // One event at a time: its time to the last viewer that gets it.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const framesBefore = open.viewers.map((v) => v.frames.length);
      const emitted = engine.eventsEmitted();
      engine.setEventsPerSecond(100);
      await eventually(async () => engine.eventsEmitted() > emitted, { intervalMs: 5, timeoutMs: 5_000 });
      engine.setEventsPerSecond(0);
      await eventually(async () => open.viewers.every((v, j) => v.frames.length > framesBefore[j]!), { intervalMs: 20, timeoutMs: 10_000 });
      const arrivals = open.viewers.map((v) => v.of('swarm').at(-1)!);
      const sent = Date.parse(arrivals[0]!.data.first);
      single.push(Math.max(...arrivals.map((a) => a.at)) - sent);
      await sleep(500);
    }

    // The storm.
    const storedBefore = storedCount();
    const emittedBefore = engine.eventsEmitted();
    const framesBefore = open.viewers.map((v) => v.of('swarm').length);
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 250);
    const started = Date.now();
    engine.setEventsPerSecond(STORM_RATE);
    await sleep(STORM_SECONDS * 1000);
    engine.setEventsPerSecond(0);
    const stormMs = Date.now() - started;
    const stormEmitted = engine.eventsEmitted() - emittedBefore;
    await eventually(async () => storedCount() - storedBefore >= stormEmitted, { timeoutMs: 60_000 }).catch(() => undefined);
    await sleep(1_000);
    clearInterval(sampler);
    const stormFrames = open.viewers.map((v, i) => v.of('swarm').slice(framesBefore[i]));
    const stormLatencies = stormFrames.flat().map((f) => f.at - Date.parse(f.data.first));
    return {
      viewers: count,
      idleRequests,
      idleRss,
      singleP50: percentile(single, 0.5),
      singleP95: percentile(single, 0.95),
      stormEmitted,
      stormStored: storedCount() - storedBefore,
      stormFramesPerViewerSecond: stormFrames.reduce((n, f) => n + f.length, 0) / count / (stormMs / 1000),
      stormP95: percentile(stormLatencies, 0.95),
      stormRssPeak: rssPeak,
    };
  } finally {
    await open.close();
    if (open.failures.length) console.log(`viewer failures: ${open.failures.slice(0, 5).join('; ')}`);
  }
}

function print(runs: Run[], rssStart: number): void {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    '| viewers | idle: engine requests in 10 s | RSS idle | event to last viewer p50 / p95 | storm: emitted / stored | frames per viewer per s | storm latency p95 | RSS peak |',
  );
  console.log('|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of runs) {
    console.log(
      `| ${r.viewers} | ${r.idleRequests} | ${mb(r.idleRss)} | ${ms(r.singleP50)} / ${ms(r.singleP95)} | ${r.stormEmitted} / ${r.stormStored} | ${r.stormFramesPerViewerSecond.toFixed(1)} | ${ms(r.stormP95)} | ${mb(r.stormRssPeak)} |`,
    );
  }
  const [base, full] = runs;
  if (base && full) {
    console.log(
      `\n${full.viewers} vs ${base.viewers} viewers: single-event p95 x${(full.singleP95 / base.singleP95).toFixed(1)}, storm p95 x${(full.stormP95 / base.stormP95).toFixed(1)}`,
    );
    console.log(
      `target: an event reaches all viewers within ${TARGET_P95_MS} ms p95: ${full.singleP95 <= TARGET_P95_MS && full.stormP95 <= TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
  }
  console.log(`RSS after the viewers left: ${mb(process.memoryUsage().rss)} (start ${mb(rssStart)})`);
}

await main();
