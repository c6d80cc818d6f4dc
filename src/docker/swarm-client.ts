import type { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { MAX_API_VERSION, negotiateApiVersion } from './api-version.ts';
import { asDockerError, DockerError } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, engineList, engineRequest, engineStream, type QueryValue } from './http.ts';
import type { KeepShape } from './json-array-reader.ts';
import { parseEventLine, readLines } from './json-lines.ts';
import { keepShape } from './keep-shape.ts';
import { type RecordCheck, recordCheck } from './record-check.ts';
import { taskRecordSharing } from './record-sharing.ts';
import {
  ConfigSchema,
  CreatedObjectSchema,
  type EngineConfig,
  type EngineEvent,
  type EngineInfo,
  type EngineNetwork,
  type EngineNode,
  type EngineNodeSpec,
  type EngineObjectSpec,
  type EngineSecret,
  type EngineService,
  type EngineServiceName,
  type EngineServiceSpec,
  type EngineSwarm,
  type EngineTask,
  type EngineTaskPlacement,
  type EngineTaskRecord,
  type EngineVersion,
  EventSchema,
  InfoSchema,
  NetworkSchema,
  NodeSchema,
  SecretSchema,
  ServiceCreatedSchema,
  ServiceNameSchema,
  ServiceSchema,
  ServiceUpdateResponseSchema,
  SwarmSchema,
  TaskPlacementSchema,
  TaskRecordSchema,
  TaskSchema,
  VersionSchema,
} from './schemas.ts';
import type { DockerTransport } from './transport.ts';
import { updateWithRetry, type WriteRecord } from './update-with-retry.ts';

export interface SwarmClientOptions {
  /** Highest Engine API version to speak (default: the highest we test). */
  maxApiVersion?: string;
  /** Deadline of each request (default 30 s). */
  timeoutMs?: number;
  /** Aborts every request of this client (a read's overall deadline, a race another manager won). */
  signal?: AbortSignal;
  /** Where long-lived streams go (followed logs, live events), so that they never take the requests' channels. */
  streamTransport?: DockerTransport;
}

export interface RequestOptions<T> {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Validates the answer; without it the parsed JSON is returned unchecked. */
  schema?: z.ZodType<T>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface StreamOptions extends Omit<RequestOptions<never>, 'body' | 'schema'> {
  /** Lasts as long as someone watches (a followed log, the live event stream): opened on the stream transport. */
  longLived?: boolean;
}

export interface PingResult {
  /** Highest API version the daemon supports. */
  apiVersion: string | null;
  /** `inactive`, `pending`, `error`, `locked`, `active/worker` or `active/manager` (API ≥ 1.40). */
  swarm: string | null;
}

/** A filter's values: one, or any of several (the engine ORs the values of one filter). */
export type FilterValue = string | readonly string[];

export interface TaskFilters {
  service?: FilterValue;
  node?: FilterValue;
  desiredState?: FilterValue;
}

/** How a list is read: `packed`, its kept text stays with it (`packedList`), for a list kept only as the last known. */
export interface ListReading {
  packed?: boolean;
}

/** Docker event filters, e.g. `{ type: ['service', 'node'], event: ['create'] }`. */
export type EventFilters = Record<string, string | string[]>;

const UnversionedPing = z.string();

/** The Docker Engine API of one daemon, reached through a transport. Every answer is validated with zod. */
export class SwarmClient {
  readonly transport: DockerTransport;
  /** Where long-lived streams go (the request transport unless another was given). */
  readonly streamTransport: DockerTransport;
  private readonly maxApiVersion: string;
  private readonly timeoutMs: number;
  /** Aborts every request of this client, when given. */
  readonly signal: AbortSignal | undefined;
  /** Shared with the clients made by `with`: one negotiation per daemon. */
  private negotiation: { version?: Promise<string> };

  constructor(transport: DockerTransport, options: SwarmClientOptions = {}) {
    this.transport = transport;
    this.streamTransport = options.streamTransport ?? transport;
    this.maxApiVersion = options.maxApiVersion ?? MAX_API_VERSION;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.signal = options.signal;
    this.negotiation = {};
  }

  /** The same daemon with other request defaults (a deadline, a signal), sharing the negotiated version. */
  with(options: Pick<SwarmClientOptions, 'timeoutMs' | 'signal'>): SwarmClient {
    const scoped = new SwarmClient(this.transport, {
      streamTransport: this.streamTransport,
      maxApiVersion: this.maxApiVersion,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: options.signal ?? this.signal,
    });
    scoped.negotiation = this.negotiation;
    return scoped;
  }

