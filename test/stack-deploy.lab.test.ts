/**
 * Stacks through the API against the lab swarm, held against the docker CLI: one rich compose file deployed
 * with `docker stack deploy` under one name and through the API under another must give the same service specs
 * once the names (and the ids and ports that differ between two stacks) are normalised. Then: a redeploy of the
 * same file writes nothing, prune removes a dropped service, bad input changes nothing, removal leaves nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const CLI_STACK = 'stkcli';
const API_STACK = 'stkapi';
const SECRET_VALUE = 'lab-secret-7f3a9c';
const CONFIG_TEXT = 'key=value\n';

/**
 * The file both deploy. Ports come from variables so that the two stacks do not claim the same ones: the CLI
 * takes the defaults, the API is given others. Secret and config sources differ (the panel cannot read files).
 */
function richCompose(sources: { secret: string; config: string }, options: { withCache?: boolean } = {}): string {
  const cache = `
  cache:
    image: lab/busybox:latest
    command: sleep 3600
    stop_grace_period: 1s
    restart: always
    depends_on: [web]
    container_name: cache-box
    networks:
      back:
        aliases: [kv]
    deploy:
      replicas: 1
      restart_policy:
        condition: any
        delay: 1s`;
  return `version: "3.8"
services:
  web:
    image: lab/busybox:latest
    command: ["httpd", "-f", "-p", "8080"]
    hostname: "web-{{.Task.Slot}}"
    environment:
      MODE: production
      EMPTY: ""
    labels:
      app.tier: front
    ports:
      - "\${WEB_PORT:-18080}:8080"
      - target: 9090
        published: \${HOST_PORT:-19090}
        protocol: tcp
        mode: host
    networks:
      default:
      front:
        aliases: [www, site]
    volumes:
      - data:/data
      - type: tmpfs
        target: /cache
        tmpfs:
          size: 1048576
    secrets:
      - source: db_password
        target: db.pass
        uid: "100"
        gid: "101"
        mode: 0400
    configs:
      - app_config
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
      timeout: 1s
      retries: 2
      start_period: 1s
    stop_grace_period: 1s
    deploy:
      replicas: 2
      labels:
        com.example.role: web
      placement:
        constraints: [node.role == worker]
        preferences:
          - spread: node.labels.zone
        max_replicas_per_node: 2
      resources:
        limits:
          cpus: "0.5"
          memory: 64M
        reservations:
          cpus: "0.01"
          memory: 8M
      update_config:
        parallelism: 1
        delay: 1s
        order: start-first
        failure_action: rollback
        monitor: 2s
        max_failure_ratio: 0.1
      rollback_config:
        parallelism: 2
      restart_policy:
        condition: on-failure
        delay: 1s
        max_attempts: 3
        window: 30s
  worker:
    image: lab/busybox:latest
    entrypoint: /bin/sh
    command: -c "sleep 3600"
    user: "0"
    working_dir: /tmp
    stop_signal: SIGINT
    stop_grace_period: 1s
    environment:
      - A=1
      - B=two words
    networks: [front, back]
    secrets: [db_password]
    volumes:
      - /tmp:/host-tmp:ro
    logging:
      driver: json-file
      options:
        max-size: 1m
    deploy:
      mode: global
      endpoint_mode: dnsrr
${options.withCache === false ? '' : cache}
networks:
  front:
    driver: overlay
    attachable: true
    labels:
      purpose: front
  back:
    driver_opts:
      encrypted: ""
volumes:
  data:
    labels:
      kind: data
secrets:
  db_password:
    ${sources.secret}
configs:
  app_config:
    ${sources.config}
`;
}

const API_ENV = { WEB_PORT: '28080', HOST_PORT: '29090', DB_PASSWORD: SECRET_VALUE };
const apiCompose = (options: { withCache?: boolean } = {}) =>
  richCompose({ secret: 'environment: DB_PASSWORD', config: 'content: |\n      key=value' }, options);

