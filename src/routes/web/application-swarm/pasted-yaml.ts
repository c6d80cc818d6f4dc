/**
 * YAML pasted into the form's YAML tab, read back into the form: the fields filled from it (with their
 * messages when they do not validate), or the YAML tab again with why it could not be read.
 */
import { DeployYamlError, fromComposeDeploy, readDeployYaml } from '../../../domain/compose-deploy.ts';
import { readSwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import { settingsInputFromForm } from './form-data.ts';
import { blankState, type FormState } from './form-state.ts';

/** `readable` is false when the YAML could not be read at all (nothing was filled). */
export function pastedYamlState(body: Record<string, unknown>): { state: FormState; readable: boolean } {
  const pasted = { deploy: String(body['yaml.deploy'] ?? ''), healthcheck: String(body['yaml.healthcheck'] ?? '') };
  let composed;
  try {
    const yaml = readDeployYaml(pasted.deploy, pasted.healthcheck);
    composed = fromComposeDeploy(yaml.deploy, yaml.healthcheck);
  } catch (error) {
    if (!(error instanceof DeployYamlError)) throw error;
    const state: FormState = { ...blankState(settingsInputFromForm(body)), tab: 'yaml', yaml: pasted, notice: { tone: 'error', text: error.message } };
    return { state, readable: false };
  }
  const reading = readSwarmSettings(composed.input);
  const ignored = composed.ignored.length ? [`Not kept (the form has no field for them): ${composed.ignored.join(', ')}`] : undefined;
  const state: FormState = {
    ...blankState(composed.input),
    errors: reading.ok ? {} : reading.errors,
    yaml: reading.ok ? undefined : pasted,
    notice: { tone: ignored ? 'warning' : 'ok', text: 'Loaded from YAML. Review the fields, then save (nothing is saved yet).', details: ignored },
  };
  return { state, readable: true };
}