  /** The API version spoken with this daemon, negotiated once (retried after a failure). */
  apiVersion(): Promise<string> {
    this.negotiation.version ??= this.negotiate().catch((error: unknown) => {
      this.negotiation.version = undefined;
      throw error;
    });
    return this.negotiation.version;
  }

  /** The generic primitive: `path` is relative to the negotiated `/v1.NN` prefix. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
    const version = await this.apiVersion();
    const response = await engineRequest(this.transport, {
      method,
      path: `/v${version}${path}`,
      query: options.query,
      body: options.body,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: this.signalFor(options.signal),
    });
    return options.schema ? validate(options.schema, response.body, `${method} ${path}`) : (response.body as T);
  }

  /**
   * Like `request`, for an answer that is a JSON array: parsed as it arrives, each item validated by `item` as it
   * comes. An item schema that is a plain (not loose) object has its other keys cut before they are parsed, and so
   * have its plain objects within (keepShape); an item kept so that its schema's record check passes is the answer
   * as parsed, without zod's copy of it (recordCheck). `share`: what each item is made into then (one per read).
   */
  async requestList<T>(
    method: string,
    path: string,
    options: Omit<RequestOptions<T>, 'body' | 'schema'> & ListReading & { item: z.ZodType<T>; share?: (item: T) => T },
  ): Promise<T[]> {
    const version = await this.apiVersion();
    const what = `${method} ${path}`;
    const { keep, check } = itemReading(options.item);
    const share = options.share;
    return engineList(
      this.transport,
      {
        method,
        path: `/v${version}${path}`,
        query: options.query,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        signal: this.signalFor(options.signal),
      },
      (value, index) => {
        const item = check?.(value) ? (value as T) : validate(options.item, value, what, [index]);
        return share ? share(item) : item;
      },
      { keep, packed: options.packed },
    );
  }

  /** Like `request`, for answers read as a stream (events, logs); aborting `signal` ends the stream. */
  async stream(method: string, path: string, options: StreamOptions = {}): Promise<Readable> {
    const version = await this.apiVersion();
    const response = await engineStream(options.longLived ? this.streamTransport : this.transport, {
      method,
      path: `/v${version}${path}`,
      query: options.query,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: this.signalFor(options.signal),
    });
    return response.body;
  }

  async ping(): Promise<PingResult> {
    const response = await engineRequest(this.transport, { method: 'GET', path: '/_ping', timeoutMs: this.timeoutMs, signal: this.signal });
    validate(UnversionedPing, response.body, 'GET /_ping');
    return { apiVersion: header(response.headers['api-version']), swarm: header(response.headers.swarm) };
  }

  version(): Promise<EngineVersion> {
    return this.request('GET', '/version', { schema: VersionSchema });
  }

  info(): Promise<EngineInfo> {
    return this.request('GET', '/info', { schema: InfoSchema });
  }

  /** The swarm as a manager sees it, including the join tokens. */
  swarm(): Promise<EngineSwarm> {
    return this.request('GET', '/swarm', { schema: SwarmSchema });
  }

  /** `id` keeps the nodes whose ID starts with one of the values (the engine matches ID prefixes). */
  listNodes(filters: { id?: readonly string[] } = {}): Promise<EngineNode[]> {
    return this.request('GET', '/nodes', { query: filtersQuery({ id: filters.id }), schema: z.array(NodeSchema) });
  }

  inspectNode(id: string): Promise<EngineNode> {
    return this.request('GET', `/nodes/${encodeURIComponent(id)}`, { schema: NodeSchema });
  }

  /**
   * With `status=true`, so each service carries its running/desired task counts; `label` filters by `key=value`,
   * `id` keeps the services whose ID starts with one of the values (the engine matches ID prefixes).
   */
  listServices(filters: { label?: string; id?: readonly string[] } = {}): Promise<EngineService[]> {
    const query = { status: true, ...filtersQuery({ label: filters.label, id: filters.id }) };
    return this.request('GET', '/services', { query, schema: z.array(ServiceSchema) });
  }

  /** Each service's ID and name only, asked without status (the engine then counts no tasks). */
  listServiceNames(): Promise<EngineServiceName[]> {
    return this.requestList('GET', '/services', { item: ServiceNameSchema });
  }

  inspectService(id: string): Promise<EngineService> {
    return this.request('GET', `/services/${encodeURIComponent(id)}`, { schema: ServiceSchema });
  }

  listTasks(filters: TaskFilters = {}): Promise<EngineTask[]> {
    const query = filtersQuery({ service: filters.service, node: filters.node, 'desired-state': filters.desiredState });
    return this.request('GET', '/tasks', { query, schema: z.array(TaskSchema) });
  }

