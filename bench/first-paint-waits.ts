// `npx tsx bench/first-paint-waits.ts`: where a first paint's busy time goes when it is not CPU time. bench:pages
// reports the page's main-thread tasks' wall time (busy) next to their thread time (CPU); this splits the difference,
// with the kernel's scheduler events (`perf record -e sched:sched_switch,sched:sched_waking`, root, Linux) taken
// during the same first paints, into
// - waiting for a CPU: the thread could run but another thread held both cores (preempted, or woken and not yet
//   running), with who held them: chromium's own threads (compositor, raster, the browser process drawing its UI,
//   the GPU process compositing in software) or other processes (the host, the machine's other work);
// - blocked: the thread slept inside a task until another thread woke it (a synchronous call: font lookups go to the
//   browser process, storage access, the compositor's commit), named by the innermost trace event it slept in and
//   the thread that woke it.
// The host's dashboard, the services page and the visualizer at 100 nodes / 1,000 services / 10,000 tasks, ROUNDS
// (default 5) first paints each, interleaved; figures per first paint, medians (splits: means). Uses the lab named by
// LAB_NAME (default swl), bringing it up (1 node) when it is not running.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { labUp, runningLab } from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { logIn, OWNER, startLabHost } from '../test/support/lab-host.ts';
import { registerSyntheticCluster, startSyntheticBridge } from '../test/support/synthetic-bridge.ts';
import { busyAndCpu, type MainTask, mainTasks, mainThreadOf, type TraceEvent, traceFirstPaint } from './first-paint.ts';
import { median } from './stats.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PAGES = [
  { name: 'host dashboard', path: () => '/' },
  { name: 'services', path: (uuid: string) => `/clusters/${uuid}/services` },
  { name: 'visualizer', path: (uuid: string) => `/clusters/${uuid}/visualizer` },
];

interface Paint {
  page: string;
  tasks: MainTask[];
  /** The main thread's trace events inside its tasks (complete events), by start time. */
  events: TraceEvent[];
  tid: number;
  /** Chromium's threads by OS thread id: "process: thread". */
  threads: Map<number, string>;
  /** Chromium's processes by OS pid, and the page's. */
  processes: Map<number, string>;
  pid: number;
}

/** The scheduler's view of one thread: when it left a CPU (and in which state), was woken, came back. */
type SchedEvent = { t: number; kind: 'out'; state: string } | { t: number; kind: 'in' } | { t: number; kind: 'waking'; by: number };

interface Sched {
  byThread: Map<number, SchedEvent[]>;
  /** Per CPU, from each switch on: the thread that ran (t in trace microseconds). */
  cpus: Map<number, { t: number; tid: number }[]>;
  comm: Map<number, string>;
  /** Each thread's process (from the samples of its switches). */
  process: Map<number, number>;
}

const LINE = /^\s*(.+?)\s+(\d+)\/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(sched_switch|sched_waking):\s+(.*)$/;

/** Reads `perf script` of a sched_switch / sched_waking recording (CLOCK_MONOTONIC, as chromium's trace clock). */
async function readSched(file: string): Promise<Sched> {
  const sched: Sched = { byThread: new Map(), cpus: new Map(), comm: new Map(), process: new Map() };
  const push = (tid: number, e: SchedEvent) => {
    const list = sched.byThread.get(tid) ?? [];
    list.push(e);
    sched.byThread.set(tid, list);
  };
  const perf = spawn('perf', ['script', '-i', file, '-F', 'comm,pid,tid,cpu,time,event,trace', '--ns'], { stdio: ['ignore', 'pipe', 'ignore'] });
  for await (const line of createInterface({ input: perf.stdout })) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, comm = '', pidText = '', tidText = '', cpuText = '', time = '', name = '', rest = ''] = m;
    const [t, tid, cpu] = [Number(time) * 1e6, Number(tidText), Number(cpuText)];
    sched.comm.set(tid, comm);
    sched.process.set(tid, Number(pidText));
    if (name === 'sched_switch') {
      const prev = Number(/prev_pid=(\d+)/.exec(rest)?.[1]);
      const next = Number(/next_pid=(\d+)/.exec(rest)?.[1]);
      const nextComm = /next_comm=(.*?) next_pid=/.exec(rest)?.[1];
      if (nextComm) sched.comm.set(next, nextComm);
      push(prev, { t, kind: 'out', state: /prev_state=(\S+)/.exec(rest)?.[1] ?? '?' });
      push(next, { t, kind: 'in' });
      const list = sched.cpus.get(cpu) ?? [];
      list.push({ t, tid: next });
      sched.cpus.set(cpu, list);
    } else {
      push(Number(/ pid=(\d+)/.exec(rest)?.[1]), { t, kind: 'waking', by: tid });
    }
  }
  return sched;
}

type OffCpu = { from: number; to: number; kind: 'waiting' | 'blocked'; by?: number };

