/**
 * What every handler of the form does with the services: load the viewer and the application, render a form
 * state with what surrounds it (target cluster, suggestions), read the saved state, and run a placement check.
 */
import type { Context } from 'hono';
import type { PreflightView } from '../../../../views/placement-preflight.tsx';
import { SwarmDeployForm } from '../../../../views/swarm-deploy-form/index.tsx';
import type { HostApplication, HostInfo, Principal } from '../../../contract/host.ts';
import type { Cluster } from '../../../domain/cluster.ts';
import type { PreflightResult } from '../../../domain/placement-preflight.ts';
import type { SwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import { ServiceError } from '../../../services/errors.ts';
import type { PluginServices } from '../../../services/plugin-services.ts';
import { authorize, type PluginEnv } from '../../auth.ts';
import { canOperate, webAssets } from '../page-support.ts';
import { type ConstraintSuggestions, constraintSuggestions, NO_SUGGESTIONS } from './constraint-suggestions.ts';
import { failureMessage } from './failure-message.ts';
import { formProps, formUrls } from './form-props.ts';
import { type FormState, failedPreflightView, preflightView, savedState } from './form-state.ts';
import { readOnlyReason } from './read-only.ts';

export interface FormRequest {
  principal: Principal;
  application: HostApplication;
  /** Why the viewer may not change the settings, or null. */
  readOnly: string | null;
}

export interface PlacementCheck {
  view: PreflightView;
  /** Null when the check could not run (the view says why). */
  result: PreflightResult | null;
}

export interface SwarmFormPage {
  /** The viewer, the application (of the viewer's team; 404 otherwise) and whether the viewer may change it. */
  load(c: Context<PluginEnv>): Promise<FormRequest>;
  /** Why the viewer may not change the application's settings (operate its cluster, on that cluster's servers), or null. */
  readOnlyReason(principal: Principal, application: HostApplication): Promise<string | null>;
  render(readOnly: string | null, application: HostApplication, state: FormState): Promise<string>;
  saved(application: HostApplication): FormState;
  /** `revealAddresses`: whether the viewer may read SSH addresses in why the check could not run. */
  check(application: HostApplication, settings: SwarmSettings, options?: { cached?: boolean; revealAddresses?: boolean }): Promise<PlacementCheck>;
  /** The cluster's page, for links. */
  clusterHref(cluster: Pick<Cluster, 'uuid'>): string;
}

/** The form reads the cluster's nodes (suggestions), saves and deploys, and asks the host who may. */
export type SwarmFormServices = Pick<PluginServices, 'host' | 'deploys' | 'state' | 'clusters'>;

export function swarmFormPage(ctx: SwarmFormServices, info: HostInfo): SwarmFormPage {
  const deploys = ctx.deploys;

  /** Suggestions from the cached node list; none when the cluster is unknown or unreachable. */
  async function suggestions(cluster: Cluster | null): Promise<ConstraintSuggestions> {
    if (!cluster) return NO_SUGGESTIONS;
    try {
      return constraintSuggestions((await ctx.state.nodes(cluster)).data);
    } catch {
      return NO_SUGGESTIONS;
    }
  }

  const page: SwarmFormPage = {
    async load(c) {
      const principal = c.get('principal');
      await authorize(ctx.host, principal, 'cluster.view');
      const application = await deploys.application(principal.teamId, c.req.param('appUuid') ?? '');
      return { principal, application, readOnly: await page.readOnlyReason(principal, application) };
    },

    async readOnlyReason(principal, application) {
      const cluster = await deploys.clusterFor(application).catch((error: unknown) => {
        if (error instanceof ServiceError) return null;
        throw error;
      });
      return readOnlyReason(principal, await canOperate(ctx, principal, cluster ? ctx.clusters.serverRefs(cluster) : undefined));
    },

    async render(readOnly, application, state) {
      let cluster: Cluster | null = null;
      let clusterView: { name: string; href: string } | { problem: string };
      try {
        cluster = await deploys.clusterFor(application);
        clusterView = { name: cluster.name, href: page.clusterHref(cluster) };
      } catch (error) {
        clusterView = { problem: failureMessage(error, { revealAddresses: readOnly === null }) };
      }
      const props = formProps(state, {
        applicationName: application.name,
        urls: formUrls(info.mounts.web, application.uuid),
        cssUrl: webAssets(info).url('swarm-deploy.css'),
        readOnlyReason: readOnly,
        cluster: clusterView,
        suggestions: await suggestions(cluster),
      });
      return SwarmDeployForm(props).toString();
    },

    saved(application) {
      return savedState(deploys.settings(application));
    },

    async check(application, settings, { revealAddresses = false, ...read } = {}) {
      try {
        const cluster = await deploys.clusterFor(application);
        const result = await deploys.preflight(cluster, settings, read);
        return { view: preflightView(cluster.name, settings, result), result };
      } catch (error) {
        return { view: failedPreflightView(failureMessage(error, { revealAddresses })), result: null };
      }
    },

    clusterHref(cluster) {
      return `${info.mounts.web}/${cluster.uuid}`;
    },
  };
  return page;
}
