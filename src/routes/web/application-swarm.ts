/**
 * The per-application swarm deploy form: `GET <web>/applications/:uuid/swarm` (the form; the host's application
 * page embeds the same through `deployForm`), `POST .../swarm` save, `POST .../swarm/preflight` the nodes that
 * match now, `POST .../swarm/deploy` save and deploy as a stack, `POST .../swarm/yaml` read pasted YAML into the
 * form. Answers to htmx are 200 with the part to swap: invalid input re-renders the form with the messages beside
 * the fields (retargeted when the request aimed at a smaller region), and nothing is saved or deployed.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HostApplication, HostInfo, Principal } from '../../contract/host.ts';
import type { ApplicationWidget } from '../../contract/plugin.ts';
import { DockerError } from '../../docker/index.ts';
import { DeployYamlError, deployYaml, fromComposeDeploy, readDeployYaml, toComposeDeploy, toComposeHealthcheck } from '../../domain/compose-deploy.ts';
import type { PreflightResult } from '../../domain/placement-preflight.ts';
import { DEFAULT_SWARM_SETTINGS, formatConstraint, readSwarmSettings, type FieldErrors, type SwarmSettings } from '../../domain/swarm-deploy-config.ts';
import type { PluginContext } from '../../plugin-context.ts';
import { PlacementRefusedError } from '../../services/application-deploy.ts';
import { ServiceError } from '../../services/errors.ts';
import type { DeployResultView } from '../../../views/deploy-result.tsx';
import { DeployResultPanel } from '../../../views/deploy-result.tsx';
import { PlacementPreflightPanel, type PreflightView } from '../../../views/placement-preflight.tsx';
import { SWARM_FORM_ID, SwarmDeployForm, type SwarmFormNotice } from '../../../views/swarm-deploy-form.tsx';
import { authorize, type PluginEnv } from '../auth.ts';
import { canOperate, isPartial, webAssets, widgetViewer } from './page-support.ts';
import { settingsInputFromForm, toFormValues } from './swarm-form-data.ts';

interface FormState {
  /** Settings-shaped: saved settings, or what was submitted or pasted (perhaps invalid). */
  input: unknown;
  errors: FieldErrors;
  warnings: FieldErrors;
  notice: SwarmFormNotice | null;
  tab: 'form' | 'yaml';
  /** YAML to show as given (pasted text); otherwise produced from the input when it is valid. */
  yaml?: { deploy: string; healthcheck: string };
  preflight: PreflightView | null;
  result: DeployResultView | null;
}

const blankState = (input: unknown): FormState => ({ input, errors: {}, warnings: {}, notice: null, tab: 'form', preflight: null, result: null });

function formUrls(info: HostInfo, uuid: string) {
  const form = `${info.mounts.web}/applications/${encodeURIComponent(uuid)}/swarm`;
  return { form, save: form, preflight: `${form}/preflight`, deploy: `${form}/deploy`, yaml: `${form}/yaml` };
}

function producedYaml(settings: SwarmSettings): { deploy: string; healthcheck: string } {
  return { deploy: deployYaml(toComposeDeploy(settings)), healthcheck: deployYaml(toComposeHealthcheck(settings)) };
}

/** Preflight warnings beside the constraint values they are about. */
function warningsByField(preflight: PreflightResult): FieldErrors {
  return Object.fromEntries(preflight.warnings.map((w) => [`constraints.${w.index}.value`, w.message]));
}

function preflightView(clusterName: string, settings: SwarmSettings, preflight: PreflightResult): PreflightView {
  return {
    clusterName,
    nodes: preflight.nodes,
    problem: preflight.problem,
    warnings: preflight.warnings.map((w) => ({ constraint: formatConstraint(settings.constraints[w.index]!), message: w.message })),
  };
}

/** What a failure of a deploy or a check tells the user; unknown failures are rethrown (logged as 500). */
function failureMessage(error: unknown): string {
  if (error instanceof ServiceError || error instanceof DockerError) return error.message;
  throw error;
}

export interface ApplicationSwarmForm {
  routes: Hono<PluginEnv>;
  widget: ApplicationWidget;
}

