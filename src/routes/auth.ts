/** Authentication and authorization middleware shared by the API and the pages. */
import { createMiddleware } from 'hono/factory';
import type { ClusterAction, ClusterServerRef, HostServices, Principal } from '../contract/host.ts';
import type { Cluster } from '../domain/cluster.ts';
import { ServiceError } from '../services/errors.ts';

export interface PluginEnv {
  Variables: {
    principal: Principal;
    cluster: Cluster;
    /** The servers of the cluster in `cluster`, for the host's `authorize`; unset before a cluster is loaded. */
    clusterServers: ClusterServerRef[] | undefined;
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

/**
 * Whether the principal may take the action in its team, on the cluster with these servers when there is one:
 * for what a page offers, not a refusal.
 */
export async function allows(host: Pick<HostServices, 'auth'>, principal: Principal, action: ClusterAction, servers?: ClusterServerRef[]): Promise<boolean> {
  if (WRITE_ACTIONS.has(action) && !principal.abilities.includes('write')) return false;
  return host.auth.authorize({ principal, action, teamId: principal.teamId, ...(servers ? { servers } : {}) });
}

/**
 * Refuses unless the host allows the principal the action: 403 with the reason. A host that allows the action
 * but not on these servers keeps the member off the cluster: not found when viewing it (as another team's),
 * 403 otherwise.
 */
export async function authorize(host: Pick<HostServices, 'auth'>, principal: Principal, action: ClusterAction, servers?: ClusterServerRef[]): Promise<void> {
  if (await allows(host, principal, action, servers)) return;
  if (WRITE_ACTIONS.has(action) && !principal.abilities.includes('write')) throw new ServiceError('forbidden', 'this token is read-only');
  if (servers && (await allows(host, principal, action))) {
    if (action === 'cluster.view') throw new ServiceError('not_found', 'cluster not found');
    throw new ServiceError('forbidden', `you may not ${ACTION_WORDS[action]} on these servers`);
  }
  throw new ServiceError('forbidden', `the ${principal.role} role may not ${ACTION_WORDS[action]}`);
}

/** Refuses unless the host allows the action, on the loaded cluster's servers when a cluster is loaded. */
export function requireAction(host: Pick<HostServices, 'auth'>, action: ClusterAction) {
  return createMiddleware<PluginEnv>(async (c, next) => {
    await authorize(host, c.get('principal'), action, c.get('clusterServers'));
    await next();
  });
}
