/** The cluster list: cards, auto-detect (re-renders the list), and the create form with errors beside its fields. */
import { type Context, Hono } from 'hono';
import { ClusterCreateForm, type CreateFormProps } from '../../../views/cluster-create-form.tsx';
import { type ClusterCardProps, ClusterCards, ClustersPage, type DetectOutcome } from '../../../views/cluster-list.tsx';
import type { HostInfo } from '../../contract/host.ts';
import type { Cluster } from '../../domain/cluster.ts';
import { createClusterInput } from '../../services/cluster-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv, requireAction } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { htmlFragment, isPartial, layoutPage, pageAssets } from './page-support.ts';

type FormField = 'name' | 'description' | 'managerServerId';
const FIELDS: FormField[] = ['name', 'description', 'managerServerId'];

/** What the form says for a missing manager (the schema's text names the JSON field). */
const FIELD_HINTS: Partial<Record<FormField, string>> = { managerServerId: 'Choose the server of one of the swarm managers.' };

export function clusterListRoutes(ctx: Pick<PluginServices, 'host' | 'clusters' | 'detection'>, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const web = info.mounts.web;
  const mayCreate = (c: Context<PluginEnv>) => allows(ctx.host, c.get('principal'), 'cluster.create');

  /** The team's clusters on servers the host lets the member use. */
  const cards = async (c: Context<PluginEnv>): Promise<ClusterCardProps[]> => {
    const principal = c.get('principal');
    const shown: ClusterCardProps[] = [];
    for (const cl of ctx.clusters.list(principal.teamId)) {
      if (!(await allows(ctx.host, principal, 'cluster.view', ctx.clusters.serverRefs(cl)))) continue;
      shown.push({
        uuid: cl.uuid,
        name: cl.name,
        type: cl.type,
        status: cl.status,
        statusReason: cl.statusReason,
        metadata: cl.metadata,
        href: `${web}/${cl.uuid}`,
      });
    }
    return shown;
  };

  const formProps = async (teamId: string, extra: Partial<CreateFormProps> = {}): Promise<CreateFormProps> => {
    const servers = await ctx.host.servers.listForTeam({ teamId });
    return { action: web, servers: servers.map((s) => ({ id: s.id, name: s.name, ip: s.ip, swarmManager: s.swarmManager })), ...extra };
  };

  app.get('/', requireAction(ctx.host, 'cluster.view'), async (c) => {
    const teamId = c.get('principal').teamId;
    const form = (await mayCreate(c)) ? await formProps(teamId) : null;
    const body = ClustersPage({
      clusters: await cards(c),
      detectUrl: `${web}/detect`,
      notificationsUrl: `${web}/notifications`,
      form,
    });
    return layoutPage(c, ctx, { title: 'Clusters', body, assets: pageAssets(info) });
  });

  app.post('/detect', requireAction(ctx.host, 'cluster.create'), async (c) => {
    const teamId = c.get('principal').teamId;
    let detect: DetectOutcome;
    try {
      const result = await ctx.detection.detect(teamId);
      detect = { created: result.created, found: result.clusters.length, skipped: result.skipped };
    } catch (error) {
      detect = { created: 0, found: 0, skipped: [], error: reportText(await reportFailure(c, ctx.host, error)) };
    }
    return htmlFragment(c, ClusterCards({ clusters: await cards(c), canCreate: true, detect }));
  });

  app.post('/', requireAction(ctx.host, 'cluster.create'), async (c) => {
    const teamId = c.get('principal').teamId;
    const form = await c.req.parseBody();
    const values = Object.fromEntries(FIELDS.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string) : ''])) as Record<FormField, string>;
    const retry = async (errors: CreateFormProps['errors'], formError?: string) =>
      htmlFragment(c, ClusterCreateForm(await formProps(teamId, { values, errors, formError })));

    const parsed = createClusterInput.safeParse({
      name: values.name,
      description: values.description.trim() === '' ? undefined : values.description,
      managerServerId: values.managerServerId,
    });
    if (!parsed.success) {
      const errors: Partial<Record<FormField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as FormField;
        errors[field] ??= FIELD_HINTS[field] && values[field].trim() === '' ? FIELD_HINTS[field] : issue.message;
      }
      return retry(errors);
    }
    let cluster: Cluster;
    try {
      await authorize(ctx.host, c.get('principal'), 'cluster.create', [{ serverId: parsed.data.managerServerId, manager: true }]);
      cluster = await ctx.clusters.create(teamId, parsed.data);
    } catch (error) {
      const report = await reportFailure(c, ctx.host, error);
      const field = FIELDS.find((f) => f === report.field);
      if (field) return retry({ [field]: report.message });
      if (report.code === 'not_a_manager' || report.code === 'cluster_unreachable') return retry({ managerServerId: report.message });
      return retry({}, reportText(report));
    }
    const href = `${web}/${cluster.uuid}`;
    if (!isPartial(c)) return c.redirect(href, 303);
    // htmx follows HX-Redirect itself; a 3xx would be followed inside the XHR instead.
    c.header('HX-Redirect', href);
    return c.body(null, 200);
  });

  return app;
}