/** A thread's time off a CPU: preempted (left runnable) or woken and not yet running = waiting; asleep = blocked. */
function offCpu(events: SchedEvent[]): OffCpu[] {
  const spans: OffCpu[] = [];
  let out: { t: number; state: string } | null = null;
  let woken: { t: number; by: number } | null = null;
  for (const e of events) {
    if (e.kind === 'out') {
      out = e;
      woken = null;
    } else if (e.kind === 'waking') {
      if (out && !out.state.startsWith('R') && !woken) woken = e;
    } else if (out) {
      if (out.state.startsWith('R')) spans.push({ from: out.t, to: e.t, kind: 'waiting' });
      else {
        const wake = woken ?? { t: e.t, by: 0 };
        spans.push({ from: out.t, to: wake.t, kind: 'blocked', by: wake.by }, { from: wake.t, to: e.t, kind: 'waiting' });
      }
      out = null;
    }
  }
  return spans;
}

/** [from, to) clipped to the tasks: the pieces inside them. */
function insideTasks(from: number, to: number, tasks: MainTask[]): [number, number][] {
  const pieces: [number, number][] = [];
  for (const task of tasks) {
    const lo = Math.max(from, task.ts);
    const hi = Math.min(to, task.ts + task.dur);
    if (hi > lo) pieces.push([lo, hi]);
  }
  return pieces;
}

/** The innermost trace event of the main thread holding time t. */
function innermost(events: TraceEvent[], t: number): string {
  let name = '(no event)';
  for (const e of events) {
    if (e.ts > t) break;
    if (e.ts + (e.dur ?? 0) >= t) name = e.name;
  }
  return name;
}

/** The index of the last slot starting at or before t (0 if none). */
function firstSlotBefore(timeline: { t: number }[], t: number): number {
  let [lo, hi] = [0, timeline.length - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (timeline[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

function threadName(paint: Paint, sched: Sched, tid: number): string {
  const named = paint.threads.get(tid);
  if (named) return named;
  // A chromium thread without events in the trace: another renderer is the spare one Chrome starts for the next
  // navigation, or the previous page's, ending.
  const pid = sched.process.get(tid) ?? 0;
  const process = paint.processes.get(pid);
  if (process) return `chromium ${process}${pid !== paint.pid && process === 'Renderer' ? ' (another)' : ''}: ${sched.comm.get(tid) ?? tid}`;
  // A chromium process the trace does not list (one started during it, a renderer for the next navigation).
  if (sched.comm.get(pid) === 'chromium') {
    const when = pid > paint.pid ? 'started after the page' : 'started before it';
    return `chromium, a process not in the trace, ${when}: ${sched.comm.get(tid) ?? tid}`;
  }
  return `other: ${sched.comm.get(tid) ?? tid}`;
}

interface Split {
  busy: number;
  cpu: number;
  waiting: number;
  blocked: number;
  blockedIn: Map<string, number>;
  heldBy: Map<string, number>;
}

function split(paint: Paint, sched: Sched): Split {
  const { busyMs, cpuMs } = busyAndCpu(paint.tasks);
  const s: Split = {
    busy: busyMs,
    cpu: cpuMs,
    waiting: 0,
    blocked: 0,
    blockedIn: new Map(),
    heldBy: new Map(),
  };
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const waits: [number, number][] = [];
  for (const span of offCpu(sched.byThread.get(paint.tid) ?? [])) {
    for (const [lo, hi] of insideTasks(span.from, span.to, paint.tasks)) {
      if (span.kind === 'waiting') {
        s.waiting += (hi - lo) / 1000;
        waits.push([lo, hi]);
      } else {
        s.blocked += (hi - lo) / 1000;
        add(s.blockedIn, `${innermost(paint.events, (lo + hi) / 2)}, woken by ${threadName(paint, sched, span.by ?? 0)}`, (hi - lo) / 1000);
      }
    }
  }
  // Who held the CPUs meanwhile: each CPU's occupants over the waits (both cores were taken, or it would have run).
  if (waits.length === 0) return s;
  const [first, last] = [waits[0]![0], waits.at(-1)![1]];
  for (const timeline of sched.cpus.values()) {
    let w = 0;
    for (let i = firstSlotBefore(timeline, first); i < timeline.length && timeline[i]!.t < last; i++) {
      const slot = timeline[i]!;
      const end = timeline[i + 1]?.t ?? slot.t;
      while (w < waits.length && waits[w]![1] <= slot.t) w++;
      for (let j = w; j < waits.length && waits[j]![0] < end; j++) {
        const overlap = Math.min(end, waits[j]![1]) - Math.max(slot.t, waits[j]![0]);
        if (overlap > 0 && slot.tid !== 0) add(s.heldBy, threadName(paint, sched, slot.tid), overlap / 1000);
      }
    }
  }
  return s;
}

function processesOf(events: TraceEvent[]): Map<number, string> {
  return new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name ?? '?']));
}

function threadsOf(events: TraceEvent[], processes: Map<number, string>): Map<number, string> {
  const threads = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(e.tid, `chromium ${processes.get(e.pid) ?? '?'}: ${e.args?.name ?? '?'}`);
  }
  return threads;
}

