/**
 * Mount-time check of a host against the contract: a host that is missing a service, or speaks an
 * incompatible contract version, fails at startup with a message naming what is missing.
 */
import { CONTRACT_ADDITIONS } from './additions.ts';
import { CONTRACT_VERSION, type HostInfo, type HostServices } from './host.ts';

/** Every method the plugin calls, by service. */
const REQUIRED_METHODS: { [K in keyof HostServices]: string[] } = {
  servers: ['listForTeam', 'get', 'privateKey'],
  auth: ['principal', 'authorize'],
  notifications: ['notify'],
  crypto: ['encrypt', 'decrypt'],
  layout: ['render'],
  database: [],
  logger: ['debug', 'info', 'warn', 'error'],
  applications: ['listForTeam', 'get', 'saveSwarmSettings'],
};

export class HostContractError extends Error {
  override name = 'HostContractError';
  constructor(readonly problems: string[]) {
    super(`the host does not meet the clusters plugin contract ${CONTRACT_VERSION}: ${problems.join('; ')}`);
  }
}

/** Same major version, and a minor no newer than the host's. */
export function isCompatibleVersion(hostVersion: string, pluginVersion = CONTRACT_VERSION): boolean {
  const [hostMajor, hostMinor] = hostVersion.split('.').map(Number);
  const [major, minor] = pluginVersion.split('.').map(Number);
  return hostMajor === major && (hostMinor ?? 0) >= (minor ?? 0);
}

/** Why a host's contract version does not do: another major, or an older minor and what the newer ones added. */
export function versionProblem(hostVersion: string, pluginVersion = CONTRACT_VERSION): string {
  const [hostMajor, hostMinor = 0] = hostVersion.split('.').map(Number);
  const [major, minor = 0] = pluginVersion.split('.').map(Number);
  if (hostMajor !== major || !Number.isInteger(hostMinor)) return `contract version ${hostVersion} is not compatible with ${pluginVersion}`;
  const added = Object.entries(CONTRACT_ADDITIONS)
    .filter(([version]) => Number(version.split('.')[1]) > hostMinor && Number(version.split('.')[1]) <= minor)
    .map(([version, what]) => `${version}: ${what}`);
  return `contract version ${hostVersion} is older than ${pluginVersion}; the host lacks what later versions added (${added.join('; ')})`;
}

export function assertHostContract(host: unknown, info: HostInfo | undefined): asserts host is HostServices {
  const problems: string[] = [];
  if (!info?.contractVersion) problems.push('info.contractVersion is missing');
  else if (!isCompatibleVersion(info.contractVersion)) problems.push(versionProblem(info.contractVersion));
  const services = (host ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const missing: string[] = [];
  for (const [service, methods] of Object.entries(REQUIRED_METHODS)) {
    const impl = services[service];
    if (!impl || typeof impl !== 'object') {
      missing.push(service);
      continue;
    }
    for (const method of methods) if (typeof impl[method] !== 'function') missing.push(`${service}.${method}`);
  }
  const sqlite = services.database?.sqlite as { prepare?: unknown } | undefined;
  if (services.database && typeof sqlite?.prepare !== 'function') missing.push('database.sqlite');
  if (missing.length) problems.push(`missing services: ${missing.join(', ')}`);
  if (problems.length) throw new HostContractError(problems);
}
