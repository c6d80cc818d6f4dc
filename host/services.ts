/**
 * The `HostServices` of the contract, built from the host's database and key. Every method
 * is a thin async wrapper over the synchronous stores: the contract is async so that other
 * panels can implement it over a network or an async driver.
 */
import type Database from 'better-sqlite3';
import type { HostLogger, HostServices } from '../src/contract/host.ts';
import { authorizeClusterAction } from './auth/authorize.ts';
import { resolvePrincipal } from './auth/principal.ts';
import type { HostCipher } from './crypto.ts';
import type { HostDb } from './db/open.ts';
import type { HostExtensions } from './extensions.ts';
import { createNotifier } from './notifier.ts';
import { getApplication, listApplications, saveSwarmSettings } from './store/applications.ts';
import { getServer, listServers, serverPrivateKey } from './store/servers.ts';
import { createLayout } from './views/layout.tsx';

export interface HostServicesDeps {
  db: HostDb;
  sqlite: Database.Database;
  cipher: HostCipher;
  logger: HostLogger;
  extensions: HostExtensions;
  /** Used for webhooks; injectable for tests. */
  fetch?: typeof fetch;
}

export function createHostServices(deps: HostServicesDeps): HostServices {
  const { db, cipher, logger } = deps;
  return {
    servers: {
      listForTeam: async ({ teamId }) => listServers(db, teamId),
      get: async ({ teamId, serverId }) => getServer(db, { teamId, serverId }),
      privateKey: async ({ serverId }) => serverPrivateKey(db, cipher, serverId),
    },
    auth: {
      principal: async ({ request }) => resolvePrincipal(db, request),
      authorize: async (opts) => authorizeClusterAction(opts),
    },
    notifications: createNotifier({ db, logger, fetch: deps.fetch }),
    crypto: {
      encrypt: async ({ plaintext }) => cipher.encrypt(plaintext),
      decrypt: async ({ ciphertext }) => cipher.decrypt(ciphertext),
    },
    layout: createLayout({ db, logger, extensions: deps.extensions }),
    database: { sqlite: deps.sqlite },
    logger,
    applications: {
      listForTeam: async ({ teamId }) => listApplications(db, teamId),
      get: async ({ teamId, uuid }) => getApplication(db, { teamId, uuid }),
      saveSwarmSettings: async (opts) => saveSwarmSettings(db, opts),
    },
  };
}
