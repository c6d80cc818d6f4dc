/**
 * Deploying a host application as a stack through the per-application swarm form, on the reference host with the
 * lab swarm registered: what `docker service inspect` shows afterwards is exactly what the form said, and a
 * refused form changes nothing on the swarm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from '../host/testing.ts';
import { createClustersPlugin } from '../src/index.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { defaultForm, messageBeside } from './support/swarm-form.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const zoneNode = () => lab.nodes.find((n) => n.role === 'worker')!;
/** `docker service ls` as text: what must not change when the form is refused. */
const serviceList = () => cli(['service', 'ls', '--format', '{{.ID}} {{.Name}} {{.Mode}} {{.Image}}']);

interface InspectedService {
  ID: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Labels: Record<string, string>;
    Mode: { Replicated?: { Replicas: number }; Global?: object };
    TaskTemplate: {
      ContainerSpec: { Image: string; Args?: string[]; Healthcheck?: Record<string, unknown>; Labels?: Record<string, string> };
      Resources: { Limits?: Record<string, number>; Reservations?: Record<string, number> };
      RestartPolicy: Record<string, unknown>;
      Placement: { Constraints?: string[]; Preferences?: unknown[] };
      Networks?: { Target: string; Aliases?: string[] }[];
    };
    UpdateConfig: Record<string, unknown>;
    RollbackConfig: Record<string, unknown>;
  };
}

const inspect = async (name: string) => JSON.parse(await cli(['service', 'inspect', name, '--format', '{{json .}}'])) as InspectedService;

