/**
 * What the action routes of the pages share. An action answers htmx with a fragment for the row's panel:
 * its outcome, or the reason it was refused, always swapped (status 200) — the host's htmx does not swap
 * 4xx/5xx. Without htmx the same fragment carries the real status. A write also asks the page's live
 * regions to re-render (`HX-Trigger: swarm-changed`).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { describeZodError } from '../../services/cluster-inputs.ts';
import { ServiceError } from '../../services/errors.ts';
import type { PluginServices, RequestHost } from '../../services/plugin-services.ts';
import { authorize, type PluginEnv } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';

type Html = { toString(): string | Promise<string> };

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/**
 * Runs an action and answers with its fragment; a failure is answered with `failed(message)` (status 200
 * for htmx), its message from the one error path (an internal error's request id for a bug).
 */
export async function panelAction(
  c: Context<PluginEnv>,
  host: Pick<RequestHost, 'auth' | 'logger'>,
  run: () => Promise<Html>,
  failed: (message: string) => Html,
): Promise<Response> {
  try {
    return c.html(await (await run()).toString());
  } catch (error) {
    const report = await reportFailure(c, host, error);
    return c.html(await failed(reportText(report)).toString(), isHtmx(c) ? 200 : report.status);
  }
}

type PanelRun = (c: Context<PluginEnv>) => Promise<Html>;

/**
 * Handlers answering with one kind of panel (`failed` renders a refusal in it): `read` for what viewers
 * may see too, `operate` for what needs `cluster.operate` (checked first, a refusal shown in the panel).
 */
export function panelHandlers(ctx: Pick<PluginServices, 'host'>, failed: (message: string) => Html) {
  return {
    read: (run: PanelRun) => (c: Context<PluginEnv>) => panelAction(c, ctx.host, () => run(c), failed),
    operate: (run: PanelRun) => (c: Context<PluginEnv>) =>
      panelAction(
        c,
        ctx.host,
        async () => {
          await authorize(ctx.host, c.get('principal'), 'cluster.operate', c.get('clusterServers'));
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

/** Validates a form with the API's schema: the values, or the API's message for what is wrong. */
export function readForm<S extends z.ZodType>(schema: S, raw: unknown): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, data: result.data } : { ok: false, message: describeZodError(result.error).message };
}

/** Validates a form with the API's schema; a failure is refused (400) with the API's message. */
export function parseForm<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const form = readForm(schema, raw);
  if (form.ok) return form.data;
  throw new ServiceError('validation_failed', form.message);
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
