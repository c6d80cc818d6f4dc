import type { Handler } from 'hono';
import { readSwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import type { ApplicationDeploy } from '../../../services/application-deploy.ts';
import type { PluginEnv } from '../../auth.ts';
import { settingsInputFromForm } from './form-data.ts';
import type { SwarmFormPage } from './form-page.ts';
import { invalidState, refusedState, savedWithCheck } from './form-state.ts';
import { formBody, wholeForm } from './responses.ts';

/** `POST .../swarm`: saves valid settings and checks their placement on the cached nodes; else the messages. */
export const saveSettings =
  (page: SwarmFormPage, deploys: Pick<ApplicationDeploy, 'save'>): Handler<PluginEnv> =>
  async (c) => {
    const { application, readOnly } = await page.load(c);
    const input = settingsInputFromForm(await formBody(c));
    if (readOnly) return wholeForm(c, await page.render(readOnly, application, refusedState(page.saved(application), readOnly)), 403);
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await page.render(readOnly, application, invalidState(input, reading.errors)), 400);
    await deploys.save(application, reading.settings);
    const checked = await page.check(application, reading.settings, { cached: true, revealAddresses: true });
    return wholeForm(c, await page.render(readOnly, application, savedWithCheck(reading.settings, checked)), null);
  };
