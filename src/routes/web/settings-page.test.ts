/**
 * The Settings tab's forms on the minimal host (no swarm: they change only the plugin's rows): each cluster setting
 * saved from the form and followed by the cluster, emptied back to the default, a bad value refused beside its field
 * with nothing saved; the notification choices over the team's and the defaults; a viewer sees no form to send.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMinimalHost, type MinimalHost } from '../../../test/support/minimal-host.ts';
import { migratePluginDatabase } from '../../db/database.ts';
import { ClusterRepository } from '../../db/repositories/cluster-repository.ts';
import type { ClusterRow } from '../../db/schema.ts';
import { createPluginContext, type PluginContext } from '../../plugin-context.ts';
import { resolveSettings } from '../../settings.ts';
import { type PluginEnv, requirePrincipal } from '../auth.ts';
import { webErrorHandler } from './page-support.ts';
import { settingsRoutes } from './settings-page.ts';

const DEFAULTS = { syncIntervalSeconds: 60, eventRetentionDays: 7, shortServiceGraceSeconds: 60, nodeResourceRefreshSeconds: 60, autoLinkNodes: true };

describe('the Settings tab', () => {
  let host: MinimalHost;
  let ctx: PluginContext;
  let app: Hono;
  let cluster: ClusterRow;
  let admin: string;
  let viewer: string;

  beforeEach(() => {
    host = createMinimalHost();
    ctx = createPluginContext(host.services, resolveSettings());
    migratePluginDatabase(ctx.db);
    cluster = new ClusterRepository(ctx.db).insert({ uuid: 'c-uuid', teamId: 'team-a', name: 'lab', managerServerId: 'missing' });
    admin = host.token({ teamId: 'team-a', role: 'admin' });
    viewer = host.token({ teamId: 'team-a', role: 'viewer', abilities: ['read'] });
    const web = new Hono<PluginEnv>();
    web.onError(webErrorHandler(ctx));
    web.use('*', requirePrincipal(ctx.host));
    web.route('/', settingsRoutes(ctx, host.info));
    app = new Hono().route(host.info.mounts.web, web);
  });

  afterEach(async () => {
    await ctx.live.stop();
    await ctx.connections.close();
  });

  const url = (path: string) => `${host.info.mounts.web}/${cluster.uuid}${path}`;
  const post = async (path: string, form: Record<string, string>, as = admin) => {
    const res = await app.request(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${as}`, 'HX-Request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: res.status, html: await res.text() };
  };
  const stored = () => new ClusterRepository(ctx.db).findById(cluster.id)!;
  const applied = () => ctx.clusterSettings.of(stored());
  /** The message beside a field of the settings form, if any. */
  const fieldError = (html: string, field: string) => new RegExp(`id="cl-set-${field}-error"[^>]*>([^<]*)<`).exec(html)?.[1] ?? null;
  const empty = { syncIntervalSeconds: '', eventRetentionDays: '', shortServiceGraceSeconds: '', nodeResourceRefreshSeconds: '', autoLinkNodes: '' };

  it("saves each cluster setting from the form, which the cluster then follows, and an emptied one follows the plugin's again", async () => {
    expect(applied()).toEqual(DEFAULTS);
    const saved = await post('/settings/cluster', {
      syncIntervalSeconds: '5',
      eventRetentionDays: '30',
      shortServiceGraceSeconds: '0',
      nodeResourceRefreshSeconds: '15',
      autoLinkNodes: 'off',
    });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Saved.');
    const own = { syncIntervalSeconds: 5, eventRetentionDays: 30, shortServiceGraceSeconds: 0, nodeResourceRefreshSeconds: 15, autoLinkNodes: false };
    expect(stored().settings).toEqual(own);
    expect(applied()).toEqual(own);
    // The form shows what the cluster set.
    expect(saved.html).toContain('id="cl-set-syncIntervalSeconds" name="syncIntervalSeconds" inputmode="numeric" value="5"');
    expect(saved.html).toMatch(/<option value="off" selected(="")?>No<\/option>/);

    await post('/settings/cluster', { ...empty, eventRetentionDays: '30' });
    expect(stored().settings).toEqual({ eventRetentionDays: 30 });
    expect(applied()).toEqual({ ...DEFAULTS, eventRetentionDays: 30 });
  });

  it('refuses a bad value with the message beside its field, naming it, and saves nothing of the form', async () => {
    await post('/settings/cluster', { ...empty, syncIntervalSeconds: '30' });
    const cases: [field: string, value: string, says: string][] = [
      ['syncIntervalSeconds', '2', 'syncIntervalSeconds is at least 5 s'],
      ['eventRetentionDays', '0', 'eventRetentionDays is at least 1 day'],
      ['eventRetentionDays', 'a week', 'eventRetentionDays must be a number of days'],
      ['shortServiceGraceSeconds', '1.5', 'shortServiceGraceSeconds must be a whole number of seconds'],
      ['nodeResourceRefreshSeconds', '100000', 'nodeResourceRefreshSeconds is at most 86400 s'],
      ['autoLinkNodes', 'maybe', 'autoLinkNodes must be true or false'],
    ];
    for (const [field, value, says] of cases) {
      // A good value beside the bad one is not saved either.
      const res = await post('/settings/cluster', { ...empty, shortServiceGraceSeconds: '10', [field]: value });
      expect(res.status, `${field}=${value}`).toBe(200);
      expect(fieldError(res.html, field), `${field}=${value}`).toBe(says);
      expect(res.html).toContain(`aria-invalid="true" aria-describedby="cl-set-${field}-error"`);
      expect(res.html).not.toContain('Saved.');
      expect(stored().settings).toEqual({ syncIntervalSeconds: 30 });
    }
  });

  it('edits the name and description; an empty name is refused beside the field and nothing changes', async () => {
    const refused = await post('/settings/details', { name: ' ', description: 'never saved' });
    expect(refused.html).toMatch(/id="cl-edit-name-error"[^>]*>[^<]+</);
    expect([stored().name, stored().description]).toEqual(['lab', null]);

    const res = await app.request(url('/settings/details'), {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'HX-Request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'prod', description: 'the shop' }),
    });
    expect(res.headers.get('HX-Refresh')).toBe('true');
    expect([stored().name, stored().description]).toEqual(['prod', 'the shop']);
  });

  it("shows the notification choices over the team's and the defaults, and saves the cluster's own", async () => {
    const page = await (await app.request(url('/settings'), { headers: { authorization: `Bearer ${admin}` } })).text();
    const choice = (html: string, kind: string) =>
      new RegExp(`<select id="cl-notify-${kind.replace('.', '\\.')}"[^>]*>(.*?)</select>`, 's').exec(html)?.[1] ?? '';
    expect(choice(page, 'node.ready')).toContain('As the team: in a digest');
    expect(choice(page, 'service.recovered')).toContain('As the team: in a digest');
    expect(choice(page, 'node.down')).toContain('As the team: at once');

    ctx.notificationPreferences.save('team-a', null, { 'node.down': 'digest' });
    const saved = await post('/settings/notifications', { 'node.ready': 'immediate', 'node.down': '', 'service.short': 'off' });
    expect(saved.html).toContain('Saved.');
    const modes = Object.fromEntries(ctx.notificationPreferences.list('team-a', cluster).map((k) => [k.kind, k.mode]));
    expect(modes).toMatchObject({ 'node.ready': 'immediate', 'node.down': 'digest', 'service.short': 'off', 'service.recovered': 'digest' });
    expect(choice(saved.html, 'node.down')).toContain('As the team: in a digest');
    // The team's own choices for its other clusters are untouched.
    expect(Object.fromEntries(ctx.notificationPreferences.list('team-a', null).map((k) => [k.kind, k.mode]))).toMatchObject({
      'node.ready': 'digest',
      'service.short': 'immediate',
    });
  });

  it('refuses a delivery mode the form does not offer beside its kind, and saves none of the form', async () => {
    const res = await post('/settings/notifications', { 'node.down': 'off', 'node.ready': 'loud' });
    expect(res.status).toBe(200);
    expect(res.html).toContain(
      '<span class="cl-field-error" id="cl-notify-node.ready-error">node.ready must be one of immediate, digest, off, or empty</span>',
    );
    expect(res.html).toContain('aria-invalid="true" aria-describedby="cl-notify-node.ready-error"');
    expect(res.html).not.toContain('Saved.');
    expect(ctx.notificationPreferences.list('team-a', cluster).find((k) => k.kind === 'node.down')!.clusterMode).toBeNull();
  });

  it('gives a viewer the settings to read, with no form to send, and refuses their posts', async () => {
    const page = await (await app.request(url('/settings'), { headers: { authorization: `Bearer ${viewer}` } })).text();
    expect(page).toContain('id="cl-settings-form"');
    expect(page).not.toContain('Save settings');
    expect(page).not.toContain('id="cl-delete"');
    expect((await post('/settings/cluster', { ...empty, syncIntervalSeconds: '5' }, viewer)).status).toBe(403);
    expect(stored().settings ?? {}).toEqual({});
  });
});
