/**
 * Mounting the clusters plugin: create it with the host's services, check the contract, apply
 * its migrations, route its sub-apps, show its sidebar entry and widget, schedule its jobs.
 */
import type { Hono } from 'hono';
import cron, { type ScheduledTask } from 'node-cron';
import { CONTRACT_VERSION, type HostInfo, type HostServices, type PluginSettingsOverrides } from '../src/contract/host.ts';
import type { ClustersPlugin } from '../src/contract/plugin.ts';
import type { HostExtensions } from './extensions.ts';

export type ClustersPluginFactory = (opts: { host: HostServices; info: HostInfo; settings?: PluginSettingsOverrides }) => ClustersPlugin;

export const HOST_INFO: HostInfo = {
  name: 'reference-host',
  contractVersion: CONTRACT_VERSION,
  mounts: { web: '/clusters', api: '/api/v1/clusters' },
};

/** Where the host serves the plugin's MCP endpoint: under `/api`, so it takes the API's bearer tokens. */
export const MCP_MOUNT = '/api/v1/mcp';

export interface MountedPlugin {
  plugin: ClustersPlugin;
  /** Stops the cron jobs, then the plugin. */
  stop(): Promise<void>;
}

export function mountPlugin(opts: {
  // biome-ignore lint/suspicious/noExplicitAny: any host's app, whatever its bindings (a Hono<E> parameter accepts only that E)
  app: Hono<any>;
  factory: ClustersPluginFactory;
  services: HostServices;
  extensions: HostExtensions;
  settings?: PluginSettingsOverrides;
}): MountedPlugin {
  const { services } = opts;
  const plugin = opts.factory({ host: services, info: HOST_INFO, settings: opts.settings });
  const major = (version: string) => version.split('.')[0];
  if (major(plugin.manifest.contractVersion) !== major(CONTRACT_VERSION)) {
    throw new Error(`plugin ${plugin.manifest.id} needs host contract ${plugin.manifest.contractVersion}, this host implements ${CONTRACT_VERSION}`);
  }
  for (const job of plugin.jobs) {
    if (!cron.validate(job.schedule)) throw new Error(`plugin job ${job.name} has an invalid schedule "${job.schedule}"`);
  }

  plugin.migrate();
  opts.app.route(HOST_INFO.mounts.web, plugin.web);
  opts.app.route(HOST_INFO.mounts.api, plugin.api);
  if (plugin.mcp) opts.app.route(MCP_MOUNT, plugin.mcp);
  opts.extensions.sidebar.push(plugin.sidebar);
  opts.extensions.applicationWidgets.push(plugin.widget);
  if (plugin.deployForm) opts.extensions.applicationDeployForms.push(plugin.deployForm);
  if (plugin.serverWidget) opts.extensions.serverWidgets.push(plugin.serverWidget);

  const tasks: ScheduledTask[] = plugin.jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        try {
          await job.run();
        } catch (err) {
          services.logger.error('plugin job failed', { job: job.name, error: err });
        }
      },
      // A slow sync must not pile up behind itself.
      { name: `${plugin.manifest.id}:${job.name}`, noOverlap: true },
    ),
  );
  services.logger.info('plugin mounted', { plugin: plugin.manifest.id, version: plugin.manifest.version });

  return {
    plugin,
    async stop() {
      for (const task of tasks) await task.destroy();
      await plugin.stop();
    },
  };
}
