import { readFileSync } from 'node:fs';
import type { LabNode, LabState } from '../../lab/lab.ts';
import { type HostKeyStore, MemoryHostKeyStore } from '../../src/docker/host-keys.ts';
import { SshTransport, type SshTransportOptions } from '../../src/docker/ssh-transport.ts';

/** An SshTransport to a lab node with the lab's key; options override the defaults. */
export function labSshTransport(lab: LabState, node: LabNode, options: Partial<SshTransportOptions> & { hostKeys?: HostKeyStore } = {}): SshTransport {
  return new SshTransport({
    serverId: node.name,
    host: node.ip,
    username: lab.sshUser,
    privateKey: async () => readFileSync(lab.sshKeyPath),
    hostKeys: new MemoryHostKeyStore(),
    ...options,
  });
}

/** Polls until `check` resolves truthy; tests wait on the swarm with a deadline, never a guessed sleep. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