interface InspectedService {
  ID: string;
  Version: { Index: number };
  Spec: Record<string, unknown>;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const inspectServices = async (names: string[]) => JSON.parse(await cli(['service', 'inspect', ...names])) as InspectedService[];
const stackServices = async (stack: string) =>
  lines(await cli(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}'])).sort();
const stackNetworks = async (stack: string) =>
  lines(await cli(['network', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}'])).sort();
const stackSecrets = async (stack: string) =>
  lines(await cli(['secret', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}'])).sort();
const stackConfigs = async (stack: string) =>
  lines(await cli(['config', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}'])).sort();
const versions = async (stack: string) => Object.fromEntries((await inspectServices(await stackServices(stack))).map((s) => [s.ID, s.Version.Index]));

/** A spec with the other stack's name, ids and ports made equal: network ids become their names. */
async function normalisedSpecs(stack: string, ports: Record<number, number>): Promise<Record<string, unknown>> {
  const services = await inspectServices(await stackServices(stack));
  const networks = JSON.parse(await cli(['network', 'inspect', ...(await stackNetworks(stack))])) as { Id: string; Name: string }[];
  let text = JSON.stringify(services.map((s) => s.Spec));
  for (const n of networks) text = text.replaceAll(n.Id, n.Name);
  text = text.replace(/"(SecretID|ConfigID)":"[^"]+"/g, '"$1":"<id>"');
  for (const [from, to] of Object.entries(ports)) text = text.replaceAll(`"PublishedPort":${from}`, `"PublishedPort":${to}`);
  text = text.replaceAll(stack, '<stack>');
  const specs = JSON.parse(text) as { Name: string }[];
  return Object.fromEntries(specs.map((s) => [s.Name, s]));
}

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
interface DeployBody {
  data: {
    warnings: string[];
    created: { services: string[]; networks: string[]; secrets: string[]; configs: string[] };
    updated: string[];
    unchanged: string[];
    removed: string[];
  };
}

describe('stacks on the lab swarm, compared with docker stack deploy', () => {
  let fx: PluginFixture;
  let uuid: string;
  let dir: string;
  const api = (path: string, init?: Parameters<PluginFixture['request']>[1]) => fx.request(`/${uuid}${path}`, init);
  const deploy = (json: unknown) => api('/stacks', { method: 'POST', json });

  beforeAll(async () => {
    fx = createPluginFixture(lab);
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    uuid = detected.data[0]!.uuid;
    dir = await mkdtemp(join(tmpdir(), 'stack-parity-'));
    await writeFile(join(dir, 'secret.txt'), SECRET_VALUE);
    await writeFile(join(dir, 'config.txt'), CONFIG_TEXT);
  });

  afterAll(async () => {
    await cli(['stack', 'rm', CLI_STACK, API_STACK]).catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
    await fx?.close();
  });

  it('deploys the same specs as docker stack deploy, networks, secret and config included', async () => {
    const cliFile = richCompose({ secret: `file: ${join(dir, 'secret.txt')}`, config: `file: ${join(dir, 'config.txt')}` });
    await cli(['stack', 'deploy', '--resolve-image', 'never', '-c', '-', CLI_STACK], cliFile);

    const response = await deploy({ name: API_STACK, compose: apiCompose(), env: API_ENV });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(text).not.toContain(SECRET_VALUE);
    const body = JSON.parse(text) as DeployBody;
    expect(body.data.created).toEqual({
      services: [`${API_STACK}_cache`, `${API_STACK}_web`, `${API_STACK}_worker`],
      networks: [`${API_STACK}_back`, `${API_STACK}_default`, `${API_STACK}_front`],
      secrets: [`${API_STACK}_db_password`],
      configs: [`${API_STACK}_app_config`],
    });
    expect(body.data.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('services.cache.depends_on'),
        expect.stringContaining('services.cache.container_name'),
        expect.stringContaining('services.cache.restart'),
      ]),
    );

    const ours = await normalisedSpecs(API_STACK, { 28080: 18080, 29090: 19090 });
    const theirs = await normalisedSpecs(CLI_STACK, {});
    expect(Object.keys(ours).sort()).toEqual(['<stack>_cache', '<stack>_web', '<stack>_worker']);
    // Whole specs: labels, networks and aliases, mounts, ports, placement, resources, update config, healthcheck.
    expect(ours).toEqual(theirs);

    expect(await stackNetworks(API_STACK)).toEqual([`${API_STACK}_back`, `${API_STACK}_default`, `${API_STACK}_front`]);
    const networkOf = async (stack: string) =>
      (
        JSON.parse(await cli(['network', 'inspect', ...(await stackNetworks(stack))])) as {
          Name: string;
          Driver: string;
          Attachable: boolean;
          Options: Record<string, string>;
          Labels: Record<string, string>;
        }[]
      )
        .map((n) => ({
          name: n.Name.replace(stack, '<stack>'),
          driver: n.Driver,
          attachable: n.Attachable,
          encrypted: 'encrypted' in (n.Options ?? {}),
          labels: JSON.stringify(n.Labels).replaceAll(stack, '<stack>'),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    expect(await networkOf(API_STACK)).toEqual(await networkOf(CLI_STACK));
    const configData = JSON.parse(await cli(['config', 'inspect', `${API_STACK}_app_config`])) as { Spec: { Data: string } }[];
    expect(Buffer.from(configData[0]!.Spec.Data, 'base64').toString()).toBe(CONFIG_TEXT);

    const listed = (await (await api('/stacks')).json()) as { data: { name: string; services: { name: string }[] }[] };
    expect(listed.data.map((s) => s.name)).toEqual(expect.arrayContaining([CLI_STACK, API_STACK]));
    const stack = (await (await api(`/stacks/${API_STACK}`)).json()) as {
      data: { services: { name: string }[]; networks: unknown[]; secrets: { name: string }[]; configs: { name: string }[] };
    };
    expect(stack.data.services.map((s) => s.name)).toEqual([`${API_STACK}_cache`, `${API_STACK}_web`, `${API_STACK}_worker`]);
    expect(stack.data.secrets.map((s) => s.name)).toEqual([`${API_STACK}_db_password`]);

    await eventually(
      async () => {
        const progress = (await (await api(`/stacks/${API_STACK}/progress`)).json()) as { data: { converged: boolean } };
        return progress.data.converged;
      },
      { what: `${API_STACK} to converge`, timeoutMs: 90_000 },
    );
    const events = (await (await api('/events?type=plugin')).json()) as { data: { action: string; actorName: string; principal: string }[] };
    expect(events.data).toContainEqual(expect.objectContaining({ action: 'stack.deploy', actorName: API_STACK }));
  });

  it('writes nothing when the same file is deployed again (no version bump)', async () => {
    const before = await versions(API_STACK);
    const response = await deploy({ name: API_STACK, compose: apiCompose(), env: API_ENV });
    expect(response.status).toBe(200);
    const body = (await response.json()) as DeployBody;
    expect(body.data.updated).toEqual([]);
    expect(body.data.unchanged).toEqual([`${API_STACK}_cache`, `${API_STACK}_web`, `${API_STACK}_worker`]);
    expect(Object.values(body.data.created).flat()).toEqual([]);
    expect(await versions(API_STACK)).toEqual(before);
  });

  it('refuses bad input with the path at fault, changing nothing on the swarm', async () => {
    const before = await versions(API_STACK);
    const networks = await stackNetworks(API_STACK);
    const badCpus = apiCompose().replace('cpus: "0.5"', 'cpus: "lots"');
    const cases: [unknown, string][] = [
      [{ name: API_STACK, compose: badCpus, env: API_ENV }, 'compose.services.web.deploy.resources.limits.cpus'],
      [{ name: API_STACK, compose: apiCompose(), env: { ...API_ENV, DB_PASSWORD: undefined } }, 'compose.secrets.db_password.environment'],
      [{ name: API_STACK, compose: apiCompose().replace('environment: DB_PASSWORD', 'file: ./secret.txt'), env: API_ENV }, 'compose.secrets.db_password.file'],
      [{ name: API_STACK, compose: apiCompose().replace('    stop_signal: SIGINT', '    env_file: .env'), env: API_ENV }, 'compose.services.worker.env_file'],
      [
        { name: API_STACK, compose: apiCompose().replace('  back:\n    driver_opts:\n      encrypted: ""', '  back:\n    external: true'), env: API_ENV },
        'compose.networks.back',
      ],
      [{ name: 'bad name!', compose: apiCompose(), env: API_ENV }, 'name'],
      [{ name: API_STACK, env: API_ENV }, 'compose'],
    ];
    for (const [json, field] of cases) {
      const response = await deploy(json);
      const body = (await response.json()) as ErrorBody;
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.error.field).toBe(field);
    }
    expect(await versions(API_STACK)).toEqual(before);
    expect(await stackNetworks(API_STACK)).toEqual(networks);
  });

  it('prunes the services the file no longer has', async () => {
    const response = await deploy({ name: API_STACK, compose: apiCompose({ withCache: false }), env: API_ENV, prune: true });
    expect(response.status).toBe(200);
    const body = (await response.json()) as DeployBody;
    expect(body.data.removed).toEqual([`${API_STACK}_cache`]);
    expect(await stackServices(API_STACK)).toEqual([`${API_STACK}_web`, `${API_STACK}_worker`]);
  });

  it('removes the stack: services, networks, its secret and config, and nothing is left', async () => {
    const response = await api(`/stacks/${API_STACK}`, { method: 'DELETE' });
    const body = (await response.json()) as { data: { removed: DeployBody['data']['created'] } };
    expect(response.status).toBe(200);
    expect(body.data.removed).toEqual({
      services: [`${API_STACK}_web`, `${API_STACK}_worker`],
      networks: [`${API_STACK}_back`, `${API_STACK}_default`, `${API_STACK}_front`],
      secrets: [`${API_STACK}_db_password`],
      configs: [`${API_STACK}_app_config`],
    });
    expect(await stackServices(API_STACK)).toEqual([]);
    // The swarm took the removal; a node lists its copy of a network until its last task there has stopped.
    await eventually(async () => (await stackNetworks(API_STACK)).length === 0, { what: `the networks of ${API_STACK} to go`, timeoutMs: 30_000 });
    expect(await stackSecrets(API_STACK)).toEqual([]);
    expect(await stackConfigs(API_STACK)).toEqual([]);
    expect((await api(`/stacks/${API_STACK}`)).status).toBe(404);
    // The CLI's stack is someone else's: untouched.
    expect(await stackServices(CLI_STACK)).toEqual([`${CLI_STACK}_cache`, `${CLI_STACK}_web`, `${CLI_STACK}_worker`]);
  });

  it("reports a service whose tasks fail with Docker's reason", async () => {
    const compose =
      'services:\n  broken:\n    image: lab/missing:latest\n    stop_grace_period: 1s\n    deploy:\n      restart_policy:\n        condition: none\n';
    expect((await deploy({ name: 'stkfail', compose })).status).toBe(200);
    try {
      const failure = await eventually(
        async () => {
          const body = (await (await api('/stacks/stkfail/progress')).json()) as { data: { failed: boolean; services: { failure: string | null }[] } };
          return body.data.failed ? body.data.services[0]!.failure : null;
        },
        { what: 'the broken service to be reported failing', timeoutMs: 60_000 },
      );
      expect(failure).toMatch(/No such image: lab\/missing:latest/);
    } finally {
      expect((await api('/stacks/stkfail', { method: 'DELETE' })).status).toBe(200);
    }
  });
});
