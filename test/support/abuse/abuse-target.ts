/** The callers of the abuse suite, made through the host's admin API and login form. */

import { OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from '../../../host/testing.ts';
import type { HostServices } from '../../../src/contract/host.ts';
import type { AbuseTarget } from './abuse-suite.ts';

type Callers = Pick<AbuseTarget, 'owner' | 'readOnly' | 'viewer' | 'otherTeam'>;

/** Team A's owner, a read-only admin token, a viewer (token and session), and team B's owner. */
export async function abuseCallers(host: TestHost): Promise<{ callers: Callers; readOnlyTokenId: string; viewerUserId: string }> {
  const session = async (email: string, password: string) => {
    const { cookie, csrf } = await host.login(email, password);
    return { cookie, csrf };
  };
  const readOnly = await host.addUser({ role: 'admin', abilities: ['read'] });
  const viewer = await host.addUser({ role: 'viewer' });
  const other = await host.addTeam('abuse-b');
  const tokens = await host.api<{ data: { id: string; userId: string }[] }>('GET', '/api/v1/tokens');
  const readOnlyToken = tokens.body.data.find((t) => t.userId === readOnly.id);
  if (!readOnlyToken) throw new Error(`no token listed for the read-only admin: ${JSON.stringify(tokens.body)}`);
  return {
    callers: {
      owner: { token: host.ownerToken, session: await session(OWNER_EMAIL, OWNER_PASSWORD) },
      readOnly: { token: readOnly.token },
      viewer: { token: viewer.token, session: await session(viewer.email, viewer.password) },
      otherTeam: { token: other.token, session: await session(other.email, other.password) },
    },
    readOnlyTokenId: readOnlyToken.id,
    viewerUserId: viewer.id,
  };
}

/** Counts the plugin's lookups of a server's SSH key: each is a connection to a manager about to be made. */
export function countKeyLookups(services: HostServices): () => number {
  let count = 0;
  const lookup = services.servers.privateKey.bind(services.servers);
  services.servers.privateKey = (opts) => {
    count++;
    return lookup(opts);
  };
  return () => count;
}
