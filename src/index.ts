/**
 * The plugin's one entry point. The host passes its services and what it is; the plugin checks them
 * against the contract and returns what the host mounts.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { assertHostContract, contractGaps } from './contract/check.ts';
import { CONTRACT_VERSION, type HostInfo, type HostServices, type PluginSettingsOverrides } from './contract/host.ts';
import type { ClustersPlugin, PluginManifest } from './contract/plugin.ts';
import { migratePluginDatabase } from './db/database.ts';
import { clusterSyncJob, eventRetentionJob, notificationRetentionJob } from './jobs/sync-job.ts';
import { createPluginContext } from './plugin-context.ts';
import { clusterApi } from './routes/api/clusters.ts';
import { mcpEndpoint } from './routes/api/mcp.ts';
import { allows } from './routes/auth.ts';
import { applicationSwarmForm } from './routes/web/application-swarm/index.ts';
import { applicationTasksWidget } from './routes/web/application-widget.ts';
import { hostKeyPanel } from './routes/web/host-key.ts';
import { clusterWeb } from './routes/web/index.ts';
import { resolveSettings } from './settings.ts';

export { contractGaps, HostContractError } from './contract/check.ts';
export type * from './contract/host.ts';
export { CONTRACT_VERSION } from './contract/host.ts';
export type * from './contract/plugin.ts';
/** For hosts that deploy with compose: the settings' `deploy:` mapping, merged deliberately into theirs. */
export { type ComposeDeploy, mergeDeploy, toComposeDeploy, toComposeHealthcheck } from './domain/compose-deploy.ts';

export const manifest: PluginManifest = JSON.parse(readFileSync(new URL('../plugin.json', import.meta.url), 'utf8')) as PluginManifest;

export interface CreateClustersPluginOptions {
  host: HostServices;
  info: HostInfo;
  settings?: PluginSettingsOverrides;
}

export function createClustersPlugin(options: CreateClustersPluginOptions): ClustersPlugin {
  assertHostContract(options.host, options.info);
  const gaps = contractGaps(options.info.contractVersion);
  if (gaps.length) {
    options.host.logger.warn(
      `host contract ${options.info.contractVersion} is older than the plugin's ${CONTRACT_VERSION}; the host goes without what later versions added (${gaps.join('; ')})`,
    );
  }
  const settings = resolveSettings(options.settings);
  const ctx = createPluginContext(options.host, settings, options.info.mounts.web);
  let started = false;
  // Re-rooted on a plain Hono so the host needs none of the plugin's context types.
  const api = new Hono().route('/', clusterApi(ctx, { mount: options.info.mounts.api, version: manifest.version }));
  return {
    manifest,
    web: new Hono().route('/', clusterWeb(ctx, options.info)),
    api,
    mcp: new Hono().route('/', mcpEndpoint(ctx.host, api, manifest.version)),
    sidebar: {
      ...manifest.sidebar,
      href: options.info.mounts.web,
      async visible({ principal }) {
        if (ctx.clusters.countForTeam(principal.teamId) > 0) return true;
        return allows(options.host, principal, 'cluster.create');
      },
    },
    widget: applicationTasksWidget(ctx, options.info),
    deployForm: settings.applications.deployForm ? applicationSwarmForm(ctx, options.info).widget : undefined,
    serverWidget: hostKeyPanel(ctx, options.info).widget,
    migrate: () => migratePluginDatabase(ctx.db),
    jobs: [clusterSyncJob(ctx, () => started), eventRetentionJob(ctx), notificationRetentionJob(ctx)],
    async start() {
      started = true;
      ctx.live.start();
      // Notifications decided before a restart and not sent yet go out now.
      ctx.notifier.deliver().catch((error: unknown) => ctx.host.logger.warn('sending queued notifications failed', { error: String(error) }));
    },
    async stop() {
      await Promise.all([ctx.rotations.stop(), ctx.stacks.stop()]);
      ctx.notifier.stop();
      await ctx.live.stop();
      await ctx.connections.close();
    },
    stats: () => ({ ssh: ctx.connections.serverStats(), live: { ...ctx.liveViewers.stats(), hubSubscribers: ctx.live.subscriberTotal() } }),
  };
}
