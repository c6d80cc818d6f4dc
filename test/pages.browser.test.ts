/**
 * The cluster pages in Debian's chromium, against the reference host (served over HTTP) and the lab
 * swarm: what each page shows is what the docker CLI reports; the visualizer follows CLI changes live;
 * a stopped engine shows its node down; Docker labels are text, never markup; another team gets 404
 * everywhere; a viewer sees no write controls.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { labDocker, labFault, labOptions } from '../lab/lab.ts';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

declare global {
  interface Window {
    /** The page's Content-Security-Policy violations, collected by the test's init script. */
    cspViolations?: string[];
  }
}

const XSS = '<img src=x onerror=alert(1)>';
const IMAGE = 'lab/busybox:latest';
const worker = () => lab.nodes.find((n) => n.role === 'worker')!;
const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, string>);
const sorted = (values: string[]) => [...values].sort();

const CliNodeSchema = z.looseObject({ ID: z.string(), Hostname: z.string(), Status: z.string(), Availability: z.string(), ManagerStatus: z.string() });

declare global {
  interface Window {
    /** Set on the visualizer page: still there after live re-renders, gone after a reload. */
    __sameDocument?: boolean;
  }
}

async function cliNodes(): Promise<z.infer<typeof CliNodeSchema>[]> {
  return jsonLines(await cli(['node', 'ls', '--format', '{{json .}}'])).map((node) => CliNodeSchema.parse(node));
}

/** Task ids the swarm wants on each node (desired state Running, or Ready: held until the task it replaces stops), per `docker node ps`. */
async function cliPlacement(): Promise<Record<string, string[]>> {
  const placement: Record<string, string[]> = {};
  for (const node of await cliNodes()) {
    const tasks = jsonLines(await cli(['node', 'ps', node.ID, '--no-trunc', '--format', '{{json .}}']));
    placement[node.ID] = sorted(tasks.filter((t) => t.DesiredState === 'Running' || t.DesiredState === 'Ready').map((t) => t.ID!));
  }
  return placement;
}

async function pagePlacement(page: Page): Promise<Record<string, string[]>> {
  return page.$$eval('.cl-col[data-node]', (columns) =>
    Object.fromEntries(
      columns
        .filter((c) => (c as HTMLElement).dataset.node)
        .map((c) => [(c as HTMLElement).dataset.node!, [...c.querySelectorAll<HTMLElement>('.cl-block')].map((b) => b.dataset.task!).sort()]),
    ),
  );
}

