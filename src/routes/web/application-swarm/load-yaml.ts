import type { Handler } from 'hono';
import type { PluginEnv } from '../../auth.ts';
import type { SwarmFormPage } from './form-page.ts';
import { pastedYamlState } from './pasted-yaml.ts';
import { formBody, wholeForm } from './responses.ts';

/** `POST .../swarm/yaml`: the pasted YAML read into the form's fields (nothing is saved). */
export const loadYaml =
  (page: SwarmFormPage): Handler<PluginEnv> =>
  async (c) => {
    const { application, readOnly } = await page.load(c);
    const { state, readable } = pastedYamlState(await formBody(c));
    return wholeForm(c, await page.render(readOnly, application, state), readable ? null : 400);
  };
