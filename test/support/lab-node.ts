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
