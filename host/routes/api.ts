/**
 * The host's admin API under `/api/v1` (bearer tokens only): what tests and scripts use to set
 * up teams, users, tokens, servers and applications. Bodies are zod-validated before anything
 * is written; errors are `{"error":{"code","message"}}`. Another team's resource is a 404.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Principal } from '../../src/contract/host.ts';
import {
  type Denial,
  mayConfigureNotifications,
  mayCreateTeam,
  mayGrantRole,
  mayManageMembersOf,
  mayWriteApplications,
  mayWriteServers,
} from '../auth/authorize.ts';
import { type HostEnv, requireWriteAbility } from '../auth/middleware.ts';
import { ROLES, type TeamRow } from '../db/schema.ts';
import { forbidden, notFound } from '../errors.ts';
import { readJson } from '../http.ts';
import { createApiToken, createTeam, createUser, deleteApiToken, getApiToken, getTeam, getUser, listApiTokens } from '../store/accounts.ts';
import { applicationInput, createApplication, getApplication, listApplications } from '../store/applications.ts';
import { channelInput, createChannel, listNotifications } from '../store/notifications.ts';
import { createServer, getServer, listServers, serverInput } from '../store/servers.ts';
import { displayName, email, parseInput, password, requiredString } from '../validation.ts';
import type { RouteDeps } from './deps.ts';

const teamInput = z.object({ name: displayName() });

const userInput = z.object({
  email: email(),
  password: password(),
  teamId: requiredString(64).optional(),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
});

/** Ten years: a longer-lived token is a token that never expires, say so with none. */
const MAX_TOKEN_LIFETIME_MS = 10 * 365 * 24 * 60 * 60 * 1000;

const tokenInput = z.object({
  userId: requiredString(64),
  abilities: z
    .array(z.enum(['read', 'write'], { error: 'must be "read" or "write"' }), { error: 'must be ["read"] or ["read","write"]' })
    .refine((a) => a.includes('read') && new Set(a).size === a.length, 'must be ["read"] or ["read","write"]'),
  name: displayName(100).optional(),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z' })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .refine((d) => d.getTime() <= Date.now() + MAX_TOKEN_LIFETIME_MS, 'must be within ten years (leave it out for no expiry)')
    .optional(),
});

const limitQuery = z.coerce.number().int().min(1).max(500).default(100);

function check(denial: Denial): void {
  if (denial) throw forbidden(denial);
}

