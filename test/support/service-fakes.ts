/** Pieces for fakes of the narrow interfaces services take. */
import type { HostServer } from '../../src/contract/host.ts';

/** A method the interface asks for but the code under test must not call: it fails the test if it does. */
export const notCalled = (name: string) => (): never => {
  throw new Error(`${name} was called, and the test did not expect it`);
};

/** A host server of team `team`, as the host's `servers.get` returns it. */
export function hostServer(id: string, patch: Partial<HostServer> = {}): HostServer {
  return {
    id,
    teamId: 'team',
    name: `server-${id}`,
    ip: '10.0.0.1',
    port: 22,
    user: 'root',
    swarmManager: false,
    swarmWorker: true,
    dockerSocketPath: '/var/run/docker.sock',
    ...patch,
  };
}
