/**
 * The cluster-wide actions of the pages in Debian's chromium, against the reference host and the lab swarm: edit
 * the name and description (a bad value is refused beside its field), "Sync now" (the header then shows what the
 * CLI changed, and the host's inbox links to the cluster), each node's platform, a task's logs from its details in
 * the visualizer (that task's own output, the task named by its panel application), and delete (the confirmation
 * says what is forgotten; the swarm is untouched and the plugin keeps no row of the cluster).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const IMAGE = 'lab/busybox:latest';
/** A panel application whose stack's service prints its task's slot once, then waits. */
const APP = 'ca-app';
const ECHO_COMPOSE = [
  'version: "3.8"',
  'services:',
  '  echo:',
  `    image: ${IMAGE}`,
  `    command: ['sh', '-c', 'echo "ca-echo output of slot $$SLOT"; exec sleep 86400']`,
  '    environment:',
  '      SLOT: "{{.Task.Slot}}"',
  '    deploy:',
  '      replicas: 2',
].join('\n');
/** Needs a node label no node has: never placed, so the cluster is degraded. */
const UNPLACEABLE = 'ca-unplaceable';

const lines = (out: string) => out.split('\n').filter(Boolean);

describe('cluster actions in chromium', () => {
  let panel: LabHost;
  let browser: Browser;
  let page: Page;
  let uuid: string;
  let appUuid: string;
  /** The echo service as Docker names it: `<application uuid>_echo`. */
  const echo = () => `${appUuid}_echo`;

  beforeAll(async () => {
    // No periodic sync during the test: what changes the header is "Sync now".
    panel = await startLabHost({ pluginSettings: { syncIntervalSeconds: 3600 } });
    const registered = await registerLab(panel, lab);
    uuid = registered.uuid;
    appUuid = (await panel.api('POST', '/api/v1/applications', { name: APP, serverId: registered.serverIds[manager().name] })).body.uuid;
    await cli(['stack', 'deploy', '--compose-file', '-', appUuid], ECHO_COMPOSE);
    await eventually(async () => (await cli(['service', 'ls', '--filter', `name=${echo()}`, '--format', '{{.Replicas}}'])).trim() === '2/2', {
      timeoutMs: 60_000,
      what: `${echo()} to run both tasks`,
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(page, panel.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await browser?.close();
    await panel?.close();
    if (appUuid) await cli(['stack', 'rm', appUuid]).catch(() => {});
    await cli(['service', 'rm', UNPLACEABLE]).catch(() => {});
  });

  it('edits the name and description; an empty name is refused beside the field and changes nothing', async () => {
    const before = (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data;
    await page.goto(`${panel.url}/clusters/${uuid}/settings`);
    await page.fill('#cl-edit-name', '');
    await page.fill('#cl-edit-description', 'not saved');
    await page.click('#cl-details-form button[type=submit]');
    await expect.poll(() => page.locator('#cl-edit-name-error').innerText()).not.toBe('');
    expect(await page.locator('#cl-edit-name').getAttribute('aria-invalid')).toBe('true');
    const refused = (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data;
    expect([refused.name, refused.description]).toEqual([before.name, before.description]);

    await page.fill('#cl-edit-name', 'lab renamed <b>here</b>');
    await page.fill('#cl-edit-description', 'edited from the page');
    // The page reloads with the new name in its header.
    await page.click('#cl-details-form button[type=submit]');
    await expect.poll(() => page.locator('.cl-title h1').innerText()).toBe('lab renamed <b>here</b>');
    expect(await page.locator('.cl-desc').innerText()).toBe('edited from the page');
    expect(await page.locator('.cl-title h1 b').count()).toBe(0);
    const saved = (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data;
    expect([saved.name, saved.description]).toEqual(['lab renamed <b>here</b>', 'edited from the page']);
  });

  it('"Sync now" shows in the header what the CLI changed since the last sync', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}`);
    expect(await page.locator('.cl-title .cl-status').innerText()).toMatch(/healthy/i);
    // Each node's OS and architecture, in its row and on its card, as node inspect has them.
    const ids = lines(await cli(['node', 'ls', '-q']));
    for (const line of lines(
      await cli(['node', 'inspect', ...ids, '--format', '{{.ID}} {{.Description.Platform.OS}}/{{.Description.Platform.Architecture}}']),
    )) {
      const [id, platform] = line.split(' ');
      expect(await page.locator(`#cl-nodes tr[data-node="${id}"] [data-field="platform"]`).innerText()).toBe(platform);
      await expect
        .poll(
          () =>
            page
              .locator(`#cl-resources .cl-res-card[data-node="${id}"] [data-field="platform"]`)
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          { timeout: 30_000 },
        )
        .toBe(platform);
    }
    await cli(['service', 'create', '--detach', '--name', UNPLACEABLE, '--constraint', 'node.labels.ca-nowhere==1', IMAGE, 'sleep', '86400']);
    // The header is the last sync's: the new service is not in it yet.
    await page.reload();
    expect(await page.locator('.cl-title .cl-status').innerText()).toMatch(/healthy/i);
    await page.click('.cl-title button:has-text("Sync now")');
    await expect
      .poll(
        () =>
          page
            .locator('.cl-reason')
            .innerText()
            .catch(() => ''),
        { timeout: 15_000 },
      )
      .toContain(`service ${UNPLACEABLE} has 0/1 replicas running`);
    expect(await page.locator('.cl-title .cl-status').innerText()).toMatch(/degraded/i);
    await cli(['service', 'rm', UNPLACEABLE]);

    // The sync announced it: the host's inbox links into the cluster's pages.
    await page.goto(`${panel.url}/notifications`);
    const entry = page.locator('#inbox tr', { hasText: 'cluster.degraded' }).locator('a');
    await expect.poll(() => entry.count()).toBe(1);
    expect(await entry.innerText()).toBe('Cluster lab renamed <b>here</b> is degraded');
    await Promise.all([page.waitForURL(`${panel.url}/clusters/${uuid}`), entry.click()]);
    expect(await page.locator('.cl-title h1').innerText()).toBe('lab renamed <b>here</b>');
  });

  it("opens a task's logs from its details in the visualizer, named by the application: that task's own output", async () => {
    const tasks = lines(await cli(['service', 'ps', echo(), '--no-trunc', '--filter', 'desired-state=running', '--format', '{{.ID}} {{.Name}}'])).map((l) => {
      const [id, name] = l.split(' ');
      return { id: id!, slot: name!.split('.').at(-1)! };
    });
    expect(tasks).toHaveLength(2);
    for (const task of tasks) {
      await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
      const block = page.locator(`.cl-block[data-task="${task.id}"]`);
      expect(await block.locator('.cl-block-name').innerText()).toBe(`${APP}_echo`);
      await block.click();
      const details = page.locator(`#cl-task-details [data-task="${task.id}"]`);
      await expect.poll(() => details.count()).toBe(1);
      expect(await details.locator('header .cl-strong').innerText()).toBe(`${APP}_echo.${task.slot}`);
      await Promise.all([page.waitForURL(`**/tasks/${task.id}/logs`), details.locator('a[data-task-logs-link]').click()]);
      expect(await page.locator(`[data-task-logs="${task.id}"] h2`).innerText()).toBe(`Logs of task ${APP}_echo.${task.slot}`);
      expect(lines(await page.locator('.cl-log').innerText())).toEqual([`ca-echo output of slot ${task.slot}`]);
    }
  });

  it('deletes the cluster after a confirmation naming what is forgotten; the swarm is untouched and no row of it is left', async () => {
    const swarmBefore = await swarmListing();
    const clusterId = (panel.host.sqlite.prepare('SELECT id FROM clusters WHERE uuid = ?').get(uuid) as { id: number }).id;
    expect(clusterRows(clusterId).find((r) => r.table === 'cluster_servers')?.rows).toBe(lab.nodes.length);

    await page.goto(`${panel.url}/clusters/${uuid}/settings`);
    await page.click('#cl-delete button:has-text("Delete cluster")');
    const confirm = page.locator('#cl-delete[role="alertdialog"]');
    await expect.poll(() => confirm.count()).toBe(1);
    const words = await confirm.innerText();
    expect(words).toContain('Delete lab renamed <b>here</b>?');
    expect(words).toContain(`its links to ${lab.nodes.length} known servers`);
    expect(words).toMatch(/its \d+ stored swarm events?/);
    expect(words).toContain('The swarm itself is untouched');
    await Promise.all([page.waitForURL(`${panel.url}/clusters`), confirm.locator('button:has-text("Delete lab renamed")').click()]);
    expect(await page.locator(`.cl-cluster-card[data-cluster="${uuid}"]`).count()).toBe(0);

    expect((await panel.api('GET', `/api/v1/clusters/${uuid}`)).status).toBe(404);
    expect(panel.host.sqlite.prepare('SELECT count(*) AS n FROM clusters WHERE uuid = ?').get(uuid)).toEqual({ n: 0 });
    expect(clusterRows(clusterId).filter((r) => r.rows > 0)).toEqual([]);
    expect(await swarmListing()).toEqual(swarmBefore);
  });

  /** The swarm's nodes and services as the CLI lists them: what deleting the cluster in the panel must not touch. */
  async function swarmListing() {
    return {
      nodes: lines(await cli(['node', 'ls', '--format', '{{.ID}} {{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'])).sort(),
      services: lines(await cli(['service', 'ls', '--format', '{{.ID}} {{.Name}} {{.Replicas}}'])).sort(),
    };
  }

  /** Rows of every plugin table with a `cluster_id`, for one cluster. */
  function clusterRows(clusterId: number) {
    const db = panel.host.sqlite;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((t) => t.name)
      .filter((name) => (db.pragma(`table_info("${name}")`) as { name: string }[]).some((c) => c.name === 'cluster_id'));
    expect(tables.length).toBeGreaterThan(3);
    return tables.map((table) => ({
      table,
      rows: (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE cluster_id = ?`).get(clusterId) as { n: number }).n,
    }));
  }
});
