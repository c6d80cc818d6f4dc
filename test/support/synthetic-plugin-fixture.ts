/**
 * The plugin over a synthetic engine, for page and API tests at scale: the real unix-socket transport, client,
 * cache and views, a minimal host with one cluster of team-a and a viewer's token. Each test mounts the routes it
 * covers with `web()`, behind the pages' own auth and error handling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { migratePluginDatabase } from '../../src/db/database.ts';
import { ClusterRepository } from '../../src/db/repositories/cluster-repository.ts';
import type { ClusterRow } from '../../src/db/schema.ts';
import { LocalTransport, SwarmClient } from '../../src/docker/index.ts';
import { createPluginContext, type PluginContext } from '../../src/plugin-context.ts';
import { type PluginEnv, requirePrincipal } from '../../src/routes/auth.ts';
import { webErrorHandler } from '../../src/routes/web/page-support.ts';
import { SwarmState } from '../../src/services/swarm-state.ts';
import { TtlCache } from '../../src/services/ttl-cache.ts';
import { resolveSettings } from '../../src/settings.ts';
import { createMinimalHost, type MinimalHost } from './minimal-host.ts';
import { type SyntheticEngine, startSyntheticEngine } from './synthetic-engine.ts';
import { managerAccess, type SwarmSize } from './synthetic-swarm.ts';

/** Long enough that a test reads each list from the engine once. */
const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };

export interface SyntheticPluginFixture {
  engine: SyntheticEngine;
  host: MinimalHost;
  services: PluginContext & { state: SwarmState };
  cluster: ClusterRow;
  /** A read-only member of the cluster's team. */
  token: string;
  /** `routes` under the host's web mount, behind the pages' principal check and error handler. */
  web(routes: Hono<PluginEnv>): Hono;
  close(): Promise<void>;
}

export async function syntheticPluginFixture(size: SwarmSize): Promise<SyntheticPluginFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-plugin-'));
  const engine = await startSyntheticEngine({ ...size, socketPath: join(dir, 'docker.sock') });
  const client = new SwarmClient(new LocalTransport({ socketPath: engine.socketPath }));
  const host = createMinimalHost();
  const ctx = createPluginContext(host.services, resolveSettings());
  migratePluginDatabase(ctx.db);
  const cluster = new ClusterRepository(ctx.db).insert({ uuid: 'c-uuid', teamId: 'team-a', name: 'synthetic', managerServerId: 'synthetic' });
  const services = { ...ctx, state: new SwarmState(managerAccess(client), new TtlCache(), TTL) };
  return {
    engine,
    host,
    services,
    cluster,
    token: host.token({ teamId: 'team-a', role: 'viewer', abilities: ['read'] }),
    web(routes) {
      const web = new Hono<PluginEnv>();
      web.onError(webErrorHandler(services));
      web.use('*', requirePrincipal(services.host));
      web.route('/', routes);
      return new Hono().route(host.info.mounts.web, web);
    },
    async close() {
      await ctx.connections.close();
      await client.transport.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
