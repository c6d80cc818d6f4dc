/**
 * The per-application swarm deploy form: `GET <web>/applications/:uuid/swarm` (the form; the host's application
 * page embeds the same through `deployForm`), `POST .../swarm` save, `POST .../swarm/preflight` the nodes that
 * match now, `POST .../swarm/deploy` save and deploy as a stack, `POST .../swarm/yaml` read pasted YAML into the
 * form. Answers to htmx are 200 with the part to swap: invalid input re-renders the form with the messages beside
 * the fields (retargeted when the request aimed at a smaller region), and nothing is saved or deployed.
 */
import { Hono } from 'hono';
import type { HostInfo } from '../../../contract/host.ts';
import type { ApplicationWidget } from '../../../contract/plugin.ts';
import type { PluginEnv } from '../../auth.ts';
import { widgetViewer } from '../page-support.ts';
import { checkPlacement } from './check-placement.ts';
import { deploySettings } from './deploy-settings.ts';
import { type SwarmFormServices, swarmFormPage } from './form-page.ts';
import { loadYaml } from './load-yaml.ts';
import { saveSettings } from './save-settings.ts';
import { showForm } from './show-form.ts';

export interface ApplicationSwarmForm {
  routes: Hono<PluginEnv>;
  widget: ApplicationWidget;
}

export function applicationSwarmForm(ctx: SwarmFormServices, info: HostInfo): ApplicationSwarmForm {
  const page = swarmFormPage(ctx, info);
  const routes = new Hono<PluginEnv>()
    .get('/:appUuid/swarm', showForm(page, ctx.host.layout))
    .post('/:appUuid/swarm', saveSettings(page, ctx.deploys))
    .post('/:appUuid/swarm/preflight', checkPlacement(page))
    .post('/:appUuid/swarm/deploy', deploySettings(page, ctx.deploys))
    .post('/:appUuid/swarm/yaml', loadYaml(page));

  const widget: ApplicationWidget = {
    async render({ request, applicationUuid }) {
      const principal = await widgetViewer(ctx, request);
      if (!principal) return '';
      const application = await ctx.host.applications.get({ teamId: principal.teamId, uuid: applicationUuid });
      if (!application) return '';
      return page.render(await page.readOnlyReason(principal, application), application, page.saved(application));
    },
  };

  return { routes, widget };
}
