/**
 * The MCP endpoint on the reference host, in-process (no lab: the cluster's manager is never reached): the SDK's
 * own client over Streamable HTTP, with the owner's, another team's and a read-only token.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, TEST_PRIVATE_KEY, type TestHost } from '../../../host/testing.ts';
import { countKeyLookups } from '../../../test/support/abuse/abuse-target.ts';
import { openPluginDatabase } from '../../db/database.ts';
import { ClusterRepository } from '../../db/repositories/cluster-repository.ts';
import { createClustersPlugin } from '../../index.ts';

const MCP_URL = 'http://localhost/api/v1/mcp';
const ACCEPT = 'application/json, text/event-stream';

describe('POST /api/v1/mcp', () => {
  let host: TestHost;
  let uuid: string;
  let keyLookups: () => number;
  const clients: Client[] = [];

  beforeAll(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    const server = await host.api('POST', '/api/v1/servers', { body: { name: 'm1', ip: '192.0.2.10', privateKey: TEST_PRIVATE_KEY, swarmManager: true } });
    uuid = new ClusterRepository(openPluginDatabase(host.sqlite)).insert({
      uuid: '5d1c8a60-1b7e-4f3a-9b8e-2c6f0a9d4e11',
      teamId: host.ownerTeamId,
      name: 'mcp-a',
      managerServerId: server.body.id,
    }).uuid;
    keyLookups = countKeyLookups(host.services);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.close();
  });

  async function connect(token: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
      fetch: async (url, init) => host.app.request(String(url), init),
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'endpoint-test', version: '1' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }
  const callTool = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('answers without a token 401, a session 401, no Accept 406, a bad body 400, GET 405: the API error shape', async () => {
    const post = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}') =>
      host.app.request('/api/v1/mcp', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const bearer = { authorization: `Bearer ${host.ownerToken}` };
    const cases: [Response, number, RegExp][] = [
      [await post({ accept: ACCEPT }), 401, /bearer token/],
      [await post({ accept: ACCEPT, cookie: (await host.login('owner@example.com', 'owner-password-1')).cookie }), 401, /bearer token/],
      [await post(bearer), 406, /Accept/],
      [await post({ ...bearer, accept: ACCEPT }, '{"jsonrpc": nope'), 400, /JSON/],
      [await post({ ...bearer, accept: ACCEPT }, '[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]'), 400, /one JSON-RPC message/],
      [await host.app.request('/api/v1/mcp', { headers: bearer }), 405, /stateless/],
    ];
    for (const [res, status, says] of cases) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(says);
    }
  });

  it("lists the tools and the team's clusters for the owner", async () => {
    const owner = await connect(host.ownerToken);
    const { tools } = await owner.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list-clusters', 'drain-node', 'create-secret']));
    const listed = await callTool(owner, 'list-clusters', {});
    expect((listed.structuredContent as { data: { uuid: string; name: string }[] }).data.map((c) => c.name)).toEqual(['mcp-a']);
    const resources = await owner.listResources();
    expect(resources.resources.map((r) => r.uri)).toEqual([`cluster://${uuid}/overview`]);
  });

  it("gives another team's token not found, and a read-only token refusals, reaching no manager", async () => {
    const other = await connect((await host.addTeam('mcp-b')).token);
    expect((await callTool(other, 'list-clusters', {})).structuredContent).toEqual({ data: [] });
    const foreign = await callTool(other, 'get-cluster', { cluster: uuid });
    expect(foreign).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/not found/) }] });
    expect(await callTool(other, 'drain-node', { cluster: uuid, node: 'n1' })).toMatchObject({
      isError: true,
      content: [{ text: expect.stringMatching(/not found/) }],
    });

    const readOnly = await connect((await host.addUser({ role: 'admin', abilities: ['read'] })).token);
    expect((await readOnly.listTools()).tools.length).toBeGreaterThan(20);
    for (const [name, args] of [
      ['sync-cluster', { cluster: uuid }],
      ['scale-service', { cluster: uuid, service: 'web', replicas: 3, confirm: true }],
      ['drain-node', { cluster: uuid, node: 'n1', confirm: true }],
      ['create-secret', { cluster: uuid, name: 's', value: 'v' }],
    ] as const) {
      expect(await callTool(readOnly, name, args), name).toMatchObject({ isError: true, content: [{ text: 'this token is read-only' }] });
    }
    expect(keyLookups()).toBe(0);
  });
});
