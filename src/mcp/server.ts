/** The MCP server of the plugin: every tool, and a readable overview of each cluster, over one panel API. */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { clusterOverview } from './overview.ts';
import type { PanelApi } from './panel-api.ts';
import { call } from './tool.ts';
import { registerTools } from './tools.ts';

export function createMcpServer(api: PanelApi, version: string): McpServer {
  const server = new McpServer(
    { name: 'swarm-clusters', title: 'Docker Swarm clusters', version },
    {
      instructions:
        'Docker Swarm clusters of a self-hosting panel. Start with list-clusters for the cluster uuid; get-cluster-nodes and get-cluster-services give node and service ids. Tools marked destructive change nothing without confirm: true and answer what they would do: show that to the user and ask before confirming.',
    },
  );
  registerTools(server, api);
  server.registerResource(
    'cluster-overview',
    new ResourceTemplate('cluster://{uuid}/overview', {
      list: async () => {
        const clusters = ((await call(api, { method: 'GET', path: '' })).data ?? []) as { uuid: string; name: string }[];
        return { resources: clusters.map((c) => ({ uri: `cluster://${c.uuid}/overview`, name: `${c.name} overview`, mimeType: 'text/markdown' })) };
      },
    }),
    { title: 'Cluster overview', description: 'Status, nodes and services of a cluster, as a short summary.', mimeType: 'text/markdown' },
    async (uri, { uuid }) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await clusterOverview(api, String(uuid)) }] }),
  );
  return server;
}
