/**
 * The abuse suite: every route of the reference host with the plugin (listed from its router) asked the wrong way
 * (no credentials, another team's, a read-only token, a viewer, a forged or missing CSRF token, malformed, wrongly
 * typed, oversized and hidden-character bodies), each answer checked for its status, the API's error shape and
 * no stack trace or internal address, and nothing changed afterwards. Shared by the unit file (no swarm: a cluster
 * row whose manager is never reached) and the lab file (a real swarm, compared before and after).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../../host/body-limits.ts';
import { recordSuiteFigure } from '../suite-figures.ts';
import { apiErrorMessage, leakIn, notApiError } from './answers.ts';
import {
  type AbuseBody,
  type BadInput,
  isWrite,
  type ListedRoute,
  namesTeamResource,
  ROUTE_CASES,
  type RouteCase,
  type RouteIds,
  resolvePath,
} from './route-cases.ts';

export interface AbuseCaller {
  token?: string;
  session?: { cookie: string; csrf: string };
}

export interface AbuseTarget {
  /** The host app's in-process request. */
  request(path: string, init: RequestInit): Promise<Response>;
  routes: ListedRoute[];
  ids: RouteIds;
  /** Values of the `{placeholders}` in the cases' bodies (`server`, `privateKey`, `viewerUser`). */
  placeholders: Record<string, string>;
  /** Strings only team A may see, which another team cannot send itself (names of its cluster, servers, application). */
  teamSecrets: string[];
  /** Addresses the owner sees as data (its servers in the forms that list them). */
  ownerAddresses: string[];
  owner: Required<AbuseCaller>;
  readOnly: Pick<AbuseCaller, 'token'>;
  viewer: Required<AbuseCaller>;
  otherTeam: Required<AbuseCaller>;
  /** What must not change: the database, and the swarm where there is one. */
  snapshot(): Promise<unknown>;
  /**
   * Times the plugin reached for a manager (looked up a server's SSH key), where no request may reach one (no
   * swarm); absent where the swarm itself is compared.
   */
  dockerReached?(): number;
}

interface Sent {
  route: ListedRoute;
  what: string;
  status: number;
  text: string;
  headers: Headers;
}

const ORIGIN = 'http://localhost';
const FORGED = 'forged-0123456789abcdef0123456789abcdef';

/** The body limit the host applies to a path (host/body-limits.ts). */
function bodyLimitOf(path: string): number {
  if (/^\/(login|logout)$/.test(path)) return BODY_LIMITS.login;
  if (/^\/clusters\/applications\/[^/]+\/swarm(\/|$)/.test(path)) return BODY_LIMITS.upload;
  return BODY_LIMITS.default;
}

function fill(body: AbuseBody, placeholders: Record<string, string>): AbuseBody {
  if (typeof body === 'string') return body;
  const text = JSON.stringify(body).replace(/"\{(\w+)\}"/g, (whole, name: string) =>
    placeholders[name] === undefined ? whole : JSON.stringify(placeholders[name]),
  );
  return JSON.parse(text) as Record<string, unknown>;
}

function encode(route: ListedRoute, body: AbuseBody): { type: string; text: string } {
  if (route.access === 'token') return { type: 'application/json', text: typeof body === 'string' ? body : JSON.stringify(body) };
  if (typeof body === 'string') return { type: 'application/x-www-form-urlencoded', text: body };
  return { type: 'application/x-www-form-urlencoded', text: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString() };
}

/** A body of `bytes` bytes sent without a length, in 64 KiB chunks. */
function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const next = chunk.subarray(0, Math.min(chunk.length, left));
      left -= next.length;
      controller.enqueue(next);
    },
  });
}

