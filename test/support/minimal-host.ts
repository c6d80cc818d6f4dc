/**
 * A second, deliberately small host: plain objects and an in-memory SQLite, no sessions, no Hono of
 * its own. Mounting the plugin here proves it depends on the contract, not on the reference host.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  CONTRACT_VERSION,
  type HostApplication,
  type HostInfo,
  type HostNotification,
  type HostServer,
  type HostServices,
  type Principal,
  type TeamRole,
} from '../../src/contract/host.ts';

export interface MinimalHost {
  services: HostServices;
  info: HostInfo;
  sqlite: Database.Database;
  notifications: { teamId: string; notification: HostNotification }[];
  /** An application of a team, as the host's own pages would have it. */
  addApplication(application: Omit<HostApplication, 'uuid' | 'swarmSettings'>): HostApplication;
  /** A server; a `local` one (contract 1.3) needs no private key. */
  addServer(server: Omit<HostServer, 'id' | 'dockerSocketPath'> & { privateKey?: string; dockerSocketPath?: string }): HostServer;
  /**
   * A bearer token for a principal; abilities default to read+write. `servers`: the only servers the member may
   * use (a host restricting members to some servers): a cluster with another manager is refused.
   */
  token(p: { teamId: string; role: TeamRole; abilities?: Principal['abilities']; servers?: string[] }): string;
}

export function createMinimalHost(opts: { sqlitePath?: string } = {}): MinimalHost {
  const sqlite = new Database(opts.sqlitePath ?? ':memory:');
  const key = randomBytes(32);
  const servers = new Map<string, HostServer>();
  const keys = new Map<string, string>();
  const tokens = new Map<string, Principal>();
  /** By user id: the servers a member is restricted to (absent: all of the team's). */
  const allowedServers = new Map<string, Set<string>>();
  const applications = new Map<string, HostApplication>();
  const notifications: MinimalHost['notifications'] = [];
  const silent = () => {};

  const services: HostServices = {
    servers: {
      async listForTeam({ teamId }) {
        return [...servers.values()].filter((s) => s.teamId === teamId);
      },
      async get({ teamId, serverId }) {
        const server = servers.get(serverId);
        return server && server.teamId === teamId ? server : null;
      },
      async privateKey({ serverId }) {
        const pem = keys.get(serverId);
        if (!pem) throw new Error(`no key for server ${serverId}`);
        return pem;
      },
    },
    auth: {
      async principal({ request }) {
        const header = request.headers.get('authorization') ?? '';
        return tokens.get(header.replace(/^Bearer /, '')) ?? null;
      },
      async authorize({ principal, action, teamId, servers }) {
        if (principal.teamId !== teamId) return false;
        const allowed = allowedServers.get(principal.userId);
        if (allowed && servers?.some((s) => s.manager && !allowed.has(s.serverId))) return false;
        if (action === 'cluster.view') return true;
        const admin = principal.role === 'owner' || principal.role === 'admin';
        return admin && principal.abilities.includes('write');
      },
    },
    notifications: {
      async notify(n) {
        notifications.push(n);
      },
    },
    crypto: {
      async encrypt({ plaintext }) {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
      },
      async decrypt({ ciphertext }) {
        const raw = Buffer.from(ciphertext, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      },
    },
    layout: {
      async render({ title, body, head }) {
        return `<!doctype html><title>${title.replace(/[<&]/g, '')}</title>${head ?? ''}<main>${body}</main>`;
      },
    },
    database: { sqlite },
    logger: { debug: silent, info: silent, warn: silent, error: silent },
    applications: {
      async listForTeam({ teamId }) {
        return [...applications.values()].filter((a) => a.teamId === teamId);
      },
      async get({ teamId, uuid }) {
        const app = applications.get(uuid);
        return app && app.teamId === teamId ? app : null;
      },
      async saveSwarmSettings({ teamId, uuid, settings }) {
        const app = applications.get(uuid);
        if (app && app.teamId === teamId) app.swarmSettings = settings;
      },
    },
  };

  return {
    services,
    info: { name: 'minimal-host', contractVersion: CONTRACT_VERSION, mounts: { web: '/c', api: '/api/c' } },
    sqlite,
    notifications,
    addApplication(application) {
      const created: HostApplication = { uuid: randomUUID(), swarmSettings: null, ...application };
      applications.set(created.uuid, created);
      return created;
    },
    addServer({ privateKey, dockerSocketPath, ...server }) {
      const created: HostServer = { id: randomUUID(), dockerSocketPath: dockerSocketPath ?? '/var/run/docker.sock', ...server };
      servers.set(created.id, created);
      if (privateKey !== undefined) keys.set(created.id, privateKey);
      return created;
    },
    token({ teamId, role, abilities = ['read', 'write'], servers: only }) {
      const token = randomUUID();
      const userId = randomUUID();
      tokens.set(token, { userId, teamId, role, email: `${role}@example.test`, abilities, via: 'token' });
      if (only) allowedServers.set(userId, new Set(only));
      return token;
    },
  };
}
