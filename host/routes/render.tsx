/** Renders a host page body inside the layout, the same way the plugin's pages are. */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HostLogger, HostServices } from '../../src/contract/host.ts';

export async function renderPage(
  c: Context,
  layout: HostServices['layout'],
  page: { title: string; active?: string; body: JSX.Element; status?: ContentfulStatusCode },
): Promise<Response> {
  const body = await page.body.toString();
  const html = await layout.render({ title: page.title, body, request: c.req.raw, active: page.active });
  return c.html(html, page.status ?? 200);
}

/** A write refused for the principal's role, shown as a page (or as the swapped fragment for htmx). */
export function forbiddenPage(c: Context, layout: HostServices['layout'], reason: string): Promise<Response> {
  return renderPage(c, layout, {
    title: 'Forbidden',
    status: 403,
    body: (
      <div class="alert" role="alert">
        Forbidden: {reason}
      </div>
    ),
  });
}

export const formString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * What plugins render into one of the host's pages, side by side. One that fails is logged as `what` and shows
 * `unavailable` instead of breaking the page.
 */
export async function pluginWidgetsHtml<O>(
  logger: HostLogger,
  widgets: { render(opts: O): Promise<string> }[],
  opts: O,
  failure: { what: string; data: Record<string, unknown>; unavailable: string },
): Promise<string> {
  const parts = await Promise.all(
    widgets.map((widget) =>
      widget.render(opts).catch((err: unknown) => {
        logger.error(`${failure.what} failed`, { ...failure.data, error: err });
        return `<p class="muted">${failure.unavailable}</p>`;
      }),
    ),
  );
  return parts.join('');
}
