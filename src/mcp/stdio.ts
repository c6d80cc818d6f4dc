/**
 * `npx swarm-clusters-mcp` (also `npm run mcp`): the MCP server on stdio, for desktop assistants. It calls a
 * panel's REST API over HTTP with an API token of that panel, so it can do what the token may, in its team.
 *   PANEL_URL       the panel, e.g. https://panel.example.com
 *   PANEL_TOKEN     an API token of the panel (read for a look-only assistant, read,write to operate)
 *   PANEL_API_PATH  where the panel mounts the clusters API, when not at /api/v1/clusters
 * stdout carries the protocol: anything said to a person goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { httpApi } from './panel-api.ts';
import { createMcpServer } from './server.ts';

const manifest = JSON.parse(readFileSync(new URL('../../plugin.json', import.meta.url), 'utf8')) as { version: string; mounts: { api: string } };

/** The API's URL and the token from the environment, or what is wrong with it. */
export function stdioSettings(env: Record<string, string | undefined>): { apiUrl: string; token: string } | { problem: string } {
  const { PANEL_URL: url, PANEL_TOKEN: token, PANEL_API_PATH: path = manifest.mounts.api } = env;
  if (!url || !token) return { problem: 'set PANEL_URL (the panel, e.g. https://panel.example.com) and PANEL_TOKEN (an API token of the panel)' };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return { problem: `PANEL_URL is not an http(s) URL: ${url}` };
  return { apiUrl: `${url.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`, token };
}

async function main(): Promise<void> {
  const settings = stdioSettings(process.env);
  if ('problem' in settings) {
    process.stderr.write(`swarm-clusters-mcp: ${settings.problem}\n`);
    process.exitCode = 2;
    return;
  }
  const server = createMcpServer(httpApi(settings.apiUrl, settings.token), manifest.version);
  await server.connect(new StdioServerTransport());
}

main().catch((error: unknown) => {
  process.stderr.write(`swarm-clusters-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