describe('deploying an application as a stack from its swarm form', () => {
  let host: TestHost;
  let browser: BrowserSession;
  let uuid: string;
  let serviceName: string;
  const post = (path: string, form: Record<string, string>) => browser.request(`/clusters/applications/${uuid}/swarm${path}`, { form, htmx: true });

  /** The example: replicas 3, zone a, spread by zone, limits and reservations, start-first by 2, a health check. */
  const exampleForm = (): Record<string, string> => ({
    ...defaultForm(),
    replicas: '3',
    workerOnly: 'on',
    // Typed as well as switched on: the service must still get it once.
    'constraints.0.field': 'node.role',
    'constraints.0.operator': '==',
    'constraints.0.value': 'worker',
    'constraints.1.field': 'node.labels.zone',
    'constraints.1.operator': '==',
    'constraints.1.value': 'a',
    'preferences.0.spread': 'node.labels.zone',
    'resources.limits.cpus': '0.5',
    'resources.limits.memory': '64M',
    'resources.reservations.cpus': '0.1',
    'resources.reservations.memory': '16M',
    'updateConfig.parallelism': '2',
    'updateConfig.order': 'start-first',
    'updateConfig.delay': '1s',
    'restartPolicy.condition': 'on-failure',
    'restartPolicy.maxAttempts': '5',
    'healthCheck.command': 'test -e /bin/sh',
    'healthCheck.interval': '2s',
    'healthCheck.timeout': '1s',
    'healthCheck.retries': '2',
    'healthCheck.startPeriod': '1s',
    'labels.0.key': 'tier',
    'labels.0.value': 'web',
  });

  beforeAll(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const { serverIds } = await registerLab({ api: (method, path, body) => host.api(method, path, { body }) }, lab);
    uuid = (await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId: serverIds[manager().name] } })).body.uuid;
    serviceName = `${uuid}_app`;
    await cli(['node', 'update', '--label-add', 'zone=a', zoneNode().name]);
  });

  afterAll(async () => {
    if (serviceName) await cli(['service', 'rm', serviceName]).catch(() => {});
    // The network is free once the removed service's tasks are gone.
    if (uuid)
      await eventually(() => cli(['network', 'rm', `${uuid}_default`]).then(() => true), { what: 'the stack network to go', timeoutMs: 30_000 }).catch(
        () => {},
      );
    await cli(['node', 'update', '--label-rm', 'zone', zoneNode().name]).catch(() => {});
    await host?.close();
  });

  it('refuses invalid input with a message beside each field and changes nothing on the swarm', async () => {
    const before = await serviceList();
    const res = await post('/deploy', {
      ...exampleForm(),
      replicas: '-2',
      'updateConfig.delay': '10 parsecs',
      'resources.reservations.memory': '1G',
      'labels.0.key': 'tier name',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('hx-retarget')).toBe('#cl-swarm-deploy');
    const html = await res.text();
    expect(messageBeside(html, 'replicas')).toBe('must be a whole number between 0 and 1000');
    expect(messageBeside(html, 'updateConfig.delay')).toMatch(/^"10 parsecs" is not a duration/);
    expect(messageBeside(html, 'resources.reservations.memory')).toBe('must not exceed the memory limit (64M)');
    expect(messageBeside(html, 'labels.0.key')).toBe('must not contain spaces');
    expect(await serviceList()).toBe(before);
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toBeNull();
  });

  it('warns about a node that does not exist, and a deploy that no node could run changes nothing', async () => {
    const before = await serviceList();
    const form = { ...defaultForm(), 'constraints.0.field': 'node.hostname', 'constraints.0.operator': '==', 'constraints.0.value': 'no-such-node' };
    const checked = await (await post('/preflight', form)).text();
    expect(checked).toContain('no node is called no-such-node');
    expect(checked).toContain('no node can run this service now');
    expect(checked).toMatch(/data-matching="0"/);

    const res = await post('/deploy', form);
    expect(res.headers.get('hx-retarget')).toBe('#cl-swarm-deploy');
    const html = await res.text();
    expect(messageBeside(html, 'constraints.0.value')).toMatch(/^no node is called no-such-node \(nodes: /);
    expect(html).toContain('not deployed: no node can run this service now');
    expect(await serviceList()).toBe(before);
  });

  it('shows which nodes match the constraints now', async () => {
    const html = await (await post('/preflight', exampleForm())).text();
    expect(html).toMatch(/data-matching="1"/);
    expect(html).toContain(`1 of 3 nodes match: ${zoneNode().name}`);
    expect(html).toContain('node.role == worker: it is manager');
  });

  it('deploys a service whose docker service inspect shows exactly the form’s values, with one node.role == worker', async () => {
    const res = await post('/deploy', exampleForm());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Created service <code>${serviceName}</code>`);

    const service = await inspect(serviceName);
    const spec = service.Spec;
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(['node.role == worker', 'node.labels.zone == a']);
    expect(spec.TaskTemplate.Placement.Preferences).toEqual([{ Spread: { SpreadDescriptor: 'node.labels.zone' } }]);
    expect(spec.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 ** 2 },
      Reservations: { NanoCPUs: 100_000_000, MemoryBytes: 16 * 1024 ** 2 },
    });
    expect(spec.UpdateConfig).toEqual({ Parallelism: 2, Delay: 1e9, FailureAction: 'pause', Monitor: 5e9, MaxFailureRatio: 0, Order: 'start-first' });
    expect(spec.RollbackConfig).toEqual({ Parallelism: 1, FailureAction: 'pause', Monitor: 5e9, MaxFailureRatio: 0, Order: 'stop-first' });
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: 'on-failure', Delay: 5e9, MaxAttempts: 5, Window: 0 });
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'test -e /bin/sh'],
      Interval: 2e9,
      Timeout: 1e9,
      StartPeriod: 1e9,
      Retries: 2,
    });
    expect(spec.TaskTemplate.ContainerSpec.Image).toBe('lab/busybox:latest');
    expect(spec.TaskTemplate.ContainerSpec.Args).toEqual(['sleep', '3600']);
    expect(spec.Labels).toEqual({ tier: 'web', 'com.docker.stack.namespace': uuid, 'com.docker.stack.image': 'lab/busybox:latest' });

    // A stack as docker stack deploy lays it out: the service on the stack's labelled overlay network.
    const network = JSON.parse(await cli(['network', 'inspect', `${uuid}_default`, '--format', '{{json .}}'])) as {
      Id: string;
      Driver: string;
      Labels: Record<string, string>;
    };
    expect(network.Driver).toBe('overlay');
    expect(network.Labels).toEqual({ 'com.docker.stack.namespace': uuid });
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: network.Id, Aliases: ['app'] }]);
    expect((await cli(['stack', 'services', uuid, '--format', '{{.Name}}'])).trim()).toBe(serviceName);

    // The tasks converge, all on the one worker in zone a, and pass their health check.
    await eventually(
      async () => {
        const tasks = (await cli(['service', 'ps', serviceName, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}']))
          .trim()
          .split('\n');
        return tasks.length === 3 && tasks.every((t) => t.startsWith(`${zoneNode().name} Running`));
      },
      { what: 'three healthy tasks on the zone a worker', timeoutMs: 90_000 },
    );

    // Recorded in the cluster's events with who did it.
    const clusters = (await host.api('GET', '/api/v1/clusters')).body.data as { uuid: string }[];
    const events = (await host.api('GET', `/api/v1/clusters/${clusters[0]!.uuid}/events?type=plugin`)).body.data as {
      action: string;
      actorName: string;
      principal: string;
    }[];
    expect(events).toContainEqual(expect.objectContaining({ action: 'application.deploy-create', actorName: serviceName, principal: OWNER_EMAIL }));
  });

  it('updates the same service on a redeploy with other replicas (version-checked), keeping the rest', async () => {
    const before = await inspect(serviceName);
    const res = await post('/deploy', { ...exampleForm(), replicas: '2' });
    expect(await res.text()).toContain(`Updated service <code>${serviceName}</code>`);
    const after = await inspect(serviceName);
    expect(after.ID).toBe(before.ID);
    expect(after.Version.Index).toBeGreaterThan(before.Version.Index);
    expect(after.Spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(after.Spec.TaskTemplate.Placement).toEqual(before.Spec.TaskTemplate.Placement);
    expect(after.Spec.TaskTemplate.ContainerSpec.Healthcheck).toEqual(before.Spec.TaskTemplate.ContainerSpec.Healthcheck);
    expect((await serviceList()).split('\n').filter((l) => l.includes(uuid))).toHaveLength(1);
    await eventually(async () => (await cli(['service', 'ls', '--filter', `name=${serviceName}`, '--format', '{{.Replicas}}'])).trim() === '2/2', {
      what: 'two replicas',
    });
    // Saved through the host: the form shows what was deployed.
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toMatchObject({ replicas: 2, workerOnly: true });
  });

  it('refuses switching a replicated service to global, changing nothing', async () => {
    const before = await inspect(serviceName);
    const res = await post('/deploy', { ...exampleForm(), mode: 'global' });
    expect(await res.text()).toContain('runs in replicated mode and the swarm cannot switch it to global');
    const after = await inspect(serviceName);
    expect(after.Version.Index).toBe(before.Version.Index);
  });
});
