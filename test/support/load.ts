/**
 * Load on the reference host with the plugin, served over HTTP on 127.0.0.1 with a lab swarm registered: many
 * concurrent readers of one cluster's API and pages, and followed log streams held open by one viewer while another
 * user reads. Shared by `npm run bench:load` (timings) and test/load.lab.test.ts (correctness only).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LAB_IMAGE, type LabState, labDocker, labManager } from '../../lab/lab.ts';
import { type LabHost, registerLab, sessionCookie } from './lab-host.ts';
import { eventually } from './plugin-fixture.ts';

/** Services the readers see, and the one whose logs are followed (a line every 200 ms). */
const SERVICES = ['load-web', 'load-api', 'load-worker'];
export const LOG_SERVICE = 'load-talk';

/** A served reference host: in the caller's process (startLabHost) or its own (startHostProcess). */
export interface LoadHost {
  url: string;
  api: LabHost['api'];
  close(): Promise<void>;
}

export interface LoadLab<H extends LoadHost = LoadHost> {
  host: H;
  uuid: string;
  /** Ids of the manager servers, by name. */
  managers: Record<string, string>;
  /** Addresses of the managers, by name. */
  managerIps: Record<string, string>;
  logServiceId: string;
  /** A member's token and session (the readers), a viewer's token (the log followers), another member's token. */
  reader: { token: string; cookie: string };
  viewerToken: string;
  otherToken: string;
  close(): Promise<void>;
}

export interface Read {
  name: string;
  path: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  /** Failures by status or error message. */
  errors: Record<string, number>;
  /** Milliseconds per request, sorted. */
  latencies: number[];
  elapsedMs: number;
}

/**
 * The reference host with the plugin on the lab: its nodes registered and detected as a cluster, a few services
 * running, and the users the load needs. `startHost` starts the host with the caller's plugin settings.
 */
