import { DockerError } from './errors.ts';

/** Oldest Engine API we speak: Docker 20.10 (`/services?status=true`, swarm jobs). */
export const MIN_API_VERSION = '1.41';
/** Newest Engine API our tests cover; a newer daemon is spoken to at this version. */
export const MAX_API_VERSION = '1.43';

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** min(daemon, highest we test), refusing a daemon older than the minimum. */
export function negotiateApiVersion(daemonVersion: string, maxVersion: string = MAX_API_VERSION): string {
  if (!/^\d+\.\d+$/.test(daemonVersion)) {
    throw new DockerError('engine', `Docker Engine reported an unreadable API version "${daemonVersion}"`);
  }
  if (compareApiVersions(daemonVersion, MIN_API_VERSION) < 0) {
    throw new DockerError('precondition', `Docker Engine API ${daemonVersion} is too old: at least ${MIN_API_VERSION} (Docker 20.10) is required`);
  }
  return compareApiVersions(daemonVersion, maxVersion) < 0 ? daemonVersion : maxVersion;
}
