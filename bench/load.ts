// `npm run bench:load`: the reference host with the plugin run as its own process (the way `npm start` runs it), a
// lab swarm registered, and this process as the load generator, so the readers do not share the host's event loop.
// A reader is what a browser tab or an API client watching one cluster is: it reads the cluster's nodes, services,
// tasks and visualizer data in turn, over and over. Two ways of reading, BENCH_READERS (200) readers each:
//   - paced: each reader reads again BENCH_PAUSE_MS (1000 ms) after its last answer, like open tabs polling; the
//     readers start spread over the first pause, as tabs opened at different times. The p95 target (100 ms) is for
//     these: 200 readers then ask about 200 times a second.
//   - back to back: each reader reads again as soon as it has its answer: what the host can serve at most. With 200
//     always waiting, a request's latency is 200 / (requests per second), so p95 < 100 ms would need over 2,000/s.
// Each runs BENCH_SECONDS (30 s) and is preceded by a baseline of the same readers on `GET /api/v1/me` (a trivial
// authenticated read: the host's middleware without the plugin) for BENCH_BASE_SECONDS (10 s), so the ratio of the
// two holds however busy the machine is. Printed per run: p50/p95/p99 per read and overall, requests per second,
// errors, the host process's CPU per request (from /proc, what the host used alone), the generator's, the load
// average, the host's RSS before, at most during and 2 s after, and the SSH connections the host holds to each
// manager (from `ss`). Last, BENCH_FOLLOWERS (20) followed log streams held by one viewer while another user reads for
// BENCH_SIDE_SECONDS (10 s). Cache TTLs are the plugin's defaults (what a panel runs with; the live event stream, not
// the TTL, keeps the data fresh), or BENCH_TTL seconds for info, nodes, services and tasks: BENCH_TTL=1 has the swarm
// asked every second, and readers then wait on those refreshes. BENCH_CPU_PROF=<dir> writes the host's CPU profile there (node --cpu-prof) when it stops.
// Uses the lab named by LAB_NAME (default swl), bringing it up (3 nodes, 1 manager) when it is not running.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { labUp, runningLab } from '../lab/lab.ts';
import { DEFAULT_SETTINGS } from '../src/settings.ts';
import { startHostProcess } from '../test/support/host-process.ts';
import { followLogs, type LoadLab, type LoadResult, percentile, type Read, readMix, runReaders, startLoadLab } from '../test/support/load.ts';

const READERS = Number(process.env.BENCH_READERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const BASE_SECONDS = Number(process.env.BENCH_BASE_SECONDS ?? 10);
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 20);
const SIDE_SECONDS = Number(process.env.BENCH_SIDE_SECONDS ?? 10);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 1000);
const TTL = process.env.BENCH_TTL === undefined ? undefined : Number(process.env.BENCH_TTL);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const TARGET_P95_MS = 100;
/** /proc/<pid>/stat counts CPU time in clock ticks. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const load1 = () => loadavg()[0]!.toFixed(1);

/** The host process's CPU time so far (user + system), in ms. */
function hostCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function hostRss(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** SSH connections the host process holds to each manager, sampled with `ss`: local ports seen, and most at once. */
function sshWatcher(pid: number, managerIps: Record<string, string>) {
  const seen = new Map<string, Set<string>>(Object.values(managerIps).map((ip) => [ip, new Set()]));
  const peak = new Map<string, number>();
  const sample = () => {
    const out = execFileSync('ss', ['-Htnp', 'state', 'established', '( dport = :22 )'], { encoding: 'utf8' });
    const now = new Map<string, number>();
    for (const line of out.split('\n')) {
      if (!line.includes(`pid=${pid},`)) continue;
      const [, , local, peer] = line.trim().split(/\s+/);
      const ip = peer?.replace(/:22$/, '') ?? '';
      if (!seen.has(ip)) continue;
      seen.get(ip)!.add(local!);
      now.set(ip, (now.get(ip) ?? 0) + 1);
    }
    for (const [ip, n] of now) peak.set(ip, Math.max(peak.get(ip) ?? 0, n));
  };
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop(): string {
      clearInterval(timer);
      sample();
      return Object.entries(managerIps)
        .map(([name, ip]) => `${name}: ${seen.get(ip)!.size} connection(s), at most ${peak.get(ip) ?? 0} at once`)
        .join('; ');
    },
  };
}

interface Measured {
  result: LoadResult;
  perRead: Map<string, number[]>;
  hostCpuPerRequest: number;
  generatorCpuPerRequest: number;
  rss: { before: number; peak: number; after: number };
  ssh: string;
  load: string;
}

async function measure(load: LoadLab, pid: number, mix: Read[], opts: { seconds: number; pauseMs: number }): Promise<Measured> {
  const perRead = new Map<string, number[]>();
  const onLatency = (read: Read, latency: number) => {
    const latencies = perRead.get(read.name) ?? [];
    latencies.push(latency);
    perRead.set(read.name, latencies);
  };
  const rss = { before: hostRss(pid), peak: 0, after: 0 };
  rss.peak = rss.before;
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, hostRss(pid));
  }, 250);
  const ssh = sshWatcher(pid, load.managerIps);
  const hostCpuBefore = hostCpuMs(pid);
  const generatorCpuBefore = process.cpuUsage();
  const result = await runReaders(load.host.url, mix, {
    readers: READERS,
    durationMs: opts.seconds * 1_000,
    pauseMs: opts.pauseMs,
    startSpreadMs: opts.pauseMs,
    onLatency,
  });
  const hostCpu = hostCpuMs(pid) - hostCpuBefore;
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  const loadAt = load1();
  clearInterval(sampler);
  const sshLine = ssh.stop();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  rss.after = hostRss(pid);
  for (const latencies of perRead.values()) latencies.sort((a, b) => a - b);
  return {
    result,
    perRead,
    hostCpuPerRequest: hostCpu / result.requests,
    generatorCpuPerRequest: (generatorCpu.user + generatorCpu.system) / 1000 / result.requests,
    rss,
    ssh: sshLine,
    load: loadAt,
  };
}

