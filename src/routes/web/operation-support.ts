/**
 * What the action routes of the pages share. An action answers htmx with a fragment for the row's panel:
 * its outcome, or the reason it was refused, always swapped (status 200) — the host's htmx does not swap
 * 4xx/5xx. Without htmx the same fragment carries the real status. A write also asks the page's live
 * regions to re-render (`HX-Trigger: swarm-changed`).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { DockerError } from '../../docker/index.ts';
import { describeZodError } from '../../services/cluster-inputs.ts';
import { ServiceError } from '../../services/errors.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { authorize, type PluginEnv } from '../auth.ts';
import { toErrorResponse } from '../errors.ts';

type Html = { toString(): string | Promise<string> };

/** Refusals and failures the user should read, as opposed to bugs. */
export class ActionRefused extends Error {
  constructor(
    message: string,
    readonly status: ContentfulStatusCode,
  ) {
    super(message);
  }
}

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/** The message and status of an expected failure, or null for an unexpected one. */
export function refusalOf(error: unknown): ActionRefused | null {
  if (error instanceof ActionRefused) return error;
  if (error instanceof HTTPException) return new ActionRefused(error.message, error.status as ContentfulStatusCode);
  if (error instanceof ServiceError || error instanceof DockerError) {
    const { status, body } = toErrorResponse(error);
    return new ActionRefused(body.error.message, status);
  }
  return null;
}

/**
 * Runs an action and answers with its fragment; an expected failure is answered with `failed(message)`
 * (status 200 for htmx), anything else is left to the page's error handler.
 */
export async function panelAction(
  c: Context<PluginEnv>,
  run: () => Promise<Html>,
  failed: (message: string) => Html,
): Promise<Response> {
  try {
    return c.html(await (await run()).toString());
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return c.html(await failed(refusal.message).toString(), isHtmx(c) ? 200 : refusal.status);
  }
}

type PanelRun = (c: Context<PluginEnv>) => Promise<Html>;

/**
 * Handlers answering with one kind of panel (`failed` renders a refusal in it): `read` for what viewers
 * may see too, `operate` for what needs `cluster.operate` (checked first, a refusal shown in the panel).
 */
export function panelHandlers(ctx: Pick<PluginServices, 'host'>, failed: (message: string) => Html) {
  return {
    read: (run: PanelRun) => (c: Context<PluginEnv>) => panelAction(c, () => run(c), failed),
    operate: (run: PanelRun) => (c: Context<PluginEnv>) =>
      panelAction(
        c,
        async () => {
          await authorize(ctx.host, c.get('principal'), 'cluster.operate');
          return run(c);
        },
        failed,
      ),
  };
}

/** Asks the page to re-render its live regions (the live script's event). */
export function refreshPage(c: Context): void {
  c.header('HX-Trigger', 'swarm-changed');
}

/** Validates a form with the API's schema; a failure is refused with the API's message. */
export function parseForm<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ActionRefused(describeZodError(result.error).message, 400);
}

/** A form value as a number when it is one, else as given (so the schema names what is wrong). */
export function formNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** All values of a repeated form field. */
export function formList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}
