/**
 * `npm run bench:scale`: the reference host with the plugin, run as its own process the way `npm start` runs it,
 * against synthetic swarms of growing size reached over SSH (test/support/synthetic-bridge.ts: an sshd in a lab
 * node forwarding to the socket of the synthetic engine, a process of its own), so transport, parsing, cache, views,
 * middleware and pages are the production code. Per size: the API's `/nodes`, `/services`, `/tasks`, `/visualizer` cold (a host with no
 * cache: every answer includes the upstream fetch) and warm p95, their response bytes raw and as served to a client
 * accepting compression, the overview, services, visualizer and events pages' p95 (rendered server-side, whole
 * body received) and the host process's CPU time per page and per read (user + system from /proc: it moves much
 * less than wall time with the load of a shared machine), the load average while measuring, and the host's RSS; the
 * cold reads are also given as a ratio of the floor measured in the same run. Prints one table with the issue's
 * targets and writes docs/scale.svg.
 * Needs root (the lab); uses the lab SCALE_LAB_NAME (swl-scale, 10.231.90), bringing up a 1-node one if needed.
 * SCALE_SIZES (task counts, e.g. `10000`) measures those sizes only, for A/B runs of one size; the table is then theirs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { type LabState, labUp, runningLab } from '../lab/lab.ts';
import { MemoryHostKeyStore } from '../src/docker/host-keys.ts';
import { SshTransport } from '../src/docker/ssh-transport.ts';
import { HOST_PROCESS_TOKEN, type HostProcess, startHostProcess } from '../test/support/host-process.ts';
import { sessionCookie } from '../test/support/lab-host.ts';
import { registerSyntheticCluster, type SyntheticServerBridge, startSyntheticBridgeProcess } from '../test/support/synthetic-bridge.ts';

const ALL_SIZES = [
  { nodes: 10, services: 100, tasks: 1_000 },
  { nodes: 50, services: 500, tasks: 5_000 },
  { nodes: 100, services: 1_000, tasks: 10_000 },
];
const ONLY = process.env.SCALE_SIZES?.split(',').map(Number);
const SIZES = ALL_SIZES.filter((s) => !ONLY || ONLY.includes(s.tasks));
const READS = ['nodes', 'services', 'tasks', 'visualizer'] as const;
const PAGES = { overview: '', services: '/services', visualizer: '/visualizer', events: '/events' } as const;
const COLD_RUNS = Number(process.env.SCALE_COLD_RUNS ?? 10);
const WARM_RUNS = Number(process.env.SCALE_WARM_RUNS ?? 30);
const TARGET = { warmMs: 50, coldMs: 250, pageMs: 100, rssMb: 300 };
/** The host process's admin (test/support/host-process.ts). */
const ADMIN = { email: 'admin@example.com', password: 'host-process-password-1' };
const HOUR = 3600;
const NO_CACHE = { info: 0, nodes: 0, services: 0, tasks: 0, resources: 0, joinTokens: 0 };
const LONG_CACHE = { info: HOUR, nodes: HOUR, services: HOUR, tasks: HOUR, resources: HOUR, joinTokens: HOUR };

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;
const ms = (n: number) => n.toFixed(0);
const kib = (n: number) => `${Math.round(n / 1024)}`;
const label = (s: (typeof SIZES)[number]) => `${s.nodes}/${s.services}/${s.tasks}`;

interface Answer {
  status: number;
  ms: number;
  /** Bytes on the wire (compressed when the server compressed). */
  bytes: number;
  encoding: string;
}

