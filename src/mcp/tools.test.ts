/** The tool registry over a fake panel API, through the SDK's own client: names, annotations, confirmation, errors. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest, PanelApi } from './panel-api.ts';
import { createMcpServer } from './server.ts';

const SEED_TOOLS = [
  'list-clusters',
  'get-cluster',
  'sync-cluster',
  'get-cluster-nodes',
  'get-cluster-services',
  'get-cluster-visualizer',
  'drain-node',
  'activate-node',
  'scale-service',
  'rollback-service',
  'list-secrets',
  'create-secret',
];
const MORE_TOOLS = [
  'get-cluster-tasks',
  'get-cluster-events',
  'pause-node',
  'promote-node',
  'demote-node',
  'remove-node',
  'update-node-labels',
  'force-update-service',
  'remove-service',
  'get-service-logs',
  'get-service-progress',
  'get-secret',
  'remove-secret',
  'rotate-secret',
  'list-configs',
  'get-config',
  'create-config',
  'remove-config',
  'rotate-config',
  'get-rotation',
  'resume-rotation',
  'list-stacks',
  'get-stack',
  'get-stack-progress',
  'deploy-stack',
  'remove-stack',
];
const DESTRUCTIVE = [
  'drain-node',
  'demote-node',
  'remove-node',
  'scale-service',
  'rollback-service',
  'force-update-service',
  'remove-service',
  'remove-secret',
  'rotate-secret',
  'remove-config',
  'rotate-config',
  'deploy-stack',
  'remove-stack',
];

const NODE = { id: 'k3x9q2m1v8r7t6p5w4z3y2n1a', hostname: 'worker-1', role: 'worker', status: 'ready', availability: 'active', isLeader: false, taskCount: 2 };
const SERVICE = { id: 'svc1', name: 'web', image: 'busybox', mode: 'replicated', replicasRunning: 3, replicasDesired: 3 };
const TASKS = [
  { id: 't1', serviceName: 'web', slot: 1, state: 'running', desiredState: 'running', nodeId: NODE.id },
  { id: 't0', serviceName: 'web', slot: 1, state: 'shutdown', desiredState: 'shutdown', nodeId: NODE.id },
  { id: 't2', serviceName: 'db', slot: 1, state: 'running', desiredState: 'running', nodeId: NODE.id },
];

/** A panel API that answers what the tools read and records every request. */
function fakeApi(answers: Record<string, ApiAnswer>): PanelApi & { sent: ApiRequest[] } {
  const sent: ApiRequest[] = [];
  const api = async (request: ApiRequest) => {
    sent.push(request);
    return answers[`${request.method} ${request.path}`] ?? { status: 200, body: { data: { done: request.path } } };
  };
  return Object.assign(api, { sent });
}

