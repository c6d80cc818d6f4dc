/**
 * The MCP endpoint (Streamable HTTP, stateless: a fresh server per request, answers as JSON). The host mounts
 * it beside the API, e.g. at `/api/v1/mcp`. Its tools call the API's own app in-process with the caller's
 * bearer header, so a tool can do exactly what that token may do through the API, in its team only.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { z } from 'zod';
import { inProcessApi } from '../../mcp/panel-api.ts';
import { createMcpServer } from '../../mcp/server.ts';
import { ServiceError } from '../../services/errors.ts';
import type { RequestHost } from '../../services/plugin-services.ts';
import { type PluginEnv, requirePrincipal } from '../auth.ts';
import { apiErrorHandler } from '../errors.ts';
import { jsonBody } from './validate.ts';

/** One JSON-RPC message; the transport checks the rest of its shape. Batches were dropped from MCP in 2025-06-18. */
const jsonRpcMessage = z.looseObject(
  { jsonrpc: z.literal('2.0', { error: 'jsonrpc must be "2.0"' }) },
  { error: 'the body must be one JSON-RPC message (a JSON object)' },
);

export function mcpEndpoint(host: Pick<RequestHost, 'auth' | 'logger'>, api: Hono, version: string): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  app.onError(apiErrorHandler(host));
  app.use('*', requirePrincipal(host));

  app.post('/', async (c) => {
    const authorization = c.req.header('authorization');
    // A session cookie is ambient (a page of another site could post with it): tools act for bearer tokens only.
    if (c.get('principal').via !== 'token' || !authorization) {
      throw new ServiceError('unauthenticated', 'the MCP endpoint takes an API token: send Authorization: Bearer <token>');
    }
    const accept = c.req.header('accept') ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return c.json({ error: { code: 'not_acceptable', message: 'send Accept: application/json, text/event-stream (MCP Streamable HTTP)' } }, 406);
    }
    const message = await jsonBody(c, jsonRpcMessage);
    const server = createMcpServer(inProcessApi(api, authorization), version);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw, { parsedBody: message });
    } finally {
      await server.close();
    }
  });

  // Stateless: no session to stream server messages on (GET) or to end (DELETE). Not an endpoint: a refusal of every other method.
  app.all('/', (c) => {
    c.header('Allow', 'POST');
    return c.json({ error: { code: 'method_not_allowed', message: 'this MCP endpoint is stateless: POST one JSON-RPC message per request' } }, 405);
  });

  return app;
}