/** A GET with node:http, so the bytes counted are the ones sent (fetch would decompress). */
function get(url: string, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The p95 of `runs` GETs one after another, and the host process's CPU time per GET. */
async function timed(
  host: HostProcess,
  url: string,
  headers: Record<string, string>,
  runs: number,
): Promise<{ p95: number; cpuMs: number; mainCpuMs: number; last: Answer }> {
  const times: number[] = [];
  let last: Answer | undefined;
  const cpuBefore = cpuMs(host);
  const mainBefore = cpuMs(host, 'main');
  for (let i = 0; i < runs; i++) {
    last = await get(url, headers);
    if (last.status !== 200) throw new Error(`GET ${url}: ${last.status}`);
    times.push(last.ms);
  }
  return { p95: p95(times), cpuMs: (cpuMs(host) - cpuBefore) / runs, mainCpuMs: (cpuMs(host, 'main') - mainBefore) / runs, last: last! };
}

/**
 * User + system CPU time of the host process so far, ms (/proc/<pid>/stat, in clock ticks of 10 ms); `main`: of its
 * main thread alone (the rest is the JSON scan thread's, and V8's threads: parallel collections, compilation).
 */
function cpuMs(host: HostProcess, thread?: 'main'): number {
  const stat = thread ? `/proc/${host.child.pid}/task/${host.child.pid}/stat` : `/proc/${host.child.pid}/stat`;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat; the split above starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(host: HostProcess): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${host.child.pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) / 1024;
}

interface ReadRow {
  read: string;
  cold: number;
  warm: number;
  /** The host's CPU ms per read. */
  coldCpu: number;
  /** Of which the host's main thread's. */
  coldMainCpu: number;
  warmCpu: number;
  rawBytes: number;
  servedBytes: number;
  encoding: string;
}

interface SizeResult {
  size: (typeof SIZES)[number];
  /** The engine's `/tasks` answer read whole over the bridge, unparsed: the floor of a cold read. */
  floor: { p95: number; bytes: number };
  reads: ReadRow[];
  pages: { page: string; p95: number; cpuMs: number; rawBytes: number; servedBytes: number }[];
  /** The warm host's RSS once the cluster is registered, and after every read and page. */
  rssStartMb: number;
  rssMb: number;
  /** The 1-minute load average when this size was done. */
  load: number;
}

/** `GET /tasks` as raw HTTP on a channel of a warm SSH connection to the bridge: no parsing, no views. */
async function upstreamFloor(bridge: SyntheticServerBridge): Promise<{ p95: number; bytes: number }> {
  const transport = new SshTransport({
    serverId: 'floor',
    host: bridge.server.ip,
    port: bridge.server.port,
    username: bridge.server.user,
    privateKey: async () => bridge.server.privateKey,
    hostKeys: new MemoryHostKeyStore(),
    socketPath: bridge.server.dockerSocketPath,
  });
  const once = async () => {
    const channel = await transport.openStream();
    const started = performance.now();
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      channel.on('data', (chunk: Buffer) => (bytes += chunk.length));
      channel.on('end', resolve);
      channel.on('error', reject);
      channel.write('GET /v1.41/tasks HTTP/1.0\r\nHost: docker\r\n\r\n');
    });
    channel.destroy();
    return { ms: performance.now() - started, bytes };
  };
  try {
    await once();
    const runs: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < COLD_RUNS; i++) runs.push(await once());
    return { p95: p95(runs.map((r) => r.ms)), bytes: runs[0]!.bytes };
  } finally {
    await transport.close();
  }
}

async function measure(lab: LabState, size: (typeof SIZES)[number], port: number): Promise<SizeResult> {
  // The engine in a process of its own, as a manager's is: this process's client and its collections stay out of its way.
  const bridge = await startSyntheticBridgeProcess(lab, { ...size, port });
  try {
    const floor = await upstreamFloor(bridge);
    const hostWith = async <T>(cacheTtlSeconds: typeof NO_CACHE, use: (host: HostProcess, uuid: string) => Promise<T>) => {
      const host = await startHostProcess({ pluginSettings: { cacheTtlSeconds, syncIntervalSeconds: HOUR } });
      try {
        const { uuid } = await registerSyntheticCluster(host, bridge);
        return await use(host, uuid);
      } finally {
        await host.stop();
      }
    };
    const auth = (_host: HostProcess) => ({ authorization: `Bearer ${HOST_PROCESS_TOKEN}` });
    const cold = await hostWith(NO_CACHE, async (host, uuid) => {
      const out: Record<string, { p95: number; cpuMs: number; mainCpuMs: number }> = {};
      for (const read of READS) {
        const url = `${host.url}/api/v1/clusters/${uuid}/${read}`;
        // Not timed: the synthetic engine encodes each list query's answer once and keeps it (dockerd's own cost is
        // not what is measured), and the host's code is compiled by the first read.
        await get(url, auth(host));
        out[read] = await timed(host, url, auth(host), COLD_RUNS);
      }
      return out;
    });
    return await hostWith(LONG_CACHE, async (host, uuid) => {
      const rssStartMb = rssMb(host);
      const reads: ReadRow[] = [];
      for (const read of READS) {
        const url = `${host.url}/api/v1/clusters/${uuid}/${read}`;
        const raw = await get(url, { ...auth(host), 'accept-encoding': 'identity' });
        const served = await get(url, { ...auth(host), 'accept-encoding': 'gzip, deflate, br' });
        // As a browser or a usual HTTP client asks: accepting compression.
        const warm = await timed(host, url, { ...auth(host), 'accept-encoding': 'gzip, deflate, br' }, WARM_RUNS);
        reads.push({
          read,
          cold: cold[read]!.p95,
          coldCpu: cold[read]!.cpuMs,
          coldMainCpu: cold[read]!.mainCpuMs,
          warm: warm.p95,
          warmCpu: warm.cpuMs,
          rawBytes: raw.bytes,
          servedBytes: served.bytes,
          encoding: served.encoding,
        });
      }
      const cookie = await sessionCookie(host.url, ADMIN.email, ADMIN.password);
      const pages: SizeResult['pages'] = [];
      for (const [page, path] of Object.entries(PAGES)) {
        const url = `${host.url}/clusters/${uuid}${path}`;
        const raw = await get(url, { cookie, 'accept-encoding': 'identity' });
        const served = await get(url, { cookie, 'accept-encoding': 'gzip, deflate, br' });
        const rendered = await timed(host, url, { cookie, 'accept-encoding': 'gzip, deflate, br' }, WARM_RUNS);
        pages.push({ page, p95: rendered.p95, cpuMs: rendered.cpuMs, rawBytes: raw.bytes, servedBytes: served.bytes });
      }
      return { size, floor, reads, pages, rssStartMb, rssMb: rssMb(host), load: loadavg()[0]! };
    });
  } finally {
    await bridge.close();
  }
}

