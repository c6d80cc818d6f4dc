/** A form state, and what the page knows around it, as the props of the form's view. */

import type { SwarmFormChoices } from '../../../../views/swarm-deploy-form/form-values.ts';
import type { SwarmDeployFormProps } from '../../../../views/swarm-deploy-form/index.tsx';
import { deployYaml, toComposeDeploy, toComposeHealthcheck } from '../../../domain/compose-deploy.ts';
import {
  RESTART_CONDITIONS,
  ROLLBACK_FAILURE_ACTIONS,
  readSwarmSettings,
  type SwarmSettings,
  UPDATE_FAILURE_ACTIONS,
  UPDATE_ORDERS,
} from '../../../domain/swarm-deploy-config.ts';
import { toFormValues } from './form-data.ts';
import type { FormState } from './form-state.ts';

/** Where the form and its actions post, under the web mount. */
export function formUrls(webMount: string, applicationUuid: string): SwarmDeployFormProps['urls'] {
  const form = `${webMount}/applications/${encodeURIComponent(applicationUuid)}/swarm`;
  return { form, save: form, preflight: `${form}/preflight`, deploy: `${form}/deploy`, yaml: `${form}/yaml` };
}

/** The compose mappings the settings produce, as the YAML tab shows them. */
export function producedYaml(settings: SwarmSettings): { deploy: string; healthcheck: string } {
  return { deploy: deployYaml(toComposeDeploy(settings)), healthcheck: deployYaml(toComposeHealthcheck(settings)) };
}

/** The selects' options: what Docker accepts, as the domain lists it. */
export const SWARM_FORM_CHOICES: SwarmFormChoices = {
  updateFailureActions: UPDATE_FAILURE_ACTIONS,
  rollbackFailureActions: ROLLBACK_FAILURE_ACTIONS,
  updateOrders: UPDATE_ORDERS,
  restartConditions: RESTART_CONDITIONS,
};

/** What the page adds to the state: the application, the viewer's rights, the target cluster, suggestions. */
export type FormSurroundings = Pick<SwarmDeployFormProps, 'applicationName' | 'urls' | 'cssUrl' | 'readOnlyReason' | 'cluster' | 'suggestions'>;

export function formProps(state: FormState, around: FormSurroundings): SwarmDeployFormProps {
  const reading = readSwarmSettings(state.input);
  return {
    ...around,
    choices: SWARM_FORM_CHOICES,
    values: toFormValues(state.input),
    errors: state.errors,
    warnings: state.warnings,
    // Invalid input produces no YAML: the tab is blank until the fields validate (or shows what was pasted).
    yaml: state.yaml ?? (reading.ok ? producedYaml(reading.settings) : { deploy: '', healthcheck: '' }),
    tab: state.tab,
    notice: state.notice,
    preflight: state.preflight,
    result: state.result,
  };
}
