import type { Handler } from 'hono';
import { DeployResultPanel, type DeployResultView } from '../../../../views/deploy-result.tsx';
import { readSwarmSettings, type SwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import { type ApplicationDeploy, type DeployOutcome, PlacementRefusedError } from '../../../services/application-deploy.ts';
import type { PluginEnv } from '../../auth.ts';
import { failureMessage } from './failure-message.ts';
import { settingsInputFromForm } from './form-data.ts';
import type { SwarmFormPage } from './form-page.ts';
import { invalidState, placementRefusedState } from './form-state.ts';
import { answerStatus, formBody, wholeForm } from './responses.ts';

function deployedView(page: SwarmFormPage, settings: SwarmSettings, outcome: DeployOutcome): DeployResultView {
  if (outcome.by === 'host') {
    return {
      ok: true,
      clusterName: outcome.cluster.name,
      clusterHref: page.clusterHref(outcome.cluster),
      message: outcome.outcome.message,
      hostLink: outcome.outcome.link,
    };
  }
  const deployed = outcome.result;
  const tasks = settings.mode === 'global' ? 'one task per matching node' : `${settings.replicas} replica(s)`;
  return {
    ok: true,
    created: deployed.created,
    serviceName: deployed.serviceName,
    clusterName: deployed.cluster.name,
    clusterHref: page.clusterHref(deployed.cluster),
    message: `The swarm now converges to ${tasks}; the tasks show above.`,
    warnings: deployed.warnings,
  };
}

/**
 * `POST .../swarm/deploy`: saves valid settings, then deploys them as the application's stack (or hands them to
 * the host's deployer). A deploy the
 * placement check refuses re-renders the form with the check beside the constraints; other failures are a result.
 */
export const deploySettings =
  (page: SwarmFormPage, deploys: Pick<ApplicationDeploy, 'save' | 'deploy' | 'clusterFor'>): Handler<PluginEnv> =>
  async (c) => {
    const { principal, application, readOnly } = await page.load(c);
    const input = settingsInputFromForm(await formBody(c));
    if (readOnly) return c.html(await DeployResultPanel({ result: { ok: false, message: readOnly } }).toString(), answerStatus(c, 403));
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await page.render(readOnly, application, invalidState(input, reading.errors)), 400);
    const settings = reading.settings;
    await deploys.save(application, settings);
    try {
      const deployed = await deploys.deploy(principal, application, settings);
      return c.html(await DeployResultPanel({ result: deployedView(page, settings, deployed) }).toString());
    } catch (error) {
      if (error instanceof PlacementRefusedError) {
        const cluster = await deploys.clusterFor(application);
        return wholeForm(c, await page.render(readOnly, application, placementRefusedState(cluster.name, settings, error.preflight)), 400);
      }
      const message = `Saved, but not deployed: ${failureMessage(error, { revealAddresses: true })}`;
      return c.html(await DeployResultPanel({ result: { ok: false, message } }).toString(), answerStatus(c, 400));
    }
  };
