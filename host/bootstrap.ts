/**
 * Configuration from the environment, and the bootstrap owner, so automation needs no clicks.
 * Idempotent: on a restart the existing owner is kept (its password is not reset from env).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PluginSettingsOverrides } from '../src/contract/host.ts';
import type { PasswordCost } from './auth/password.ts';
import type { HostDb } from './db/open.ts';
import { isLogLevel, type LogLevel } from './logger.ts';
import { createTeam, createUser, ensureApiToken, findTeamByName, findUserByEmail } from './store/accounts.ts';
import { parseInput } from './validation.ts';

export interface AdminBootstrap {
  email: string;
  /** Generated (and returned once) when absent. */
  password?: string;
  /** A read+write token for the owner, usable by automation right away. */
  token?: string;
}

export interface HostConfig {
  port: number;
  /** The address to listen on: loopback unless `HOST` opens it up (e.g. `0.0.0.0` behind a firewall or proxy). */
  host: string;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  dataDir: string;
  admin: AdminBootstrap;
  lab: boolean;
  logLevel: LogLevel;
  /** The plugin's settings over its manifest's defaults (`PLUGIN_SETTINGS`, JSON), e.g. shorter timeouts for a test. */
  pluginSettings: PluginSettingsOverrides;
}

const DEFAULT_TEAM = 'Default';

const envSchema = z.object({
  // 0 takes any free port (the port is printed): how tests run the host as its own process.
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  TRUST_PROXY: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email('must be an email address')).default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ADMIN_TOKEN: z.string().min(20, 'must be at least 20 characters').regex(/^\S+$/, 'must not contain spaces').optional(),
  LAB: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
  PLUGIN_SETTINGS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }))
    .optional(),
  CLUSTERS_SYNC_INTERVAL: seconds(5),
  CLUSTERS_EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(3650, 'must be at most 3650 days')
    .optional(),
  CLUSTERS_SERVICE_SHORT_GRACE: seconds(0),
  CLUSTERS_NODE_RESOURCES_REFRESH: seconds(5),
  CLUSTERS_AUTO_LINK_NODES: z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional(),
});

/** The bounds a cluster's own settings have (domain/cluster-settings.ts), so that a default is one a cluster could set. */
function seconds(min: number) {
  return z.coerce.number().int('must be a whole number of seconds').min(min, `must be at least ${min} s`).max(86_400, 'must be at most 86400 s').optional();
}

/** The plugin-wide defaults of cluster settings named by their own variables (over `PLUGIN_SETTINGS`). */
function clusterDefaults(parsed: z.infer<typeof envSchema>): PluginSettingsOverrides {
  const settings: PluginSettingsOverrides = {};
  if (parsed.CLUSTERS_SYNC_INTERVAL !== undefined) settings.syncIntervalSeconds = parsed.CLUSTERS_SYNC_INTERVAL;
  if (parsed.CLUSTERS_EVENT_RETENTION_DAYS !== undefined) settings.eventRetentionDays = parsed.CLUSTERS_EVENT_RETENTION_DAYS;
  if (parsed.CLUSTERS_SERVICE_SHORT_GRACE !== undefined) settings.shortServiceGraceSeconds = parsed.CLUSTERS_SERVICE_SHORT_GRACE;
  if (parsed.CLUSTERS_NODE_RESOURCES_REFRESH !== undefined) settings.cacheTtlSeconds = { resources: parsed.CLUSTERS_NODE_RESOURCES_REFRESH };
  if (parsed.CLUSTERS_AUTO_LINK_NODES !== undefined) settings.autoLinkNodes = parsed.CLUSTERS_AUTO_LINK_NODES === '1';
  return settings;
}

export function readConfig(env: Record<string, string | undefined>): HostConfig {
  // Empty variables count as unset (`ADMIN_PASSWORD= npm start`).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = parseInput(envSchema, present);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    trustProxy: parsed.TRUST_PROXY === '1',
    dataDir: parsed.DATA_DIR,
    admin: { email: parsed.ADMIN_EMAIL, password: parsed.ADMIN_PASSWORD, token: parsed.ADMIN_TOKEN },
    lab: parsed.LAB !== '0',
    logLevel: isLogLevel(parsed.LOG_LEVEL) ? parsed.LOG_LEVEL : 'info',
    // The plugin merges them over its defaults key by key; what it does not know it ignores.
    pluginSettings: mergeSettings((parsed.PLUGIN_SETTINGS ?? {}) as PluginSettingsOverrides, clusterDefaults(parsed)),
  };
}

function mergeSettings(base: PluginSettingsOverrides, over: PluginSettingsOverrides): PluginSettingsOverrides {
  const merged = { ...base, ...over };
  if (base.cacheTtlSeconds || over.cacheTtlSeconds) merged.cacheTtlSeconds = { ...base.cacheTtlSeconds, ...over.cacheTtlSeconds };
  return merged;
}

export interface BootstrapResult {
  userId: string;
  teamId: string;
  /** True when this run created the owner. */
  created: boolean;
  /** Set only when this run generated the password: print it, it is not stored anywhere in clear. */
  generatedPassword?: string;
}

export async function bootstrapOwner(db: HostDb, admin: AdminBootstrap, passwordCost: PasswordCost): Promise<BootstrapResult> {
  let user = findUserByEmail(db, admin.email);
  let generatedPassword: string | undefined;
  const created = !user;
  if (!user) {
    const password = admin.password ?? randomBytes(15).toString('base64url');
    if (!admin.password) generatedPassword = password;
    const teamId = findTeamByName(db, DEFAULT_TEAM)?.id ?? createTeam(db, { name: DEFAULT_TEAM, createdBy: null }).id;
    user = await createUser(db, { teamId, email: admin.email, password, role: 'owner', passwordCost });
  }
  if (admin.token) ensureApiToken(db, { userId: user.id, token: admin.token, abilities: ['read', 'write'] });
  return { userId: user.id, teamId: user.teamId, created, generatedPassword };
}