export function apiRoutes(deps: RouteDeps): Hono<HostEnv> {
  const { db } = deps;
  const app = new Hono<HostEnv>();
  // Per route, not `use('*')`: mounted at /api/v1 that would also cover the plugin's /api/v1/clusters.
  const write = requireWriteAbility();

  /**
   * The team whose members the principal manages. Another team is a 404 (named after what the
   * caller asked for, so a user's existence there is not revealed); its own team a 403 saying why.
   */
  function manageableTeam(principal: Principal, teamId: string, asked: 'team' | 'user' | 'token'): TeamRow {
    const team = getTeam(db, teamId);
    const denial = team ? mayManageMembersOf(principal, team) : 'missing';
    if (!team || (denial && team.id !== principal.teamId)) throw notFound(asked);
    check(denial);
    return team;
  }

  app.get('/me', (c) => {
    const { userId, teamId, role, email, abilities } = c.get('principal');
    return c.json({ userId, teamId, role, email, abilities });
  });

  app.post('/teams', write, async (c) => {
    const principal = c.get('principal');
    check(mayCreateTeam(principal));
    const input = parseInput(teamInput, await readJson(c));
    const team = createTeam(db, { name: input.name, createdBy: principal.userId });
    deps.logger.info('team created', { teamId: team.id, by: principal.userId });
    return c.json({ id: team.id }, 201);
  });

  app.post('/users', write, async (c) => {
    const principal = c.get('principal');
    const input = parseInput(userInput, await readJson(c));
    const team = manageableTeam(principal, input.teamId ?? principal.teamId, 'team');
    check(mayGrantRole(principal, input.role));
    const user = await createUser(db, { teamId: team.id, email: input.email, password: input.password, role: input.role, passwordCost: deps.passwordCost });
    deps.logger.info('user created', { userId: user.id, teamId: team.id, role: user.role, by: principal.userId });
    return c.json({ id: user.id }, 201);
  });

  app.post('/tokens', write, async (c) => {
    const principal = c.get('principal');
    const input = parseInput(tokenInput, await readJson(c));
    const user = getUser(db, input.userId);
    if (!user) throw notFound('user');
    manageableTeam(principal, user.teamId, 'user');
    if (user.role === 'owner' && principal.role !== 'owner') throw forbidden('only an owner may create tokens for an owner');
    const { id, token } = createApiToken(db, { ...input, userId: user.id });
    deps.logger.info('api token created', { tokenId: id, userId: user.id, abilities: input.abilities, by: principal.userId });
    return c.json({ id, token }, 201);
  });

  /** Owners and admins see every token of their team; others their own. Never a token's value or hash. */
  app.get('/tokens', (c) => {
    const principal = c.get('principal');
    const team = getTeam(db, principal.teamId);
    const onlyOwn = !team || mayManageMembersOf(principal, team) !== null;
    return c.json({ data: listApiTokens(db, { teamId: principal.teamId, userId: onlyOwn ? principal.userId : undefined }) });
  });

  /** Revoking: one's own token, or as an owner or admin any of the team's (an owner's only by an owner). */
  app.delete('/tokens/:id', write, (c) => {
    const principal = c.get('principal');
    const found = getApiToken(db, c.req.param('id'));
    if (!found) throw notFound('token');
    if (found.user.id !== principal.userId) {
      manageableTeam(principal, found.user.teamId, 'token');
      if (found.user.role === 'owner' && principal.role !== 'owner') throw forbidden('only an owner may revoke an owner’s tokens');
    }
    deleteApiToken(db, found.id);
    deps.logger.info('api token revoked', { tokenId: found.id, userId: found.user.id, by: principal.userId });
    return c.body(null, 204);
  });

  app.post('/servers', write, async (c) => {
    const principal = c.get('principal');
    check(mayWriteServers(principal));
    const input = parseInput(serverInput, await readJson(c));
    const server = createServer(db, deps.cipher, { ...input, teamId: principal.teamId });
    deps.logger.info('server added', { serverId: server.id, teamId: principal.teamId });
    return c.json({ id: server.id }, 201);
  });

  app.get('/servers', (c) => c.json({ data: listServers(db, c.get('principal').teamId) }));

  app.get('/servers/:id', (c) => {
    const server = getServer(db, { teamId: c.get('principal').teamId, serverId: c.req.param('id') });
    if (!server) throw notFound('server');
    return c.json(server);
  });

  app.post('/applications', write, async (c) => {
    const principal = c.get('principal');
    check(mayWriteApplications(principal));
    const input = parseInput(applicationInput, await readJson(c));
    const application = createApplication(db, { ...input, teamId: principal.teamId });
    return c.json({ uuid: application.uuid }, 201);
  });

  app.get('/applications', (c) => c.json({ data: listApplications(db, c.get('principal').teamId) }));

  app.get('/applications/:uuid', (c) => {
    const application = getApplication(db, { teamId: c.get('principal').teamId, uuid: c.req.param('uuid') });
    if (!application) throw notFound('application');
    return c.json(application);
  });

  app.get('/notifications', (c) => {
    const limit = parseInput(z.object({ limit: limitQuery }), { limit: c.req.query('limit') }).limit;
    return c.json({ data: listNotifications(db, { teamId: c.get('principal').teamId, limit }) });
  });

  app.post('/notification-channels', write, async (c) => {
    const principal = c.get('principal');
    check(mayConfigureNotifications(principal));
    const input = parseInput(channelInput, await readJson(c));
    const channel = createChannel(db, { teamId: principal.teamId, url: input.url });
    return c.json({ id: channel.id }, 201);
  });

  return app;
}
