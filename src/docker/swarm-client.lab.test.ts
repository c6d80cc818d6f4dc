import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { labDocker, labManager } from '../../lab/lab.ts';
import { labSshTransport } from '../../test/support/lab-node.ts';
import { eventually } from '../../test/support/plugin-fixture.ts';
import { stacksOf } from '../domain/stacks.ts';
import { LocalTransport } from './local-transport.ts';
import type { EngineEvent, EngineService } from './schemas.ts';
import { SwarmClient } from './swarm-client.ts';
import { updateWithRetry } from './update-with-retry.ts';

const lab = inject('lab');
const IMAGE = 'lab/busybox:latest';

describe('SwarmClient against the lab', () => {
  const state = lab;
  const manager = state ? labManager(state) : undefined!;
  const transport = state ? labSshTransport(state, manager) : undefined!;
  const client = new SwarmClient(transport);
  const prefix = `sc${randomBytes(3).toString('hex')}`;
  const docker = (args: string[], input?: string) => labDocker(state, manager.name, args, { input });
  const createService = async (name: string, extra: string[] = []) =>
    (await docker(['service', 'create', '--detach', '--quiet', '--name', name, ...extra, IMAGE, 'sleep', '3600'])).trim();

  afterAll(async () => {
    if (!state) return;
    const services = (await docker(['service', 'ls', '-q', '--filter', `name=${prefix}`])).trim().split('\n').filter(Boolean);
    if (services.length) await docker(['service', 'rm', ...services]);
    for (const kind of ['secret', 'config']) {
      const ids = (await docker([kind, 'ls', '-q', '--filter', `name=${prefix}`])).trim().split('\n').filter(Boolean);
      if (ids.length) await docker([kind, 'rm', ...ids]);
    }
    await transport.close();
  });

  it('negotiates API 1.41 with docker.io 20.10', async () => {
    expect((await client.ping()).apiVersion).toBe('1.41');
    expect(await client.apiVersion()).toBe('1.41');
    expect((await client.version()).ApiVersion).toBe('1.41');
  });

  it('caps the version at the configured maximum', async () => {
    expect(await new SwarmClient(new LocalTransport({ socketPath: manager.socket }), { maxApiVersion: '1.41' }).apiVersion()).toBe('1.41');
  });

  it('reads info and the swarm with its join tokens', async () => {
    const [info, swarm] = await Promise.all([client.info(), client.swarm()]);
    expect(info.Swarm.Cluster?.ID).toBe(swarm.ID);
    const workerToken = (await docker(['swarm', 'join-token', '-q', 'worker'])).trim();
    expect(swarm.JoinTokens.Worker).toBe(workerToken);
  });

  it('lists services with status counts, tasks by service, and stacks by label', async () => {
    const name = `${prefix}_web`;
    const id = await createService(name, ['--replicas', '2', '--label', `com.docker.stack.namespace=${prefix}`]);
    const service = await eventually(async () => {
      const found = (await client.listServices()).find((s) => s.ID === id);
      return found?.ServiceStatus?.RunningTasks === 2 ? found : undefined;
    });
    expect(service.ServiceStatus?.DesiredTasks).toBe(2);
    expect((await client.inspectService(name)).ID).toBe(id);

    const tasks = await client.listTasks({ service: id, desiredState: 'running' });
    const cliTasks = (await docker(['service', 'ps', '-q', '--filter', 'desired-state=running', id])).trim().split('\n');
    expect(tasks.map((task) => task.ID).sort()).toEqual(cliTasks.sort());
    const nodeId = tasks[0]!.NodeID!;
    expect((await client.listTasks({ node: nodeId, service: id })).every((task) => task.NodeID === nodeId)).toBe(true);

    expect(stacksOf(await client.listServices())).toContainEqual({ name: prefix, services: 1 });

    // The names alone: every service's ID and name as the whole list has them, nothing more of it.
    const [names, services] = await Promise.all([client.listServiceNames(), client.listServices()]);
    expect(names).toEqual(services.map((s) => ({ ID: s.ID, Spec: { Name: s.Spec.Name } })));
    expect(names).toContainEqual({ ID: id, Spec: { Name: name } });

    // The placements alone: the node and desired state of every task wanted running as the records have them, nothing more.
    const [placements, records, wanted] = await Promise.all([
      client.listTaskPlacements(),
      client.listTaskRecords(),
      client.listTaskRecords({ desiredState: ['running', 'ready'] }),
    ]);
    const placed = (list: { NodeID?: string; DesiredState: string }[]) => list.map((t) => `${t.NodeID} ${t.DesiredState}`).sort();
    expect(placed(placements)).toEqual(placed(records.filter((t) => t.DesiredState === 'running')));
    expect(placements.every((t) => Object.keys(t).every((k) => k === 'NodeID' || k === 'DesiredState'))).toBe(true);
    // Several desired states at once (the visualizer's tasks): the records of the tasks in either.
    const ids = (list: { ID: string }[]) => list.map((t) => t.ID).sort();
    expect(ids(wanted)).toEqual(ids(records.filter((t) => t.DesiredState === 'running' || t.DesiredState === 'ready')));
    expect(placements.filter((t) => t.DesiredState === 'running' && t.NodeID === nodeId).length).toBeGreaterThan(0);
  });

  it('inspects a node; an unknown id is not_found with Docker’s message', async () => {
    const [first] = await client.listNodes();
    expect((await client.inspectNode(first!.ID)).Description.Hostname).toBe(first!.Description.Hostname);
    await expect(client.inspectNode('nosuchnode')).rejects.toMatchObject({ code: 'not_found', status: 404, message: expect.stringContaining('nosuchnode') });
  });

  it('lists secrets and configs (config data included, secret data never)', async () => {
    await docker(['secret', 'create', `${prefix}_secret`, '-'], 'value');
    await docker(['config', 'create', '--label', 'k=v', `${prefix}_config`, '-'], 'data');
    const secret = (await client.listSecrets()).find((s) => s.Spec.Name === `${prefix}_secret`);
    expect(secret).toBeDefined();
    expect(JSON.stringify(secret)).not.toContain(Buffer.from('value').toString('base64'));
    const config = (await client.listConfigs()).find((c) => c.Spec.Name === `${prefix}_config`);
    expect(config?.Spec.Labels).toEqual({ k: 'v' });
    expect(Buffer.from(config!.Spec.Data!, 'base64').toString()).toBe('data');
  });

  it('streams a `service create` event, and returns it again for the closed range', async () => {
    const name = `${prefix}_events`;
    const since = Math.floor(Date.now() / 1000) - 1;
    const controller = new AbortController();
    const seen: EngineEvent[] = [];
    const streaming = (async () => {
      for await (const event of client.streamEvents({ since, filters: { type: 'service' } }, controller.signal)) {
        seen.push(event);
        if (event.Action === 'create' && event.Actor.Attributes.name === name) controller.abort();
      }
    })();
    const id = await createService(name);
    await Promise.race([streaming, eventually(async () => controller.signal.aborted, { timeoutMs: 15_000 }).then(() => streaming)]);
    const created = seen.find((event) => event.Action === 'create' && event.Actor.Attributes.name === name);
    expect(created).toMatchObject({ Type: 'service', Actor: { ID: id, Attributes: { name } } });
    expect(created!.timeNano).toMatch(/^\d{19}$/);

    const until = Math.floor(Date.now() / 1000) + 1;
    const range = await client.events({ since, until, filters: { type: ['service'], service: [id] } });
    expect(range.some((event) => event.Action === 'create' && event.Actor.ID === id)).toBe(true);
  });

  it('updateWithRetry succeeds from a stale version after "update out of sequence"', async () => {
    const name = `${prefix}_stale`;
    const id = await createService(name);
    const stale = await client.inspectService(id);
    await docker(['service', 'update', '--detach', '--label-add', 'by=cli', id]);
    let reads = 0;
    let writes = 0;
    await updateWithRetry({
      read: async (): Promise<EngineService> => (reads++ === 0 ? stale : client.inspectService(id)),
      modify: (spec) => ({ ...spec, Labels: { ...spec.Labels, by2: 'client' } }),
      write: (version, spec) => (writes++, client.updateService(id, version, spec)),
      alreadyApplied: () => [],
    });
    expect({ reads, writes }).toEqual({ reads: 2, writes: 2 });
    expect((await client.inspectService(id)).Spec.Labels).toMatchObject({ by: 'cli', by2: 'client' });
  });

  it('scales with modifyService and rolls back to the previous spec', async () => {
    const name = `${prefix}_scale`;
    const id = await createService(name, ['--replicas', '1']);
    await client.modifyService(id, (spec) => ({ ...spec, Mode: { Replicated: { Replicas: 3 } } }));
    expect((await client.inspectService(id)).Spec.Mode.Replicated?.Replicas).toBe(3);
    await client.modifyService(id, (spec) => spec, { rollback: 'previous' });
    expect((await client.inspectService(id)).Spec.Mode.Replicated?.Replicas).toBe(1);
  });

  it('force-updates by incrementing TaskTemplate.ForceUpdate', async () => {
    const id = await createService(`${prefix}_force`);
    const before = (await client.inspectService(id)).Spec.TaskTemplate.ForceUpdate ?? 0;
    await client.modifyService(id, (spec) => ({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: before + 1 } }));
    expect((await client.inspectService(id)).Spec.TaskTemplate.ForceUpdate).toBe(before + 1);
  });

  it('updates node labels with modifyNode', async () => {
    const worker = (await client.listNodes()).find((node) => node.Spec.Role === 'worker') ?? (await client.listNodes())[0]!;
    const key = `${prefix}.zone`;
    await client.modifyNode(worker.ID, (spec) => ({ ...spec, Labels: { ...spec.Labels, [key]: 'a' } }));
    expect(JSON.parse(await docker(['node', 'inspect', '--format', '{{json .Spec.Labels}}', worker.ID]))).toMatchObject({ [key]: 'a' });
    await client.modifyNode(worker.ID, (spec) => {
      const { [key]: _removed, ...labels } = spec.Labels;
      return { ...spec, Labels: labels };
    });
    expect((await client.inspectNode(worker.ID)).Spec.Labels[key]).toBeUndefined();
  });

  it('removes a service; a second removal is not_found', async () => {
    const id = await createService(`${prefix}_rm`);
    await client.removeService(id);
    await expect(client.inspectService(id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.removeService(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to remove a node that is up, with Docker’s message', async () => {
    // Only a ready node: a down one would really be removed from the shared lab.
    const worker = (await client.listNodes()).find((node) => node.Spec.Role === 'worker' && node.Status.State === 'ready');
    if (!worker) return;
    // Swarmkit's FailedPrecondition reaches the API as HTTP 400.
    await expect(client.removeNode(worker.ID)).rejects.toMatchObject({
      code: 'bad_request',
      status: 400,
      message: expect.stringContaining('is not down'),
    });
  });

  it('serves the generic request primitive with and without a schema', async () => {
    const raw = await client.request<Array<{ ID: string }>>('GET', '/nodes');
    expect(raw.length).toBeGreaterThan(0);
    await expect(client.request('GET', '/nodes/nosuchnode')).rejects.toMatchObject({ code: 'not_found' });
  });
});
