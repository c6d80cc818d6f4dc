import { describe, expect, it } from 'vitest';
import { ComposeError, planStack, type StackPlan } from './stack-compose.ts';

const plan = (compose: string, env: Record<string, string> = {}, stack = 'shop') => planStack({ stack, compose, env });
const service = (p: StackPlan, key: string) => p.services.find((s) => s.key === key)!.spec;

/** The issues of a file that is refused. */
function issues(compose: string, env: Record<string, string> = {}, stack = 'shop') {
  try {
    planStack({ stack, compose, env });
  } catch (error) {
    if (error instanceof ComposeError) return error.issues;
    throw error;
  }
  throw new Error('the file was accepted');
}
const paths = (compose: string, env?: Record<string, string>) => issues(compose, env).map((i) => i.path);

describe('a compose file as a stack plan', () => {
  it('names, labels and networks a minimal service as docker stack deploy does', () => {
    const p = plan('services:\n  web:\n    image: nginx:1.27\n');
    expect(p.services).toHaveLength(1);
    expect(service(p, 'web')).toEqual({
      Name: 'shop_web',
      Labels: { 'com.docker.stack.namespace': 'shop', 'com.docker.stack.image': 'nginx:1.27' },
      TaskTemplate: {
        ContainerSpec: { Image: 'nginx:1.27', Labels: { 'com.docker.stack.namespace': 'shop' }, DNSConfig: {}, Privileges: {} },
        Resources: {},
        Placement: {},
        Networks: [{ Target: 'shop_default', Aliases: ['web'] }],
      },
      Mode: { Replicated: {} },
      EndpointSpec: { Ports: [] },
    });
    expect(p.networks).toEqual([
      {
        key: 'default',
        name: 'shop_default',
        create: { Name: 'shop_default', Driver: 'overlay', Labels: { 'com.docker.stack.namespace': 'shop' }, CheckDuplicate: true },
      },
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('splits a string command like a shell, keeps a list as given, and sets the entrypoint', () => {
    const p = plan(`services:
  a:
    image: x
    entrypoint: /bin/sh
    command: -c "echo 'hi there'"
  b:
    image: x
    command: ["sleep", "1 2"]
`);
    expect(service(p, 'a').TaskTemplate.ContainerSpec).toMatchObject({ Command: ['/bin/sh'], Args: ['-c', "echo 'hi there'"] });
    expect(service(p, 'b').TaskTemplate.ContainerSpec.Args).toEqual(['sleep', '1 2']);
  });

  it('sorts the environment and takes a bare name from the deploy variables', () => {
    const p = plan('services:\n  a:\n    image: x\n    environment:\n      - Z=1\n      - FROM_ENV\n      - UNSET\n      - A=b=c\n', { FROM_ENV: 'v' });
    expect(service(p, 'a').TaskTemplate.ContainerSpec.Env).toEqual(['A=b=c', 'FROM_ENV=v', 'UNSET', 'Z=1']);
  });

  it('interpolates ${VAR} from the deploy variables, numbers included, and warns about unset ones', () => {
    const p = plan('services:\n  a:\n    image: "app:${TAG}"\n    deploy:\n      replicas: ${N:-3}\n    hostname: h${NOPE}\n', { TAG: '2.0' });
    expect(service(p, 'a').TaskTemplate.ContainerSpec.Image).toBe('app:2.0');
    expect(service(p, 'a').Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(p.warnings).toEqual(['variable NOPE is not set: a blank string was used']);
  });

  it('converts ports in both syntaxes, ranges and host mode, sorted by published port', () => {
    const p = plan(`services:
  a:
    image: x
    ports:
      - "9000:90"
      - "8000-8001:80-81/udp"
      - "7000"
      - target: 443
        published: 8443
        mode: host
`);
    expect(service(p, 'a').EndpointSpec.Ports).toEqual([
      { Protocol: 'tcp', TargetPort: 7000, PublishMode: 'ingress' },
      { Protocol: 'udp', TargetPort: 80, PublishedPort: 8000, PublishMode: 'ingress' },
      { Protocol: 'udp', TargetPort: 81, PublishedPort: 8001, PublishMode: 'ingress' },
      { Protocol: 'tcp', TargetPort: 443, PublishedPort: 8443, PublishMode: 'host' },
      { Protocol: 'tcp', TargetPort: 90, PublishedPort: 9000, PublishMode: 'ingress' },
    ]);
  });

  it('attaches declared networks with aliases (the service name last), sorted by name, and creates only used ones', () => {
    const p = plan(`services:
  a:
    image: x
    networks:
      front:
        aliases: [www]
      back:
networks:
  front:
    attachable: true
    driver_opts: { encrypted: "" }
    labels: [team=web]
  back: {}
  unused: {}
  outside:
    external: true
`);
    expect(service(p, 'a').TaskTemplate.Networks).toEqual([
      { Target: 'shop_back', Aliases: ['a'] },
      { Target: 'shop_front', Aliases: ['www', 'a'] },
    ]);
    expect(p.networks.map((n) => n.name)).toEqual(['shop_back', 'shop_front']);
    expect(p.networks[1]!.create).toEqual({
      Name: 'shop_front',
      Driver: 'overlay',
      Labels: { team: 'web', 'com.docker.stack.namespace': 'shop' },
      Options: { encrypted: '' },
      Attachable: true,
      CheckDuplicate: true,
    });
  });

  it('uses external networks by their own name and creates nothing for them', () => {
    const p = plan(
      'services:\n  a:\n    image: x\n    networks: [edge, old]\nnetworks:\n  edge:\n    external: true\n  old:\n    external:\n      name: legacy-net\n',
    );
    expect(service(p, 'a').TaskTemplate.Networks.map((n) => n.Target)).toEqual(['edge', 'legacy-net']);
    expect(p.networks).toEqual([
      { key: 'edge', name: 'edge', create: null },
      { key: 'old', name: 'legacy-net', create: null },
    ]);
  });

  it('mounts named, anonymous, bind and tmpfs volumes; named ones scoped and labelled unless external', () => {
    const p = plan(`services:
  a:
    image: x
    volumes:
      - data:/data:ro,nocopy
      - /anon
      - /srv/files:/files:rshared
      - shared:/shared
      - type: tmpfs
        target: /tmp
        tmpfs: { size: 64M }
      - type: bind
        source: /etc/hosts
        target: /h
        read_only: true
volumes:
  data:
    driver: local
    driver_opts: { type: none }
    labels: { kind: db }
  shared:
    external: true
`);
    expect(service(p, 'a').TaskTemplate.ContainerSpec.Mounts).toEqual([
      {
        Type: 'volume',
        Target: '/data',
        ReadOnly: true,
        Source: 'shop_data',
        VolumeOptions: {
          NoCopy: true,
          Labels: { kind: 'db', 'com.docker.stack.namespace': 'shop' },
          DriverConfig: { Name: 'local', Options: { type: 'none' } },
        },
      },
      { Type: 'volume', Target: '/anon' },
      { Type: 'bind', Target: '/files', Source: '/srv/files', BindOptions: { Propagation: 'rshared' } },
      { Type: 'volume', Target: '/shared', Source: 'shared', VolumeOptions: {} },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 ** 2 } },
      { Type: 'bind', Target: '/h', ReadOnly: true, Source: '/etc/hosts' },
    ]);
  });

  it('references secrets and configs with target, uid, gid and mode (YAML 1.1 octal), sorted by name', () => {
    const p = plan(
      `services:
  a:
    image: x
    secrets:
      - zeta
      - source: alpha
        target: alpha.txt
        uid: "100"
        gid: "101"
        mode: 0400
    configs: [conf]
secrets:
  zeta:
    environment: ZETA
  alpha:
    external: true
configs:
  conf:
    content: |
      a=1
`,
      { ZETA: 'z-value' },
    );
    expect(service(p, 'a').TaskTemplate.ContainerSpec.Secrets).toEqual([
      { File: { Name: 'alpha.txt', UID: '100', GID: '101', Mode: 0o400 }, SecretName: 'alpha' },
      { File: { Name: 'zeta', UID: '0', GID: '0', Mode: 0o444 }, SecretName: 'shop_zeta' },
    ]);
    expect(service(p, 'a').TaskTemplate.ContainerSpec.Configs).toEqual([{ File: { Name: 'conf', UID: '0', GID: '0', Mode: 0o444 }, ConfigName: 'shop_conf' }]);
    expect(p.secrets).toEqual([
      { key: 'zeta', name: 'shop_zeta', external: false, labels: { 'com.docker.stack.namespace': 'shop' }, data: Buffer.from('z-value').toString('base64') },
      { key: 'alpha', name: 'alpha', external: true, labels: {}, data: null },
    ]);
    expect(Buffer.from(p.configs[0]!.data!, 'base64').toString()).toBe('a=1\n');
  });

  it('converts deploy: mode, replicas, labels, placement, resources, update, rollback and restart policies', () => {
    const p = plan(`services:
  a:
    image: x
    deploy:
      replicas: 2
      labels: [tier=web]
      placement:
        constraints: [node.role == worker, node.labels.zone != b]
        preferences: [{ spread: node.labels.zone }]
        max_replicas_per_node: 1
      resources:
        limits: { cpus: "0.5", memory: 64M, pids: 100 }
        reservations: { cpus: 0.25, memory: 32M }
      update_config: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.5 }
      rollback_config: { order: stop-first }
      restart_policy: { condition: on-failure, delay: 2s, max_attempts: 3, window: 1m }
      endpoint_mode: vip
  g:
    image: x
    deploy: { mode: global }
`);
    const a = service(p, 'a');
    expect(a.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(a.Labels).toEqual({ tier: 'web', 'com.docker.stack.namespace': 'shop', 'com.docker.stack.image': 'x' });
    expect(a.TaskTemplate.Placement).toEqual({
      Constraints: ['node.role == worker', 'node.labels.zone != b'],
      Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
      MaxReplicas: 1,
    });
    expect(a.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 ** 2, Pids: 100 },
      Reservations: { NanoCPUs: 2.5e8, MemoryBytes: 32 * 1024 ** 2 },
    });
    expect(a.UpdateConfig).toEqual({ Parallelism: 2, Delay: 10e9, FailureAction: 'rollback', Monitor: 60e9, MaxFailureRatio: 0.5, Order: 'start-first' });
    expect(a.RollbackConfig).toEqual({ Parallelism: 1, Delay: 0, FailureAction: '', Monitor: 0, MaxFailureRatio: 0, Order: 'stop-first' });
    expect(a.TaskTemplate.RestartPolicy).toEqual({ Condition: 'on-failure', Delay: 2e9, MaxAttempts: 3, Window: 60e9 });
    expect(a.EndpointSpec.Mode).toBe('vip');
    expect(service(p, 'g').Mode).toEqual({ Global: {} });
  });

  it('converts the container settings: healthcheck, user, dir, stop, hosts, dns, logging, flags', () => {
    const p = plan(`services:
  a:
    image: x
    healthcheck:
      test: curl -f http://localhost/
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 1s
    hostname: box
    user: "1000:1000"
    working_dir: /app
    stop_grace_period: 1m30s
    stop_signal: SIGQUIT
    extra_hosts: ["db:10.0.0.2"]
    dns: 8.8.8.8
    dns_search: [example.com]
    logging: { driver: json-file, options: { max-size: 10m } }
    tty: true
    stdin_open: true
    read_only: true
    init: true
    cap_add: [NET_ADMIN]
    sysctls: { net.core.somaxconn: 1024 }
    labels: { app: a }
  b:
    image: x
    healthcheck: { disable: true }
`);
    const c = service(p, 'a').TaskTemplate.ContainerSpec;
    expect(c).toMatchObject({
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/'], Interval: 30e9, Timeout: 5e9, Retries: 3, StartPeriod: 1e9 },
      Hostname: 'box',
      User: '1000:1000',
      Dir: '/app',
      StopGracePeriod: 90e9,
      StopSignal: 'SIGQUIT',
      Hosts: ['10.0.0.2 db'],
      DNSConfig: { Nameservers: ['8.8.8.8'], Search: ['example.com'] },
      TTY: true,
      OpenStdin: true,
      ReadOnly: true,
      Init: true,
      CapabilityAdd: ['NET_ADMIN'],
      Sysctls: { 'net.core.somaxconn': '1024' },
      Labels: { app: 'a', 'com.docker.stack.namespace': 'shop' },
    });
    expect(service(p, 'a').TaskTemplate.LogDriver).toEqual({ Name: 'json-file', Options: { 'max-size': '10m' } });
    expect(service(p, 'b').TaskTemplate.ContainerSpec.Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('warns about keys swarm ignores, as the CLI does, and reads restart: when there is no restart_policy', () => {
    const p = plan(
      'services:\n  a:\n    image: x\n    build: .\n    depends_on: [b]\n    restart: unless-stopped\n    container_name: c\n    expose: ["80"]\n  b:\n    image: x\n    restart: on-failure:4\n',
    );
    expect(p.warnings).toEqual([
      expect.stringMatching(/^services\.a\.build: ignored \(swarm does not build/),
      expect.stringMatching(/^services\.a\.depends_on: ignored/),
      expect.stringMatching(/^services\.a\.restart: ignored/),
      expect.stringMatching(/^services\.a\.container_name: ignored \(setting the container name is not supported\)/),
      expect.stringMatching(/^services\.a\.expose: ignored \(exposing ports is unnecessary/),
      expect.stringMatching(/^services\.b\.restart: ignored/),
    ]);
    expect(service(p, 'a').TaskTemplate.RestartPolicy).toEqual({ Condition: 'any' });
    expect(service(p, 'b').TaskTemplate.RestartPolicy).toEqual({ Condition: 'on-failure', MaxAttempts: 4 });
  });

  it('accepts extension keys, YAML anchors and merges, and a Compose Specification file without version', () => {
    const p = plan('x-common: &common\n  image: x\n  stop_grace_period: 1s\nservices:\n  a:\n    <<: *common\n    x-note: hi\n');
    expect(service(p, 'a').TaskTemplate.ContainerSpec).toMatchObject({ Image: 'x', StopGracePeriod: 1e9 });
  });

  it.each([
    [
      'a non-numeric CPU limit',
      'services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits:\n          cpus: lots\n',
      'services.web.deploy.resources.limits.cpus',
    ],
    [
      'a bad memory size',
      'services:\n  web:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          memory: huge\n',
      'services.web.deploy.resources.reservations.memory',
    ],
    [
      'reservations above limits',
      'services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits: { cpus: "0.5" }\n        reservations: { cpus: "1" }\n',
      'services.web.deploy.resources.reservations.cpus',
    ],
    ['a bad duration', 'services:\n  web:\n    image: x\n    stop_grace_period: soon\n', 'services.web.stop_grace_period'],
    ['a negative replica count', 'services:\n  web:\n    image: x\n    deploy:\n      replicas: -1\n', 'services.web.deploy.replicas'],
    ['replicas in global mode', 'services:\n  web:\n    image: x\n    deploy:\n      mode: global\n      replicas: 2\n', 'services.web.deploy.replicas'],
    ['an unknown mode', 'services:\n  web:\n    image: x\n    deploy:\n      mode: everywhere\n', 'services.web.deploy.mode'],
    ['a typo in deploy', 'services:\n  web:\n    image: x\n    deploy:\n      replica: 2\n', 'services.web.deploy.replica'],
    ['an unknown service key', 'services:\n  web:\n    image: x\n    imagee: y\n', 'services.web.imagee'],
    ['a missing image', 'services:\n  web:\n    command: sleep 1\n', 'services.web.image'],
    ['env_file', 'services:\n  web:\n    image: x\n    env_file: .env\n', 'services.web.env_file'],
    ['a file secret', 'services:\n  web:\n    image: x\nsecrets:\n  s:\n    file: ./s.txt\n', 'secrets.s.file'],
    ['a file config', 'services:\n  web:\n    image: x\nconfigs:\n  c:\n    file: ./c.txt\n', 'configs.c.file'],
    ['a secret from a missing variable', 'services:\n  web:\n    image: x\nsecrets:\n  s:\n    environment: NOPE\n', 'secrets.s.environment'],
    ['an undeclared network', 'services:\n  web:\n    image: x\n    networks: [ghost]\n', 'services.web.networks.ghost'],
    ['an undeclared volume', 'services:\n  web:\n    image: x\n    volumes: ["ghost:/g"]\n', 'services.web.volumes[0]'],
    ['an undeclared secret', 'services:\n  web:\n    image: x\n    secrets: [ghost]\n', 'services.web.secrets[0]'],
    ['a relative bind path', 'services:\n  web:\n    image: x\n    volumes: ["./data:/data"]\n', 'services.web.volumes[0]'],
    ['a bad port', 'services:\n  web:\n    image: x\n    ports: ["eighty"]\n', 'services.web.ports[0]'],
    ['a port out of range', 'services:\n  web:\n    image: x\n    ports: ["70000:80"]\n', 'services.web.ports[0]'],
    [
      'a bad constraint',
      'services:\n  web:\n    image: x\n    deploy:\n      placement:\n        constraints: [node.role]\n',
      'services.web.deploy.placement.constraints[0]',
    ],
    [
      'a bad update order',
      'services:\n  web:\n    image: x\n    deploy:\n      update_config:\n        order: random\n',
      'services.web.deploy.update_config.order',
    ],
    [
      'a rollback failure action of rollback',
      'services:\n  web:\n    image: x\n    deploy:\n      rollback_config:\n        failure_action: rollback\n',
      'services.web.deploy.rollback_config.failure_action',
    ],
    ['ingress ports with dnsrr', 'services:\n  web:\n    image: x\n    ports: ["80:80"]\n    deploy:\n      endpoint_mode: dnsrr\n', 'services.web.ports'],
    ['a version 2 file', 'version: "2.4"\nservices:\n  web:\n    image: x\n', 'version'],
    ['an unknown top-level key', 'services:\n  web:\n    image: x\nextras: {}\n', 'extras'],
    ['no services', 'networks: {}\n', 'services'],
    ['a malformed variable', 'services:\n  web:\n    image: "x:${TAG"\n', 'services.web.image'],
    ['a required variable', 'services:\n  web:\n    image: "x:${TAG:?give a tag}"\n', 'services.web.image'],
    ['YAML that does not parse', 'services:\n  web:\n    image: [x\n', 'compose'],
    ['a duplicate key', 'services:\n  web:\n    image: x\n    image: y\n', 'compose'],
    ['a test and disable together', 'services:\n  web:\n    image: x\n    healthcheck: { test: "true", disable: true }\n', 'services.web.healthcheck.test'],
  ])('refuses %s, naming the path', (_, compose, path) => {
    expect(paths(compose)).toContain(path);
  });

  it('reports every problem of a file at once', () => {
    const found = paths('services:\n  a:\n    image: x\n    stop_grace_period: soon\n  b:\n    deploy:\n      replicas: many\n');
    expect(found).toEqual(['services.a.stop_grace_period', 'services.b.image', 'services.b.deploy.replicas']);
  });

  it('says why a file secret is refused and what to give instead', () => {
    const [issue] = issues('services:\n  web:\n    image: x\nsecrets:\n  s:\n    file: ./s.txt\n');
    expect(issue!.message).toMatch(/no access to your disk.*environment: VAR.*external: true/);
  });

  it('refuses a bad stack name', () => {
    expect(issues('services:\n  web:\n    image: x\n', {}, 'no spaces please').map((i) => i.path)).toEqual(['name']);
  });

  it('does not expand an alias bomb', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(',')}]`)].join(
      '\n',
    );
    expect(paths(`${bomb}\nservices:\n  web:\n    image: x\n`)).toEqual(['compose']);
  });
});