  /** The tasks with only the fields the views use (TaskRecordSchema), read and parsed as they arrive. */
  listTaskRecords(filters: TaskFilters = {}, reading: ListReading = {}): Promise<EngineTaskRecord[]> {
    const query = filtersQuery({ service: filters.service, node: filters.node, 'desired-state': filters.desiredState });
    return this.requestList('GET', '/tasks', { query, item: TaskRecordSchema, share: taskRecordSharing(), ...reading });
  }

  /**
   * The node and desired state of each task the swarm wants running, nothing else (TaskPlacementSchema): what counting
   * the tasks of each node reads. The engine leaves out the tasks kept as history (up to 5 per slot by default).
   */
  listTaskPlacements(reading: ListReading = {}): Promise<EngineTaskPlacement[]> {
    return this.requestList('GET', '/tasks', { query: filtersQuery({ 'desired-state': 'running' }), item: TaskPlacementSchema, ...reading });
  }

  inspectTask(id: string): Promise<EngineTask> {
    return this.request('GET', `/tasks/${encodeURIComponent(id)}`, { schema: TaskSchema });
  }

  listSecrets(): Promise<EngineSecret[]> {
    return this.request('GET', '/secrets', { schema: z.array(SecretSchema) });
  }

  listConfigs(): Promise<EngineConfig[]> {
    return this.request('GET', '/configs', { schema: z.array(ConfigSchema) });
  }

  /** The value travels only in this request's body; the engine never returns it. Resolves with the new id. */
  async createSecret(spec: EngineObjectSpec): Promise<string> {
    return (await this.request('POST', '/secrets/create', { body: spec, schema: CreatedObjectSchema })).ID;
  }

  inspectSecret(id: string): Promise<EngineSecret> {
    return this.request('GET', `/secrets/${encodeURIComponent(id)}`, { schema: SecretSchema });
  }

  async removeSecret(id: string): Promise<void> {
    await this.request('DELETE', `/secrets/${encodeURIComponent(id)}`);
  }

  async createConfig(spec: EngineObjectSpec): Promise<string> {
    return (await this.request('POST', '/configs/create', { body: spec, schema: CreatedObjectSchema })).ID;
  }

  /** With `Spec.Data`, the content base64-encoded. */
  inspectConfig(id: string): Promise<EngineConfig> {
    return this.request('GET', `/configs/${encodeURIComponent(id)}`, { schema: ConfigSchema });
  }

  async removeConfig(id: string): Promise<void> {
    await this.request('DELETE', `/configs/${encodeURIComponent(id)}`);
  }