function table(results: SizeResult[]): string {
  const rows = [`| nodes/services/tasks | ${results.map((r) => label(r.size)).join(' | ')} | target |`, `|---|${results.map(() => '--:').join('|')}|--:|`];
  const row = (name: string, cells: string[], target: string) => rows.push(`| ${name} | ${cells.join(' | ')} | ${target} |`);
  row(
    'engine /tasks over SSH, unparsed p95 ms (floor)',
    results.map((r) => `${ms(r.floor.p95)} (${kib(r.floor.bytes)} KiB)`),
    '',
  );
  for (const read of READS) {
    const of = (r: SizeResult) => r.reads.find((x) => x.read === read)!;
    row(
      `API /${read} cold p95 ms`,
      results.map((r) => ms(of(r).cold)),
      `<= ${TARGET.coldMs}`,
    );
    row(
      `API /${read} cold: host CPU ms per read; p95 ÷ floor`,
      results.map((r) => `${ms(of(r).coldCpu)}; ${(of(r).cold / r.floor.p95).toFixed(1)}×`),
      '',
    );
    row(
      `API /${read} cold: of which the host's main thread, ms per read`,
      results.map((r) => ms(of(r).coldMainCpu)),
      '',
    );
    row(
      `API /${read} warm p95 ms`,
      results.map((r) => ms(of(r).warm)),
      `<= ${TARGET.warmMs}`,
    );
    row(
      `API /${read} warm: host CPU ms per read`,
      results.map((r) => of(r).warmCpu.toFixed(1)),
      '',
    );
    row(
      `API /${read} KiB raw / served`,
      results.map((r) => `${kib(of(r).rawBytes)} / ${kib(of(r).servedBytes)} ${of(r).encoding === 'identity' ? '' : of(r).encoding}`),
      'compressed',
    );
  }
  for (const page of Object.keys(PAGES)) {
    const of = (r: SizeResult) => r.pages.find((x) => x.page === page)!;
    row(
      `page ${page} p95 ms`,
      results.map((r) => ms(of(r).p95)),
      `<= ${TARGET.pageMs}`,
    );
    row(
      `page ${page} host CPU ms per render`,
      results.map((r) => of(r).cpuMs.toFixed(1)),
      '',
    );
    row(
      `page ${page} KiB raw / served`,
      results.map((r) => `${kib(of(r).rawBytes)} / ${kib(of(r).servedBytes)}`),
      'compressed',
    );
  }
  row(
    'host RSS MB: registered / after reads and pages',
    results.map((r) => `${ms(r.rssStartMb)} / ${ms(r.rssMb)}`),
    `<= ${TARGET.rssMb}`,
  );
  row(
    'load average (1 min) at the end of the size',
    results.map((r) => r.load.toFixed(1)),
    '',
  );
  return rows.join('\n');
}

