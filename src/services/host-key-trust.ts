/**
 * SSH host keys as an admin sees them: the pinned fingerprint, the other key a server presented (refused),
 * and trusting that key after a legitimate change (a reinstall, a new address). Pinning on first use alone
 * left a server whose key changed unreachable for good.
 */
import type { HostServer, HostServices, Principal } from '../contract/host.ts';
import type { HostKeyRepository, PinnedHostKey } from '../db/repositories/host-key-repository.ts';
import { ServiceError } from './errors.ts';

export interface ServerHostKey {
  server: Pick<HostServer, 'id' | 'name' | 'transport'>;
  /** Null until the panel first connected to the server. */
  key: PinnedHostKey | null;
}

export class HostKeyTrust {
  constructor(
    private readonly host: Pick<HostServices, 'servers' | 'logger'>,
    private readonly keys: Pick<HostKeyRepository, 'find' | 'trust'>,
    /** Drops the server's connection (and its backoff), so the next request connects with the new pin. */
    private readonly reconnect: (serverId: string) => Promise<void>,
  ) {}

  /** A server of the principal's team and its key; another team's server is not found. */
  async view(principal: Principal, serverId: string): Promise<ServerHostKey> {
    const server = await this.host.servers.get({ teamId: principal.teamId, serverId });
    if (!server) throw new ServiceError('not_found', 'server not found');
    return { server: { id: server.id, name: server.name, transport: server.transport }, key: this.keys.find(server.id) };
  }

  /** Pins the refused key, only if it is the one the admin was shown. Authorization is the caller's. */
  async trust(principal: Principal, serverId: string, fingerprint: string): Promise<ServerHostKey> {
    const { server } = await this.view(principal, serverId);
    if (!this.keys.trust(server.id, fingerprint)) {
      throw new ServiceError('conflict', `${fingerprint || 'that key'} is not the key ${server.name} was refused for; reload and check again`);
    }
    await this.reconnect(server.id);
    this.host.logger.info('ssh host key trusted', { serverId: server.id, fingerprint, by: principal.userId });
    return this.view(principal, serverId);
  }
}
