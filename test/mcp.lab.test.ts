/**
 * The MCP server against the lab swarm, both ways in: the SDK's Streamable HTTP client on the reference host's
 * `/api/v1/mcp`, and `bin/swarm-clusters-mcp.js` spawned by the SDK's stdio client, pointed at the same host.
 * What the tools say and do is read back with the docker CLI on the lab's manager.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE } from '../lab/lab.ts';
import { type LabHost, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVICE = 'mcp-web';
const WAYS = ['http', 'stdio'] as const;
type Way = (typeof WAYS)[number];

const replicas = async () => Number((await cli(['service', 'inspect', SERVICE, '--format', '{{.Spec.Mode.Replicated.Replicas}}'])).trim());
const availabilities = async () => (await cli(['node', 'ls', '--format', '{{.ID}} {{.Availability}}'])).trim();

describe('MCP on the lab swarm', () => {
  let labHost: LabHost;
  let uuid: string;
  const clients: Client[] = [];
  const tokens: Record<'owner' | 'otherTeam' | 'readOnly', string> = { owner: OWNER.token, otherTeam: '', readOnly: '' };
  const as: Record<Way, Record<keyof typeof tokens, Client>> = { http: {} as never, stdio: {} as never };

  async function connect(way: Way, token: string): Promise<Client> {
    const transport =
      way === 'http'
        ? new StreamableHTTPClientTransport(new URL(`${labHost.url}/api/v1/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } })
        : new StdioClientTransport({
            command: process.execPath,
            args: ['bin/swarm-clusters-mcp.js'],
            cwd: ROOT,
            env: { ...getDefaultEnvironment(), PANEL_URL: labHost.url, PANEL_TOKEN: token },
          });
    const client = new Client({ name: `lab-${way}`, version: '1' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  /** A user with a token, made through the admin API (in the owner's team, or as the owner of a new team). */
  async function tokenOf(user: { role: string; abilities: string[]; teamId?: string }): Promise<string> {
    const email = `mcp-${clients.length}-${user.role}-${Date.now()}@example.com`;
    const created = await labHost.api('POST', '/api/v1/users', { email, password: 'mcp-password-123', role: user.role, teamId: user.teamId });
    const minted = await labHost.api('POST', '/api/v1/tokens', { userId: created.body.id, abilities: user.abilities });
    if (minted.status !== 201) throw new Error(`token: ${JSON.stringify(minted.body)}`);
    return minted.body.token;
  }

  beforeAll(async () => {
    labHost = await startLabHost();
    ({ uuid } = await registerLab(labHost, lab));
    await cli(['service', 'create', '--detach', '--name', SERVICE, '--replicas', '2', '--stop-grace-period', '1s', LAB_IMAGE, 'sleep', '3600']);
    const team = await labHost.api('POST', '/api/v1/teams', { name: 'mcp-other' });
    tokens.otherTeam = await tokenOf({ role: 'owner', abilities: ['read', 'write'], teamId: team.body.id });
    tokens.readOnly = await tokenOf({ role: 'admin', abilities: ['read'] });
    for (const way of WAYS) {
      for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) as[way][who] = await connect(way, tokens[who]);
    }
    await eventually(async () => (await cli(['service', 'ls', '--filter', `name=${SERVICE}`, '--format', '{{.Replicas}}'])).trim() === '2/2', {
      what: `${SERVICE} running`,
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cli(['service', 'rm', SERVICE]).catch(() => {});
    await labHost?.close();
  });

  const callTool = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const data = <T>(result: CallToolResult) => {
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return (result.structuredContent as { data: T }).data;
  };

  it('lists the same tools both ways, each with its annotations', async () => {
    const [http, stdio] = await Promise.all(WAYS.map((way) => as[way].owner.listTools()));
    expect(stdio!.tools).toEqual(http!.tools);
    const byName = new Map(http!.tools.map((t) => [t.name, t]));
    expect(byName.size).toBeGreaterThanOrEqual(33);
    expect(byName.get('list-clusters')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get('drain-node')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('activate-node')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    for (const tool of http!.tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(/^(list|get)-/.test(tool.name));
    // A read-only token still sees every tool; its writes are refused when called.
    expect((await as.http.readOnly.listTools()).tools).toHaveLength(byName.size);
  });

  it('list-clusters and get-cluster-nodes match docker node ls, the same both ways', async () => {
    const expected = (await cli(['node', 'ls', '--format', '{{.ID}} {{.Hostname}} {{.Status}} {{.Availability}}']))
      .trim()
      .split('\n')
      .map((line) => line.toLowerCase())
      .sort();
    for (const way of WAYS) {
      const clusters = data<{ uuid: string; metadata: { nodeCount: number } }[]>(await callTool(as[way].owner, 'list-clusters'));
      expect(clusters.map((c) => c.uuid)).toEqual([uuid]);
      expect(clusters[0]!.metadata.nodeCount).toBe(expected.length);
      const nodes = data<{ id: string; hostname: string; status: string; availability: string }[]>(
        await callTool(as[way].owner, 'get-cluster-nodes', { cluster: uuid }),
      );
      expect(nodes.map((n) => `${n.id} ${n.hostname} ${n.status} ${n.availability}`).sort(), way).toEqual(expected);
    }
  });

  it('scale-service with confirm scales (HTTP up to 3, stdio down to 1), as the CLI sees it', async () => {
    data(await callTool(as.http.owner, 'scale-service', { cluster: uuid, service: SERVICE, replicas: 3, confirm: true }));
    expect(await replicas()).toBe(3);
    data(await callTool(as.stdio.owner, 'scale-service', { cluster: uuid, service: SERVICE, replicas: 1, confirm: true }));
    expect(await replicas()).toBe(1);
  });

  it('drain-node without confirm changes nothing and answers which tasks would move', async () => {
    const taskNode = (await cli(['service', 'ps', SERVICE, '--filter', 'desired-state=running', '--format', '{{.Node}}'])).trim().split('\n')[0]!;
    const before = await availabilities();
    for (const way of WAYS) {
      const plan = await callTool(as[way].owner, 'drain-node', { cluster: uuid, node: taskNode });
      expect(plan.isError).toBeFalsy();
      const content = plan.structuredContent as { changed: boolean; tasks: { serviceName: string }[]; wouldDo: string };
      expect(content.changed).toBe(false);
      expect(content.wouldDo).toContain(taskNode);
      expect(content.tasks.map((t) => t.serviceName)).toContain(SERVICE);
    }
    expect(await availabilities()).toBe(before);
  });

  it("gives another team's token not found and a read-only token refusals, and nothing changes", async () => {
    const scaledTo = await replicas();
    for (const way of WAYS) {
      expect(data(await callTool(as[way].otherTeam, 'list-clusters'))).toEqual([]);
      for (const [name, args] of [
        ['get-cluster', { cluster: uuid }],
        ['get-cluster-nodes', { cluster: uuid }],
        ['scale-service', { cluster: uuid, service: SERVICE, replicas: 4, confirm: true }],
      ] as const) {
        expect(await callTool(as[way].otherTeam, name, args), `${way} ${name}`).toMatchObject({
          isError: true,
          content: [{ text: `cluster ${uuid} not found` }],
        });
      }
      const refused = await callTool(as[way].readOnly, 'scale-service', { cluster: uuid, service: SERVICE, replicas: 4, confirm: true });
      expect(refused, way).toMatchObject({ isError: true, content: [{ text: 'this token is read-only' }] });
      expect(data<unknown[]>(await callTool(as[way].readOnly, 'get-cluster-services', { cluster: uuid })).length).toBeGreaterThan(0);
    }
    expect(await replicas()).toBe(scaledTo);
  });
});
