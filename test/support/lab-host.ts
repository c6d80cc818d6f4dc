/**
 * The reference host with the plugin, served over HTTP on 127.0.0.1 with a temporary data dir, and
 * the nodes of a lab registered as its servers through the admin API: what the browser tests and the
 * screenshots script drive with chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { createHostApp, type HostApp } from '../../host/app.ts';
import { createLogger } from '../../host/logger.ts';
import { TEST_PASSWORD_COST } from '../../host/testing.ts';
import { type LabState, labServers } from '../../lab/lab.ts';
import type { PluginSettingsOverrides } from '../../src/contract/host.ts';
import { createClustersPlugin } from '../../src/index.ts';

export const OWNER = { email: 'owner@example.com', password: 'owner-password-1', token: 'hp_pages-owner-token-0123456789abcdef' };

export interface LabHost {
  url: string;
  host: HostApp;
  /** A JSON API call as the owner (or with another token). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies they expect without declaring each shape
  api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** `dataDir`: a data dir of the caller's, kept on close (to restart a host on it); by default a temporary one, removed on close. */
export async function startLabHost(opts: { pluginSettings?: PluginSettingsOverrides; dataDir?: string } = {}): Promise<LabHost> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pages-host-'));
  const host = await createHostApp({
    dataDir,
    admin: OWNER,
    plugin: createClustersPlugin,
    pluginSettings: opts.pluginSettings,
    logger: createLogger({ level: 'silent' }),
    // No test here is about the hash's cost: each login and user made would cost ~100 ms of CPU at the production one.
    passwordCost: TEST_PASSWORD_COST,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: host.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await host.plugin?.start();
  return {
    url,
    host,
    async api(method, path, body, token = OWNER.token) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      // Open SSE responses would keep the server from closing.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers every joined node of the lab as a server of the owner's team, then detects the cluster.
 * Any host with the admin API will do: a served LabHost, or host/testing.ts's in-process host through `{ api }`.
 */
export async function registerLab(labHost: Pick<LabHost, 'api'>, lab: LabState): Promise<{ uuid: string; serverIds: Record<string, string> }> {
  const serverIds: Record<string, string> = {};
  for (const { node: _node, ...server } of labServers(lab)) {
    const res = await labHost.api('POST', '/api/v1/servers', server);
    if (res.status !== 201) throw new Error(`registering ${server.name}: ${res.status} ${JSON.stringify(res.body)}`);
    serverIds[server.name] = res.body.id;
  }
  const detected = await labHost.api('POST', '/api/v1/clusters/detect');
  if (detected.status !== 200 || detected.body.data.length !== 1) throw new Error(`detect: ${detected.status} ${JSON.stringify(detected.body)}`);
  return { uuid: detected.body.data[0].uuid, serverIds };
}

/** A session cookie (`panel_session=...`) from the host's login form, for page requests without a browser. */
export async function sessionCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = /panel_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`login as ${email}: ${res.status}`);
  return cookie;
}

/** Logs in through the host's login form. */
export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}
