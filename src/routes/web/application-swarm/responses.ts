/** The form handlers’ side of HTTP: the posted fields, and answers htmx swaps (it swaps 200s only) while others get the real status. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SWARM_FORM_ID } from '../../../../views/swarm-deploy-form/ids.ts';
import { isPartial } from '../page-support.ts';

/** A refusal is a 200 fragment for htmx and keeps its status for anyone else. */
export const answerStatus = (c: Context, failure: ContentfulStatusCode | null): ContentfulStatusCode => (failure && !isPartial(c) ? failure : 200);

/** The whole form, in place of whatever region the request aimed at. */
export function wholeForm(c: Context, html: string, failure: ContentfulStatusCode | null): Response {
  c.header('HX-Retarget', `#${SWARM_FORM_ID}`);
  c.header('HX-Reswap', 'outerHTML');
  return c.html(html, answerStatus(c, failure));
}

export async function formBody(c: Context): Promise<Record<string, unknown>> {
  return (await c.req.parseBody()) as Record<string, unknown>;
}