/** Two panels against tasks: the API's p95 (cold solid, warm dashed) and the pages' p95 with the host's RSS. */
function chart(results: SizeResult[]): string {
  const W = 380;
  const H = 300;
  const pad = 46;
  const maxTasks = Math.max(...results.map((r) => r.size.tasks));
  const x = (left: number, tasks: number) => left + pad + ((W - 2 * pad) * tasks) / maxTasks;
  const y = (v: number, max: number) => H - pad - ((H - 2 * pad) * v) / Math.max(max, 1);
  const colours = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd'];
  const line = (points: [number, number][], colour: string, dash = '') =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`;
  const axes = (left: number, top: string, max: number) => `<line x1="${left + pad}" y1="${H - pad}" x2="${left + W - pad}" y2="${H - pad}" stroke="#333"/>
<line x1="${left + pad}" y1="${pad}" x2="${left + pad}" y2="${H - pad}" stroke="#333"/>
<text x="${left + pad}" y="${pad - 10}" font-size="12">${top}</text>
<text x="${left + pad - 4}" y="${pad + 4}" font-size="11" text-anchor="end">${ms(max)}</text><text x="${left + pad - 4}" y="${H - pad}" font-size="11" text-anchor="end">0</text>
<text x="${left + W / 2}" y="${H - 12}" font-size="12" text-anchor="middle">tasks (nodes : services : tasks = 1 : 10 : 100)</text>
${results.map((r) => `<text x="${x(left, r.size.tasks).toFixed(1)}" y="${H - pad + 14}" font-size="11" text-anchor="middle">${r.size.tasks}</text>`).join('')}`;
  const apiMax = Math.max(...results.flatMap((r) => r.reads.map((x) => x.cold)));
  const api = READS.map((read, i) => {
    const of = (r: SizeResult) => r.reads.find((x) => x.read === read)!;
    return `${line(
      results.map((r) => [x(0, r.size.tasks), y(of(r).cold, apiMax)]),
      colours[i]!,
    )}${line(
      results.map((r) => [x(0, r.size.tasks), y(of(r).warm, apiMax)]),
      colours[i]!,
      '5,4',
    )}<text x="${pad + 8}" y="${pad + 12 + i * 14}" fill="${colours[i]}" font-size="11">/${read}</text>`;
  });
  const pageMax = Math.max(...results.flatMap((r) => r.pages.map((p) => p.p95)));
  const rssMax = Math.max(...results.map((r) => r.rssMb));
  const pages = Object.keys(PAGES).map((page, i) => {
    const of = (r: SizeResult) => r.pages.find((p) => p.page === page)!;
    return `${line(
      results.map((r) => [x(W, r.size.tasks), y(of(r).p95, pageMax)]),
      colours[i]!,
    )}<text x="${W + pad + 8}" y="${pad + 12 + i * 14}" fill="${colours[i]}" font-size="11">${page}</text>`;
  });
  const rss = line(
    results.map((r) => [x(W, r.size.tasks), y(r.rssMb, rssMax)]),
    '#555',
    '2,3',
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif">
<title>API and page p95 and host RSS against swarm size (npm run bench:scale)</title>
<rect width="100%" height="100%" fill="#fff"/>
${axes(0, 'API p95 ms: cold solid, warm dashed', apiMax)}
${api.join('\n')}
${axes(W, `pages p95 ms; host RSS dotted (max ${ms(rssMax)} MB)`, pageMax)}
${pages.join('\n')}
${rss}<text x="${W + pad + 8}" y="${pad + 12 + 4 * 14}" fill="#555" font-size="11">RSS</text>
</svg>
`;
}

const lab =
  (await runningLab({ name: process.env.SCALE_LAB_NAME ?? 'swl-scale' })) ??
  (await labUp({ name: process.env.SCALE_LAB_NAME ?? 'swl-scale', subnet: process.env.SCALE_LAB_SUBNET ?? '10.231.90', nodes: 1, managers: 1 }));
const loadAtStart = loadavg()[0]!;
const results: SizeResult[] = [];
for (const [i, size] of SIZES.entries()) {
  console.error(`measuring ${label(size)} ...`);
  results.push(await measure(lab, size, 2222 + i));
}
console.log(`load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
console.log(
  `cold: a host with no cache (every answer fetches from the engine over SSH), ${COLD_RUNS} runs after one not timed; warm and pages: ${WARM_RUNS} runs, accepting br as a browser does`,
);
console.log(table(results));
// The chart is of every size: a run of some sizes leaves it as it was.
if (!ONLY) {
  writeFileSync(new URL('../docs/scale.svg', import.meta.url), chart(results));
  console.log('chart: docs/scale.svg');
}
