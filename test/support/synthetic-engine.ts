/**
 * A synthetic Docker Engine for tests and benchmarks (never a mode of the plugin): an HTTP server on a unix socket
 * answering the Engine API's JSON for a generated swarm of any size (test/support/synthetic-swarm.ts), so the
 * plugin's real transport, parsing, caching and views run against 100 nodes and 10,000 tasks on a 2-core machine.
 * Answers the reads the plugin makes (`/_ping`, `/version`, `/info`, `/swarm`, `/nodes`, `/services`, `/tasks`,
 * one object of each), streams `/events` at a chosen rate, and applies `/services/:id/update` and
 * `/nodes/:id/update` with the engine's version check. Every answer waits `latencyMs` first.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { EngineNode, EngineService, EngineTask } from '../../src/docker/schemas.ts';
import { type SwarmSize, syntheticSwarm } from './synthetic-swarm.ts';

const API_VERSION = '1.41';
const recorded = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../src/docker/fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const recordedList = (name: string): unknown[] =>
  JSON.parse(readFileSync(new URL(`../../src/docker/fixtures/${name}.json`, import.meta.url), 'utf8')) as unknown[];

type ListFilters = Record<string, string[] | Record<string, boolean>>;

/** The list filters the engine accepts (any other is a 400). */
const ACCEPTED_FILTERS = {
  nodes: ['id', 'label', 'membership', 'name', 'node.label', 'role'],
  services: ['id', 'label', 'mode', 'name'],
  tasks: ['id', 'label', 'name', 'node', 'service', 'desired-state', '_up-to-date'],
};

/** The task states a `desired-state` filter may name. */
const TASK_STATES = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];

/** The ID of the object a task filter names: its ID, its name, or an ID prefix no other object shares. */
function resolve<T extends { ID: string }>(items: T[], ref: string, name: (item: T) => string | undefined): string | undefined {
  const exact = items.find((i) => i.ID === ref) ?? items.find((i) => name(i) === ref);
  if (exact) return exact.ID;
  const prefixed = items.filter((i) => i.ID.startsWith(ref));
  return prefixed.length === 1 ? prefixed[0]!.ID : undefined;
}

/** One request the engine answered, with its list filters. */
export interface EngineRequest {
  method: string;
  /** Without the version prefix. */
  path: string;
  filters: ListFilters;
}

export interface SyntheticEngineOptions extends SwarmSize {
  socketPath: string;
  /** Delay before each answer, like a round trip to a remote manager. */
  latencyMs?: number;
  /** Service update events streamed per second to each `/events` reader at first (0: none). */
  eventsPerSecond?: number;
}

export interface SyntheticEngine {
  socketPath: string;
  nodes: EngineNode[];
  services: EngineService[];
  tasks: EngineTask[];
  /** Requests answered, by method and path without the version prefix (`GET /tasks`). */
  requests: Map<string, number>;
  /** Every request answered, in order, with its filters. */
  log: EngineRequest[];
  /** Writes one event to every open `/events` stream, as the engine would after a change. */
  emit(event: { Type: string; Action: string; Actor: { ID: string; Attributes: Record<string, string> } }): void;
  /** Service update events written to `/events` streams so far. */
  eventsEmitted(): number;
  /** Changes the event rate of every open and later stream. */
  setEventsPerSecond(rate: number): void;
  /** Says its nodes, services or tasks were changed in place (by a test or bench): their kept JSON is dropped. */
  changed(): void;
  close(): Promise<void>;
}