describe('MCP tool registry', () => {
  let client: Client;
  let api: ReturnType<typeof fakeApi>;

  beforeEach(async () => {
    api = fakeApi({
      'GET /c1/nodes/worker-1/drain-preview': { status: 200, body: { data: { node: NODE, impact: { tasks: 2, rescheduled: 2, stopped: 0 } } } },
      'GET /c1/tasks': { status: 200, body: { data: TASKS, meta: { stale: false } } },
      'GET /c1/services/web': { status: 200, body: { data: SERVICE } },
      'GET /other': { status: 404, body: { error: { code: 'not_found', message: 'cluster other not found' } } },
      'POST /c1/stacks': { status: 200, body: { data: { stack: 'shop', services: ['shop_web'], warnings: [] } } },
      'GET /c1/stacks/shop': {
        status: 200,
        body: { data: { name: 'shop', services: [{ name: 'shop_web' }, { name: 'shop_old' }], networks: [], secrets: [], configs: [] } },
      },
      'POST /c1/sync': { status: 403, body: { error: { code: 'forbidden', message: 'this token is read-only' } } },
    });
    const server = createMcpServer(api, '0.0.0-test');
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
  });
  afterEach(() => client.close());

  const callTool = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('lists every tool in kebab-case, reads read-only, the destructive ones with a confirm argument', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([...SEED_TOOLS, ...MORE_TOOLS]));
    expect(names).toHaveLength(new Set(names).size);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(tool.description?.length).toBeGreaterThan(40);
      const readOnly = /^(list|get)-/.test(tool.name);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(readOnly);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(DESTRUCTIVE.includes(tool.name));
      expect('confirm' in (tool.inputSchema.properties ?? {}), tool.name).toBe(DESTRUCTIVE.includes(tool.name));
    }
    expect(names.filter((n) => /join|token/.test(n))).toEqual([]);
    const drain = tools.find((t) => t.name === 'drain-node')!;
    expect(JSON.stringify(drain.inputSchema)).toMatch(/get-cluster-nodes/);
  });

  it('answers a drain without confirm with the tasks that would move, and sends no write', async () => {
    const result = await callTool('drain-node', { cluster: 'c1', node: 'worker-1' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ confirmed: false, changed: false, impact: { tasks: 2 } });
    expect((result.structuredContent as { tasks: { id: string }[] }).tasks.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    expect(api.sent.map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(api.sent[1]).toMatchObject({ path: '/c1/tasks', query: { node: NODE.id } });
  });

  it('drains with confirm: true', async () => {
    const result = await callTool('drain-node', { cluster: 'c1', node: 'worker-1', confirm: true });
    expect(result.isError).toBeFalsy();
    expect(api.sent).toEqual([{ method: 'POST', path: '/c1/nodes/worker-1/availability', body: { availability: 'drain' } }]);
  });

  it('scales up at once, asks before scaling down', async () => {
    await callTool('scale-service', { cluster: 'c1', service: 'web', replicas: 5 });
    expect(api.sent.at(-1)).toEqual({ method: 'POST', path: '/c1/services/web/scale', body: { replicas: 5 } });
    api.sent.length = 0;
    const down = await callTool('scale-service', { cluster: 'c1', service: 'web', replicas: 1 });
    expect(down.structuredContent).toMatchObject({ changed: false, wouldDo: expect.stringMatching(/2 task\(s\) stop/) });
    expect(api.sent.map((r) => r.method)).toEqual(['GET']);
    await callTool('scale-service', { cluster: 'c1', service: 'web', replicas: 1, confirm: true });
    expect(api.sent.at(-1)).toEqual({ method: 'POST', path: '/c1/services/web/scale', body: { replicas: 1 } });
  });

  it('deploys a stack at once unless prune would remove services, which it lists without confirm', async () => {
    const file = { cluster: 'c1', name: 'shop', compose: 'services: {}' };
    await callTool('deploy-stack', file);
    expect(api.sent).toEqual([{ method: 'POST', path: '/c1/stacks', body: { name: 'shop', compose: 'services: {}', env: {}, prune: false, dryRun: false } }]);
    api.sent.length = 0;
    const plan = await callTool('deploy-stack', { ...file, prune: true });
    expect(plan.structuredContent).toMatchObject({ changed: false, remove: ['shop_old'] });
    expect(api.sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /c1/stacks', 'GET /c1/stacks/shop']);
    expect(api.sent[0]?.body).toMatchObject({ dryRun: true });
  });

  it('creates a secret and a config with their content field, and rotates by the same names', async () => {
    await callTool('create-secret', { cluster: 'c1', name: 'db-password', value: 's3cret' });
    await callTool('create-config', { cluster: 'c1', name: 'nginx.conf', data: 'events {}', labels: { app: 'shop' } });
    await callTool('rotate-secret', { cluster: 'c1', secret: 'db-password', value: 'n3w', confirm: true });
    expect(api.sent).toEqual([
      { method: 'POST', path: '/c1/secrets', body: { name: 'db-password', value: 's3cret', labels: {} } },
      { method: 'POST', path: '/c1/configs', body: { name: 'nginx.conf', data: 'events {}', labels: { app: 'shop' } } },
      { method: 'POST', path: '/c1/secrets/db-password/rotate', body: { value: 'n3w' } },
    ]);
  });

  it('encodes ids into paths and passes queries', async () => {
    await callTool('get-service-logs', { cluster: 'c1', service: 'shop/web', tail: 20 });
    expect(api.sent.at(-1)).toEqual({ method: 'GET', path: '/c1/services/shop%2Fweb/logs', query: { tail: 20, timestamps: false } });
  });

  it("answers the API's refusals and missing clusters as tool errors with its message", async () => {
    const missing = await callTool('get-cluster', { cluster: 'other' });
    expect(missing).toMatchObject({ isError: true, content: [{ type: 'text', text: 'cluster other not found' }] });
    expect(missing.structuredContent).toEqual({ error: { status: 404, code: 'not_found', message: 'cluster other not found' } });
    const refused = await callTool('sync-cluster', { cluster: 'c1' });
    expect(refused).toMatchObject({ isError: true, content: [{ text: 'this token is read-only' }] });
  });

  it('answers bad arguments and an unreachable panel as tool errors', async () => {
    const bad = await callTool('scale-service', { cluster: 'c1', service: 'web', replicas: -1 });
    expect(bad.isError).toBe(true);
    expect((bad.content[0] as { text: string }).text).toMatch(/replicas/);
    const down = createMcpServer(async () => {
      throw new Error('connect ECONNREFUSED');
    }, 'x');
    const [s, c] = InMemoryTransport.createLinkedPair();
    await down.connect(s);
    const other = new Client({ name: 'test', version: '1' });
    await other.connect(c);
    const result = (await other.callTool({ name: 'list-clusters', arguments: {} })) as CallToolResult;
    expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'panel_unreachable' } } });
    await other.close();
  });
});
