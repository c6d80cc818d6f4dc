/**
 * A compose file (version 3 / the Compose Specification subset `docker stack deploy` honours) as the Engine API
 * objects `docker stack deploy -c FILE NAME` would write: each service's spec (named `NAME_service`, labelled
 * `com.docker.stack.namespace` and `com.docker.stack.image`), the networks (`NAME_default`, `NAME_net`), and the
 * stack's own secrets and configs. Everything is converted the way the docker CLI (20.10) converts it, so the
 * swarm ends in the same state whichever deployed it. Keys swarm ignores are warnings; what the panel cannot do
 * (`env_file`, `file:` secrets and configs: it has no access to the operator's disk) is refused, with the path.
 */
import { parseDocument } from 'yaml';
import { CommandSyntaxError, splitCommand } from './command-words.ts';
import { type ComposeEnv, interpolate } from './compose-interpolation.ts';
import { type ComposeIssue, ComposeReader } from './compose-reader.ts';
import { isMapping, type Mapping } from './mappings.ts';
import { STACK_NAMESPACE_LABEL } from './stacks.ts';

export const STACK_IMAGE_LABEL = 'com.docker.stack.image';
const DEFAULT_NETWORK = 'default';
const DEFAULT_NETWORK_DRIVER = 'overlay';
/** `docker stack deploy`'s default file mode of a secret or config in the container (0444). */
const DEFAULT_FILE_MODE = 0o444;
/** A document has no use for more; past it the parser refuses, before an alias bomb costs any memory. */
const MAX_ALIAS_EXPANSIONS = 200;
export const MAX_COMPOSE_CHARS = 512 * 1024;

/** Docker's rule for stack names, which prefix every object of the stack. */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;
const OBJECT_KEY = /^[A-Za-z0-9._-]+$/;

export type EngineMount = Mapping & { Type: string; Target: string };

/** A service's spec as sent to `/services/create`: network targets and secret and config references by name. */
export interface StackServiceSpec extends Mapping {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: Mapping & {
      Image: string;
      Secrets?: SecretReference[];
      Configs?: ConfigReference[];
    };
    Resources: Mapping;
    RestartPolicy?: Mapping;
    Placement: Mapping;
    Networks: { Target: string; Aliases: string[]; DriverOpts?: Record<string, string> }[];
    LogDriver?: { Name: string; Options?: Record<string, string> };
    ForceUpdate?: number;
  };
  Mode: { Replicated: { Replicas?: number } } | { Global: Record<string, never> };
  UpdateConfig?: Mapping;
  RollbackConfig?: Mapping;
  EndpointSpec: { Mode?: string; Ports: PortConfig[] };
}

export interface FileTarget {
  Name: string;
  UID: string;
  GID: string;
  Mode: number;
}
export interface SecretReference {
  File: FileTarget;
  SecretName: string;
  SecretID?: string;
}
export interface ConfigReference {
  File: FileTarget;
  ConfigName: string;
  ConfigID?: string;
}

export interface PortConfig {
  Protocol: string;
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: string;
}

export interface PlannedService {
  /** The key in the file (`web`); the service is `Name` of the spec (`NAME_web`). */
  key: string;
  spec: StackServiceSpec;
}

export interface NetworkCreateSpec {
  Name: string;
  Driver: string;
  Labels: Record<string, string>;
  Options?: Record<string, string>;
  Internal?: boolean;
  Attachable?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet: string }[] };
  CheckDuplicate: true;
}

export interface PlannedNetwork {
  key: string;
  name: string;
  /** Created by the stack (null for an external network, which must exist already). */
  create: NetworkCreateSpec | null;
}

/** A secret or config of the file: the stack's own (with its data, base64) or an external one (to exist already). */
export interface PlannedFileObject {
  key: string;
  name: string;
  external: boolean;
  labels: Record<string, string>;
  /** Base64 of the content; null for an external one. Never stored or logged. */
  data: string | null;
}

export interface StackPlan {
  stack: string;
  services: PlannedService[];
  networks: PlannedNetwork[];
  secrets: PlannedFileObject[];
  configs: PlannedFileObject[];
  warnings: string[];
}

