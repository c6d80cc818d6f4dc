/**
 * `npm run bench:scale`: the cached swarm reads and view builders against a synthetic engine (test/support) of
 * growing size, through the real unix-socket transport, client, cache and views. Prints cold (upstream fetch
 * included) and warm p95 per read, the JSON size raw and gzipped, and the RSS; writes docs/scale.svg (time and
 * memory against size).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ClusterRow } from '../src/db/schema.ts';
import { LocalTransport, SwarmClient } from '../src/docker/index.ts';
import { SwarmState } from '../src/services/swarm-state.ts';
import { TtlCache } from '../src/services/ttl-cache.ts';
import { startSyntheticEngine } from '../test/support/synthetic-engine.ts';
import { managerAccess } from '../test/support/synthetic-swarm.ts';

const SIZES = [1, 2.5, 5, 10].map((k) => ({ nodes: 10 * k, services: 100 * k, tasks: 1_000 * k }));
const READS = ['nodes', 'services', 'tasks', 'visualizer'] as const;
const TTL = { info: 60, nodes: 3600, services: 3600, tasks: 3600, resources: 60, joinTokens: 60 };
const RUNS = 20;
const cluster = { id: 1 } as ClusterRow;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;
const ms = (n: number) => n.toFixed(1);
const kb = (n: number) => `${Math.round(n / 1024)}`;

interface Row {
  size: string;
  tasks: number;
  read: string;
  cold: number;
  warm: number;
  bytes: number;
  gzipped: number;
  rssMb: number;
}

async function measure(size: (typeof SIZES)[number], dir: string): Promise<Row[]> {
  const engine = await startSyntheticEngine({ ...size, socketPath: join(dir, `engine-${size.tasks}.sock`) });
  const client = new SwarmClient(new LocalTransport({ socketPath: engine.socketPath }));
  const rows: Row[] = [];
  try {
    for (const read of READS) {
      const cold: number[] = [];
      for (let i = 0; i < 5; i++) {
        const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
        const t = performance.now();
        await state[read](cluster);
        cold.push(performance.now() - t);
      }
      const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
      const body = JSON.stringify((await state[read](cluster)).data);
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        JSON.stringify((await state[read](cluster)).data);
        warm.push(performance.now() - t);
      }
      rows.push({
        size: `${size.nodes}/${size.services}/${size.tasks}`,
        tasks: size.tasks,
        read,
        cold: p95(cold),
        warm: p95(warm),
        bytes: Buffer.byteLength(body),
        gzipped: gzipSync(body).length,
        rssMb: process.memoryUsage().rss / 2 ** 20,
      });
    }
  } finally {
    await client.transport.close();
    await engine.close();
  }
  return rows;
}

function chart(rows: Row[]): string {
  const W = 640;
  const H = 320;
  const pad = 50;
  const maxTasks = Math.max(...rows.map((r) => r.tasks));
  const maxMs = Math.max(...rows.map((r) => r.cold));
  const maxRss = Math.max(...rows.map((r) => r.rssMb));
  const x = (tasks: number) => pad + ((W - 2 * pad) * tasks) / maxTasks;
  const y = (v: number, max: number) => H - pad - ((H - 2 * pad) * v) / max;
  const colours = { nodes: '#1f77b4', services: '#2ca02c', tasks: '#d62728', visualizer: '#9467bd' };
  const line = (points: [number, number][], colour: string, dash = '') =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`;
  const series = READS.map((read, i) => {
    const own = rows.filter((r) => r.read === read);
    return `${line(
      own.map((r) => [x(r.tasks), y(r.cold, maxMs)]),
      colours[read],
    )}<text x="${W - pad + 4}" y="${pad + i * 16}" fill="${colours[read]}" font-size="12">${read} cold ms</text>`;
  });
  const rss = rows.filter((r) => r.read === 'visualizer').map((r): [number, number] => [x(r.tasks), y(r.rssMb, maxRss)]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 110}" height="${H}" font-family="sans-serif">
<title>Cold read time and RSS against swarm size (npm run bench:scale)</title>
<rect width="100%" height="100%" fill="#fff"/>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#333"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#333"/>
<text x="${W / 2}" y="${H - 12}" font-size="12" text-anchor="middle">tasks (nodes and services grow with them: 1:10:100)</text>
<text x="${pad}" y="${pad - 8}" font-size="12">0 to ${ms(maxMs)} ms (cold p95); RSS dashed, 0 to ${Math.round(maxRss)} MB</text>
<text x="${pad}" y="${H - pad + 14}" font-size="11" text-anchor="middle">0</text><text x="${W - pad}" y="${H - pad + 14}" font-size="11" text-anchor="middle">${maxTasks}</text>
${series.join('\n')}
${line(rss, '#555', '5,4')}<text x="${W - pad + 4}" y="${pad + READS.length * 16}" fill="#555" font-size="12">RSS MB</text>
</svg>
`;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
try {
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(...(await measure(size, dir)));
  console.log('| nodes/services/tasks | read | cold p95 ms | warm p95 ms | JSON KiB | gzip KiB | RSS MB |');
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const r of rows) console.log(`| ${r.size} | ${r.read} | ${ms(r.cold)} | ${ms(r.warm)} | ${kb(r.bytes)} | ${kb(r.gzipped)} | ${Math.round(r.rssMb)} |`);
  writeFileSync(new URL('../docs/scale.svg', import.meta.url), chart(rows));
  console.log('chart: docs/scale.svg');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
