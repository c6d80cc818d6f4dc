/**
 * What a tool is: a zod input schema, a kind that gives its annotations, and a run over the panel's API. A
 * destructive tool also has a preview: called without `confirm: true` it reads what the call would do and
 * answers that, changing nothing.
 */
import { z } from 'zod';
import type { ApiRequest, PanelApi } from './panel-api.ts';

/** `read` changes nothing; `write` changes the swarm and can be undone by another call; `destructive` may not. */
export type ToolKind = 'read' | 'write' | 'destructive';

export type Structured = Record<string, unknown>;

/** What a destructive call would do, for an answer that changes nothing. */
export interface Plan {
  wouldDo: string;
  details?: Structured;
}

export interface ClusterTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  kind: ToolKind;
  /** Calling it again with the same arguments changes nothing more. */
  idempotent?: boolean;
  input: Shape;
  /** Destructive tools: the plan, read without changing anything; null when this call needs no confirmation. */
  preview?(api: PanelApi, args: z.output<z.ZodObject<Shape>>): Promise<Plan | null>;
  run(api: PanelApi, args: z.output<z.ZodObject<Shape>>): Promise<Structured>;
}

/**
 * Keeps each tool's arguments typed by its own schema while the registry holds them all alike: the registry's
 * arguments go through the tool's schema (the SDK parsed them with it already, so this changes nothing but the type).
 */
export function defineTool<Shape extends z.ZodRawShape>(tool: ClusterTool<Shape>): ClusterTool {
  const schema = z.object(tool.input);
  const { preview } = tool;
  return {
    ...tool,
    preview: preview && ((api, args) => preview(api, schema.parse(args))),
    run: (api, args) => tool.run(api, schema.parse(args)),
  };
}

/** An API answer that is not a success, with the API's own message. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the API; a non-2xx answer throws its error (`{"error":{"code","message"}}`). */
export async function call(api: PanelApi, request: ApiRequest): Promise<Structured> {
  const { status, body } = await api(request);
  if (status >= 200 && status < 300) return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Structured) : {};
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `the panel answered HTTP ${status}`;
  throw new ApiFailure(status, typeof error?.code === 'string' ? error.code : `http_${status}`, message);
}

/** `data` of a `{ data }` answer. */
export async function dataOf<T>(api: PanelApi, request: ApiRequest): Promise<T> {
  return (await call(api, request)).data as T;
}

/** A path under the cluster, each segment encoded. */
export function clusterPath(uuid: string, ...segments: string[]): string {
  return `/${[uuid, ...segments].map(encodeURIComponent).join('/')}`;
}

export const clusterArg = z
  .string()
  .min(1)
  .max(100)
  .describe('The cluster\'s uuid, as list-clusters returns it in "uuid" (e.g. "0b5e4c7e-2f0a-4c1e-9a43-6f1d2c3b4a59").');

export const nodeArg = z
  .string()
  .min(1)
  .max(100)
  .describe('The node: its Docker node id ("id" in get-cluster-nodes, 25 lowercase letters and digits such as "k3x9q2m1v8r7t6p5w4z3y2n1a") or its hostname.');

export const serviceArg = z
  .string()
  .min(1)
  .max(200)
  .describe('The service: its Docker service id ("id" in get-cluster-services) or its name, e.g. "web" or "shop_web" for a stack\'s.');