function startPerf(file: string): Promise<ChildProcess> {
  const perf = spawn('perf', ['record', '-q', '-k', 'CLOCK_MONOTONIC', '-e', 'sched:sched_switch,sched:sched_waking', '-a', '-o', file], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      // perf writes its file's header as it starts; its per-CPU recording is on a moment later (under load, most of a
      // second: the check column shows a first paint it missed).
      if (!existsSync(file)) return;
      clearInterval(poll);
      setTimeout(() => resolve(perf), 1500);
    }, 50);
    const fail = (why: string) => {
      clearInterval(poll);
      reject(new Error(`perf record ${why} (it needs root)`));
    };
    perf.once('error', (error) => fail(`did not start: ${error.message}`));
    perf.once('exit', (code) => fail(`stopped (exit ${code})`));
  });
}

async function main(): Promise<void> {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('needs perf (Debian: apt-get install linux-perf) and root');
  }
  const lab = (await runningLab()) ?? (await labUp({ nodes: 1, managers: 1 }));
  const dir = mkdtempSync(join(tmpdir(), 'first-paint-waits-'));
  const bridge = await startSyntheticBridge(lab, { nodes: 100, services: 1_000, tasks: 10_000, port: 2289 });
  const host = await startLabHost();
  const browser = await launchChromium();
  const paints: Paint[] = [];
  const loads = [loadavg()[0]!];
  let perf: ChildProcess | undefined;
  try {
    const { uuid } = await registerSyntheticCluster(host, bridge);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await logIn(page, host.url, OWNER.email, OWNER.password);
    // A first visit warms the host's cache and chromium's: the browser's cost is measured, not the upstream read.
    for (const p of PAGES) await page.goto(`${host.url}${p.path(uuid)}`);
    perf = await startPerf(join(dir, 'sched.data'));
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of PAGES) {
        const url = `${host.url}${p.path(uuid)}`;
        await page.goto('about:blank');
        const cdp = await context.newCDPSession(page);
        // The font lookups' own events (cheap) name the synchronous calls to the browser process they make.
        const events = await traceFirstPaint(browser, page, cdp, url, ['fonts']);
        await cdp.detach();
        const main = mainThreadOf(events, url);
        const tasks = mainTasks(events, main);
        const inside = events
          .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
          .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
        const processes = processesOf(events);
        paints.push({ page: p.name, tasks, events: inside, tid: main.tid, threads: threadsOf(events, processes), processes, pid: main.pid });
      }
      loads.push(loadavg()[0]!);
    }
  } finally {
    if (perf) {
      const stopped = new Promise((resolve) => perf?.once('exit', resolve));
      perf.kill('SIGINT');
      await stopped;
    }
    await browser.close();
    await host.close();
    await bridge.close();
  }
  const sched = await readSched(join(dir, 'sched.data'));
  rmSync(dir, { recursive: true, force: true });
  const ms = (n: number) => n.toFixed(0);
  console.log(`load average ${loads.map((l) => l.toFixed(1)).join(' ')} (1 min, at the start and after each round)\n`);
  console.log('| page | first paints | busy ms | CPU ms | waiting for a CPU ms | blocked ms | busy - CPU - waiting - blocked ms |');
  console.log('|---|--:|--:|--:|--:|--:|--:|');
  const splits = new Map<string, Split[]>();
  for (const paint of paints) splits.set(paint.page, [...(splits.get(paint.page) ?? []), split(paint, sched)]);
  for (const [page, list] of splits) {
    const rest = list.map((s) => s.busy - s.cpu - s.waiting - s.blocked);
    console.log(
      `| ${page} | ${list.length} | ${ms(median(list.map((s) => s.busy)))} | ${ms(median(list.map((s) => s.cpu)))} | ${ms(median(list.map((s) => s.waiting)))} | ${ms(median(list.map((s) => s.blocked)))} | ${ms(median(rest))} |`,
    );
  }
  const top = (list: Split[], pick: (s: Split) => Map<string, number>, count: number) => {
    const sum = new Map<string, number>();
    for (const s of list) for (const [k, v] of pick(s)) sum.set(k, (sum.get(k) ?? 0) + v / list.length);
    return [...sum].sort((a, b) => b[1] - a[1]).slice(0, count);
  };
  for (const [page, list] of splits) {
    console.log(`\n${page}, blocked in (ms per first paint, mean):`);
    for (const [k, v] of top(list, (s) => s.blockedIn, 6)) console.log(`  ${v.toFixed(1)}  ${k}`);
    console.log(`${page}, the CPUs held while the main thread waited for one, by (ms of both cores per first paint, mean):`);
    for (const [k, v] of top(list, (s) => s.heldBy, 10)) console.log(`  ${v.toFixed(1)}  ${k}`);
  }
}

await main();
