/**
 * The OpenAPI document against real answers: every read route of the API is called on the lab swarm (a stack, a
 * secret and its rotation, a config in it) and its answer is checked with the response schema the document was
 * generated from. The schemas are strict, so a field the routes answer and the document lacks fails too.
 */
import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterApi } from '../src/routes/api/clusters.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

interface DocumentedRead {
  path: string;
  status: number;
  schema: z.ZodType;
}

const STACK = 'oapi';
const COMPOSE = 'services:\n  web:\n    image: lab/busybox:latest\n    command: ["sh", "-c", "echo ready; sleep 3600"]\n    deploy:\n      replicas: 2\n';

describe('the OpenAPI document on the lab swarm', () => {
  let fx: PluginFixture;
  let reads: DocumentedRead[];
  /** What each path parameter is filled with, by the path it is in. */
  let fill: (path: string) => string;

  const api = async <T>(path: string, init?: Parameters<PluginFixture['request']>[1]): Promise<T> => {
    const res = await fx.request(path, init);
    expect(res.status, `${init?.method ?? 'GET'} ${path}: ${res.status}`).toBeLessThan(300);
    return ((await res.json()) as { data: T }).data;
  };

  beforeAll(async () => {
    fx = createPluginFixture(lab);
    // The route definitions the document is made of, with their zod schemas.
    reads = clusterApi(fx.ctx, { mount: '/api/clusters', version: 'test' })
      .openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' && d.route.method === 'get' ? [d.route] : []))
      .map((route) => {
        const [status, answer] = Object.entries(route.responses).find(([code]) => code.startsWith('2'))!;
        const schema = (answer as { content: Record<string, { schema: z.ZodType }> }).content['application/json']!.schema;
        return { path: route.path, status: Number(status), schema };
      });

    const [cluster] = await api<{ uuid: string }[]>('/detect', { method: 'POST' });
    const uuid = cluster!.uuid;
    await api(`/${uuid}/stacks`, { method: 'POST', json: { name: STACK, compose: COMPOSE } });
    const secret = await api<{ id: string }>(`/${uuid}/secrets`, { method: 'POST', json: { name: 'oapi-token-v1', value: 'not-shown' } });
    const config = await api<{ id: string }>(`/${uuid}/configs`, { method: 'POST', json: { name: 'oapi-conf', data: 'a=1\n' } });
    const rotation = await api<{ id: string; to: { id: string } }>(`/${uuid}/secrets/${secret.id}/rotate`, {
      method: 'POST',
      json: { value: 'not-shown-either' },
    });
    const tasks = await eventually(
      async () => {
        const list = await api<{ id: string; state: string; serviceName: string | null }[]>(`/${uuid}/tasks?service=${STACK}_web`);
        return list.filter((t) => t.state === 'running').length === 2 && list;
      },
      { what: 'the stack’s tasks to run' },
    );
    const [node] = await api<{ id: string }[]>(`/${uuid}/nodes`);
    const ids: Record<string, string> = {
      uuid,
      nodeId: node!.id,
      serviceId: `${STACK}_web`,
      taskId: tasks[0]!.id,
      rotationId: rotation.id,
      name: STACK,
    };
    fill = (path) =>
      path.replace(/\{(\w+)\}/g, (_, param: string) => {
        // The rotation removes the secret's first version: its second is the one to read.
        if (param === 'id') return path.includes('/secrets/') ? rotation.to.id : config.id;
        const id = ids[param];
        if (!id) throw new Error(`no id for {${param}} in ${path}: give the test one`);
        return id;
      });
  }, 240_000);

  afterAll(async () => {
    await cli(['stack', 'rm', STACK]).catch(() => {});
    await eventually(async () => !(await cli(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`])).trim(), {
      what: 'the stack’s services to go',
    }).catch(() => {});
    const secrets = (await cli(['secret', 'ls', '-q', '--filter', 'name=oapi-token'])).trim().split('\n').filter(Boolean);
    await cli(['secret', 'rm', ...secrets]).catch(() => {});
    await cli(['config', 'rm', 'oapi-conf']).catch(() => {});
    await fx?.close();
  });

  it('answers every read route as its documented schema says', async () => {
    expect(reads.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const read of reads) {
      const path = fill(read.path);
      const res = await fx.request(path);
      const body: unknown = await res.json();
      if (res.status !== read.status) {
        problems.push(`GET ${read.path}: status ${res.status}, documented ${read.status}: ${JSON.stringify(body).slice(0, 200)}`);
        continue;
      }
      const result = read.schema.safeParse(body);
      if (!result.success) problems.push(`GET ${read.path}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('documents what the answers hold, not only their shape: a read of the swarm carries meta.stale', async () => {
    const [nodes] = reads.filter((r) => r.path === '/{uuid}/nodes');
    const body = await (await fx.request(fill('/{uuid}/nodes'))).json();
    expect(nodes!.schema.parse(body)).toMatchObject({ meta: { stale: false } });
    // A strict schema refuses a field the document does not have.
    expect(nodes!.schema.safeParse({ ...(body as object), extra: 1 }).success).toBe(false);
  });
});
