/**
 * Live regions patched with only what changed (src/routes/web/live-patch.ts), in chromium against a synthetic swarm
 * reached over the plugin's real SSH transport: a swarm change told on the live stream replaces the elements that
 * changed and keeps the others (the same DOM nodes), and the patched region is what a fresh page shows. The
 * browser's cost per patch is `npm run bench:pages`'s.
 */
import type { ConsoleMessage } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSyntheticPanel } from './support/synthetic-panel.ts';

const SIZE = { nodes: 10, services: 100, tasks: 1_000 };

declare global {
  interface Window {
    /** The region's answers since the test started counting: status and whether it was a patch. */
    __answers?: { status: number; patch: boolean }[];
  }
}

describe('live regions patched in chromium', () => {
  const panel = useSyntheticPanel(SIZE, 2253);

  /**
   * Events on the engine's stream: what the page hears of a change. The services named were changed (their spec or
   * their tasks): their version moves on, as Docker's does, and their events name them, so the plugin reads them
   * and their tasks again. None named: an event about a service that did not change.
   */
  async function tell(...serviceIds: string[]): Promise<void> {
    const engine = panel.bridge.engine;
    for (const id of serviceIds) engine.services.find((s) => s.ID === id)!.Version.Index++;
    engine.changed();
    for (const id of serviceIds.length ? serviceIds : [engine.services[0]!.ID]) {
      const service = engine.services.find((s) => s.ID === id)!;
      engine.emit({ Type: 'service', Action: 'update', Actor: { ID: id, Attributes: { name: service.Spec.Name } } });
    }
  }

  /** Opens a page of the cluster, live, marking every element of its region as it was first drawn. */
  async function open(path: string, region: string): Promise<void> {
    await panel.page.goto(`${panel.host.url}/clusters/${panel.uuid}${path}`);
    await panel.page.waitForFunction(() => 'htmx' in window && document.body.dataset.liveState === 'streaming');
    await panel.page.evaluate((id) => {
      window.__answers = [];
      for (const el of document.querySelectorAll(`#${id} *`)) (el as HTMLElement).dataset.first = '';
      document.body.addEventListener('htmx:afterRequest', (e) => {
        // The request's element: a region swapped out whole tells its parent, as `elt`.
        const { requestConfig, xhr } = (e as CustomEvent<{ requestConfig: { elt: HTMLElement }; xhr: XMLHttpRequest }>).detail;
        if (requestConfig.elt.id === id) window.__answers!.push({ status: xhr.status, patch: xhr.getResponseHeader('HX-Reswap') === 'none' });
      });
    }, region);
  }

  /** The region's markup as a fresh page load shows it now, and as the open page shows it (marks and versions aside). */
  async function regionNowAndFresh(region: string, path: string): Promise<[string, string]> {
    // Both as drawn, outside any request: htmx's classes, the marks, versions and the time of the read aside.
    const markup = (regionId: string) => {
      const copy = document.getElementById(regionId)!.cloneNode(true) as HTMLElement;
      for (const el of [copy, ...copy.querySelectorAll('*')]) {
        el.removeAttribute('data-first');
        el.removeAttribute('data-live-version');
        el.classList.remove('htmx-request', 'htmx-settling', 'htmx-swapping', 'htmx-added');
        if (el.classList.length === 0) el.removeAttribute('class');
      }
      for (const el of copy.querySelectorAll('.cl-fetched')) el.remove();
      // A filter's options put into its select on first focus, as the markup has them: only in their data.
      for (const data of copy.querySelectorAll('script[data-grid-options]')) {
        for (const option of [...(data.previousElementSibling as HTMLSelectElement).options].slice(1)) option.remove();
      }
      return copy.outerHTML;
    };
    await panel.page.waitForFunction(() => document.querySelector('.htmx-request') === null);
    const now = await panel.page.evaluate(markup, region);
    const fresh = await panel.page.context().newPage();
    try {
      await fresh.goto(`${panel.host.url}/clusters/${panel.uuid}${path}`);
      await fresh.waitForFunction(() => document.readyState === 'complete' && 'htmx' in window);
      const other = await fresh.evaluate(markup, region);
      return [now, other];
    } finally {
      await fresh.close();
    }
  }

  it('moves a task between two node columns of the visualizer and leaves the other columns as they were', async () => {
    await open('/visualizer', 'cl-visualizer-live');
    const task = panel.bridge.engine.tasks.find((t) => t.DesiredState === 'running')!;
    const nodes = panel.bridge.engine.nodes;
    const from = task.NodeID!;
    const to = nodes[(nodes.findIndex((n) => n.ID === from) + 1) % nodes.length]!.ID;
    task.NodeID = to;
    await tell(task.ServiceID!);
    await expect.poll(() => panel.page.evaluate(() => window.__answers!.some((a) => a.patch)), { timeout: 20_000 }).toBe(true);

    const kept = await panel.page.$$eval('#cl-visualizer-live .cl-col', (cols) =>
      cols.filter((c) => (c as HTMLElement).dataset.first === '').map((c) => (c as HTMLElement).dataset.node),
    );
    // Every column but the two the task left and joined stays the element it was (a patch goes no wider than that).
    expect(kept).not.toContain(undefined);
    for (const id of nodes.map((n) => n.ID).filter((id) => id !== from && id !== to)) expect(kept).toContain(id);
    const [now, fresh] = await regionNowAndFresh('cl-visualizer-live', '/visualizer');
    expect(now).toBe(fresh);
  });

  it('patches the visualizer by task and group: a task added, one removed, one moved, the filter still applied', async () => {
    await open('/visualizer', 'cl-visualizer-live');
    const engine = panel.bridge.engine;
    const running = engine.tasks.filter((t) => t.DesiredState === 'running');
    // A service's tasks filtered for: the items of other services hidden, before and after the patch.
    const service = await panel.page.locator('#cl-visualizer-live .cl-col-tasks > [data-kind]').first().getAttribute('data-service');
    await panel.page.focus('select[name="service"]');
    await panel.page.selectOption('select[name="service"]', service!);
    const hiddenOthers = () =>
      panel.page.$$eval(
        '#cl-visualizer-live .cl-col-tasks > [data-kind]',
        (items, name) => {
          const shown = items.filter((i) => getComputedStyle(i).display !== 'none');
          return { shown: shown.length, wrong: shown.filter((i) => (i as HTMLElement).dataset.service !== name).length };
        },
        service,
      );
    expect((await hiddenOthers()).wrong).toBe(0);

    const moved = running[3]!;
    const nodes = engine.nodes;
    moved.NodeID = nodes[(nodes.findIndex((n) => n.ID === moved.NodeID) + 1) % nodes.length]!.ID;
    // A task replaced by a new one on another node (its service keeps its replicas: the swarm does not converge).
    const removed = running[11]!;
    engine.tasks.splice(engine.tasks.indexOf(removed), 1);
    const added = structuredClone(removed);
    added.ID = `${removed.ID!.slice(0, -6)}add001`;
    added.NodeID = nodes[(nodes.findIndex((n) => n.ID === removed.NodeID) + 3) % nodes.length]!.ID;
    engine.tasks.push(added);
    await tell(moved.ServiceID!, removed.ServiceID!);
    await expect.poll(() => panel.page.evaluate(() => window.__answers!.some((a) => a.patch)), { timeout: 20_000 }).toBe(true);
    // No answer was the whole region (it would have redrawn every column).
    expect(await panel.page.evaluate(() => window.__answers!.every((a) => a.patch || a.status === 204))).toBe(true);

    // Every column stays the element it was: the changes are inside their task lists.
    const columns = await panel.page.$$eval('#cl-visualizer-live .cl-col', (cols) => cols.map((c) => (c as HTMLElement).dataset.first));
    expect(columns).not.toContain(undefined);
    const [now, fresh] = await regionNowAndFresh('cl-visualizer-live', '/visualizer');
    expect(now).toBe(fresh);
    const after = await hiddenOthers();
    expect(after.wrong).toBe(0);
    expect(after.shown).toBeGreaterThan(0);
    expect(await panel.page.locator('select[name="service"]').inputValue()).toBe(service);
  });

  it('shows what changed between the render of the page and the start of its live stream, which no event tells it', async () => {
    const url = `${panel.host.url}/clusters/${panel.uuid}/services`;
    // The page's live stream held back until the plugin has heard of the change: its event reaches no page.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await panel.page.route(/\/live(\?.*)?$/, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await panel.page.goto(url);
      const name = await panel.page.locator('#cl-services tbody.cl-service').nth(1).getAttribute('data-name');
      const service = panel.bridge.engine.services.find((s) => s.Spec.Name === name)!;
      (service.Spec.TaskTemplate.ContainerSpec as { Image: string }).Image = 'nginx:1.27-unheard';
      await tell(service.ID);
      await expect.poll(async () => (await panel.page.request.get(url)).text(), { timeout: 20_000 }).toContain('nginx:1.27-unheard');
      release();
      await panel.page.waitForFunction(() => document.body.dataset.liveState === 'streaming');
      await expect
        .poll(() => panel.page.locator(`#cl-services tbody.cl-service[data-name="${name}"]`).textContent(), { timeout: 20_000 })
        .toContain('nginx:1.27-unheard');
    } finally {
      release();
      await panel.page.unroute(/\/live(\?.*)?$/);
    }
  });

  it('changes one cell of the services page, and no more than the time of the read when nothing it shows changed', async () => {
    // htmx's complaints (an include or a target matching nothing): one on every refresh otherwise.
    const complaints: string[] = [];
    const listen = (message: ConsoleMessage) => {
      if (message.type() === 'error' && message.text().includes('returned no matches')) complaints.push(message.text());
    };
    panel.page.on('console', listen);
    await open('/services', 'cl-services');
    const rows = await panel.page.$$eval('#cl-services tbody.cl-service', (groups) => groups.map((g) => (g as HTMLElement).dataset.name!));
    const service = panel.bridge.engine.services.find((s) => s.Spec.Name === rows[2])!;
    const spec = service.Spec.TaskTemplate.ContainerSpec as { Image: string };
    spec.Image = 'nginx:1.27-patched';
    await tell(service.ID);
    await expect.poll(() => panel.page.evaluate(() => window.__answers!.some((a) => a.patch)), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => panel.page.locator(`#cl-services tbody.cl-service[data-name="${rows[2]}"]`).textContent()).toContain('nginx:1.27-patched');
    // Every row stays the element it was; what is new is the changed cell (and the time of the read).
    const kept = await panel.page.$$eval('#cl-services tbody.cl-service', (groups) => groups.filter((g) => (g as HTMLElement).dataset.first === '').length);
    expect(kept).toBe(rows.length);
    const drawn = await panel.page.$$eval('#cl-services *:not([data-first])', (els) => els.map((e) => e.textContent));
    expect(drawn).toContain('nginx:1.27-patched');
    expect(drawn.length).toBeLessThan(5);
    const [now, fresh] = await regionNowAndFresh('cl-services', '/services');
    expect(now).toBe(fresh);

    // An event that changed nothing the page shows: at most the time of the read is drawn again.
    await panel.page.evaluate(() => {
      for (const el of document.querySelectorAll('#cl-services *')) (el as HTMLElement).dataset.first = '';
    });
    const answered = await panel.page.evaluate(() => window.__answers!.length);
    await tell();
    await expect.poll(() => panel.page.evaluate(() => window.__answers!.length), { timeout: 20_000 }).toBeGreaterThan(answered);
    const answers = await panel.page.evaluate((from) => window.__answers!.slice(from), answered);
    expect(answers.every((a) => a.status === 204 || a.patch)).toBe(true);
    const redrawn = await panel.page.$$eval('#cl-services *:not([data-first])', (els) => els.filter((e) => !e.closest('.cl-fetched')).length);
    expect(redrawn).toBe(0);
    panel.page.off('console', listen);
    expect(complaints).toEqual([]);
  });
});
