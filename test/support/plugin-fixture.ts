/**
 * The plugin mounted on the minimal host, with the servers of a lab registered in it: what the
 * API tests drive, with the plugin's context exposed so tests can read connection counters.
 */
import { Hono } from 'hono';
import { type LabState, labServers } from '../../lab/lab.ts';
import type { HostServer, PluginSettingsOverrides } from '../../src/contract/host.ts';
import { migratePluginDatabase } from '../../src/db/database.ts';
import { createPluginContext, type PluginContext } from '../../src/plugin-context.ts';
import { clusterApi } from '../../src/routes/api/clusters.ts';
import { resolveSettings } from '../../src/settings.ts';
import { createMinimalHost, type MinimalHost } from './minimal-host.ts';

export interface PluginFixture {
  host: MinimalHost;
  ctx: PluginContext;
  app: Hono;
  servers: HostServer[];
  teamId: string;
  /** Owner token with read+write. */
  token: string;
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export function createPluginFixture(
  lab: LabState | null,
  opts: { teamId?: string; settings?: PluginSettingsOverrides; sqlitePath?: string } = {},
): PluginFixture {
  const host = createMinimalHost({ sqlitePath: opts.sqlitePath });
  const teamId = opts.teamId ?? 'team-a';
  const ctx = createPluginContext(host.services, resolveSettings(opts.settings));
  migratePluginDatabase(ctx.db);
  const app = new Hono().route('/api/clusters', clusterApi(ctx, { mount: '/api/clusters', version: 'test' }));
  const servers: HostServer[] = [];
  if (lab) {
    for (const { node: _node, ...server } of labServers(lab)) servers.push(host.addServer({ teamId, ...server }));
  }
  const token = host.token({ teamId, role: 'owner' });
  return {
    host,
    ctx,
    app,
    servers,
    teamId,
    token,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${init.token ?? token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return app.request(`/api/clusters${path === '/' ? '' : path}`, { ...init, headers, body });
    },
    close: () => ctx.connections.close(),
  };
}

/** Polls until `check` returns a truthy value or the deadline passes; never a guessed sleep. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
  throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${(last as Error).message}` : ''}`);
}
