import type Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/password.ts';
import { principalFromApiToken } from './auth/principal.ts';
import { bootstrapOwner, readConfig } from './bootstrap.ts';
import { type HostDb, openDatabase } from './db/open.ts';
import { findUserByEmail } from './store/accounts.ts';
import { TEST_PASSWORD_COST } from './testing.ts';

describe('readConfig', () => {
  it('reads the plugin-wide cluster defaults from their variables, over PLUGIN_SETTINGS', () => {
    const config = readConfig({
      PLUGIN_SETTINGS: '{"syncIntervalSeconds": 90, "cacheTtlSeconds": {"nodes": 5}}',
      CLUSTERS_SYNC_INTERVAL: '30',
      CLUSTERS_EVENT_RETENTION_DAYS: '14',
      CLUSTERS_SERVICE_SHORT_GRACE: '120',
      CLUSTERS_NODE_RESOURCES_REFRESH: '20',
      CLUSTERS_AUTO_LINK_NODES: '0',
    });
    expect(config.pluginSettings).toEqual({
      syncIntervalSeconds: 30,
      eventRetentionDays: 14,
      shortServiceGraceSeconds: 120,
      autoLinkNodes: false,
      cacheTtlSeconds: { nodes: 5, resources: 20 },
    });
  });

  it('has defaults for everything', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      trustProxy: false,
      dataDir: './data',
      admin: { email: 'admin@example.com', password: undefined, token: undefined },
      lab: true,
      logLevel: 'info',
      pluginSettings: {},
    });
  });

  it('reads and validates the environment, empty meaning unset', () => {
    const config = readConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      TRUST_PROXY: '1',
      DATA_DIR: '/var/lib/panel',
      ADMIN_EMAIL: 'Ops@Example.com',
      ADMIN_PASSWORD: '',
      ADMIN_TOKEN: 'automation-token-0123456789',
      LAB: '0',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', trustProxy: true, dataDir: '/var/lib/panel', lab: false, logLevel: 'debug' });
    expect(config.admin).toEqual({ email: 'ops@example.com', password: undefined, token: 'automation-token-0123456789' });
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/^PORT: /);
    expect(() => readConfig({ TRUST_PROXY: 'yes' })).toThrow('TRUST_PROXY: must be 0 or 1');
    expect(() => readConfig({ CLUSTERS_SYNC_INTERVAL: '2' })).toThrow('CLUSTERS_SYNC_INTERVAL: must be at least 5 s');
    expect(() => readConfig({ CLUSTERS_SERVICE_SHORT_GRACE: '86401' })).toThrow('CLUSTERS_SERVICE_SHORT_GRACE: must be at most 86400 s');
    expect(() => readConfig({ CLUSTERS_EVENT_RETENTION_DAYS: '3651' })).toThrow('CLUSTERS_EVENT_RETENTION_DAYS: must be at most 3650 days');
    expect(() => readConfig({ CLUSTERS_AUTO_LINK_NODES: 'yes' })).toThrow('CLUSTERS_AUTO_LINK_NODES: must be 0 or 1');
    expect(() => readConfig({ ADMIN_TOKEN: 'short' })).toThrow('ADMIN_TOKEN: must be at least 20 characters');
    expect(() => readConfig({ ADMIN_EMAIL: 'nope' })).toThrow('ADMIN_EMAIL: must be an email address');
    expect(readConfig({ PLUGIN_SETTINGS: '{"timeoutsMs":{"read":1500}}' }).pluginSettings).toEqual({ timeoutsMs: { read: 1500 } });
    expect(() => readConfig({ PLUGIN_SETTINGS: '{not json' })).toThrow('PLUGIN_SETTINGS: must be a JSON object');
    expect(() => readConfig({ PLUGIN_SETTINGS: '[1]' })).toThrow(/^PLUGIN_SETTINGS: /);
  });
});

describe('bootstrapOwner', () => {
  let db: HostDb;
  let sqlite: Database.Database;
  beforeEach(() => {
    ({ db, sqlite } = openDatabase({ file: ':memory:' }));
  });

  it('creates the Default team and its owner with a generated password, once', async () => {
    const first = await bootstrapOwner(db, { email: 'admin@example.com' }, TEST_PASSWORD_COST);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[\w-]{20}$/);
    const user = findUserByEmail(db, 'admin@example.com')!;
    expect(user.role).toBe('owner');
    expect(await verifyPassword(first.generatedPassword!, user.passwordHash)).toBe(true);

    const again = await bootstrapOwner(db, { email: 'admin@example.com', password: 'a-new-password' }, TEST_PASSWORD_COST);
    expect(again).toEqual({ userId: first.userId, teamId: first.teamId, created: false, generatedPassword: undefined });
    expect(await verifyPassword(first.generatedPassword!, findUserByEmail(db, 'admin@example.com')!.passwordHash)).toBe(true);
  });

  it('uses ADMIN_PASSWORD and makes ADMIN_TOKEN a read+write token, idempotently', async () => {
    const token = 'automation-token-0123456789';
    const result = await bootstrapOwner(db, { email: 'admin@example.com', password: 'given-password', token }, TEST_PASSWORD_COST);
    expect(result.generatedPassword).toBeUndefined();
    await bootstrapOwner(db, { email: 'admin@example.com', password: 'given-password', token }, TEST_PASSWORD_COST);
    expect(principalFromApiToken(db, token)).toMatchObject({ userId: result.userId, role: 'owner', abilities: ['read', 'write'] });
    expect(sqlite.prepare('SELECT count(*) FROM api_tokens').pluck().get()).toBe(1);
    expect(sqlite.prepare('SELECT count(*) FROM teams').pluck().get()).toBe(1);
  });
});
