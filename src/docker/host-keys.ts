import { createHash } from 'node:crypto';

/** Where pinned host key fingerprints live (the plugin's database in production). */
export interface HostKeyStore {
  get(serverId: string): Promise<string | null>;
  pin(serverId: string, fingerprint: string): Promise<void>;
  /** The server presented this key instead of the pinned one; the connection was refused. */
  refused(serverId: string, fingerprint: string): Promise<void>;
}

/** OpenSSH's fingerprint of a host key blob: `SHA256:` + unpadded base64, as `ssh-keygen -l` prints it. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export class MemoryHostKeyStore implements HostKeyStore {
  private readonly pins = new Map<string, string>();

  async get(serverId: string): Promise<string | null> {
    return this.pins.get(serverId) ?? null;
  }

  async pin(serverId: string, fingerprint: string): Promise<void> {
    this.pins.set(serverId, fingerprint);
  }

  async refused(): Promise<void> {}
}