async function main(): Promise<void> {
  const lab = (await runningLab()) ?? (await labUp({ nodes: 3, managers: 1 }));
  const nodes = lab.nodes.filter((n) => n.role !== 'none').length;
  const ttl = DEFAULT_SETTINGS.cacheTtlSeconds;
  const cacheTtlSeconds = TTL === undefined ? ttl : { ...ttl, nodes: TTL, services: TTL, tasks: TTL, info: TTL };
  const nodeArgs = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
  const load = await startLoadLab(lab, async () => {
    const host = await startHostProcess({ pluginSettings: { cacheTtlSeconds }, nodeArgs });
    return { ...host, close: host.stop };
  });
  const pid = load.host.child.pid!;
  // The machine's load says how much of its CPU the host got: the latencies depend on it, the CPU per request much less.
  console.log(
    `lab ${lab.name}: ${nodes} nodes; cache TTL ${cacheTtlSeconds.nodes} / ${cacheTtlSeconds.services} / ${cacheTtlSeconds.tasks} s for nodes / services / tasks; host pid ${pid}; load average ${load1()}\n`,
  );
  try {
    const mix = readMix(load);
    const baseline: Read[] = [{ name: 'GET /api/v1/me', path: '/api/v1/me', headers: mix[0]!.headers }];
    await runReaders(load.host.url, mix, { readers: 5, durationMs: 3_000 });
    for (const pauseMs of [PAUSE_MS, 0]) {
      const pace = pauseMs ? `paced, each reading again ${pauseMs} ms after its answer` : 'back to back, each reading again at once';
      console.log(`== ${READERS} readers, ${pace}`);
      const base = await measure(load, pid, baseline, { seconds: BASE_SECONDS, pauseMs });
      print(`baseline: ${baseline[0]!.name} for ${BASE_SECONDS} s`, base);
      const reads = await measure(load, pid, mix, { seconds: SECONDS, pauseMs });
      print(`the cluster's reads for ${SECONDS} s`, reads);
      const ratio = (f: (m: Measured) => number) => (f(reads) / f(base)).toFixed(1);
      const p95 = percentile(reads.result.latencies, 0.95);
      console.log(`  vs baseline: p95 ×${ratio((m) => percentile(m.result.latencies, 0.95))}, host CPU per request ×${ratio((m) => m.hostCpuPerRequest)}`);
      console.log(
        `  p95 ${ms(p95)}: ${p95 < TARGET_P95_MS ? 'within' : 'OVER'} the ${TARGET_P95_MS} ms target${pauseMs ? '' : ' (the target is for paced readers)'}\n`,
      );
    }
    await followersBesideReads(load);
  } finally {
    await load.close();
  }
}

function print(title: string, m: Measured): void {
  const { result } = m;
  console.log(`${title}: ${result.requests} requests, ${(result.requests / (result.elapsedMs / 1000)).toFixed(0)} per second, load average ${m.load}`);
  printLatencies(
    [...m.perRead].filter(() => m.perRead.size > 1),
    result,
  );
  console.log(`  errors: ${Object.keys(result.errors).length === 0 ? 'none' : JSON.stringify(result.errors)}`);
  console.log(`  CPU per request: host ${ms(m.hostCpuPerRequest)}, load generator ${ms(m.generatorCpuPerRequest)}`);
  console.log(`  host RSS: ${mb(m.rss.before)} before, ${mb(m.rss.peak)} at most, ${mb(m.rss.after)} 2 s after`);
  console.log(`  SSH to managers: ${m.ssh}`);
}

async function followersBesideReads(load: LoadLab): Promise<void> {
  const followers = await followLogs(load, load.viewerToken, FOLLOWERS);
  try {
    const counts: Record<number, number> = {};
    for (const status of followers.statuses) counts[status] = (counts[status] ?? 0) + 1;
    console.log(
      `== ${FOLLOWERS} followed log streams from one viewer: ${Object.entries(counts)
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
    console.log(`meanwhile another user's reads for ${SIDE_SECONDS} s (5 readers back to back): ${result.requests} requests, load average ${load1()}`);
    printLatencies([], result);
    console.log(`  errors: ${Object.keys(result.errors).length === 0 ? 'none' : JSON.stringify(result.errors)}`);
  } finally {
    followers.close();
  }
}

function printLatencies(rows: [string, number[]][], total: LoadResult): void {
  const all: [string, number[]][] = [...rows, ['all', total.latencies]];
  const width = Math.max(...all.map(([name]) => name.length));
  for (const [name, latencies] of all) {
    console.log(
      `  ${name.padEnd(width)}  p50 ${ms(percentile(latencies, 0.5)).padStart(9)}  p95 ${ms(percentile(latencies, 0.95)).padStart(9)}  p99 ${ms(percentile(latencies, 0.99)).padStart(9)}  (${latencies.length})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
