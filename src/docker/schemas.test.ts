import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEventLine } from './json-lines.ts';
import {
  ConfigSchema,
  EventSchema,
  InfoSchema,
  NodeSchema,
  SecretSchema,
  ServiceSchema,
  SwarmSchema,
  TaskRecordSchema,
  TaskSchema,
  VersionSchema,
} from './schemas.ts';

/** Responses recorded from a lab swarm (docker.io 20.10, API 1.41): 3 nodes, a replicated service mid-update, a global one, a failing one. */
const pick = (o: object, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('schemas against recorded engine responses', () => {
  it('parses /version', () => {
    expect(VersionSchema.parse(fixture('version.json')).ApiVersion).toBe('1.41');
  });

  it('parses /info of a manager and of a worker', () => {
    const manager = InfoSchema.parse(fixture('info-manager.json'));
    expect(manager.Swarm).toMatchObject({ LocalNodeState: 'active', ControlAvailable: true, Nodes: 3, Managers: 1 });
    expect(manager.Swarm.Cluster?.ID).toMatch(/^[a-z0-9]{25}$/);
    const worker = InfoSchema.parse(fixture('info-worker.json'));
    expect(worker.Swarm.ControlAvailable).toBe(false);
    expect(worker.Swarm.Cluster).toBeUndefined();
  });

  it('parses /swarm with its join tokens', () => {
    const swarm = SwarmSchema.parse(fixture('swarm.json'));
    expect(swarm.JoinTokens.Worker).toMatch(/^SWMTKN-/);
    expect(swarm.Version.Index).toBeGreaterThan(0);
  });

  it('parses /nodes: roles, leader, resources, labels', () => {
    const nodes = z.array(NodeSchema).parse(fixture('nodes.json'));
    expect(nodes).toHaveLength(3);
    const leader = nodes.find((node) => node.ManagerStatus?.Leader);
    expect(leader?.Spec.Role).toBe('manager');
    expect(nodes.filter((node) => node.Spec.Role === 'worker')).toHaveLength(2);
    expect(nodes.some((node) => node.Spec.Labels.zone === 'a')).toBe(true);
    for (const node of nodes) {
      expect(node.Description.Resources.NanoCPUs).toBeGreaterThan(0);
      expect(node.Status.State).toBe('ready');
    }
  });

  it('parses /services?status=true: modes, counts, ports, update status', () => {
    const services = z.array(ServiceSchema).parse(fixture('services.json'));
    const byName = Object.fromEntries(services.map((service) => [service.Spec.Name, service]));
    expect(byName.web?.Spec.Mode.Replicated?.Replicas).toBe(2);
    expect(byName.web?.Endpoint?.Ports?.[0]).toMatchObject({ PublishedPort: 8080, TargetPort: 80 });
    expect(byName.web?.UpdateStatus?.State).toBe('updating');
    expect(byName.web?.Spec.Labels['com.docker.stack.namespace']).toBe('shop');
    expect(byName.agent?.Spec.Mode.Global).toEqual({});
    expect(byName.broken?.ServiceStatus).toMatchObject({ RunningTasks: 0, DesiredTasks: 1 });
  });

  it('keeps fields it does not name, so a spec can be written back whole', () => {
    const raw = (fixture('services.json') as Array<{ Spec: { TaskTemplate: Record<string, unknown> } }>)[0]!;
    const parsed = ServiceSchema.parse(raw);
    expect(parsed.Spec.TaskTemplate).toEqual(raw.Spec.TaskTemplate);
  });

  it('parses /tasks including failed ones with their error', () => {
    const tasks = z.array(TaskSchema).parse(fixture('tasks.json'));
    expect(tasks.length).toBeGreaterThan(5);
    expect(tasks.some((task) => task.Status.State === 'failed' && task.Status.Err?.includes('/nonexistent'))).toBe(true);
    expect(tasks.some((task) => task.Status.State === 'running' && task.Status.ContainerStatus?.ContainerID)).toBe(true);
  });

  it('keeps of each task only the fields the views use, the same as the whole task has them', () => {
    const whole = z.array(TaskSchema).parse(fixture('tasks.json'));
    const records = z.array(TaskRecordSchema).parse(fixture('tasks.json'));
    expect(records).toHaveLength(whole.length);
    for (const [i, record] of records.entries()) {
      const task = whole[i]!;
      expect(Object.keys(record).sort()).toEqual(
        Object.keys(TaskRecordSchema.shape)
          .filter((k) => k in task)
          .sort(),
      );
      expect({ ...record, Spec: undefined, Status: undefined }).toEqual({
        ...pick(task, ['ID', 'CreatedAt', 'UpdatedAt', 'ServiceID', 'NodeID', 'Slot', 'DesiredState']),
        Spec: undefined,
        Status: undefined,
      });
      expect(record.Status).toEqual({
        State: task.Status.State,
        ...(task.Status.Message === undefined ? {} : { Message: task.Status.Message }),
        ...(task.Status.Err === undefined ? {} : { Err: task.Status.Err }),
        ...(task.Status.ContainerStatus ? { ContainerStatus: { ContainerID: task.Status.ContainerStatus.ContainerID } } : {}),
      });
      expect(record.Spec?.ContainerSpec?.Image).toBe(task.Spec?.ContainerSpec?.Image);
    }
    expect(TaskRecordSchema.safeParse({ ...(fixture('tasks.json') as object[])[0], Status: { State: 7 } }).success).toBe(false);
  });

  it('parses /secrets and /configs', () => {
    expect(z.array(SecretSchema).parse(fixture('secrets.json'))[0]?.Spec.Name).toBe('db_password');
    const config = z.array(ConfigSchema).parse(fixture('configs.json'))[0];
    expect(config?.Spec).toMatchObject({ Name: 'app_conf', Labels: { purpose: 'test' } });
    expect(Buffer.from(config?.Spec.Data ?? '', 'base64').toString()).toBe('key=value');
  });

  it('parses every recorded /events line with exact timeNano', () => {
    const lines = readFileSync(new URL('./fixtures/events.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const events = lines.map((line) => EventSchema.parse(parseEventLine(line)));
    expect(events.some((event) => event.Type === 'service' && event.Action === 'create')).toBe(true);
    expect(events.some((event) => event.Type === 'node')).toBe(true);
    for (const event of events) expect(event.timeNano.startsWith(String(event.time))).toBe(true);
  });
});

describe('schemas at scale', () => {
  const nodes = fixture('nodes.json') as Array<Record<string, unknown>>;
  const tasks = fixture('tasks.json') as Array<Record<string, unknown>>;

  it('parses 200 nodes and 5000 tasks from JSON text', () => {
    const manyNodes = Array.from({ length: 200 }, (_, i) => ({ ...nodes[i % nodes.length], ID: `node${i}` }));
    const manyTasks = Array.from({ length: 5000 }, (_, i) => ({ ...tasks[i % tasks.length], ID: `task${i}` }));
    // Through JSON text, as it arrives from the engine.
    const nodesText = JSON.stringify(manyNodes);
    const tasksText = JSON.stringify(manyTasks);
    const parsedNodes = z.array(NodeSchema).parse(JSON.parse(nodesText));
    const parsedTasks = z.array(TaskSchema).parse(JSON.parse(tasksText));
    expect(parsedNodes).toHaveLength(200);
    expect(parsedTasks).toHaveLength(5000);
    expect(parsedTasks[4999]?.ID).toBe('task4999');
  });

  it('turns Go nulls for labels and lists into {} and []', () => {
    const node = structuredClone(nodes[0]) as { Spec: { Labels: unknown } };
    node.Spec.Labels = null;
    expect(NodeSchema.parse(node).Spec.Labels).toEqual({});
  });

  it('names the path of a field that does not fit', () => {
    const node = structuredClone(nodes[0]) as { Spec: { Role: unknown } };
    node.Spec.Role = 'boss';
    const result = NodeSchema.safeParse(node);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['Spec', 'Role']);
  });
});