export async function startLoadLab<H extends LoadHost>(lab: LabState, startHost: () => Promise<H>): Promise<LoadLab<H>> {
  const cli = (args: string[]) => labDocker(lab, labManager(lab).name, args);
  const existing = new Set((await cli(['service', 'ls', '--format', '{{.Name}}'])).split('\n'));
  // Removed on close, so the lab is left as it was found.
  const created: string[] = [];
  for (const name of SERVICES) {
    if (existing.has(name)) continue;
    await cli(['service', 'create', '--detach', '--name', name, '--replicas', '2', '--stop-grace-period', '1s', LAB_IMAGE, 'sleep', '3600']);
    created.push(name);
  }
  if (!existing.has(LOG_SERVICE)) {
    const script = 'i=0; while true; do echo "line $i"; i=$((i+1)); sleep 0.2; done';
    await cli(['service', 'create', '--detach', '--name', LOG_SERVICE, '--replicas', '1', '--stop-grace-period', '1s', LAB_IMAGE, 'sh', '-c', script]);
    created.push(LOG_SERVICE);
  }
  const removeCreated = async () => {
    if (created.length) await cli(['service', 'rm', ...created]);
  };
  await eventually(
    async () => (await cli(['service', 'ps', LOG_SERVICE, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}'])).startsWith('Running'),
    {
      what: `${LOG_SERVICE} running`,
    },
  );
  const logServiceId = (await cli(['service', 'inspect', LOG_SERVICE, '--format', '{{.ID}}'])).trim();

  const host = await startHost();
  try {
    const { uuid, serverIds } = await registerLab(host, lab);
    const managerNodes = lab.nodes.filter((n) => n.role === 'manager');
    const managers = Object.fromEntries(managerNodes.map((n) => [n.name, serverIds[n.name]!]));
    const managerIps = Object.fromEntries(managerNodes.map((n) => [n.name, n.ip]));
    const user = async (role: string) => {
      const email = `load-${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const password = 'load-password-1';
      const created = await host.api('POST', '/api/v1/users', { email, password, role });
      const token = await host.api('POST', '/api/v1/tokens', { userId: created.body.id, abilities: ['read'] });
      if (token.status !== 201) throw new Error(`user ${role}: ${JSON.stringify(created.body)} ${JSON.stringify(token.body)}`);
      return { email, password, token: token.body.token as string };
    };
    const member = await user('member');
    const viewer = await user('viewer');
    const other = await user('member');
    return {
      host,
      uuid,
      managers,
      managerIps,
      logServiceId,
      reader: { token: member.token, cookie: await sessionCookie(host.url, member.email, member.password) },
      viewerToken: viewer.token,
      otherToken: other.token,
      async close() {
        await host.close();
        await removeCreated();
      },
    };
  } catch (error) {
    await host.close();
    await removeCreated();
    throw error;
  }
}

/** The readers' mix: the cluster's nodes, services, tasks and visualizer data, and its overview page. */
export function readMix(load: LoadLab): Read[] {
  const api = { authorization: `Bearer ${load.reader.token}` };
  const base = `/api/v1/clusters/${load.uuid}`;
  return [
    { name: 'nodes', path: `${base}/nodes`, headers: api },
    { name: 'services', path: `${base}/services`, headers: api },
    { name: 'tasks', path: `${base}/tasks`, headers: api },
    { name: 'visualizer', path: `${base}/visualizer`, headers: api },
    { name: 'overview page', path: `/clusters/${load.uuid}`, headers: { cookie: load.reader.cookie } },
  ];
}

/**
 * `readers` loops, each sending the next read of the mix when the last answered (after `pauseMs`, an open page
 * polling; none by default), until `durationMs` ends. `startSpreadMs` starts the readers at random moments within
 * it (tabs opened at different times) rather than all at once.
 */
export async function runReaders(
  url: string,
  mix: Read[],
  opts: {
    readers: number;
    durationMs: number;
    pauseMs?: number;
    startSpreadMs?: number;
    timeoutMs?: number;
    onLatency?: (read: Read, ms: number) => void;
  },
): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, errors: {}, latencies: [], elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const fail = (what: string) => {
    result.errors[what] = (result.errors[what] ?? 0) + 1;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, deadline - performance.now()))));
  const reader = async (index: number) => {
    if (opts.startSpreadMs) await sleep(Math.random() * opts.startSpreadMs);
    for (let i = index; performance.now() < deadline; i++) {
      const read = mix[i % mix.length]!;
      const sent = performance.now();
      try {
        const res = await fetch(`${url}${read.path}`, { headers: read.headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
        await res.arrayBuffer();
        if (res.status !== 200) fail(`${read.name}: ${res.status}`);
      } catch (error) {
        // fetch says only "fetch failed": its cause (ECONNRESET, ...) says what failed.
        const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
        fail(`${read.name}: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
      }
      const latency = performance.now() - sent;
      result.latencies.push(latency);
      opts.onLatency?.(read, latency);
      result.requests++;
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: opts.readers }, (_, i) => reader(i)));
  result.elapsedMs = performance.now() - started;
  result.latencies.sort((a, b) => a - b);
  return result;
}

export interface Followers {
  /** Status of each follow request: 200 streaming, or 429 when the viewer's stream budget is spent. */
  statuses: number[];
  /** Ends every stream (the plugin then frees their channels). */
  close(): void;
}

/** Opens `count` followed log streams of the service as one token, each answered (status) before returning. */
export async function followLogs(load: LoadLab, token: string, count: number): Promise<Followers> {
  const abort = new AbortController();
  const path = `/api/v1/clusters/${load.uuid}/services/${load.logServiceId}/logs?follow=true&tail=0`;
  const statuses = await Promise.all(
    Array.from({ length: count }, async () => {
      const res = await fetch(`${load.host.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      // A refused stream's body is read (and so released); an accepted one is held open, unread past its first line.
      if (res.status !== 200) await res.arrayBuffer();
      else await res.body?.getReader().read();
      return res.status;
    }),
  );
  return { statuses, close: () => abort.abort() };
}

/** The value at fraction `p` of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Heap in use after a full garbage collection, in bytes (what is still held, not what was not yet collected). */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