/** The file cannot be deployed; each issue names the path (`services.web.deploy.replicas`). */
export class ComposeError extends Error {
  override name = 'ComposeError';
  constructor(readonly issues: ComposeIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Keys.

const TOP_LEVEL_KEYS = ['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs'];

const SERVICE_KEYS = [
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'healthcheck',
  'hostname',
  'user',
  'working_dir',
  'stop_grace_period',
  'stop_signal',
  'labels',
  'logging',
  'deploy',
  'extra_hosts',
  'dns',
  'dns_search',
  'tty',
  'stdin_open',
  'read_only',
  'init',
  'sysctls',
  'cap_add',
  'cap_drop',
  'isolation',
];

/** Service keys `docker stack deploy` reads but does not apply, each with why (the CLI's own words where it has some). */
const IGNORED_SERVICE_KEYS: Record<string, string> = {
  build: 'swarm does not build images: the image must exist on the nodes or in a registry',
  depends_on: 'swarm starts services in no particular order',
  restart: 'not supported by swarm services; it only counts when deploy.restart_policy is absent',
  container_name: 'setting the container name is not supported',
  expose: 'exposing ports is unnecessary: services on the same network can reach each other on any port',
  links: 'not supported by swarm services: use networks',
  external_links: 'not supported by swarm services',
  network_mode: 'not supported by swarm services: use networks',
  privileged: 'not supported by swarm services',
  devices: 'not supported by swarm services',
  cgroup_parent: 'not supported by swarm services',
  cgroupns_mode: 'not supported by swarm services',
  domainname: 'not supported by swarm services',
  ipc: 'not supported by swarm services',
  pid: 'not supported by swarm services',
  mac_address: 'not supported by swarm services',
  security_opt: 'not supported by swarm services',
  shm_size: 'not supported by swarm services',
  userns_mode: 'not supported by swarm services',
  tmpfs: 'not applied by docker stack deploy: use a volume of type tmpfs',
  ulimits: 'not applied by docker stack deploy (docker 20.10)',
  credential_spec: 'Windows only; not applied here',
  platform: 'not applied by docker stack deploy: use deploy.placement.constraints on node.platform.os/arch',
  profiles: 'not applied by docker stack deploy: every service is deployed',
  pull_policy: 'not applied by docker stack deploy',
  scale: 'use deploy.replicas',
  mem_limit: 'use deploy.resources.limits.memory',
  mem_reservation: 'use deploy.resources.reservations.memory',
  cpus: 'use deploy.resources.limits.cpus',
  cpu_shares: 'not applied by docker stack deploy',
  cpuset: 'not applied by docker stack deploy',
  oom_score_adj: 'not applied by docker stack deploy',
  stop_timeout: 'use stop_grace_period',
  volumes_from: 'not supported by swarm services',
  group_add: 'not applied by docker stack deploy',
  runtime: 'not applied by docker stack deploy',
};

const DEPLOY_KEYS = ['mode', 'replicas', 'labels', 'placement', 'resources', 'update_config', 'rollback_config', 'restart_policy', 'endpoint_mode'];
const UPDATE_KEYS = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];

// ---------------------------------------------------------------------------------------------------------
// Parsing.

function parseCompose(source: string, reader: ComposeReader): Mapping | undefined {
  if (!source.trim()) return reader.fail('compose', 'is empty: paste or upload a compose file');
  if (source.length > MAX_COMPOSE_CHARS) return reader.fail('compose', `is larger than ${MAX_COMPOSE_CHARS / 1024} KiB`);
  // YAML 1.1 as the docker CLI reads it: `mode: 0400` is octal, `<<:` merges.
  const doc = parseDocument(source, { version: '1.1', merge: true, prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    return reader.fail('compose', `YAML error${line ? ` on line ${line}` : ''}: ${error.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (e) {
    return reader.fail('compose', `YAML error: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isMapping(value)) return reader.fail('compose', 'must be a mapping with a services: key');
  return value;
}

/** Everything of the file the stack deploys, or a ComposeError naming every problem's path. */
export function planStack(input: { stack: string; compose: string; env?: ComposeEnv }): StackPlan {
  const reader = new ComposeReader();
  const env = input.env ?? {};
  if (!STACK_NAME.test(input.stack)) {
    reader.fail('name', 'must start with a letter or digit and hold only letters, digits, _ . and - (at most 48 characters)');
  }
  const parsed = parseCompose(input.compose, reader);
  if (!parsed) throw new ComposeError(reader.issues);

  const { value, unset, issues } = interpolate(parsed, env);
  reader.issues.push(...issues);
  const file = value as Mapping;
  const warnings = unset.map((name) => `variable ${name} is not set: a blank string was used`);
  const plan = new StackPlanner(input.stack, env, reader, warnings);
  const result = plan.read(file);
  if (reader.issues.length) throw new ComposeError(reader.issues);
  return result;
}

class StackPlanner {
  private networkDecls: Mapping = {};
  private volumeDecls: Mapping = {};
  private secretObjects = new Map<string, PlannedFileObject>();
  private configObjects = new Map<string, PlannedFileObject>();
  private usedNetworks = new Set<string>();

  constructor(
    private readonly stack: string,
    private readonly env: ComposeEnv,
    private readonly r: ComposeReader,
    private readonly warnings: string[],
  ) {}

  private scope(name: string): string {
    return `${this.stack}_${name}`;
  }

  private stackLabels(labels: Record<string, string> | undefined): Record<string, string> {
    return { ...labels, [STACK_NAMESPACE_LABEL]: this.stack };
  }

  read(file: Mapping): StackPlan {
    const r = this.r;
    r.known(file, '', TOP_LEVEL_KEYS);
    const version = file.version === undefined ? undefined : String(file.version);
    if (version !== undefined && !/^3(\.\d+)?$/.test(version)) {
      r.fail('version', `"${version}" is not a version 3 file: docker stack deploy reads version 3 and the Compose Specification`);
    }
    if (file.name !== undefined) this.warnings.push('name: ignored, the stack is named by the deploy');
    this.networkDecls = r.mapping(file.networks, 'networks') ?? {};
    this.volumeDecls = r.mapping(file.volumes, 'volumes') ?? {};
    this.readVolumeDeclarations();
    this.secretObjects = this.readFileObjects(file.secrets, 'secrets');
    this.configObjects = this.readFileObjects(file.configs, 'configs');

    const services = r.mapping(file.services, 'services');
    if (!services || Object.keys(services).length === 0) r.fail('services', 'is required: at least one service');
    const planned: PlannedService[] = [];
    for (const [key, raw] of Object.entries(services ?? {})) {
      if (key.startsWith('x-')) continue;
      const path = `services.${key}`;
      if (!OBJECT_KEY.test(key)) {
        r.fail(path, 'a service name may hold only letters, digits, _ . and -');
        continue;
      }
      const service = r.mapping(raw, path);
      if (!service) {
        r.fail(path, 'must be a mapping with at least image:');
        continue;
      }
      const spec = this.service(key, service, path);
      if (spec) planned.push({ key, spec });
    }
    planned.sort((a, b) => a.key.localeCompare(b.key));
    return {
      stack: this.stack,
      services: planned,
      networks: this.networks(),
      secrets: [...this.secretObjects.values()],
      configs: [...this.configObjects.values()],
      warnings: this.warnings,
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // Top-level objects.

  private readVolumeDeclarations(): void {
    for (const [key, raw] of Object.entries(this.volumeDecls)) {
      const path = `volumes.${key}`;
      const decl = this.r.mapping(raw, path) ?? {};
      this.r.known(decl, path, ['driver', 'driver_opts', 'external', 'labels', 'name']);
      this.r.string(decl.driver, `${path}.driver`);
      this.r.labels(decl.driver_opts, `${path}.driver_opts`);
      this.r.labels(decl.labels, `${path}.labels`);
      this.external(decl.external, `${path}.external`);
    }
  }

  /** `external: true` or the old `external: {name: x}`; the external name when external. */
  private external(value: unknown, path: string): { external: boolean; name?: string } {
    if (isMapping(value)) {
      this.r.known(value, path, ['name']);
      return { external: true, name: this.r.string(value.name, `${path}.name`) };
    }
    return { external: this.r.boolean(value, path) ?? false };
  }

  private readFileObjects(value: unknown, kind: 'secrets' | 'configs'): Map<string, PlannedFileObject> {
    const objects = new Map<string, PlannedFileObject>();
    const what = kind === 'secrets' ? 'secret' : 'config';
    for (const [key, raw] of Object.entries(this.r.mapping(value, kind) ?? {})) {
      const path = `${kind}.${key}`;
      if (!OBJECT_KEY.test(key)) {
        this.r.fail(path, `a ${what} name may hold only letters, digits, _ . and -`);
        continue;
      }
      const decl = this.r.mapping(raw, path) ?? {};
      this.r.known(decl, path, ['file', 'environment', 'external', 'labels', 'name', ...(kind === 'configs' ? ['content'] : []), 'template_driver']);
      const external = this.external(decl.external, `${path}.external`);
      const labels = this.r.labels(decl.labels, `${path}.labels`) ?? {};
      const name = this.r.string(decl.name, `${path}.name`);
      if (external.external) {
        objects.set(key, { key, name: external.name ?? name ?? key, external: true, labels, data: null });
        continue;
      }
      if (decl.template_driver !== undefined) this.r.fail(`${path}.template_driver`, 'is not supported by the panel');
      const data = this.fileObjectData(decl, path, kind);
      if (data === undefined) continue;
      objects.set(key, {
        key,
        name: name ?? this.scope(key),
        external: false,
        labels: this.stackLabels(labels),
        data: Buffer.from(data, 'utf8').toString('base64'),
      });
    }
    return objects;
  }

  private fileObjectData(decl: Mapping, path: string, kind: 'secrets' | 'configs'): string | undefined {
    const sources = ['file', 'environment', 'content'].filter((k) => decl[k] !== undefined);
    const inline = kind === 'configs' ? 'environment: VAR (a deploy variable) or content: |' : 'environment: VAR (a deploy variable)';
    if (decl.file !== undefined) {
      return this.r.fail(`${path}.file`, `cannot be read: the panel has no access to your disk. Give ${inline}, or external: true for one created beforehand`);
    }
    if (sources.length === 0) return this.r.fail(path, `needs ${inline}, or external: true`);
    if (sources.length > 1) return this.r.fail(path, `give one of ${sources.join(' and ')}`);
    if (decl.content !== undefined) return this.r.text(decl.content, `${path}.content`);
    const variable = this.r.string(decl.environment, `${path}.environment`);
    if (variable === undefined) return undefined;
    const data = this.env[variable];
    return data === undefined ? this.r.fail(`${path}.environment`, `variable ${variable} is not among the deploy's variables`) : data;
  }

  /** The networks the services use (as the CLI creates only those), in name order. */
  private networks(): PlannedNetwork[] {
    const out: PlannedNetwork[] = [];
    for (const key of [...this.usedNetworks].sort()) {
      const path = `networks.${key}`;
      const decl = this.r.mapping(this.networkDecls[key], path) ?? {};
      this.r.known(decl, path, ['driver', 'driver_opts', 'attachable', 'internal', 'labels', 'external', 'name', 'ipam', 'enable_ipv6']);
      const external = this.external(decl.external, `${path}.external`);
      const name = this.r.string(decl.name, `${path}.name`);
      if (external.external) {
        out.push({ key, name: external.name ?? name ?? key, create: null });
        continue;
      }
      const networkName = name ?? this.scope(key);
      const spec: NetworkCreateSpec = {
        Name: networkName,
        Driver: this.r.string(decl.driver, `${path}.driver`) || DEFAULT_NETWORK_DRIVER,
        Labels: this.stackLabels(this.r.labels(decl.labels, `${path}.labels`)),
        CheckDuplicate: true,
      };
      const options = this.r.labels(decl.driver_opts, `${path}.driver_opts`);
      if (options) spec.Options = options;
      if (this.r.boolean(decl.internal, `${path}.internal`)) spec.Internal = true;
      if (this.r.boolean(decl.attachable, `${path}.attachable`)) spec.Attachable = true;
      if (decl.enable_ipv6 !== undefined) this.warnings.push(`${path}.enable_ipv6: ignored by docker stack deploy`);
      const ipam = this.r.mapping(decl.ipam, `${path}.ipam`);
      if (ipam) {
        this.r.known(ipam, `${path}.ipam`, ['driver', 'config']);
        spec.IPAM = {};
        const driver = this.r.string(ipam.driver, `${path}.ipam.driver`);
        if (driver) spec.IPAM.Driver = driver;
        const configs = this.r.list(ipam.config, `${path}.ipam.config`) ?? [];
        if (configs.length) {
          spec.IPAM.Config = configs.flatMap((c, i) => {
            const subnet = this.r.string(this.r.mapping(c, `${path}.ipam.config[${i}]`)?.subnet, `${path}.ipam.config[${i}].subnet`);
            return subnet ? [{ Subnet: subnet }] : [];
          });
        }
      }
      out.push({ key, name: networkName, create: spec });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------
  // A service.

  private service(key: string, s: Mapping, path: string): StackServiceSpec | undefined {
    const r = this.r;
    for (const k of Object.keys(s)) {
      if (k.startsWith('x-') || SERVICE_KEYS.includes(k)) continue;
      const why = IGNORED_SERVICE_KEYS[k];
      if (why) this.warnings.push(`${path}.${k}: ignored (${why})`);
      else r.fail(`${path}.${k}`, 'is not a service key docker stack deploy knows');
    }
    if (s.env_file !== undefined) {
      r.fail(
        `${path}.env_file`,
        'cannot be read: the panel has no access to your disk. Put the variables under environment: (values may use ${VAR} from the deploy variables)',
      );
    }
    const image = r.string(s.image, `${path}.image`);
    if (!image) r.fail(`${path}.image`, 'is required: docker stack deploy runs images, it does not build them');
    const deploy = r.mapping(s.deploy, `${path}.deploy`) ?? {};
    r.known(deploy, `${path}.deploy`, DEPLOY_KEYS);
    const name = this.scope(key);

    const containerSpec: StackServiceSpec['TaskTemplate']['ContainerSpec'] = { Image: image ?? '' };
    const entrypoint = this.command(s.entrypoint, `${path}.entrypoint`);
    const args = this.command(s.command, `${path}.command`);
    if (entrypoint) containerSpec.Command = entrypoint;
    if (args) containerSpec.Args = args;
    setIf(containerSpec, 'Hostname', r.string(s.hostname, `${path}.hostname`));
    const hosts = this.extraHosts(s.extra_hosts, `${path}.extra_hosts`);
    if (hosts?.length) containerSpec.Hosts = hosts;
    const env = this.environment(s.environment, `${path}.environment`);
    if (env.length) containerSpec.Env = env;
    containerSpec.Labels = this.stackLabels(r.labels(s.labels, `${path}.labels`));
    setIf(containerSpec, 'Dir', r.string(s.working_dir, `${path}.working_dir`));
    setIf(containerSpec, 'User', r.text(s.user, `${path}.user`));
    const mounts = this.mounts(s.volumes, `${path}.volumes`);
    if (mounts.length) containerSpec.Mounts = mounts;
    setIf(containerSpec, 'StopGracePeriod', r.duration(s.stop_grace_period, `${path}.stop_grace_period`));
    setIf(containerSpec, 'StopSignal', r.string(s.stop_signal, `${path}.stop_signal`));
    if (r.boolean(s.tty, `${path}.tty`)) containerSpec.TTY = true;
    if (r.boolean(s.stdin_open, `${path}.stdin_open`)) containerSpec.OpenStdin = true;
    if (r.boolean(s.read_only, `${path}.read_only`)) containerSpec.ReadOnly = true;
    setIf(containerSpec, 'Init', r.boolean(s.init, `${path}.init`));
    const sysctls = r.labels(s.sysctls, `${path}.sysctls`);
    if (sysctls && Object.keys(sysctls).length) containerSpec.Sysctls = sysctls;
    const capAdd = r.strings(s.cap_add, `${path}.cap_add`);
    const capDrop = r.strings(s.cap_drop, `${path}.cap_drop`);
    if (capAdd?.length) containerSpec.CapabilityAdd = capAdd;
    if (capDrop?.length) containerSpec.CapabilityDrop = capDrop;
    setIf(containerSpec, 'Isolation', r.string(s.isolation, `${path}.isolation`));
    const health = this.healthcheck(s.healthcheck, `${path}.healthcheck`);
    if (health) containerSpec.Healthcheck = health;
    const dns = r.strings(s.dns, `${path}.dns`, { single: true });
    const dnsSearch = r.strings(s.dns_search, `${path}.dns_search`, { single: true });
    containerSpec.DNSConfig = { ...(dns?.length ? { Nameservers: dns } : {}), ...(dnsSearch?.length ? { Search: dnsSearch } : {}) };
    containerSpec.Privileges = {};
    const secrets = this.fileReferences(s.secrets, `${path}.secrets`, this.secretObjects, 'secret');
    if (secrets.length) containerSpec.Secrets = secrets.map(({ file, name: n }) => ({ File: file, SecretName: n }));
    const configs = this.fileReferences(s.configs, `${path}.configs`, this.configObjects, 'config');
    if (configs.length) containerSpec.Configs = configs.map(({ file, name: n }) => ({ File: file, ConfigName: n }));

    const mode = this.mode(deploy, `${path}.deploy`);
    const restart = this.restartPolicy(s.restart, deploy.restart_policy, path);
    const endpointMode = r.oneOf(deploy.endpoint_mode, `${path}.deploy.endpoint_mode`, ['vip', 'dnsrr']);
    const ports = this.ports(s.ports, `${path}.ports`);
    if (endpointMode === 'dnsrr' && ports.some((p) => p.PublishMode === 'ingress')) {
      r.fail(`${path}.ports`, 'ports in ingress mode cannot be published with endpoint_mode: dnsrr: use mode: host');
    }
    const logging = this.logging(s.logging, `${path}.logging`);
    const spec: StackServiceSpec = {
      Name: name,
      Labels: { ...this.stackLabels(r.labels(deploy.labels, `${path}.deploy.labels`)), [STACK_IMAGE_LABEL]: image ?? '' },
      TaskTemplate: {
        ContainerSpec: containerSpec,
        Resources: this.resources(deploy.resources, `${path}.deploy.resources`),
        ...(restart ? { RestartPolicy: restart } : {}),
        Placement: this.placement(deploy.placement, `${path}.deploy.placement`),
        Networks: this.serviceNetworks(key, s.networks, `${path}.networks`),
        ...(logging ? { LogDriver: logging } : {}),
      },
      Mode: mode,
      EndpointSpec: { ...(endpointMode ? { Mode: endpointMode } : {}), Ports: ports },
    };
    const update = this.updateConfig(deploy.update_config, `${path}.deploy.update_config`, ['continue', 'rollback', 'pause']);
    const rollback = this.updateConfig(deploy.rollback_config, `${path}.deploy.rollback_config`, ['continue', 'pause']);
    if (update) spec.UpdateConfig = update;
    if (rollback) spec.RollbackConfig = rollback;
    return spec;
  }

  /** A command as words: a list as given, a string split as a shell would (nothing is run through one). */
  private command(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') {
      try {
        return splitCommand(value);
      } catch (error) {
        if (!(error instanceof CommandSyntaxError)) throw error;
        return this.r.fail(path, error.message);
      }
    }
    return this.r.strings(value, path);
  }

  private extraHosts(value: unknown, path: string): string[] | undefined {
    if (isMapping(value)) return Object.entries(value).map(([host, ip]) => `${this.r.text(ip, `${path}.${host}`) ?? ''} ${host}`);
    return this.r.strings(value, path)?.map((entry, i) => {
      const colon = entry.indexOf(':');
      if (colon < 0) return this.r.fail(`${path}[${i}]`, 'must be host:address') ?? entry;
      return `${entry.slice(colon + 1)} ${entry.slice(0, colon)}`;
    });
  }

  /** `KEY=value` lines, sorted as the CLI sends them; a key without a value takes the deploy variable of that name. */
  private environment(value: unknown, path: string): string[] {
    const dict = this.r.dictionary(value, path) ?? {};
    return Object.entries(dict)
      .map(([k, v]) => {
        const resolved = v ?? this.env[k];
        return resolved === undefined ? k : `${k}=${resolved}`;
      })
      .sort();
  }

  private healthcheck(value: unknown, path: string): Mapping | undefined {
    const h = this.r.mapping(value, path);
    if (!h) return undefined;
    this.r.known(h, path, ['test', 'interval', 'timeout', 'retries', 'start_period', 'disable']);
    if (this.r.boolean(h.disable, `${path}.disable`)) {
      if (h.test !== undefined) this.r.fail(`${path}.test`, 'cannot be given with disable: true');
      return { Test: ['NONE'] };
    }
    let test: string[] | undefined;
    if (typeof h.test === 'string') test = ['CMD-SHELL', h.test];
    else {
      test = this.r.strings(h.test, `${path}.test`);
      if (test?.length && !['NONE', 'CMD', 'CMD-SHELL'].includes(test[0]!)) {
        this.r.fail(`${path}.test`, 'a list must start with CMD, CMD-SHELL or NONE');
      }
    }
    const out: Mapping = {};
    if (test) out.Test = test;
    setIf(out, 'Interval', this.r.duration(h.interval, `${path}.interval`));
    setIf(out, 'Timeout', this.r.duration(h.timeout, `${path}.timeout`));
    setIf(out, 'StartPeriod', this.r.duration(h.start_period, `${path}.start_period`));
    setIf(out, 'Retries', this.r.integer(h.retries, `${path}.retries`));
    return out;
  }

  private logging(value: unknown, path: string): StackServiceSpec['TaskTemplate']['LogDriver'] {
    const l = this.r.mapping(value, path);
    if (!l) return undefined;
    this.r.known(l, path, ['driver', 'options']);
    const options = this.r.labels(l.options, `${path}.options`);
    return { Name: this.r.string(l.driver, `${path}.driver`) ?? '', ...(options ? { Options: options } : {}) };
  }

  private mode(deploy: Mapping, path: string): StackServiceSpec['Mode'] {
    const mode = this.r.oneOf(deploy.mode, `${path}.mode`, ['replicated', 'global']) ?? 'replicated';
    const replicas = this.r.integer(deploy.replicas, `${path}.replicas`, 0, 10_000);
    if (mode === 'global') {
      if (deploy.replicas !== undefined) this.r.fail(`${path}.replicas`, 'can only be used with mode: replicated');
      return { Global: {} };
    }
    return { Replicated: replicas === undefined ? {} : { Replicas: replicas } };
  }

  /** deploy.restart_policy, else `restart:` read the way the CLI reads it. */
  private restartPolicy(restart: unknown, value: unknown, path: string): Mapping | undefined {
    const policy = this.r.mapping(value, `${path}.deploy.restart_policy`);
    if (policy) {
      const p = `${path}.deploy.restart_policy`;
      this.r.known(policy, p, ['condition', 'delay', 'max_attempts', 'window']);
      const out: Mapping = {};
      setIf(out, 'Condition', this.r.oneOf(policy.condition, `${p}.condition`, ['none', 'on-failure', 'any']));
      setIf(out, 'Delay', this.r.duration(policy.delay, `${p}.delay`));
      setIf(out, 'MaxAttempts', this.r.integer(policy.max_attempts, `${p}.max_attempts`));
      setIf(out, 'Window', this.r.duration(policy.window, `${p}.window`));
      return out;
    }
    const text = this.r.string(restart, `${path}.restart`);
    if (text === undefined || text === 'no' || text === '') return undefined;
    if (text === 'always' || text === 'unless-stopped') return { Condition: 'any' };
    const onFailure = text.match(/^on-failure(?::(\d+))?$/);
    if (onFailure) return { Condition: 'on-failure', MaxAttempts: Number(onFailure[1] ?? 0) };
    return this.r.fail(`${path}.restart`, 'must be no, always, unless-stopped or on-failure[:N]');
  }

  private resources(value: unknown, path: string): Mapping {
    const res = this.r.mapping(value, path);
    if (!res) return {};
    this.r.known(res, path, ['limits', 'reservations']);
    const out: Mapping = {};
    const limits = this.amounts(res.limits, `${path}.limits`, 'pids');
    if (limits) {
      const pids = this.r.integer(limits.given.pids, `${path}.limits.pids`);
      out.Limits = { ...limits.amounts, ...(pids !== undefined ? { Pids: pids } : {}) };
    }
    const reservations = this.amounts(res.reservations, `${path}.reservations`, 'generic_resources');
    if (reservations) {
      const generic = this.genericResources(reservations.given.generic_resources, `${path}.reservations.generic_resources`);
      out.Reservations = { ...reservations.amounts, ...(generic?.length ? { GenericResources: generic } : {}) };
    }
    for (const [key, field, limit] of [
      ['cpus', 'NanoCPUs', 'limits.cpus'],
      ['memory', 'MemoryBytes', 'limits.memory'],
    ] as const) {
      const limited = limits?.amounts[field];
      const reserved = reservations?.amounts[field];
      if (limited !== undefined && reserved !== undefined && reserved > limited) this.r.fail(`${path}.reservations.${key}`, `must not exceed ${limit}`);
    }
    return out;
  }

  /** The `cpus` and `memory` of limits or reservations (and the mapping, for the key only one of them has). */
  private amounts(value: unknown, path: string, own: string): { given: Mapping; amounts: { NanoCPUs?: number; MemoryBytes?: number } } | undefined {
    const given = this.r.mapping(value, path);
    if (!given) return undefined;
    this.r.known(given, path, ['cpus', 'memory', own]);
    const amounts: { NanoCPUs?: number; MemoryBytes?: number } = {};
    setIf(amounts, 'NanoCPUs', this.r.cpus(given.cpus, `${path}.cpus`));
    setIf(amounts, 'MemoryBytes', this.r.bytes(given.memory, `${path}.memory`));
    return { given, amounts };
  }

  private genericResources(value: unknown, path: string): Mapping[] | undefined {
    return this.r.list(value, path)?.map((g, i) => {
      const p = `${path}[${i}]`;
      const spec = this.r.mapping(this.r.mapping(g, p)?.discrete_resource_spec, `${p}.discrete_resource_spec`) ?? {};
      return {
        DiscreteResourceSpec: {
          Kind: this.r.string(spec.kind, `${p}.discrete_resource_spec.kind`) ?? '',
          Value: this.r.integer(spec.value, `${p}.discrete_resource_spec.value`) ?? 0,
        },
      };
    });
  }

  private placement(value: unknown, path: string): Mapping {
    const p = this.r.mapping(value, path);
    if (!p) return {};
    this.r.known(p, path, ['constraints', 'preferences', 'max_replicas_per_node']);
    const out: Mapping = {};
    const constraints = this.r.strings(p.constraints, `${path}.constraints`);
    constraints?.forEach((c, i) => {
      if (!/^\s*[A-Za-z0-9_.-]+\s*(==|!=)\s*\S/.test(c))
        this.r.fail(`${path}.constraints[${i}]`, `"${c}" must be field == value or field != value, e.g. node.role == worker`);
    });
    if (constraints?.length) out.Constraints = constraints;
    const preferences = this.r.list(p.preferences, `${path}.preferences`);
    if (preferences?.length) {
      out.Preferences = preferences.map((pref, i) => {
        const m = this.r.mapping(pref, `${path}.preferences[${i}]`) ?? {};
        this.r.known(m, `${path}.preferences[${i}]`, ['spread']);
        return { Spread: { SpreadDescriptor: this.r.string(m.spread, `${path}.preferences[${i}].spread`) ?? '' } };
      });
    }
    setIf(out, 'MaxReplicas', this.r.integer(p.max_replicas_per_node, `${path}.max_replicas_per_node`));
    return out;
  }

  private updateConfig(value: unknown, path: string, actions: readonly string[]): Mapping | undefined {
    const u = this.r.mapping(value, path);
    if (!u) return undefined;
    this.r.known(u, path, UPDATE_KEYS);
    // The CLI's own defaults for what is left out: parallelism 1, the rest zero (the daemon fills those in).
    return {
      Parallelism: this.r.integer(u.parallelism, `${path}.parallelism`) ?? 1,
      Delay: this.r.duration(u.delay, `${path}.delay`) ?? 0,
      FailureAction: this.r.oneOf(u.failure_action, `${path}.failure_action`, actions) ?? '',
      Monitor: this.r.duration(u.monitor, `${path}.monitor`) ?? 0,
      MaxFailureRatio: this.r.number(u.max_failure_ratio, `${path}.max_failure_ratio`, 0, 1) ?? 0,
      Order: this.r.oneOf(u.order, `${path}.order`, ['stop-first', 'start-first']) ?? '',
    };
  }

  private ports(value: unknown, path: string): PortConfig[] {
    const list = this.r.list(value, path) ?? [];
    const ports = list.flatMap((item, i) => (isMapping(item) ? this.longPort(item, `${path}[${i}]`) : this.shortPort(item, `${path}[${i}]`)));
    // Sorted by published port, as the CLI sends them (stable: equal ones keep their order).
    return ports.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0));
  }

  private longPort(p: Mapping, path: string): PortConfig[] {
    this.r.known(p, path, ['target', 'published', 'protocol', 'mode']);
    const target = this.r.integer(p.target, `${path}.target`, 1, 65535);
    if (target === undefined) return this.r.fail(`${path}.target`, 'is required') ?? [];
    const published = this.r.integer(p.published, `${path}.published`, 0, 65535);
    return [
      {
        Protocol: this.r.oneOf(p.protocol, `${path}.protocol`, ['tcp', 'udp', 'sctp']) ?? 'tcp',
        TargetPort: target,
        ...(published ? { PublishedPort: published } : {}),
        PublishMode: this.r.oneOf(p.mode, `${path}.mode`, ['ingress', 'host']) ?? 'ingress',
      },
    ];
  }

  /** `[ip:][published[-end]:]target[-end][/protocol]`, in ingress mode. */
  private shortPort(value: unknown, path: string): PortConfig[] {
    const text = this.r.text(value, path);
    if (text === undefined) return [];
    const match = text.match(/^(?:(?:([\d.]+|\[[0-9a-fA-F:]+\]):)?(\d+)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/);
    if (!match) return this.r.fail(path, `"${text}" is not a port: use published:target, e.g. 8080:80, or the long syntax`) ?? [];
    const [, ip, pubStart, pubEnd, targetStart = '', targetEnd, protocol = 'tcp'] = match;
    if (ip) this.warnings.push(`${path}: the address ${ip} is ignored: swarm publishes on every address of every node`);
    const targets = range(Number(targetStart), Number(targetEnd ?? targetStart));
    const published = pubStart ? range(Number(pubStart), Number(pubEnd ?? pubStart)) : [];
    if (targets.some((t) => t < 1 || t > 65535) || published.some((p) => p < 1 || p > 65535))
      return this.r.fail(path, 'ports must be between 1 and 65535') ?? [];
    if (published.length && published.length !== targets.length) return this.r.fail(path, 'the published and target ranges must be the same length') ?? [];
    return targets.map((target, i) => ({
      Protocol: protocol,
      TargetPort: target,
      ...(published[i] ? { PublishedPort: published[i] } : {}),
      PublishMode: 'ingress',
    }));
  }

  private serviceNetworks(service: string, value: unknown, path: string): StackServiceSpec['TaskTemplate']['Networks'] {
    let entries: [string, Mapping | null][];
    if (value === undefined || value === null) entries = [[DEFAULT_NETWORK, null]];
    else if (Array.isArray(value)) entries = (this.r.strings(value, path) ?? []).map((n) => [n, null]);
    else entries = Object.entries(this.r.mapping(value, path) ?? {}).map(([n, v]) => [n, this.r.mapping(v, `${path}.${n}`) ?? null]);
    const out = entries.flatMap(([key, config]) => {
      if (key !== DEFAULT_NETWORK && !(key in this.networkDecls)) {
        return this.r.fail(`${path}.${key}`, `network ${key} is not declared under the top-level networks:`) ?? [];
      }
      this.usedNetworks.add(key);
      const aliases = config ? (this.r.strings(config.aliases, `${path}.${key}.aliases`) ?? []) : [];
      if (config) {
        this.r.known(config, `${path}.${key}`, ['aliases', 'driver_opts', 'ipv4_address', 'ipv6_address']);
        for (const k of ['ipv4_address', 'ipv6_address'])
          if (config[k] !== undefined) this.warnings.push(`${path}.${key}.${k}: ignored (swarm assigns addresses)`);
      }
      const driverOpts = config ? this.r.labels(config.driver_opts, `${path}.${key}.driver_opts`) : undefined;
      return [
        { Target: this.networkName(key), Aliases: [...aliases, service], ...(driverOpts && Object.keys(driverOpts).length ? { DriverOpts: driverOpts } : {}) },
      ];
    });
    return out.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
  }

  /** The swarm name of a network key: its external or given name, else scoped by the stack. */
  private networkName(key: string): string {
    const decl = isMapping(this.networkDecls[key]) ? this.networkDecls[key] : {};
    const external = decl.external;
    if (isMapping(external) && typeof external.name === 'string') return external.name;
    if (typeof decl.name === 'string') return decl.name;
    return external === true || external === 'true' ? key : this.scope(key);
  }

  private mounts(value: unknown, path: string): EngineMount[] {
    const list = this.r.list(value, path) ?? [];
    return list.flatMap((item, i) => {
      const p = `${path}[${i}]`;
      const volume = isMapping(item) ? this.longVolume(item, p) : this.shortVolume(item, p);
      return volume ? [this.mount(volume, p)].filter((m): m is EngineMount => m !== undefined) : [];
    });
  }

  private shortVolume(value: unknown, path: string): VolumeUse | undefined {
    const text = this.r.string(value, path);
    if (text === undefined) return undefined;
    const parts = text.split(':');
    if (parts.length > 3 || parts.some((part) => part === '')) return this.r.fail(path, `"${text}" must be target, source:target or source:target:options`);
    if (parts.length === 1) return { type: 'volume', target: parts[0]!, readOnly: false };
    const [source = '', target = '', options = ''] = parts;
    const flags = options ? options.split(',') : [];
    const propagation = flags.find((f) => ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'].includes(f));
    const unknown = flags.filter((f) => !['ro', 'rw', 'nocopy', 'z', 'Z', 'consistent', 'cached', 'delegated'].includes(f) && f !== propagation);
    if (unknown.length) this.r.fail(path, `unknown volume option ${unknown.join(', ')} (known: ro, rw, nocopy, a propagation mode)`);
    const bind = /^[/.~]/.test(source);
    return {
      type: bind ? 'bind' : 'volume',
      source,
      target,
      readOnly: flags.includes('ro'),
      ...(flags.includes('nocopy') ? { noCopy: true } : {}),
      ...(bind && propagation ? { propagation } : {}),
    };
  }

  private longVolume(v: Mapping, path: string): VolumeUse | undefined {
    this.r.known(v, path, ['type', 'source', 'target', 'read_only', 'volume', 'bind', 'tmpfs', 'consistency']);
    const type = this.r.oneOf(v.type, `${path}.type`, ['volume', 'bind', 'tmpfs']) ?? 'volume';
    const target = this.r.string(v.target, `${path}.target`);
    if (!target) return this.r.fail(`${path}.target`, 'is required');
    const use: VolumeUse = { type, target, readOnly: this.r.boolean(v.read_only, `${path}.read_only`) ?? false };
    const source = this.r.string(v.source, `${path}.source`);
    if (source) use.source = source;
    const volume = this.r.mapping(v.volume, `${path}.volume`);
    const bind = this.r.mapping(v.bind, `${path}.bind`);
    const tmpfs = this.r.mapping(v.tmpfs, `${path}.tmpfs`);
    if (volume && type !== 'volume') this.r.fail(`${path}.volume`, `volume options need type: volume`);
    if (bind && type !== 'bind') this.r.fail(`${path}.bind`, `bind options need type: bind`);
    if (tmpfs && type !== 'tmpfs') this.r.fail(`${path}.tmpfs`, `tmpfs options need type: tmpfs`);
    if (volume) {
      this.r.known(volume, `${path}.volume`, ['nocopy']);
      if (this.r.boolean(volume.nocopy, `${path}.volume.nocopy`)) use.noCopy = true;
    }
    if (bind) {
      this.r.known(bind, `${path}.bind`, ['propagation']);
      use.propagation = this.r.oneOf(bind.propagation, `${path}.bind.propagation`, ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
      use.bindOptions = true;
    }
    if (tmpfs) {
      this.r.known(tmpfs, `${path}.tmpfs`, ['size']);
      use.tmpfsSize = this.r.bytes(tmpfs.size, `${path}.tmpfs.size`);
    }
    return use;
  }

  /** A volume use as the CLI mounts it: named volumes scoped to the stack and labelled, unless external. */
  private mount(use: VolumeUse, path: string): EngineMount | undefined {
    const base: EngineMount = { Type: use.type, Target: use.target, ...(use.readOnly ? { ReadOnly: true } : {}) };
    if (use.type === 'tmpfs') {
      if (use.source) return this.r.fail(`${path}.source`, 'a tmpfs mount has no source');
      return { ...base, ...(use.tmpfsSize !== undefined ? { TmpfsOptions: { SizeBytes: use.tmpfsSize } } : {}) };
    }
    if (use.type === 'bind') {
      if (!use.source) return this.r.fail(`${path}.source`, 'a bind mount needs a source path');
      if (!use.source.startsWith('/')) {
        return this.r.fail(path, `the relative path ${use.source} cannot be resolved: the panel has no working directory. Give an absolute path on the nodes`);
      }
      return {
        ...base,
        Source: use.source,
        ...(use.bindOptions || use.propagation ? { BindOptions: use.propagation ? { Propagation: use.propagation } : {} } : {}),
      };
    }
    if (!use.source) return base;
    const declared = this.volumeDecls[use.source];
    if (!(use.source in this.volumeDecls)) return this.r.fail(path, `volume ${use.source} is not declared under the top-level volumes:`);
    const decl = isMapping(declared) ? declared : {};
    const external = decl.external === true || decl.external === 'true' || isMapping(decl.external);
    const externalName = isMapping(decl.external) && typeof decl.external.name === 'string' ? decl.external.name : undefined;
    const name = externalName ?? (typeof decl.name === 'string' ? decl.name : external ? use.source : this.scope(use.source));
    const options: Mapping = { ...(use.noCopy ? { NoCopy: true } : {}) };
    if (!external) {
      const labels = isMapping(decl.labels) || Array.isArray(decl.labels) ? new ComposeReader().labels(decl.labels, '') : undefined;
      options.Labels = this.stackLabels(labels);
      const driver = typeof decl.driver === 'string' ? decl.driver : undefined;
      const driverOpts = decl.driver_opts !== undefined ? new ComposeReader().labels(decl.driver_opts, '') : undefined;
      if (driver || driverOpts) options.DriverConfig = { ...(driver ? { Name: driver } : {}), ...(driverOpts ? { Options: driverOpts } : {}) };
    }
    return { ...base, Source: name, VolumeOptions: options };
  }

  private fileReferences(
    value: unknown,
    path: string,
    objects: Map<string, PlannedFileObject>,
    what: 'secret' | 'config',
  ): { file: FileTarget; name: string }[] {
    const list = this.r.list(value, path) ?? [];
    const refs = list.flatMap((item, i) => {
      const p = `${path}[${i}]`;
      const ref = typeof item === 'string' ? { source: item } : this.r.mapping(item, p);
      if (!ref) return [];
      if (isMapping(item)) this.r.known(item, p, ['source', 'target', 'uid', 'gid', 'mode']);
      const source = this.r.string(ref.source, `${p}.source`);
      if (!source) return this.r.fail(`${p}.source`, 'is required') ?? [];
      const object = objects.get(source);
      if (!object) return this.r.fail(p, `${what} ${source} is not declared under the top-level ${what}s:`) ?? [];
      const mode = this.r.integer(ref.mode, `${p}.mode`, 0, 0o777);
      return [
        {
          name: object.name,
          file: {
            Name: this.r.string(ref.target, `${p}.target`) ?? source,
            UID: this.r.text(ref.uid, `${p}.uid`) ?? '0',
            GID: this.r.text(ref.gid, `${p}.gid`) ?? '0',
            Mode: mode ?? DEFAULT_FILE_MODE,
          },
        },
      ];
    });
    // Sorted by name, as the CLI sends them (a reordered file must not restart the service).
    return refs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

interface VolumeUse {
  type: 'volume' | 'bind' | 'tmpfs';
  source?: string;
  target: string;
  readOnly: boolean;
  noCopy?: boolean;
  propagation?: string;
  bindOptions?: boolean;
  tmpfsSize?: number;
}

function setIf(target: Mapping, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function range(from: number, to: number): number[] {
  if (to < from || to - from > 1000) return [from];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