export function defineAbuseSuite(name: string, setup: () => Promise<{ target: AbuseTarget; close(): Promise<void> }>, opts: { lab: boolean }): void {
  describe(`abuse: ${name}`, () => {
    let target: AbuseTarget;
    let close: () => Promise<void>;
    let before: unknown;
    let reachedBefore = 0;
    let requests = 0;
    let badInputs = 0;
    let changed = 0;

    beforeAll(async () => {
      ({ target, close } = await setup());
    });
    afterAll(async () => {
      recordSuiteFigure(`abuse: ${name}`, { 'requests made': requests, 'bad inputs tried': badInputs, 'items lost': changed });
      await close?.();
    });
    beforeEach(async () => {
      before = await target.snapshot();
      reachedBefore = target.dockerReached?.() ?? 0;
    });
    afterEach(async () => {
      // Nothing an abusive request did may show: not in the database, not on the swarm, no manager reached.
      const after = await target.snapshot();
      if (JSON.stringify(after) !== JSON.stringify(before)) changed++;
      expect(after).toEqual(before);
      if (target.dockerReached) expect(target.dockerReached() - reachedBefore, 'requests that reached for a manager').toBe(0);
    });

    const caseOf = (route: ListedRoute): RouteCase => ROUTE_CASES[route.key] ?? {};
    const routesWhere = (keep: (route: ListedRoute, c: RouteCase) => boolean) => target.routes.filter((r) => keep(r, caseOf(r)));

    /** Sends one request as `caller` (null: no credentials); `problems` judges the answer. */
    async function send(
      route: ListedRoute,
      what: string,
      caller: AbuseCaller | null,
      opts: {
        body?: AbuseBody;
        query?: string;
        csrf?: 'valid' | 'missing' | 'forged';
        origin?: string;
        htmx?: boolean;
        both?: boolean;
        stream?: number;
        declared?: number;
      } = {},
    ): Promise<Sent> {
      const headers = new Headers({ origin: opts.origin ?? ORIGIN });
      if (caller?.token && (route.access === 'token' || opts.both)) headers.set('authorization', `Bearer ${caller.token}`);
      if (caller?.session && route.access !== 'token') {
        headers.set('cookie', caller.session.cookie);
        const csrf = opts.csrf ?? 'valid';
        if (csrf !== 'missing') headers.set('X-CSRF-Token', csrf === 'valid' ? caller.session.csrf : FORGED);
      }
      if (opts.htmx) headers.set('HX-Request', 'true');
      for (const [name, value] of Object.entries(caseOf(route).headers ?? {})) headers.set(name, value);
      let body: BodyInit | undefined;
      const oversized = opts.stream !== undefined ? chunkedBody(opts.stream) : opts.declared !== undefined ? 'a'.repeat(opts.declared) : undefined;
      if (oversized !== undefined) {
        headers.set('content-type', route.access === 'token' ? 'application/json' : 'application/x-www-form-urlencoded');
        body = oversized;
      } else if (opts.body !== undefined && isWrite(route)) {
        const encoded = encode(route, fill(opts.body, { ...target.ids, ...target.placeholders }));
        headers.set('content-type', encoded.type);
        body = encoded.text;
      }
      // An SSE route answers at once and streams on: the status and headers are all there is to read.
      const abort = new AbortController();
      const path = resolvePath(route.path, target.ids) + (opts.query ? `?${opts.query}` : '');
      const res = await target.request(path, {
        method: route.method,
        headers,
        body,
        signal: abort.signal,
        ...(opts.stream !== undefined ? { duplex: 'half' } : {}),
      } as RequestInit);
      requests++;
      const text = (res.headers.get('content-type') ?? '').includes('text/event-stream') ? (abort.abort(), '') : await res.text();
      return { route, what, status: res.status, text, headers: res.headers };
    }

    /** A refusal the route answers with another status: a transport's refusal inside a 200 (MCP), else `status`. */
    function refusal(sent: Sent, status: number): string[] {
      const inBand = caseOf(sent.route).refusedInBand;
      if (!inBand) return problems(sent, status);
      const said = inBand.test(sent.text) ? [] : [`${sent.route.key} (${sent.what}): does not refuse in the answer: ${sent.text.slice(0, 200)}`];
      return [...problems(sent, 200), ...said];
    }

    /** Problems with an answer: the status, the API's error shape, a leak. */
    function problems(sent: Sent, expected: number, allowed: readonly string[] = []): string[] {
      const found: string[] = [];
      const label = `${sent.route.key} (${sent.what})`;
      if (sent.status !== expected) found.push(`${label}: status ${sent.status}, expected ${expected}: ${sent.text.slice(0, 160)}`);
      if (sent.route.access === 'token' && sent.status >= 400) {
        const shape = notApiError(sent.text);
        if (shape) found.push(`${label}: ${shape}`);
      }
      const leak = leakIn(sent.text, allowed);
      if (leak) found.push(`${label}: shows ${leak}`);
      return found;
    }

    it('has a case for every route of the router, and a route for every case', () => {
      const listed = new Set(target.routes.map((r) => r.key));
      expect(
        target.routes.filter((r) => !(r.key in ROUTE_CASES)).map((r) => r.key),
        'routes without a case in test/support/abuse/route-cases.ts',
      ).toEqual([]);
      expect(
        Object.keys(ROUTE_CASES).filter((key) => !listed.has(key)),
        'cases of routes that are gone',
      ).toEqual([]);
    });

    it('answers 401 without credentials (pages: the login page; htmx: 401 with HX-Redirect)', async () => {
      const found: string[] = [];
      for (const route of routesWhere((r) => r.access !== 'public')) {
        const body = caseOf(route).body;
        if (route.access === 'token') {
          found.push(...problems(await send(route, 'no token', null, { body }), 401));
          found.push(...problems(await send(route, 'an unknown token', { token: 'hp_unknown-token-0123456789' }, { body }), 401));
          continue;
        }
        const plain = await send(route, 'no session', null, { body });
        found.push(...problems(plain, 302));
        if (!(plain.headers.get('location') ?? '').startsWith('/login')) found.push(`${route.key}: redirected to ${plain.headers.get('location')}`);
        const htmx = await send(route, 'no session, htmx', null, { body, htmx: true });
        found.push(...problems(htmx, 401));
        if (!(htmx.headers.get('hx-redirect') ?? '').startsWith('/login')) found.push(`${route.key}: htmx sent to ${htmx.headers.get('hx-redirect')}`);
        found.push(...problems(await send(route, 'an unknown session', { session: { cookie: 'panel_session=nope', csrf: FORGED } }, { body }), 302));
      }
      expect(found).toEqual([]);
    });

    it("gives another team's owner a 404 for team A's resources and none of team A's data", async () => {
      const found: string[] = [];
      const other = target.otherTeam;
      for (const route of routesWhere((r) => r.access !== 'public')) {
        const routeCase = caseOf(route);
        let sent: Sent;
        if (namesTeamResource(route.path)) {
          sent = await send(route, 'another team', other, { body: routeCase.body });
          found.push(...problems(sent, 404));
        } else if (!isWrite(route)) {
          sent = await send(route, 'another team', other);
          found.push(...problems(sent, 200));
        } else if (routeCase.otherTeam !== undefined) {
          sent = await send(route, "another team, naming team A's object", other, { body: routeCase.body });
          found.push(...refusal(sent, routeCase.otherTeam));
        } else {
          continue;
        }
        const seen = target.teamSecrets.find((secret) => sent.text.includes(secret));
        if (seen) found.push(`${route.key}: shows team A's "${seen}" to another team`);
      }
      expect(found).toEqual([]);
    });

    it('refuses writes to a read-only token with 403', async () => {
      const found: string[] = [];
      for (const route of routesWhere((r, c) => r.access === 'token' && (isWrite(r) || c.needsWrite === true))) {
        found.push(...refusal(await send(route, 'read-only token', target.readOnly, { body: caseOf(route).body }), 403));
      }
      expect(found).toEqual([]);
    });

    it("refuses a viewer's writes with 403, by token and by session", async () => {
      const found: string[] = [];
      for (const route of routesWhere((r, c) => r.access !== 'public' && (isWrite(r) || c.needsWrite === true) && c.viewerMay === undefined)) {
        found.push(...refusal(await send(route, 'viewer', target.viewer, { body: caseOf(route).body }), 403));
      }
      expect(found).toEqual([]);
    });

    it('refuses session writes without the CSRF token, with a forged one, from another site, or with a bearer header too', async () => {
      const found: string[] = [];
      const owner = target.owner;
      for (const route of routesWhere((r) => r.access !== 'token' && isWrite(r))) {
        const body = caseOf(route).body;
        found.push(...problems(await send(route, 'from another site', owner, { body, origin: 'https://evil.example' }), 403));
        // The login form has no session to bind a token to yet: the origin check is its CSRF protection.
        if (route.path === '/login') continue;
        found.push(...problems(await send(route, 'no CSRF token', owner, { body, csrf: 'missing' }), 403));
        found.push(...problems(await send(route, 'a forged CSRF token', owner, { body, csrf: 'forged' }), 403));
        found.push(...problems(await send(route, 'a forged CSRF token, htmx', owner, { body, csrf: 'forged', htmx: true }), 403));
        found.push(...problems(await send(route, 'session and a bearer header', owner, { body, csrf: 'missing', both: true }), 403));
      }
      expect(found).toEqual([]);
    });

    it('answers malformed, wrongly typed and hidden-character bodies with 400 naming the field', async () => {
      const found: string[] = [];
      for (const route of routesWhere((r, c) => isWrite(r) && c.body !== undefined)) {
        const routeCase = caseOf(route);
        const bad: BadInput[] = [...(routeCase.bad ?? []), ...(opts.lab ? (routeCase.badOnLab ?? []) : [])];
        if (route.access === 'token') {
          bad.push(
            { what: 'malformed JSON', body: '{"name": nope', says: /JSON/ },
            { what: 'a JSON array', body: '[]', says: /./ },
            { what: 'a JSON string', body: '"name"', says: /./ },
          );
        }
        const caller = route.access === 'public' ? null : target.owner;
        for (const input of bad) {
          badInputs++;
          const sent = await send(route, input.what, caller, { body: input.body });
          found.push(...problems(sent, input.status ?? 400, target.ownerAddresses));
          const said = route.access === 'token' ? apiErrorMessage(sent.text) : sent.text;
          if (!input.says.test(said)) found.push(`${route.key} (${input.what}): does not say ${input.says}: ${said.slice(0, 200)}`);
        }
      }
      expect(found).toEqual([]);
    });

    it('answers wrongly typed and unknown query parameters with 400 naming the parameter', async () => {
      const found: string[] = [];
      for (const route of routesWhere((_, c) => c.badQuery !== undefined)) {
        for (const input of caseOf(route).badQuery ?? []) {
          badInputs++;
          const sent = await send(route, input.what, target.owner, { query: input.query });
          found.push(...problems(sent, 400));
          const said = apiErrorMessage(sent.text);
          if (!input.says.test(said)) found.push(`${route.key} (${input.what}): does not say ${input.says}: ${said.slice(0, 200)}`);
        }
      }
      expect(found).toEqual([]);
    });

    it('answers bodies over the limit with 413, declared or streamed', async () => {
      const found: string[] = [];
      for (const route of routesWhere((r) => isWrite(r))) {
        const limit = bodyLimitOf(route.path);
        const caller = route.access === 'public' ? null : target.owner;
        badInputs += 1;
        found.push(...problems(await send(route, `${limit + 1} bytes declared`, caller, { declared: limit + 1 }), 413));
        // A route that reads no body never reads a streamed one either: only a declared length can be refused up front.
        if (caseOf(route).body === undefined) continue;
        badInputs += 1;
        found.push(...problems(await send(route, `${limit + 1} bytes streamed`, caller, { stream: limit + 1 }), 413));
      }
      expect(found).toEqual([]);
    });
  });
}