export function applicationSwarmForm(ctx: PluginContext, info: HostInfo): ApplicationSwarmForm {
  const deploys = ctx.deploys;

  async function readOnlyReason(principal: Principal): Promise<string | null> {
    if (await canOperate(ctx, principal)) return null;
    return principal.abilities.includes('write')
      ? `Only owners and admins may change or deploy these settings (you are ${principal.role}).`
      : 'This session is read-only: the settings can be viewed and checked, not changed.';
  }

  /** Label keys and values of the cluster's nodes, offered while typing a constraint (cached reads; none when unreachable). */
  async function suggestions(cluster: Awaited<ReturnType<typeof deploys.clusterFor>> | null): Promise<{ fields: string[]; values: string[] }> {
    if (!cluster) return { fields: [], values: [] };
    try {
      const nodes = (await ctx.state.nodes(cluster)).data;
      const keys = new Set(nodes.flatMap((n) => Object.keys(n.labels)));
      const values = new Set(nodes.flatMap((n) => [n.hostname, ...Object.values(n.labels)]));
      return { fields: [...keys].sort().map((k) => `node.labels.${k}`), values: [...values].sort() };
    } catch {
      return { fields: [], values: [] };
    }
  }

  /** `readOnly`: why the viewer may not change the settings, or null. */
  async function renderForm(readOnly: string | null, application: HostApplication, state: FormState): Promise<string> {
    let cluster: Awaited<ReturnType<typeof deploys.clusterFor>> | null = null;
    let clusterView: { name: string; href: string } | { problem: string };
    try {
      cluster = await deploys.clusterFor(application);
      clusterView = { name: cluster.name, href: `${info.mounts.web}/${cluster.uuid}` };
    } catch (error) {
      clusterView = { problem: failureMessage(error) };
    }
    const reading = readSwarmSettings(state.input);
    return SwarmDeployForm({
      applicationName: application.name,
      urls: formUrls(info, application.uuid),
      cssUrl: webAssets(info).url('swarm-deploy.css'),
      values: toFormValues(state.input),
      errors: state.errors,
      warnings: state.warnings,
      yaml: state.yaml ?? (reading.ok ? producedYaml(reading.settings) : { deploy: '', healthcheck: '' }),
      tab: state.tab,
      notice: state.notice,
      readOnlyReason: readOnly,
      cluster: clusterView,
      suggestions: await suggestions(cluster),
      preflight: state.preflight,
      result: state.result,
    }).toString();
  }

  function savedState(application: HostApplication): FormState {
    const settings = deploys.settings(application);
    if (settings) return blankState(settings);
    return {
      ...blankState(DEFAULT_SWARM_SETTINGS),
      notice: { tone: 'warning', text: 'The saved swarm settings no longer validate: the form shows Docker’s defaults. Save to replace them.' },
    };
  }

  /** Runs the placement check, turning a failure into what to show instead. */
  async function check(
    application: HostApplication,
    settings: SwarmSettings,
    options: { cached?: boolean } = {},
  ): Promise<{ view: PreflightView; result: PreflightResult | null }> {
    try {
      const cluster = await deploys.clusterFor(application);
      const result = await deploys.preflight(cluster, settings, options);
      return { view: preflightView(cluster.name, settings, result), result };
    } catch (error) {
      return { view: { clusterName: '', nodes: [], warnings: [], problem: null, error: failureMessage(error) }, result: null };
    }
  }

  const routes = new Hono<PluginEnv>();

  /** The viewer, the application (of the viewer's team) and why the viewer may not change its settings, or null. */
  async function load(c: Context<PluginEnv>): Promise<{ principal: Principal; application: HostApplication; readOnly: string | null }> {
    const principal = c.get('principal');
    await authorize(ctx.host, principal, 'cluster.view');
    const application = await deploys.application(principal.teamId, c.req.param('appUuid') ?? '');
    return { principal, application, readOnly: await readOnlyReason(principal) };
  }

  async function formBody(c: Context<PluginEnv>): Promise<Record<string, unknown>> {
    return (await c.req.parseBody()) as Record<string, unknown>;
  }

  /** htmx swaps 200s only: a refusal is a 200 fragment for htmx and keeps its status for anyone else. */
  const status = (c: Context, failure: ContentfulStatusCode | null): ContentfulStatusCode => (failure && !isPartial(c) ? failure : 200);

  /** The whole form, in place of whatever region the request aimed at. */
  function wholeForm(c: Context, html: string, failure: ContentfulStatusCode | null): Response {
    c.header('HX-Retarget', `#${SWARM_FORM_ID}`);
    c.header('HX-Reswap', 'outerHTML');
    return c.html(html, status(c, failure));
  }

  routes.get('/:appUuid/swarm', async (c) => {
    const { application, readOnly } = await load(c);
    const html = await renderForm(readOnly, application, savedState(application));
    if (isPartial(c)) return c.html(html);
    const page = await ctx.host.layout.render({ title: `Swarm deployment · ${application.name}`, body: html, request: c.req.raw, active: 'applications' });
    return c.html(page);
  });

  routes.post('/:appUuid/swarm', async (c) => {
    const { application, readOnly } = await load(c);
    const input = settingsInputFromForm(await formBody(c));
    if (readOnly) return wholeForm(c, await renderForm(readOnly, application, { ...savedState(application), notice: { tone: 'error', text: readOnly } }), 403);
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await renderForm(readOnly, application, { ...blankState(input), errors: reading.errors }), 400);
    await deploys.save(application, reading.settings);
    const checked = await check(application, reading.settings, { cached: true });
    const state: FormState = {
      ...blankState(reading.settings),
      notice: { tone: 'ok', text: 'Saved. Deploy to apply the settings to the swarm.' },
      warnings: checked.result ? warningsByField(checked.result) : {},
      preflight: checked.view,
    };
    return wholeForm(c, await renderForm(readOnly, application, state), null);
  });

  routes.post('/:appUuid/swarm/preflight', async (c) => {
    const { application, readOnly } = await load(c);
    // A read-only viewer's fields are disabled (not posted): check what is saved.
    const input = readOnly === null ? settingsInputFromForm(await formBody(c)) : savedState(application).input;
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await renderForm(readOnly, application, { ...blankState(input), errors: reading.errors }), 400);
    const checked = await check(application, reading.settings);
    return c.html(await PlacementPreflightPanel({ preflight: checked.view }).toString());
  });

  routes.post('/:appUuid/swarm/deploy', async (c) => {
    const { principal, application, readOnly } = await load(c);
    const input = settingsInputFromForm(await formBody(c));
    if (readOnly) return c.html(await DeployResultPanel({ result: { ok: false, message: readOnly } }).toString(), status(c, 403));
    const reading = readSwarmSettings(input);
    if (!reading.ok) return wholeForm(c, await renderForm(readOnly, application, { ...blankState(input), errors: reading.errors }), 400);
    const settings = reading.settings;
    await deploys.save(application, settings);
    try {
      const deployed = await deploys.deploy(principal, application, settings);
      const result: DeployResultView = {
        ok: true,
        created: deployed.created,
        serviceName: deployed.serviceName,
        clusterName: deployed.cluster.name,
        clusterHref: `${info.mounts.web}/${deployed.cluster.uuid}`,
        message: `The swarm now converges to ${settings.mode === 'global' ? 'one task per matching node' : `${settings.replicas} replica(s)`}; the tasks show above.`,
        warnings: deployed.warnings,
      };
      return c.html(await DeployResultPanel({ result }).toString());
    } catch (error) {
      if (error instanceof PlacementRefusedError) {
        const cluster = await deploys.clusterFor(application);
        const state: FormState = {
          ...blankState(settings),
          notice: { tone: 'error', text: `Saved, but not deployed: ${error.preflight.problem}. Nothing changed on the swarm.` },
          warnings: warningsByField(error.preflight),
          preflight: preflightView(cluster.name, settings, error.preflight),
        };
        return wholeForm(c, await renderForm(readOnly, application, state), 400);
      }
      const message = `Saved, but not deployed: ${failureMessage(error)}`;
      return c.html(await DeployResultPanel({ result: { ok: false, message } }).toString(), status(c, 400));
    }
  });

  routes.post('/:appUuid/swarm/yaml', async (c) => {
    const { application, readOnly } = await load(c);
    const body = await formBody(c);
    const pasted = { deploy: String(body['yaml.deploy'] ?? ''), healthcheck: String(body['yaml.healthcheck'] ?? '') };
    let composed;
    try {
      const yaml = readDeployYaml(pasted.deploy, pasted.healthcheck);
      composed = fromComposeDeploy(yaml.deploy, yaml.healthcheck);
    } catch (error) {
      if (!(error instanceof DeployYamlError)) throw error;
      const state: FormState = { ...blankState(settingsInputFromForm(body)), tab: 'yaml', yaml: pasted, notice: { tone: 'error', text: error.message } };
      return wholeForm(c, await renderForm(readOnly, application, state), 400);
    }
    const reading = readSwarmSettings(composed.input);
    const ignored = composed.ignored.length ? [`Not kept (the form has no field for them): ${composed.ignored.join(', ')}`] : undefined;
    const state: FormState = {
      ...blankState(composed.input),
      errors: reading.ok ? {} : reading.errors,
      yaml: reading.ok ? undefined : pasted,
      notice: { tone: ignored ? 'warning' : 'ok', text: 'Loaded from YAML. Review the fields, then save (nothing is saved yet).', details: ignored },
    };
    return wholeForm(c, await renderForm(readOnly, application, state), null);
  });

  const widget: ApplicationWidget = {
    async render({ request, applicationUuid }) {
      const principal = await widgetViewer(ctx, request);
      if (!principal) return '';
      const application = await ctx.host.applications.get({ teamId: principal.teamId, uuid: applicationUuid });
      if (!application) return '';
      return renderForm(await readOnlyReason(principal), application, savedState(application));
    },
  };

  return { routes, widget };
}
