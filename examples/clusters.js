/**
 * The one glue file a panel writes to mount the clusters plugin: the panel's own servers, sessions, roles,
 * notifications, encryption and layout mapped onto the plugin's host contract, the plugin's SQLite file opened,
 * its migrations applied, its apps routed and its jobs scheduled. Plain JavaScript, run by plain `node`.
 *
 *   npm install swarm-clusters-plugin hono better-sqlite3 node-cron
 *
 * `panel` is what the panel already has (examples/panel.js is a tiny one, so this file runs as it is):
 *   db                      the panel's own database (here better-sqlite3; a drizzle/PostgreSQL panel runs its own queries)
 *   dataDir                 where the panel keeps files: the plugin's SQLite file goes there
 *   principalOf(request)    the signed-in member of a request (session cookie) or the API token's owner, or null
 *   encrypt/decrypt(text)   the panel's encryption with its own key (the one it keeps SSH keys with)
 *   notify(teamId, n)       the panel's notification centre
 *   page({ title, body, request, active, nav })  the panel's layout around an HTML body
 *   logger                  { debug, info, warn, error }(message, data)
 *
 * Node: 20 or 22+. The package is ES modules without top-level await, and ships JavaScript with type declarations:
 * - Node 20: an ES-module panel imports it (as here); a CommonJS panel uses `await import('swarm-clusters-plugin')`.
 * - Node 22.12+: also `require('swarm-clusters-plugin')` from CommonJS (e.g. a Next.js custom `server.js`), since
 *   Node loads ES modules synchronously there. Nothing else changes: no loader, no tsx, no type stripping needed
 *   (a TypeScript panel gets the types from the package's .d.ts). better-sqlite3 is the panel's own copy, built
 *   for the panel's Node, so moving the panel to Node 22 means the usual `npm rebuild` of the panel alone.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import cron from 'node-cron';
import { createClustersPlugin } from 'swarm-clusters-plugin';

/** Where the panel routes the plugin: pages, REST API, MCP endpoint (under the API, so it takes API tokens). */
export const MOUNTS = { web: '/clusters', api: '/api/v1/clusters', mcp: '/api/v1/mcp' };

/** The contract version this glue implements (not the plugin's own constant: the plugin checks the two agree). */
const CONTRACT_VERSION = '1.4.0';

/** Owners and admins run clusters; every member of the team sees them. */
const MAY = {
  'cluster.view': ['owner', 'admin', 'member', 'viewer'],
  'cluster.create': ['owner', 'admin'],
  'cluster.update': ['owner', 'admin'],
  'cluster.delete': ['owner', 'admin'],
  'cluster.operate': ['owner', 'admin'],
  'cluster.join-tokens': ['owner', 'admin'],
};

/** A row of the panel's `servers` table as the plugin sees a server. */
function hostServer(row) {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    ip: row.ip,
    port: row.port,
    user: row.user,
    swarmManager: row.swarm_manager === 1,
    swarmWorker: row.swarm_worker === 1,
    dockerSocketPath: row.docker_socket ?? '/var/run/docker.sock',
    // 'local': the machine the panel runs on, a manager reached through its Docker socket (no SSH key needed).
    transport: row.transport,
  };
}

/**
 * Mounts the plugin on the panel's Hono app and starts it. Returns the plugin (for the sidebar and widgets) and
 * `stop()` for the panel's shutdown.
 */
export async function mountClusters({ app, panel, settings }) {
  // The plugin keeps its tables in a SQLite file of its own, whatever database the panel uses.
  const sqlite = new Database(join(panel.dataDir, 'clusters.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');

  const serverRow = panel.db.prepare('select * from servers where id = ?');
  const host = {
    servers: {
      async listForTeam({ teamId }) {
        return panel.db.prepare('select * from servers where team_id = ? order by name').all(teamId).map(hostServer);
      },
      async get({ teamId, serverId }) {
        const row = serverRow.get(serverId);
        return row && row.team_id === teamId ? hostServer(row) : null;
      },
      // Asked when connecting, never stored by the plugin.
      async privateKey({ serverId }) {
        const row = serverRow.get(serverId);
        if (!row) throw new Error(`no server ${serverId}`);
        return panel.decrypt(row.private_key);
      },
    },
    auth: {
      // { userId, teamId, role: 'owner'|'admin'|'member'|'viewer', email, abilities: ['read'] or ['read','write'], via }
      principal: ({ request }) => panel.principalOf(request),
      // `servers`: the cluster's servers ({ serverId, manager }); a panel that limits members to some servers
      // refuses when one is not theirs. Here every member may use every server of the team.
      async authorize({ principal, action, teamId }) {
        return principal.teamId === teamId && (MAY[action] ?? []).includes(principal.role);
      },
    },
    notifications: {
      async notify({ teamId, notification }) {
        panel.notify(teamId, notification);
      },
    },
    // The plugin encrypts what it stores that must stay secret (none of it is a private key: those stay the panel's).
    crypto: {
      encrypt: async ({ plaintext }) => panel.encrypt(plaintext),
      decrypt: async ({ ciphertext }) => panel.decrypt(ciphertext),
    },
    layout: {
      // `body` is escaped HTML; the layout loads htmx and Alpine (CSP build) and sends the CSRF header.
      render: async (page) => panel.page({ ...page, nav: nav() }),
    },
    database: { sqlite },
    logger: panel.logger,
    // This panel has no applications: nothing for the task widget, and the deploy form is off (settings below). A
    // panel that runs applications as swarm services maps them here; with a deployer of its own it also gives
    // `deploySwarm({ principal, application, settings })`, which then gets the form's settings to apply.
    applications: {
      listForTeam: async () => [],
      get: async () => null,
      saveSwarmSettings: async () => {
        throw new Error('this panel has no applications');
      },
    },
  };

  const plugin = createClustersPlugin({
    host,
    info: { name: 'example-panel', contractVersion: CONTRACT_VERSION, mounts: { web: MOUNTS.web, api: MOUNTS.api } },
    // The plugin's settings (plugin.json lists them, with defaults); these override them key by key.
    settings: { ...settings, applications: { deployForm: false, ...settings?.applications } },
  });
  const nav = () => [{ id: plugin.sidebar.id, label: plugin.sidebar.label, href: plugin.sidebar.href }];

  plugin.migrate();
  app.route(MOUNTS.web, plugin.web);
  app.route(MOUNTS.api, plugin.api);
  if (plugin.mcp) app.route(MOUNTS.mcp, plugin.mcp);

  const tasks = plugin.jobs.map((job) =>
    cron.schedule(job.schedule, () => job.run().catch((error) => panel.logger.error('clusters job failed', { job: job.name, error: String(error) })), {
      name: `clusters:${job.name}`,
      noOverlap: true,
    }),
  );
  await plugin.start();

  return {
    plugin,
    async stop() {
      for (const task of tasks) await task.destroy();
      await plugin.stop();
      sqlite.close();
    },
  };
}
