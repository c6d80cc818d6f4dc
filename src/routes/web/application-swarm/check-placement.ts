import type { Handler } from 'hono';
import { PlacementPreflightPanel } from '../../../../views/placement-preflight.tsx';
import { readSwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import type { PluginEnv } from '../../auth.ts';
import { settingsInputFromForm } from './form-data.ts';
import type { SwarmFormPage } from './form-page.ts';
import { invalidState } from './form-state.ts';
import { formBody, wholeForm } from './responses.ts';

/** `POST .../swarm/preflight`: the nodes the posted settings place tasks on now (nothing is saved). */
export const checkPlacement =
  (page: SwarmFormPage): Handler<PluginEnv> =>
  async (c) => {
    const { application, readOnly } = await page.load(c);
    // A read-only viewer's fields are disabled (not posted): check what is saved.
    const input = readOnly === null ? settingsInputFromForm(await formBody(c)) : page.saved(application).input;
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await page.render(readOnly, application, invalidState(input, reading.errors)), 400);
    const checked = await page.check(application, reading.settings, { revealAddresses: readOnly === null });
    return c.html(await PlacementPreflightPanel({ preflight: checked.view }).toString());
  };
