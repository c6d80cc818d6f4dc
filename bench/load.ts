// Load on the reference host with the plugin (HTTP on 127.0.0.1) and a lab swarm, in three phases:
//   1. BENCH_READERS (200) concurrent readers for BENCH_SECONDS (30 s) against one cluster: its /nodes, /services,
//      /tasks, /visualizer and overview page in turn, each reader asking again as soon as it has its answer (what
//      the host can serve at most), then
//   2. the same readers asking once every BENCH_PAUSE_MS (1000 ms), like open pages polling.
//      Each prints p50/p95/p99 per read and overall, requests per second, errors, SSH connections per manager (the
//      plugin's stats) and the process's RSS before, during and after.
//   3. BENCH_FOLLOWERS (20) followed log streams held by one viewer while another user reads for BENCH_SIDE_SECONDS
//      (10 s): the followers' statuses (200 open, 429 over the viewer's budget) and the other user's latencies.
// Cache TTLs are BENCH_TTL seconds (1) for nodes, services and tasks, so the swarm keeps being asked.
// Uses the lab named by LAB_NAME (default swl), bringing it up (3 nodes, 1 manager) when it is not running.
import { loadavg } from 'node:os';
import { labUp, runningLab } from '../lab/lab.ts';
import { followLogs, type LoadLab, type LoadResult, percentile, type Read, readMix, runReaders, startLoadLab } from '../test/support/load.ts';

const READERS = Number(process.env.BENCH_READERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 20);
const SIDE_SECONDS = Number(process.env.BENCH_SIDE_SECONDS ?? 10);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 1000);
const TTL = Number(process.env.BENCH_TTL ?? 1);
const TARGET_P95_MS = 100;

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 3, managers: 1 }));
  const nodes = lab.nodes.filter((n) => n.role !== 'none').length;
  const settings = { cacheTtlSeconds: { nodes: TTL, services: TTL, tasks: TTL, info: TTL, resources: 60, joinTokens: 300 } };
  // The machine's load says how much of its CPU the host got: the latencies depend on it, the CPU per request does not.
  console.log(`lab ${lab.name}: ${nodes} nodes; cache TTL ${TTL} s for nodes, services, tasks; load average ${loadavg()[0]!.toFixed(1)}\n`);
  const load = await startLoadLab(lab, settings);
  try {
    await readers(load, 0);
    await readers(load, PAUSE_MS);
    await followersBesideReads(load);
  } finally {
    await load.close();
  }
}

async function readers(load: LoadLab, pauseMs: number): Promise<void> {
  const mix = readMix(load);
  await runReaders(load.host.url, mix, { readers: 5, durationMs: 2_000 });
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 250);
  const perRead = new Map<string, number[]>();
  const onLatency = (read: Read, latency: number) => {
    const latencies = perRead.get(read.name) ?? [];
    latencies.push(latency);
    perRead.set(read.name, latencies);
  };
  const cpuBefore = process.cpuUsage();
  const result = await runReaders(load.host.url, mix, { readers: READERS, durationMs: SECONDS * 1_000, pauseMs, onLatency });
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const rssAfter = process.memoryUsage().rss;

  const pace = pauseMs ? `each asking every ${pauseMs} ms` : 'each asking again at once';
  console.log(
    `${READERS} readers for ${SECONDS} s, ${pace}: ${result.requests} requests, ${(result.requests / (result.elapsedMs / 1000)).toFixed(0)} per second`,
  );
  printLatencies(
    [...perRead].map(([name, latencies]) => [name, latencies.sort((a, b) => a - b)]),
    result,
  );
  console.log(`errors: ${Object.keys(result.errors).length === 0 ? 'none' : JSON.stringify(result.errors)}`);
  console.log(`CPU: ${ms((cpu.user + cpu.system) / 1000 / result.requests)} per request (host and load generator), load average ${loadavg()[0]!.toFixed(1)}`);
  printConnections(load);
  console.log(`RSS: ${mb(rssBefore)} before, ${mb(rssPeak)} at most during, ${mb(rssAfter)} 2 s after (host and load generator in one process)`);
  const p95 = percentile(result.latencies, 0.95);
  console.log(`p95 ${ms(p95)}: ${p95 < TARGET_P95_MS ? 'within' : 'OVER'} the ${TARGET_P95_MS} ms target\n`);
}

async function followersBesideReads(load: LoadLab): Promise<void> {
  const followers = await followLogs(load, load.viewerToken, FOLLOWERS);
  try {
    const counts: Record<number, number> = {};
    for (const status of followers.statuses) counts[status] = (counts[status] ?? 0) + 1;
    console.log(
      `${FOLLOWERS} followed log streams from one viewer: ${Object.entries(counts)
        .map(([status, n]) => `${n} × ${status}`)
        .join(', ')}`,
    );
    const other = { authorization: `Bearer ${load.otherToken}` };
    const base = `/api/v1/clusters/${load.uuid}`;
    const mix: Read[] = [
      { name: 'log tail', path: `${base}/services/${load.logServiceId}/logs?tail=5`, headers: other },
      { name: 'tasks', path: `${base}/tasks`, headers: other },
      { name: 'nodes', path: `${base}/nodes`, headers: other },
    ];
    const result = await runReaders(load.host.url, mix, { readers: 5, durationMs: SIDE_SECONDS * 1_000 });
    console.log(`meanwhile another user's reads for ${SIDE_SECONDS} s: ${result.requests} requests`);
    printLatencies([], result);
    console.log(`errors: ${Object.keys(result.errors).length === 0 ? 'none' : JSON.stringify(result.errors)}`);
    printConnections(load);
  } finally {
    followers.close();
  }
}

function printLatencies(rows: [string, number[]][], total: LoadResult): void {
  const all: [string, number[]][] = [...rows, ['all', total.latencies]];
  const width = Math.max(...all.map(([name]) => name.length));
  for (const [name, latencies] of all) {
    console.log(
      `  ${name.padEnd(width)}  p50 ${ms(percentile(latencies, 0.5)).padStart(10)}  p95 ${ms(percentile(latencies, 0.95)).padStart(10)}  p99 ${ms(percentile(latencies, 0.99)).padStart(10)}  (${latencies.length})`,
    );
  }
}

function printConnections(load: LoadLab): void {
  const byServer = new Map(load.stats().ssh.map((s) => [s.serverId, s]));
  for (const [name, serverId] of Object.entries(load.managers)) {
    const stats = byServer.get(serverId);
    console.log(
      `SSH to manager ${name}: ${stats?.connectsTotal ?? 0} connection(s) made, ${stats?.channelsPeak ?? 0} channels at most at once, ${stats?.queued ?? 0} waiting now`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
