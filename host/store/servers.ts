/** Servers of a team. The private key is stored encrypted and only ever leaves via `serverPrivateKey`. */
import { isIP } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { HostServer } from '../../src/contract/host.ts';
import type { HostCipher } from '../crypto.ts';
import type { HostDb } from '../db/open.ts';
import { SERVER_TRANSPORTS, type ServerRow, servers } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { displayName, requiredString } from '../validation.ts';

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const UNIX_USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const SOCKET_PATH = /^\/[A-Za-z0-9._/-]{1,255}$/;
const PRIVATE_KEY = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]*PRIVATE KEY-----\s*$/;

/**
 * A server of the team. `transport: 'local'` is the machine this panel runs on, reached through its Docker socket
 * with no SSH: it takes no private key (`ip` is still its address in the swarm, for linking it to its node).
 */
export const serverInput = z
  .object({
    name: displayName(),
    ip: requiredString(253).refine((v) => isIP(v) !== 0 || HOSTNAME.test(v), 'must be an IP address or host name'),
    port: z.number({ error: 'must be a number' }).int('must be an integer').min(1).max(65535).default(22),
    user: requiredString(32).regex(UNIX_USER, 'must be a valid user name').default('root'),
    transport: z.enum(SERVER_TRANSPORTS, { error: "must be 'ssh' or 'local'" }).default('ssh'),
    privateKey: requiredString(16_384).regex(PRIVATE_KEY, 'must be a PEM or OpenSSH private key').optional(),
    swarmManager: z.boolean({ error: 'must be true or false' }).default(false),
    swarmWorker: z.boolean({ error: 'must be true or false' }).default(false),
    dockerSocketPath: requiredString(256)
      .regex(SOCKET_PATH, 'must be an absolute path')
      .refine((v) => !v.split('/').includes('..'), 'must not contain ..')
      .default('/var/run/docker.sock'),
  })
  .superRefine((server, ctx) => {
    if (server.transport === 'ssh' && !server.privateKey) ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'is required' });
    if (server.transport === 'local' && server.privateKey) {
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'a local server is reached through its socket and takes no key' });
    }
  });
export type ServerInput = z.output<typeof serverInput>;

const toHostServer = ({ privateKeyEncrypted: _secret, createdAt: _createdAt, ...server }: ServerRow): HostServer => server;

/** `transport` defaults to `ssh`. */
export function createServer(
  db: HostDb,
  cipher: HostCipher,
  opts: Omit<ServerInput, 'transport'> & Partial<Pick<ServerInput, 'transport'>> & { teamId: string },
): HostServer {
  const { privateKey, ...rest } = opts;
  // The key is normalised to end with a newline: OpenSSH refuses keys without one. A local server has none.
  const privateKeyEncrypted = privateKey ? cipher.encrypt(`${privateKey.trimEnd()}\n`) : '';
  return toHostServer(
    db
      .insert(servers)
      .values({ ...rest, privateKeyEncrypted })
      .returning()
      .get(),
  );
}

export function listServers(db: HostDb, teamId: string): HostServer[] {
  return db.select().from(servers).where(eq(servers.teamId, teamId)).orderBy(servers.name).all().map(toHostServer);
}

export function getServer(db: HostDb, opts: { teamId: string; serverId: string }): HostServer | null {
  const row = db
    .select()
    .from(servers)
    .where(and(eq(servers.id, opts.serverId), eq(servers.teamId, opts.teamId)))
    .get();
  return row ? toHostServer(row) : null;
}

export function serverPrivateKey(db: HostDb, cipher: HostCipher, serverId: string): string {
  const row = db.select({ privateKeyEncrypted: servers.privateKeyEncrypted }).from(servers).where(eq(servers.id, serverId)).get();
  if (!row) throw notFound('server');
  if (!row.privateKeyEncrypted) throw new Error(`server ${serverId} is local: it has no SSH key`);
  return cipher.decrypt(row.privateKeyEncrypted);
}
