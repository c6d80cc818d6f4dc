/**
 * Mount-time check of a host against the contract: a host that is missing a service, or speaks an
 * incompatible contract version, fails at startup with a message naming what is missing. A host of an
 * older minor mounts, and `contractGaps` names the optional members its version goes without.
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

/** Optional methods: absent is fine, anything else than a function is a mistake the check names. */
const OPTIONAL_METHODS: { [K in keyof HostServices]?: string[] } = {
  applications: ['deploySwarm'],
};

const VERSION = /^(\d+)\.(\d+)(\.\d+)?$/;

function parseVersion(version: string): { major: number; minor: number } | null {
  const match = VERSION.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/** The same major: what a minor adds for hosts to give is optional, so a host of an older minor still mounts. */
export function isCompatibleVersion(hostVersion: string, pluginVersion = CONTRACT_VERSION): boolean {
  const host = parseVersion(hostVersion);
  const plugin = parseVersion(pluginVersion);
  return !!host && !!plugin && host.major === plugin.major;
}

/** Whether a host of `hostVersion` gives what the minor `addedIn` (e.g. `1.4`) of its major added. */
export function hostGives(hostVersion: string, addedIn: string): boolean {
  const host = parseVersion(hostVersion);
  const added = parseVersion(addedIn);
  return !!host && !!added && host.major === added.major && host.minor >= added.minor;
}

/** Why a host's contract version does not do: another major, or not a version. */
export function versionProblem(hostVersion: string, pluginVersion = CONTRACT_VERSION): string {
  return `contract version ${hostVersion} is not compatible with ${pluginVersion}`;
}

/** What a host of an older minor goes without: each newer minor's additions, `1.3: ...` (none for a current host). */
export function contractGaps(hostVersion: string, pluginVersion = CONTRACT_VERSION): string[] {
  const host = parseVersion(hostVersion);
  const plugin = parseVersion(pluginVersion);
  if (!host || !plugin || host.major !== plugin.major) return [];
  return Object.entries(CONTRACT_ADDITIONS)
    .filter(([version]) => {
      const minor = Number(version.split('.')[1]);
      return minor > host.minor && minor <= plugin.minor;
    })
    .map(([version, what]) => `${version}: ${what}`);
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
    for (const method of OPTIONAL_METHODS[service as keyof HostServices] ?? []) {
      if (impl[method] !== undefined && typeof impl[method] !== 'function') problems.push(`${service}.${method} is given but is not a function`);
    }
  }
  const sqlite = services.database?.sqlite as { prepare?: unknown } | undefined;
  if (services.database && typeof sqlite?.prepare !== 'function') missing.push('database.sqlite');
  if (missing.length) problems.push(`missing services: ${missing.join(', ')}`);
  if (problems.length) throw new HostContractError(problems);
}
