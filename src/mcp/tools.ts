/**
 * The one registry of MCP tools, used by both ways in (HTTP inside the host, stdio outside): each tool is
 * registered with its zod input, its annotations, and a run over the panel's API. A destructive tool gets a
 * `confirm` argument; without `confirm: true` it answers its plan and changes nothing. A failure, the API's
 * refusals included, is a tool result with `isError: true` and the API's message, never a protocol error.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { clusterTools } from './cluster-tools.ts';
import { nodeTools } from './node-tools.ts';
import type { PanelApi } from './panel-api.ts';
import { serviceTools } from './service-tools.ts';
import { stackTools } from './stack-tools.ts';
import { swarmObjectTools } from './swarm-object-tools.ts';
import { ApiFailure, type ClusterTool, type Structured } from './tool.ts';

export const CLUSTER_TOOLS: readonly ClusterTool[] = [...clusterTools, ...nodeTools, ...serviceTools, ...swarmObjectTools, ...stackTools];

const confirmArg = z
  .boolean()
  .default(false)
  .describe('true to do it. Without it nothing changes and the answer says what would happen: show that to the user and ask first.');

export function annotationsOf(tool: ClusterTool): ToolAnnotations {
  return {
    title: tool.title,
    readOnlyHint: tool.kind === 'read',
    destructiveHint: tool.kind === 'destructive',
    idempotentHint: tool.kind === 'read' || tool.idempotent === true,
    // Only the panel's own clusters: nothing beyond them.
    openWorldHint: false,
  };
}

export function inputOf(tool: ClusterTool): z.ZodRawShape {
  return tool.kind === 'destructive' ? { ...tool.input, confirm: confirmArg } : tool.input;
}

export function registerTools(server: McpServer, api: PanelApi, tools: readonly ClusterTool[] = CLUSTER_TOOLS): void {
  for (const tool of tools) {
    if (tool.kind === 'destructive' && !tool.preview) throw new Error(`${tool.name} is destructive and has no preview to answer without confirm`);
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: inputOf(tool), annotations: annotationsOf(tool) },
      (args: Record<string, unknown>) => runTool(tool, api, args),
    );
  }
}

/** Runs a tool on arguments its schema has parsed. */
export async function runTool(tool: ClusterTool, api: PanelApi, { confirm, ...args }: Record<string, unknown>): Promise<CallToolResult> {
  try {
    if (tool.kind === 'destructive' && confirm !== true) {
      const plan = await tool.preview?.(api, args);
      if (plan) {
        return answer({ confirmed: false, changed: false, wouldDo: plan.wouldDo, ...plan.details, toProceed: `call ${tool.name} again with confirm: true` });
      }
    }
    return answer(await tool.run(api, args));
  } catch (error) {
    return failure(error);
  }
}

function answer(structured: Structured): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

function failure(error: unknown): CallToolResult {
  const report =
    error instanceof ApiFailure
      ? { status: error.status, code: error.code, message: error.message }
      : { status: null, code: 'panel_unreachable', message: `the panel could not be asked: ${error instanceof Error ? error.message : String(error)}` };
  return { content: [{ type: 'text', text: report.message }], structuredContent: { error: report }, isError: true };
}
