/**
 * Test helpers: a host on an in-memory database with an owner and its read+write token,
 * plus shortcuts to call the API, log in, and act as a browser (cookie, Origin, CSRF token).
 * Used by the host's tests and available to the plugin's.
 */
import type { Ability, TeamRole } from '../src/contract/host.ts';
import { createHostApp, type HostApp, type HostAppOptions } from './app.ts';
import { CSRF_HEADER } from './auth/csrf.ts';
import type { PasswordCost } from './auth/password.ts';
import { SESSION_COOKIE } from './auth/principal.ts';
import { csrfTokenFor } from './auth/secrets.ts';
import { type OpenedDatabase, openDatabase } from './db/open.ts';
import { createLogger } from './logger.ts';
import { createTeam } from './store/accounts.ts';

export const TEST_ORIGIN = 'http://localhost';
export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'owner-password-1';
export const OWNER_TOKEN = 'hp_test-owner-token-0123456789abcdef';

/**
 * scrypt at a cost of microseconds: the tests create users and log in by the hundred, and at the host's default
 * (~150 ms of CPU per hash) that was most of the unit tier's time. What the default is, and that its hashes verify,
 * is tested in app.test.ts and auth/password.test.ts.
 */
export const TEST_PASSWORD_COST: PasswordCost = { N: 16, r: 8, p: 1 };

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies they expect without declaring each shape
export interface ApiResult<T = any> {
  status: number;
  body: T;
}

export interface BrowserSession {
  cookie: string;
  csrf: string;
  /** A request as the logged-in browser: session cookie and same-origin `Origin`. */
  request(path: string, init?: RequestInit & { form?: Record<string, string>; htmx?: boolean }): Promise<Response>;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  teamId: string;
  role: TeamRole;
  /** A token with the requested abilities. */
  token: string;
}

export interface TestHost extends HostApp {
  ownerToken: string;
  ownerTeamId: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies they expect without declaring each shape
  api<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<ApiResult<T>>;
  login(email: string, password: string): Promise<BrowserSession>;
  /** Creates a user (in the owner's team unless `teamId`) through the admin API, with a token. */
  addUser(opts: { role: TeamRole; teamId?: string; abilities?: Ability[]; email?: string }): Promise<TestUser>;
  /** Creates a team through the admin API, owned by a new owner user, and returns that owner. */
  addTeam(name: string): Promise<TestUser>;
}

/** A syntactically valid OpenSSH key for tests; not a real key. */
export const TEST_PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

/** An in-memory database with two teams (A and B): what the store tests check team scoping on. */
export function openTwoTeamDatabase(): { opened: OpenedDatabase; teamId: string; otherTeamId: string } {
  const opened = openDatabase({ file: ':memory:' });
  const teamId = createTeam(opened.db, { name: 'A', createdBy: null }).id;
  const otherTeamId = createTeam(opened.db, { name: 'B', createdBy: null }).id;
  return { opened, teamId, otherTeamId };
}

let sequence = 0;

export async function createTestHost(opts: Partial<HostAppOptions> = {}): Promise<TestHost> {
  const host = await createHostApp({
    dataDir: ':memory:',
    admin: { email: OWNER_EMAIL, password: OWNER_PASSWORD, token: OWNER_TOKEN },
    plugin: false,
    logger: createLogger({ level: 'silent' }),
    passwordCost: TEST_PASSWORD_COST,
    ...opts,
  });

  const owner = host.owner;
  if (!owner) throw new Error('createTestHost needs an admin to bootstrap');

  const api: TestHost['api'] = async (method, path, { token = OWNER_TOKEN, body } = {}) => {
    const res = await host.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const login: TestHost['login'] = async (email, password) => {
    const res = await host.app.request('/login', {
      method: 'POST',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });
    const match = /panel_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
    if (!match?.[1]) throw new Error(`login as ${email} failed with ${res.status}`);
    const token = match[1];
    const cookie = `${SESSION_COOKIE}=${token}`;
    const csrf = csrfTokenFor(token);
    return {
      cookie,
      csrf,
      async request(path, init = {}) {
        const { form, htmx, ...rest } = init;
        const headers = new Headers(rest.headers);
        headers.set('cookie', cookie);
        headers.set('origin', TEST_ORIGIN);
        if (htmx) {
          headers.set('HX-Request', 'true');
          headers.set(CSRF_HEADER, csrf);
        }
        if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
        return host.app.request(path, {
          ...rest,
          method: rest.method ?? (form ? 'POST' : 'GET'),
          headers,
          body: form ? new URLSearchParams(form).toString() : rest.body,
        });
      },
    };
  };

  const addUser: TestHost['addUser'] = async ({ role, teamId, abilities = ['read', 'write'], email }) => {
    const address = email ?? `user${++sequence}@example.com`;
    const password = `password-${sequence}-long`;
    const created = await api('POST', '/api/v1/users', { body: { email: address, password, role, teamId } });
    if (created.status !== 201) throw new Error(`creating ${address}: ${JSON.stringify(created.body)}`);
    const minted = await api('POST', '/api/v1/tokens', { body: { userId: created.body.id, abilities } });
    if (minted.status !== 201) throw new Error(`token for ${address}: ${JSON.stringify(minted.body)}`);
    return { id: created.body.id, email: address, password, teamId: teamId ?? owner.teamId, role, token: minted.body.token };
  };

  const addTeam: TestHost['addTeam'] = async (name) => {
    const team = await api('POST', '/api/v1/teams', { body: { name } });
    if (team.status !== 201) throw new Error(`creating team ${name}: ${JSON.stringify(team.body)}`);
    return addUser({ role: 'owner', teamId: team.body.id });
  };

  return { ...host, ownerToken: OWNER_TOKEN, ownerTeamId: owner.teamId, api, login, addUser, addTeam };
}
