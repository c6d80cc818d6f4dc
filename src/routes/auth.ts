/** Authentication and authorization middleware shared by the API and the pages. */
import { createMiddleware } from 'hono/factory';
import type { ClusterAction, HostServices, Principal } from '../contract/host.ts';
import type { Cluster } from '../domain/cluster.ts';
import { ServiceError } from '../services/errors.ts';

export interface PluginEnv {
  Variables: {
    principal: Principal;
    cluster: Cluster;
  };
}

export function requirePrincipal(host: Pick<HostServices, 'auth'>) {
  return createMiddleware<PluginEnv>(async (c, next) => {
    const principal = await host.auth.principal({ request: c.req.raw });
    if (!principal) throw new ServiceError('unauthenticated', 'sign in or send a bearer token');
    c.set('principal', principal);
    await next();
  });
}

/**
 * Actions that need the `write` ability, whatever the host's rules say. A join token is among them: a manager
 * token is root on every node, so a read-only token must never fetch one, even from a host that forgets.
 */
const WRITE_ACTIONS: ReadonlySet<ClusterAction> = new Set(['cluster.create', 'cluster.update', 'cluster.delete', 'cluster.operate', 'cluster.join-tokens']);

const ACTION_WORDS: Record<ClusterAction, string> = {
  'cluster.view': 'view clusters',
  'cluster.create': 'create clusters',
  'cluster.update': 'change clusters',
  'cluster.delete': 'delete clusters',
  'cluster.operate': 'operate clusters',
  'cluster.join-tokens': 'see join tokens',
};

/** Whether the principal may take the action in its team: for what a page offers, not a refusal. */
export async function allows(host: Pick<HostServices, 'auth'>, principal: Principal, action: ClusterAction): Promise<boolean> {
  if (WRITE_ACTIONS.has(action) && !principal.abilities.includes('write')) return false;
  return host.auth.authorize({ principal, action, teamId: principal.teamId });
}

/** Refuses with 403 and the reason unless the host allows the principal the action in its team. */
export async function authorize(host: Pick<HostServices, 'auth'>, principal: Principal, action: ClusterAction): Promise<void> {
  if (await allows(host, principal, action)) return;
  const reason =
    WRITE_ACTIONS.has(action) && !principal.abilities.includes('write')
      ? 'this token is read-only'
      : `the ${principal.role} role may not ${ACTION_WORDS[action]}`;
  throw new ServiceError('forbidden', reason);
}

export function requireAction(host: Pick<HostServices, 'auth'>, action: ClusterAction) {
  return createMiddleware<PluginEnv>(async (c, next) => {
    await authorize(host, c.get('principal'), action);
    await next();
  });
}
