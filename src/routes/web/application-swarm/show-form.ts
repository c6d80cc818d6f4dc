import type { Handler } from 'hono';
import type { HostServices } from '../../../contract/host.ts';
import type { PluginEnv } from '../../auth.ts';
import { isPartial } from '../page-support.ts';
import type { SwarmFormPage } from './form-page.ts';

/** `GET .../swarm`: the saved settings in the form; htmx gets the form alone, a browser the host's page around it. */
export const showForm =
  (page: SwarmFormPage, layout: HostServices['layout']): Handler<PluginEnv> =>
  async (c) => {
    const { application, readOnly } = await page.load(c);
    const html = await page.render(readOnly, application, page.saved(application));
    if (isPartial(c)) return c.html(html);
    return c.html(await layout.render({ title: `Swarm deployment · ${application.name}`, body: html, request: c.req.raw, active: 'applications' }));
  };