export async function startSyntheticEngine(options: SyntheticEngineOptions): Promise<SyntheticEngine> {
  const swarm = syntheticSwarm(options);
  const requests = new Map<string, number>();
  const info = recorded('info-manager');
  const swarmInfo = info.Swarm as Record<string, unknown>;
  swarmInfo.Nodes = swarm.nodes.length;
  swarmInfo.Managers = swarm.nodes.filter((n) => n.Spec.Role === 'manager').length;
  const byId = <T extends { ID: string }>(items: T[]) => new Map(items.map((i) => [i.ID, i]));
  const nodes = byId(swarm.nodes);
  const services = byId(swarm.services);
  const streams = new Set<http.ServerResponse>();
  const log: EngineRequest[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine');
    const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
    const key = `${req.method} ${path.replace(/^\/(nodes|services|tasks)\/[^/]+/, '/$1/:id')}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => answer(req.method ?? 'GET', path, url.searchParams, Buffer.concat(chunks).toString('utf8'), res), options.latencyMs ?? 0);
    });
  });

  /**
   * The lists' JSON, encoded, kept per query until a write changes them: the engine shares the machine with the host
   * it serves, and 12 MB of JSON.stringify per `/tasks` (~120 ms), or even its UTF-8 encoding (~20 ms), would be
   * counted against the host in every cold read. Only large answers are kept (whole or lightly filtered lists): small
   * ones cost little to encode, and reads by ID after events ask many different ones.
   */
  const listBytes = new Map<string, Buffer>();
  const KEEP_LIST_FROM_BYTES = 64 * 1024;
  const forgetLists = () => listBytes.clear();

  /** `keepAs`: the list query whose answer `body` is, its bytes kept for the same query (filtered lists too). */
  function json(res: http.ServerResponse, status: number, body: unknown, keepAs?: string): void {
    let bytes = keepAs === undefined ? undefined : listBytes.get(keepAs);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(body));
      if (keepAs !== undefined && bytes.length >= KEEP_LIST_FROM_BYTES) listBytes.set(keepAs, bytes);
    }
    res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION, 'Content-Length': bytes.length });
    res.end(bytes);
  }

  function answer(method: string, path: string, query: URLSearchParams, body: string, res: http.ServerResponse): void {
    const filters = JSON.parse(query.get('filters') || '{}') as ListFilters;
    const [, kind, id, action] = path.split('/');
    log.push({ method, path, filters });
    if (method === 'GET' && path === '/_ping') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': API_VERSION, Swarm: 'active/manager' });
      res.end('OK');
    } else if (method === 'GET' && path === '/version') json(res, 200, recorded('version'));
    else if (method === 'GET' && path === '/info') json(res, 200, info);
    else if (method === 'GET' && path === '/swarm') json(res, 200, recorded('swarm'));
    else if (method === 'GET' && path === '/events' && query.has('until')) {
      // A closed range: nothing happened in it (the stream below is the live one).
      res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION });
      res.end();
    } else if (method === 'GET' && path === '/events') events(res);
    else if (method === 'GET' && (path === '/secrets' || path === '/configs')) json(res, 200, recordedList(path.slice(1)));
    else if (method === 'GET' && path === '/networks') json(res, 200, []);
    else if (method === 'GET' && (kind === 'nodes' || kind === 'services' || kind === 'tasks') && !id) {
      const [status, list] = listAnswer(kind, filters);
      json(res, status, list, status === 200 ? `${kind} ${JSON.stringify(filters)}` : undefined);
    } else if (kind === 'nodes' || kind === 'services' || kind === 'tasks') object(method, kind, id ?? '', action, query, body, res);
    else json(res, 404, { message: `page not found: ${method} ${path}` });
  }

  /**
   * A list as the engine filters it (daemon/cluster/filters.go): `id` and `name` match prefixes; a task filter's
   * `service` or `node` names one object (its ID, name or a unique ID prefix), and one that names none is a 404 for
   * the whole request; a filter the engine does not know is a 400.
   */
  function listAnswer(kind: 'nodes' | 'services' | 'tasks', filters: ListFilters): [number, unknown] {
    const unknown = Object.keys(filters).find((name) => !ACCEPTED_FILTERS[kind].includes(name));
    if (unknown) return [400, { message: `Invalid filter '${unknown}'` }];
    const values = (name: string): string[] | null => {
      const f = filters[name];
      if (!f) return null;
      return Array.isArray(f) ? f : Object.keys(f);
    };
    const prefixed = (wanted: string[] | null, value: string) => !wanted || wanted.some((w) => value.startsWith(w));
    if (kind === 'nodes') {
      const [ids, names, roles] = [values('id'), values('name'), values('role')];
      if (!ids && !names && !roles) return [200, swarm.nodes];
      return [200, swarm.nodes.filter((n) => prefixed(ids, n.ID) && prefixed(names, n.Description?.Hostname ?? '') && (!roles || roles.includes(n.Spec.Role)))];
    }
    if (kind === 'services') {
      const [ids, names] = [values('id'), values('name')];
      if (!ids && !names) return [200, swarm.services];
      return [200, swarm.services.filter((s) => prefixed(ids, s.ID) && prefixed(names, s.Spec.Name))];
    }
    const [service, node, desired] = [values('service'), values('node'), values('desired-state')];
    if (!service && !node && !desired) return [200, swarm.tasks];
    const missingService = service?.find((ref) => !resolve(swarm.services, ref, (s) => s.Spec.Name));
    if (missingService !== undefined) return [404, { message: `service ${missingService} not found` }];
    const missingNode = node?.find((ref) => !resolve(swarm.nodes, ref, (n) => n.Description?.Hostname));
    if (missingNode !== undefined) return [404, { message: `node ${missingNode} not found` }];
    const serviceIds = service && new Set(service.map((ref) => resolve(swarm.services, ref, (s) => s.Spec.Name)));
    const nodeIds = node && new Set(node.map((ref) => resolve(swarm.nodes, ref, (n) => n.Description?.Hostname)));
    const badState = desired?.find((d) => !TASK_STATES.includes(d));
    if (badState !== undefined) return [400, { message: `Invalid desired-state filter: '${badState}'` }];
    return [
      200,
      swarm.tasks.filter(
        (t) => (!serviceIds || serviceIds.has(t.ServiceID)) && (!nodeIds || nodeIds.has(t.NodeID ?? '')) && (!desired || desired.includes(t.DesiredState)),
      ),
    ];
  }

  function object(method: string, kind: string, id: string, action: string | undefined, query: URLSearchParams, body: string, res: http.ServerResponse): void {
    const [status, answer] = objectAnswer(method, kind, id, action, query, body);
    json(res, status, answer);
  }

  function objectAnswer(method: string, kind: string, id: string, action: string | undefined, query: URLSearchParams, body: string): [number, unknown] {
    const found: { Version?: { Index?: number }; Spec?: unknown; UpdatedAt?: string } | undefined =
      kind === 'nodes' ? nodes.get(id) : kind === 'services' ? services.get(id) : swarm.tasks.find((t) => t.ID === id);
    if (!found) return [404, { message: `${kind.slice(0, -1)} ${id} not found` }];
    if (method === 'GET' && !action) return [200, found];
    if (method !== 'POST' || action !== 'update' || kind === 'tasks') return [404, { message: `page not found: ${method} /${kind}/${id}/${action}` }];
    if (Number(query.get('version')) !== found.Version?.Index) return [500, { message: 'rpc error: code = Unknown desc = update out of sequence' }];
    forgetLists();
    found.Spec = JSON.parse(body) as unknown;
    found.Version = { Index: (found.Version?.Index ?? 0) + 1 };
    found.UpdatedAt = new Date().toISOString();
    return [200, kind === 'services' ? { Warnings: [] } : ''];
  }

  // The event rate, changed at any time for every open stream; each stream sends what is due every tick.
  let eventsPerSecond = options.eventsPerSecond ?? 0;
  let emitted = 0;
  let eventSeq = 0;
  const EVENT_TICK_MS = 10;

  function eventLine(event: Parameters<SyntheticEngine['emit']>[0]): string {
    // Unique per event (the plugin dedupes on time, type, action and actor) and on the clock tests read: a
    // microsecond apart, since a JSON number this large keeps only about a quarter of a microsecond.
    const nano = BigInt(Date.now()) * 1_000_000n + BigInt(eventSeq++ % 1_000) * 1_000n;
    return JSON.stringify({ ...event, scope: 'swarm', time: Number(nano / 1_000_000_000n), timeNano: Number(nano) });
  }

  function emit(event: Parameters<SyntheticEngine['emit']>[0]): void {
    const line = eventLine(event);
    for (const res of streams) {
      emitted++;
      res.write(`${line}\n`);
    }
  }

  function events(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION });
    res.flushHeaders();
    streams.add(res);
    let due = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      due += ((now - last) * eventsPerSecond) / 1000;
      last = now;
      const lines: string[] = [];
      for (; due >= 1; due--) {
        const service = swarm.services[eventSeq % swarm.services.length];
        if (!service) break;
        lines.push(eventLine({ Type: 'service', Action: 'update', Actor: { ID: service.ID, Attributes: { name: service.Spec.Name } } }));
      }
      if (lines.length === 0) return;
      emitted += lines.length;
      res.write(`${lines.join('\n')}\n`);
    }, EVENT_TICK_MS);
    res.on('close', () => {
      clearInterval(timer);
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });
  return {
    socketPath: options.socketPath,
    ...swarm,
    requests,
    log,
    emit,
    eventsEmitted: () => emitted,
    changed: forgetLists,
    setEventsPerSecond: (rate) => {
      eventsPerSecond = rate;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.destroy();
        server.close(() => resolve());
      }),
  };
}
