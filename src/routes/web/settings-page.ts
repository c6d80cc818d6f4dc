/**
 * The Settings tab of a cluster and the cluster-wide actions of its pages: edit the name and description,
 * the cluster's own settings, the team's notification choices for it, "Sync now", and delete (after a
 * confirmation saying what is forgotten and that the swarm is untouched). Forms are re-rendered in place.
 */
import { type Context, Hono } from 'hono';
import {
  ClusterDetailsForm,
  ClusterSettingsForm,
  DeleteClusterConfirm,
  DeleteClusterStart,
  type DetailsField,
  NotificationPreferencesForm,
  type SettingsField,
} from '../../../views/cluster-settings.tsx';
import type { HostInfo } from '../../contract/host.ts';
import type { Cluster } from '../../domain/cluster.ts';
import { clusterSettingsInput } from '../../domain/cluster-settings.ts';
import { updateClusterInput } from '../../services/cluster-inputs.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, type PluginEnv, requireAction } from '../auth.ts';
import { reportFailure, reportText } from '../errors.ts';
import { notificationChoices } from './notification-choices.ts';
import { formNumber } from './operation-support.ts';
import { clusterPage, clusterScope, clusterUrls, htmlFragment, isPartial } from './page-support.ts';

type SettingsServices = Pick<PluginServices, 'host' | 'clusters' | 'live' | 'sync' | 'clusterSettings' | 'notificationPreferences' | 'eventHistory'>;

const SETTINGS_FIELDS: SettingsField[] = [
  'syncIntervalSeconds',
  'eventRetentionDays',
  'shortServiceGraceSeconds',
  'nodeResourceRefreshSeconds',
  'autoLinkNodes',
];

export function settingsRoutes(ctx: SettingsServices, info: HostInfo): Hono<PluginEnv> {
  const app = new Hono<PluginEnv>();
  const scope = clusterScope(ctx);
  const canUpdate = requireAction(ctx.host, 'cluster.update');
  const urls = (c: Context<PluginEnv>) => {
    const base = clusterUrls(info, c.get('cluster').uuid).base;
    return {
      details: `${base}/settings/details`,
      settings: `${base}/settings/cluster`,
      notifications: `${base}/settings/notifications`,
      delete: `${base}/delete`,
      base,
    };
  };
  const mayUpdate = (c: Context<PluginEnv>) => allows(ctx.host, c.get('principal'), 'cluster.update', c.get('clusterServers'));

  const settingsForm = (
    c: Context<PluginEnv>,
    cluster: Cluster,
    canEdit: boolean,
    extra: { values?: Partial<Record<SettingsField, string>>; errors?: Partial<Record<SettingsField, string>>; saved?: boolean } = {},
  ) =>
    ClusterSettingsForm({
      action: urls(c).settings,
      settings: ctx.clusterSettings.of(cluster),
      defaults: ctx.clusterSettings.defaults,
      changed: Object.keys(cluster.settings ?? {}) as SettingsField[],
      canEdit,
      ...extra,
    });

  const notificationsForm = (c: Context<PluginEnv>, cluster: Cluster, canEdit: boolean, extra: { saved?: boolean; errors?: Record<string, string> } = {}) =>
    NotificationPreferencesForm({ action: urls(c).notifications, kinds: ctx.notificationPreferences.list(cluster.teamId, cluster), canEdit, ...extra });

  app.get('/:uuid/settings', scope, async (c) => {
    const cluster = c.get('cluster');
    const canEdit = await mayUpdate(c);
    const canDelete = await allows(ctx.host, c.get('principal'), 'cluster.delete', c.get('clusterServers'));
    const children = [
      ClusterDetailsForm({ action: urls(c).details, values: { name: cluster.name, description: cluster.description ?? '' }, canEdit }),
      settingsForm(c, cluster, canEdit),
      notificationsForm(c, cluster, canEdit),
      canDelete ? DeleteClusterStart({ confirmUrl: urls(c).delete }) : null,
    ];
    return clusterPage(c, ctx, info, { title: 'Settings', section: 'settings', children });
  });

  app.post('/:uuid/settings/details', scope, canUpdate, async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form.name ?? ''), description: String(form.description ?? '') };
    const retry = (errors: Partial<Record<DetailsField, string>>, formError?: string) =>
      htmlFragment(c, ClusterDetailsForm({ action: urls(c).details, values, errors, formError, canEdit: true }));
    const parsed = updateClusterInput.safeParse({ name: values.name, description: values.description.trim() === '' ? null : values.description });
    if (!parsed.success) {
      const errors: Partial<Record<DetailsField, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as DetailsField] ??= issue.message;
      return retry(errors);
    }
    try {
      await ctx.clusters.update(c.get('cluster'), parsed.data);
    } catch (error) {
      return retry({}, reportText(await reportFailure(c, ctx.host, error)));
    }
    // The header and the title carry the name: the whole page again.
    c.header('HX-Refresh', 'true');
    return c.body(null, 200);
  });

  app.post('/:uuid/settings/cluster', scope, canUpdate, async (c) => {
    const form = await c.req.parseBody();
    const values = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, String(form[f] ?? '').trim()])) as Record<SettingsField, string>;
    const change = Object.fromEntries(
      SETTINGS_FIELDS.map((f) => {
        const v = values[f];
        if (v === '') return [f, null];
        return [f, f === 'autoLinkNodes' ? (v === 'on' ? true : v === 'off' ? false : v) : formNumber(v)];
      }),
    );
    const parsed = clusterSettingsInput.safeParse(change);
    if (!parsed.success) {
      const errors: Partial<Record<SettingsField, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as SettingsField] ??= issue.message;
      return htmlFragment(c, settingsForm(c, c.get('cluster'), true, { values, errors }));
    }
    const updated = await ctx.clusters.update(c.get('cluster'), { settings: parsed.data });
    return htmlFragment(c, settingsForm(c, updated, true, { saved: true }));
  });

  app.post('/:uuid/settings/notifications', scope, canUpdate, async (c) => {
    const { change, errors } = notificationChoices(await c.req.parseBody());
    const cluster = c.get('cluster');
    if (Object.keys(errors).length) return htmlFragment(c, notificationsForm(c, cluster, true, { errors }));
    ctx.notificationPreferences.save(cluster.teamId, cluster, change);
    return htmlFragment(c, notificationsForm(c, cluster, true, { saved: true }));
  });

  app.post('/:uuid/sync', scope, canUpdate, async (c) => {
    await ctx.sync.sync(c.get('cluster'));
    if (!isPartial(c)) return c.redirect(urls(c).base, 303);
    c.header('HX-Refresh', 'true');
    return c.body(null, 200);
  });

  app.get('/:uuid/delete', scope, requireAction(ctx.host, 'cluster.delete'), (c) => {
    const cluster = c.get('cluster');
    if (c.req.query('cancel') === '1') return htmlFragment(c, DeleteClusterStart({ confirmUrl: urls(c).delete }));
    return htmlFragment(
      c,
      DeleteClusterConfirm({
        action: urls(c).delete,
        cancelUrl: `${urls(c).delete}?cancel=1`,
        name: cluster.name,
        linkedServers: ctx.clusters.servers(cluster).length,
        storedEvents: ctx.eventHistory.count(cluster),
      }),
    );
  });

  app.post('/:uuid/delete', scope, requireAction(ctx.host, 'cluster.delete'), (c) => {
    ctx.clusters.delete(c.get('cluster'));
    if (!isPartial(c)) return c.redirect(info.mounts.web, 303);
    c.header('HX-Redirect', info.mounts.web);
    return c.body(null, 200);
  });

  return app;
}