describe('cluster pages in chromium', () => {
  let panel: LabHost;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let uuid: string;
  let appUuid: string;
  let managerServerId: string;
  const dialogs: string[] = [];
  let workerHostname: string;

  beforeAll(async () => {
    const l = lab;
    workerHostname = (await labDocker(l, worker().name, ['info', '--format', '{{.Name}}'])).trim();
    await cli(['service', 'create', '--detach', '--name', 'pg-web', '--replicas', '3', '--label', `note=${XSS}`, IMAGE, 'sleep', '86400']);
    await cli(['service', 'create', '--detach', '--name', 'pg-agent', '--mode', 'global', IMAGE, 'sleep', '86400']);
    await cli(['node', 'update', '--label-add', `note=${XSS}`, workerHostname]);
    // A stopped engine is an outage here, not an election: no grace before the sync says unreachable.
    panel = await startLabHost({ pluginSettings: { unreachableAfterSeconds: 0 } });
    const registered = await registerLab(panel, l);
    uuid = registered.uuid;
    managerServerId = registered.serverIds[manager().name]!;
    appUuid = (await panel.api('POST', '/api/v1/applications', { name: 'pages-app', serverId: registered.serverIds[manager().name] })).body.uuid;
    await cli(
      ['stack', 'deploy', '--compose-file', '-', appUuid],
      ['version: "3.8"', 'services:', '  app:', `    image: ${IMAGE}`, '    command: ["sleep", "86400"]', '    deploy:', '      replicas: 2'].join('\n'),
    );
    await eventually(
      async () => {
        const services = jsonLines(await cli(['service', 'ls', '--format', '{{json .}}']));
        return services.length >= 3 && services.every((s) => /^(\d+)\/\1/.test(s.Replicas ?? ''));
      },
      { timeoutMs: 90_000, what: 'the test services to converge' },
    );
    browser = await launchChromium();
    owner = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await owner.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await logIn(page, panel.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await browser?.close();
    await panel?.close();
    await cli(['stack', 'rm', appUuid]).catch(() => {});
    await cli(['service', 'rm', 'pg-web', 'pg-agent']).catch(() => {});
    await cli(['node', 'update', '--label-rm', 'note', '--availability', 'active', workerHostname]).catch(() => {});
  });

  it('lists the cluster with the node and service counts of the CLI', async () => {
    // The cards show the last sync (the stack was deployed after detection).
    expect((await panel.api('POST', `/api/v1/clusters/${uuid}/sync`)).status).toBe(200);
    await page.goto(`${panel.url}/clusters`);
    const card = page.locator(`.cl-cluster-card[data-cluster="${uuid}"]`);
    await expect.poll(() => card.count()).toBe(1);
    const nodes = await cliNodes();
    const services = (await cli(['service', 'ls', '-q'])).split('\n').filter(Boolean);
    expect(await card.locator('[data-field="nodes"]').innerText()).toMatch(new RegExp(`^${nodes.length}\\b`));
    expect(await card.locator('[data-field="services"]').innerText()).toBe(String(services.length));
  });

  it('shows on the overview the nodes docker node ls shows, with role, leader, availability and tasks', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}`);
    const nodes = await cliNodes();
    const rows = page.locator('#cl-nodes tbody tr');
    expect(await rows.count()).toBe(nodes.length);
    const placement = await cliPlacement();
    for (const node of nodes) {
      const row = page.locator(`#cl-nodes tr[data-node="${node.ID}"]`);
      expect(await row.locator('[data-field="hostname"]').innerText()).toBe(node.Hostname);
      expect(await row.locator('[data-field="role"]').innerText()).toMatch(node.ManagerStatus ? /^manager/ : /^worker/);
      expect((await row.locator('[data-field="availability"]').innerText()).toLowerCase()).toBe(node.Availability.toLowerCase());
      expect(await row.locator('.cl-leader').count()).toBe(node.ManagerStatus === 'Leader' ? 1 : 0);
      expect(Number(await row.locator('[data-field="tasks"]').innerText())).toBe(placement[node.ID]!.length);
    }
    expect(await page.locator('[data-field="nodes-total"]').innerText()).toBe(String(nodes.length));
    expect(await page.locator('[data-field="nodes-managers"]').innerText()).toBe(String(nodes.filter((n) => n.ManagerStatus).length));
    // The resource row loads after the page: every node is a known server here, so each is measured.
    await expect.poll(() => page.locator('#cl-resources .cl-res-card').count(), { timeout: 30_000 }).toBe(nodes.length);
    expect(await page.locator('#cl-resources .cl-res-card[data-source="measured"]').count()).toBe(nodes.length);
    expect(await page.locator('#cl-resources [role="meter"][aria-label="Memory"]').count()).toBe(nodes.length);
    // A live re-render of the overview keeps the resource row as it is (no new SSH reads, no flicker).
    await page.evaluate(() => ((document.querySelector('#cl-resources') as HTMLElement & { __kept?: boolean }).__kept = true));
    const rendered = page.waitForResponse((res) => new URL(res.url()).pathname === `/clusters/${uuid}` && res.request().headers()['hx-request'] === 'true');
    await page.evaluate(() => document.body.dispatchEvent(new CustomEvent('swarm-changed')));
    await rendered;
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (document.querySelector('#cl-resources') as HTMLElement & { __kept?: boolean }).__kept)).toBe(true);
    expect(await page.locator('#cl-resources .cl-res-card[data-source="measured"]').count()).toBe(nodes.length);
  });

  it('shows the services and replica counts of docker service ls, and a service expands to the tasks of docker service ps', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}/services`);
    const services = jsonLines(await cli(['service', 'ls', '--format', '{{json .}}']));
    expect(sorted(await page.locator('tbody.cl-service').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name!)))).toEqual(
      sorted(services.map((s) => s.Name!)),
    );
    for (const s of services) {
      const group = page.locator(`tbody.cl-service[data-name="${s.Name}"]`);
      expect(await group.locator('[data-field="replicas"]').innerText()).toMatch(new RegExp(`^${s.Replicas!.replace(/ .*/, '')}`));
      expect(await group.locator('[data-field="mode"]').innerText()).toBe(s.Mode);
    }
    await page.click('tbody[data-name="pg-web"] .cl-expander');
    const taskRows = page.locator('tbody[data-name="pg-web"] .cl-tasks-row tbody tr');
    await expect.poll(() => taskRows.count()).toBeGreaterThan(0);
    const cliTasks = jsonLines(await cli(['service', 'ps', 'pg-web', '--no-trunc', '--format', '{{json .}}']));
    const shown = await taskRows.evaluateAll((rows) =>
      rows.map((r) => ({ id: (r as HTMLElement).dataset.task!, node: r.querySelector<HTMLElement>('[data-field="node"]')!.innerText })),
    );
    expect(sorted(shown.map((t) => t.id))).toEqual(sorted(cliTasks.map((t) => t.ID!)));
    for (const t of cliTasks) expect(shown.find((s) => s.id === t.ID)!.node).toBe(t.Node);
  });

  it('places each task in the visualizer where docker node ps says it is', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    expect(await pagePlacement(page)).toEqual(await cliPlacement());
    // Filters: by service, then by node (their options come with the first focus, as a click or Tab gives).
    await page.focus('select[name="service"]');
    await page.selectOption('select[name="service"]', 'pg-web');
    const visible = () => page.locator('.cl-block:visible').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.service))]);
    await expect.poll(visible).toEqual(['pg-web']);
    await page.selectOption('select[name="service"]', '');
    const nodeId = (await cliNodes()).find((n) => n.Hostname === workerHostname)!.ID;
    await page.focus('select[name="node"]');
    await page.selectOption('select[name="node"]', nodeId);
    await expect.poll(() => page.locator('.cl-col:visible').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.node))).toEqual([nodeId]);
    await page.selectOption('select[name="node"]', '');
    // A task opens its details.
    const first = page.locator('.cl-block[data-service="pg-web"]').first();
    const taskId = await first.getAttribute('data-task');
    await first.click();
    await expect.poll(() => page.locator(`#cl-task-details [data-task="${taskId}"]`).count()).toBe(1);
    // And closes them again (an Alpine handler: Alpine came with them).
    await page.click('#cl-task-details button:has-text("Close")');
    await expect.poll(() => page.locator('#cl-task-details > *').count()).toBe(0);
    // Topology: one circle per node, the leader marked.
    await page.click('.cl-tabs button:has-text("Topology")');
    const nodes = (await cliNodes()).length;
    await expect.poll(() => page.locator('.cl-topo-node').count()).toBe(nodes);
    expect(await page.locator('.cl-topo-node.is-leader').count()).toBe(1);
  });

  it('renders Docker labels as text: no element, no script, no dialog', async () => {
    for (const path of ['', '/services', '/visualizer']) {
      await page.goto(`${panel.url}/clusters/${uuid}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    await page.goto(`${panel.url}/clusters/${uuid}`);
    await expect.poll(() => page.getByText(`note=${XSS}`).count()).toBeGreaterThan(0);
    await page.goto(`${panel.url}/clusters/${uuid}/services`);
    await expect.poll(() => page.getByText(`note=${XSS}`).count()).toBeGreaterThan(0);
    expect(dialogs).toEqual([]);
  });

  it('follows a drain and a scale done with the CLI within 2 s, without a reload', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    await page.evaluate(() => (window.__sameDocument = true));
    await expect.poll(() => page.evaluate(() => document.body.classList.contains('polling')), { timeout: 15_000 }).toBe(false);
    const nodeId = (await cliNodes()).find((n) => n.Hostname === workerHostname)!.ID;
    const availability = page.locator(`.cl-col[data-node="${nodeId}"] [data-field="availability"]`);
    try {
      let started = Date.now();
      await cli(['node', 'update', '--availability', 'drain', workerHostname]);
      await expect.poll(() => availability.innerText(), { timeout: 2000, interval: 50 }).toBe('drain');
      const drainMs = Date.now() - started;
      // The drained node's tasks move away (global tasks stop): none stays wanted there.
      await eventually(async () => (await cliPlacement())[nodeId]!.length === 0, { timeoutMs: 30_000, what: 'the drain to finish' });
      await expect.poll(async () => (await pagePlacement(page))[nodeId], { timeout: 10_000 }).toEqual([]);

      started = Date.now();
      await cli(['service', 'scale', '--detach', 'pg-web=5']);
      await expect
        .poll(() => page.locator('.cl-block[data-service="pg-web"]').count(), { timeout: 2000, interval: 50 })
        .toBe(5)
        .catch(async (error: unknown) => {
          const shown = await page
            .locator('.cl-block[data-service="pg-web"]')
            .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.task}:${(e as HTMLElement).dataset.state}`));
          console.info('pg-web tasks shown:', shown, 'converging:', await page.locator('#cl-visualizer-live').getAttribute('data-converging'));
          console.info('the CLI lists:', await cli(['service', 'ps', 'pg-web', '--no-trunc']));
          throw error;
        });
      const scaleMs = Date.now() - started;
      console.log(`live: drain shown after ${drainMs} ms, scale after ${scaleMs} ms`);
      expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
      // Once the swarm has converged, the page shows exactly its placement.
      await eventually(
        async () => jsonLines(await cli(['service', 'ls', '--filter', 'name=pg-web', '--format', '{{json .}}']))[0]?.Replicas?.startsWith('5/5'),
        {
          timeoutMs: 60_000,
          what: 'pg-web to run 5 replicas',
        },
      );
      await expect.poll(async () => JSON.stringify(await pagePlacement(page)) === JSON.stringify(await cliPlacement()), { timeout: 10_000 }).toBe(true);
    } finally {
      await cli(['node', 'update', '--availability', 'active', workerHostname]);
      await cli(['service', 'scale', '--detach', 'pg-web=3']);
    }
  });

  it('shows a node down while its engine is stopped, and ready again after', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    const nodeId = (await cliNodes()).find((n) => n.Hostname === workerHostname)!.ID;
    const state = page.locator(`.cl-col[data-node="${nodeId}"] .cl-col-meta .cl-status`);
    await labFault(labOptions(lab), worker().name, 'engine-stop');
    try {
      await expect.poll(() => state.innerText(), { timeout: 90_000, interval: 500 }).toMatch(/down/i);
      expect(await page.locator(`.cl-col[data-node="${nodeId}"]`).getAttribute('class')).toContain('cl-dim');
      await page.goto(`${panel.url}/clusters/${uuid}`);
      expect(await page.locator(`#cl-nodes tr[data-node="${nodeId}"] .cl-status`).innerText()).toMatch(/down/i);
      expect(Number(await page.locator('[data-field="nodes-down"]').innerText())).toBe(1);
    } finally {
      await labFault(labOptions(lab), worker().name, 'engine-start');
    }
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    await expect.poll(() => state.innerText(), { timeout: 90_000, interval: 500 }).toMatch(/ready/i);
  });

  it('says since when and why the manager is unreachable, and shows the last data it read', async () => {
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    const before = await pagePlacement(page);
    await labFault(labOptions(lab), manager().name, 'engine-stop');
    try {
      // A sync that began before the engine stopped is joined, not repeated: ask until one reads the stopped engine.
      await eventually(async () => (await panel.api('POST', `/api/v1/clusters/${uuid}/sync`)).body.data.status === 'unreachable', {
        timeoutMs: 30_000,
        what: 'a sync finding the manager unreachable',
      });
      await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
      const notice = page.locator('#cl-visualizer-live .cl-notice-error');
      expect(await notice.innerText()).toMatch(/^Manager unreachable since \d\d:\d\d: no manager of the cluster answered: .+ — showing data from \d\d:\d\d\./);
      expect(await pagePlacement(page)).toEqual(before);
      // The stream is down: the page polls, and says so (told by the stream's status if it rendered before the hub knew).
      await expect.poll(() => page.evaluate(() => document.body.classList.contains('polling'))).toBe(true);
      await page.goto(`${panel.url}/clusters/${uuid}`);
      expect(await page.locator('.cl-reason-unreachable').innerText()).toMatch(/^unreachable since \d\d:\d\d: /);
    } finally {
      await labFault(labOptions(lab), manager().name, 'engine-start');
    }
    await eventually(async () => (await panel.api('POST', `/api/v1/clusters/${uuid}/sync`)).body.data.status === 'healthy', {
      timeoutMs: 120_000,
      what: 'the cluster to be healthy again',
    });
    await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
    await expect.poll(() => page.locator('.cl-notice-error').count(), { timeout: 30_000 }).toBe(0);
  });

  it("embeds the application's stack tasks in the host's application page", async () => {
    await page.goto(`${panel.url}/applications/${appUuid}`);
    const cliTasks = (await cli(['stack', 'ps', appUuid, '--filter', 'desired-state=running', '--no-trunc', '--format', '{{.ID}}']))
      .split('\n')
      .filter(Boolean);
    const shown = await page.locator('#cl-app-tasks tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.task!));
    expect(sorted(shown.filter((id) => cliTasks.includes(id)))).toEqual(sorted(cliTasks));
    await page.click('#cl-app-tasks button:has-text("Refresh")');
    await expect.poll(() => page.locator('#cl-app-tasks tbody tr').count()).toBeGreaterThanOrEqual(cliTasks.length);
  });

  it("answers another team's user with 404 on every page and partial", async () => {
    const team = await panel.api('POST', '/api/v1/teams', { name: 'Other team' });
    const email = 'other-owner@example.com';
    const password = 'other-password-123';
    expect((await panel.api('POST', '/api/v1/users', { email, password, role: 'owner', teamId: team.body.id })).status).toBe(201);
    const context = await browser.newContext();
    const other = await context.newPage();
    await logIn(other, panel.url, email, password);
    const serviceId = (await cli(['service', 'inspect', 'pg-web', '--format', '{{.ID}}'])).trim();
    const taskId = (await cli(['service', 'ps', 'pg-web', '-q', '--no-trunc'])).split('\n')[0]!;
    const base = `/clusters/${uuid}`;
    const pages = [base, `${base}/services`, `${base}/visualizer`, `${base}/events`];
    const partials = [
      ...pages,
      `${base}/resources`,
      `${base}/services/${serviceId}`,
      `${base}/services/${serviceId}?open=1`,
      `${base}/tasks/${taskId}`,
      `/clusters/applications/${appUuid}/tasks`,
    ];
    try {
      for (const path of pages) {
        const res = await other.goto(`${panel.url}${path}`);
        expect(res?.status(), path).toBe(404);
        expect(await other.content()).not.toContain('pg-web');
      }
      for (const path of partials) {
        const res = await context.request.get(`${panel.url}${path}`, { headers: { 'HX-Request': 'true' } });
        expect(res.status(), `partial ${path}`).toBe(404);
        expect(await res.text()).not.toContain('pg-web');
      }
      const live = await context.request.get(`${panel.url}${base}/live`, { timeout: 5000 });
      expect(live.status()).toBe(404);
      // The other team's own list does not show the cluster.
      await other.goto(`${panel.url}/clusters`);
      expect(await other.locator('.cl-cluster-card').count()).toBe(0);
      expect(await other.locator('.cl-empty h2').innerText()).toBe('No clusters yet');
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no write controls', async () => {
    const email = 'viewer@example.com';
    const password = 'viewer-password-123';
    expect((await panel.api('POST', '/api/v1/users', { email, password, role: 'viewer' })).status).toBe(201);
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await logIn(viewer, panel.url, email, password);
    try {
      // A search form (method get) only reads; every other form writes.
      const writeControls = () => viewer.locator('main [hx-post], main [hx-put], main [hx-patch], main [hx-delete], main form:not([method="get"])').count();
      for (const path of ['/clusters', `/clusters/${uuid}`, `/clusters/${uuid}/services`, `/clusters/${uuid}/visualizer`]) {
        await viewer.goto(`${panel.url}${path}`);
        await viewer.waitForLoadState('networkidle');
        expect(await writeControls(), path).toBe(0);
      }
      // The services page still lists the services, and a row still expands (a read).
      await viewer.goto(`${panel.url}/clusters/${uuid}/services`);
      await viewer.click('tbody[data-name="pg-web"] .cl-expander');
      await expect.poll(() => viewer.locator('tbody[data-name="pg-web"] .cl-tasks-row').count()).toBe(1);
      expect(await writeControls()).toBe(0);
      // A write sent anyway is refused.
      const csrf = JSON.parse((await viewer.locator('body').getAttribute('hx-headers'))!) as Record<string, string>;
      const res = await context.request.post(`${panel.url}/clusters/detect`, { headers: { ...csrf, 'HX-Request': 'true', origin: panel.url } });
      expect(res.status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('breaks no Content-Security-Policy rule on any page, while using it', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    // Collected in the page (init scripts are not subject to the page's policy) and from the console,
    // where Alpine reports an expression its CSP build refuses to evaluate.
    await context.addInitScript(() => {
      const seen: string[] = [];
      window.cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (/Content.Security.Policy|CSP|Alpine Expression Error/i.test(message.text())) problems.push(`${tab.url()}: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`${tab.url()}: ${error.message}`));
    const violations = async () => (await tab.evaluate(() => window.cspViolations ?? [])).map((v) => `${tab.url()}: ${v}`);
    const visit = async (path: string, use?: () => Promise<void>) => {
      const res = await tab.goto(`${panel.url}${path}`);
      expect(res?.headers()['content-security-policy'], path).toContain("script-src 'self'");
      await tab.waitForLoadState('networkidle');
      await use?.();
      await tab.waitForLoadState('networkidle');
      problems.push(...(await violations()));
    };
    try {
      await visit('/login');
      await logIn(tab, panel.url, OWNER.email, OWNER.password);
      // The collector works: a style attribute set from script is a violation it reports.
      await tab.evaluate(() => document.body.setAttribute('style', 'color: red'));
      await expect.poll(violations).toEqual([expect.stringContaining('style-src')]);
      problems.splice(0);
      for (const path of ['/', '/servers', '/applications', '/notifications', '/clusters']) await visit(path);
      const base = `/clusters/${uuid}`;
      await visit(base, async () => {
        await expect.poll(() => tab.locator('#cl-resources [role="meter"] rect').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        // No Alpine component on the overview, so no Alpine: it comes with the first one swapped in.
        expect(await tab.evaluate(() => 'Alpine' in window)).toBe(false);
        // The menu closes when its drain preview asks the server, Cancel (an Alpine handler) empties the panel.
        const menu = tab.locator('.cl-op-menu').first();
        await menu.locator('summary').click();
        await menu.locator('button:has-text("Drain")').click();
        await expect.poll(() => menu.getAttribute('open')).toBeNull();
        await tab.waitForFunction(() => 'Alpine' in window);
        await tab.locator('.cl-op-panel button:has-text("Cancel")').first().click();
        await expect.poll(() => tab.locator('.cl-op-panel button:has-text("Cancel")').count()).toBe(0);
      });
      await visit(`${base}/services`, () => tab.click('tbody[data-name="pg-web"] .cl-expander'));
      const serviceId = (await cli(['service', 'inspect', 'pg-web', '--format', '{{.ID}}'])).trim();
      await visit(`${base}/services/${serviceId}/logs`, async () => {
        await tab.check('[data-logs-follow]');
        await expect.poll(() => tab.locator('[data-logs-state]').innerText()).not.toBe('');
      });
      await visit(`${base}/visualizer`, async () => {
        await tab.focus('select[name="service"]');
        await tab.selectOption('select[name="service"]', 'pg-web');
        await expect
          .poll(() => tab.locator('.cl-block:visible').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.service))]))
          .toEqual(['pg-web']);
        await tab.click('.cl-tabs button:has-text("Topology")');
        await expect.poll(() => tab.locator('.cl-topo-node').first().isVisible()).toBe(true);
      });
      await visit(`${base}/events`);
      await visit(`${base}/add-node`, async () => {
        await tab.click('button:has-text("Show the join command")');
        await tab.click('[data-copy-target]');
        await expect.poll(() => tab.locator('[data-copy-label]').innerText()).toBe('Copied');
        expect(await tab.evaluate(() => navigator.clipboard.readText())).toMatch(/^docker swarm join --token /);
      });
      await visit(`/servers/${managerServerId}`, async () => {
        await expect.poll(() => tab.locator('[data-field="pinned"]').count()).toBe(1);
      });
      await visit(`/applications/${appUuid}`, async () => {
        await tab.click('button:has-text("Add constraint")');
        // Alpine named the added row's inputs (an expression its CSP build evaluates).
        await expect.poll(() => tab.locator('input[aria-label="New constraint field"]').first().getAttribute('name')).toMatch(/^constraints\.\d+\.field$/);
        // And removes it again (Alpine evaluates a handler only when it runs).
        await tab.locator('tr:has(input[aria-label="New constraint field"]) button:has-text("Remove")').click();
        await expect.poll(() => tab.locator('input[aria-label="New constraint field"]').count()).toBe(0);
        await tab.click('#cl-swarm-tab-yaml');
        await expect.poll(() => tab.locator('#cl-swarm-panel-yaml').isVisible()).toBe(true);
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