  /** The events of a closed time range (unix seconds); the engine ends the answer at `until`. */
  async events(range: { since: number; until: number; filters?: EventFilters }): Promise<EngineEvent[]> {
    const events: EngineEvent[] = [];
    const waitMs = Math.max(0, range.until * 1000 - Date.now());
    const signal = AbortSignal.timeout(this.timeoutMs + waitMs);
    try {
      for await (const event of this.streamEvents(range, signal)) events.push(event);
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    // streamEvents ends quietly when aborted: a range cut short by the deadline is a timeout, not a short answer.
    if (signal.aborted) throw new DockerError('timeout', `GET /events on ${this.transport.id}: range not answered in time`);
    return events;
  }

  /**
   * Live events from the engine's JSON-lines stream until `signal` aborts (then the iteration just ends) or the
   * engine ends it. Breaking out of the loop closes the stream.
   */
  async *streamEvents(options: { since?: number; until?: number; filters?: EventFilters } = {}, signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    const body = await this.stream('GET', '/events', {
      query: { since: options.since, until: options.until, filters: encodeFilters(options.filters) },
      signal,
      // Without an end the stream lasts until it is aborted.
      longLived: options.until === undefined,
    });
    try {
      for await (const line of readLines(body)) {
        yield validate(EventSchema, parseEventLine(line), 'GET /events');
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw asDockerError(error, `event stream of ${this.transport.id} broke`);
    } finally {
      body.destroy();
    }
  }

  async updateNode(id: string, version: number, spec: EngineNodeSpec): Promise<void> {
    await this.request('POST', `/nodes/${encodeURIComponent(id)}/update`, { query: { version }, body: spec });
  }

  /** Returns the engine's warnings. With `rollback: 'previous'` the engine restores the previous spec. */
  async updateService(id: string, version: number, spec: EngineServiceSpec, options: { rollback?: 'previous' } = {}): Promise<string[]> {
    const response = await this.request('POST', `/services/${encodeURIComponent(id)}/update`, {
      query: { version, rollback: options.rollback },
      body: spec,
      schema: ServiceUpdateResponseSchema,
    });
    return response.Warnings ?? [];
  }

  async removeService(id: string): Promise<void> {
    await this.request('DELETE', `/services/${encodeURIComponent(id)}`);
  }

  async removeNode(id: string, options: { force?: boolean } = {}): Promise<void> {
    await this.request('DELETE', `/nodes/${encodeURIComponent(id)}`, { query: { force: options.force || undefined } });
  }

  /** Resolves with the new id and Docker's warnings about the spec. */
  async createService(spec: object): Promise<{ id: string; warnings: string[] }> {
    const created = await this.request('POST', '/services/create', { body: spec, schema: ServiceCreatedSchema });
    return { id: created.ID, warnings: [...(created.Warnings ?? []), ...(created.Warning ? [created.Warning] : [])] };
  }

  /** `label` filters by `key=value`, `name` by a part of the name (the engine matches substrings). */
  listNetworks(filters: { label?: string; name?: string } = {}): Promise<EngineNetwork[]> {
    return this.request('GET', '/networks', { query: filtersQuery(filters), schema: z.array(NetworkSchema) });
  }

  async createNetwork(spec: object): Promise<string> {
    return (await this.request('POST', '/networks/create', { body: spec, schema: z.looseObject({ Id: z.string() }) })).Id;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.request('DELETE', `/networks/${encodeURIComponent(id)}`);
  }

  /**
   * Read-modify-write of a node spec, retried when another writer got in between. Callers that retry the change
   * on another manager pass the same `record`, so a write that landed unanswered is not applied twice.
   */
  modifyNode(
    id: string,
    modify: (spec: EngineNodeSpec, node: EngineNode) => EngineNodeSpec,
    options: { attempts?: number; record?: WriteRecord<EngineNodeSpec> } = {},
  ): Promise<void> {
    return updateWithRetry({
      read: () => this.inspectNode(id),
      modify,
      write: (version, spec) => this.updateNode(id, version, spec),
      attempts: options.attempts,
      record: options.record,
      alreadyApplied: () => undefined,
    });
  }

  /**
   * Read-modify-write of a service spec, retried when another writer got in between; returns the warnings.
   * Callers that retry the change on another manager pass the same `record` (see modifyNode). A rollback has
   * landed when the spec it rolled away from became the previous one.
   */
  modifyService(
    id: string,
    modify: (spec: EngineServiceSpec, service: EngineService) => EngineServiceSpec,
    options: { rollback?: 'previous'; attempts?: number; record?: WriteRecord<EngineServiceSpec> } = {},
  ): Promise<string[]> {
    return updateWithRetry({
      read: () => this.inspectService(id),
      modify,
      write: (version, spec) => this.updateService(id, version, spec, { rollback: options.rollback }),
      attempts: options.attempts,
      record: options.record,
      landed: options.rollback ? (current, spec) => isDeepStrictEqual(current.PreviousSpec, spec) : undefined,
      alreadyApplied: () => [],
    });
  }

  private signalFor(own: AbortSignal | undefined): AbortSignal | undefined {
    if (!own || !this.signal) return own ?? this.signal;
    return AbortSignal.any([own, this.signal]);
  }

  private async negotiate(): Promise<string> {
    const { apiVersion } = await this.ping();
    if (apiVersion) return negotiateApiVersion(apiVersion, this.maxApiVersion);
    const response = await engineRequest(this.transport, { method: 'GET', path: '/version', timeoutMs: this.timeoutMs, signal: this.signal });
    return negotiateApiVersion(validate(VersionSchema, response.body, 'GET /version').ApiVersion, this.maxApiVersion);
  }
}

const itemReadings = new WeakMap<z.ZodType, { keep?: KeepShape; check?: RecordCheck }>();

/** What of a list's items is read (keepShape), and the check that makes zod's copy needless when they were cut so. */
function itemReading(schema: z.ZodType): { keep?: KeepShape; check?: RecordCheck } {
  let reading = itemReadings.get(schema);
  if (!reading) {
    const keep = keepShape(schema);
    reading = { keep, check: keep && recordCheck(schema) };
    itemReadings.set(schema, reading);
  }
  return reading;
}

/** `at`: where `value` sits in the answer (an item's index in a list read item by item). */
function validate<T>(schema: z.ZodType<T>, value: unknown, what: string, at: PropertyKey[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${[...at, ...issue.path].join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new DockerError('engine', `unexpected answer to ${what}: ${issues}`, { cause: result.error });
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function encodeFilters(filters: Record<string, FilterValue> | undefined): string | undefined {
  if (!filters) return undefined;
  const entries = Object.entries(filters).map(([key, value]) => [key, Array.isArray(value) ? value : [value]] as const);
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : undefined;
}

function filtersQuery(filters: Record<string, FilterValue | undefined>): Record<string, QueryValue> {
  const defined = Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, FilterValue] => entry[1] !== undefined));
  return { filters: encodeFilters(defined) };
}
