/**
 * The services page and the visualizer in chromium against a synthetic swarm of 100 nodes, 1,000 services and
 * 10,000 tasks, reached over the plugin's real SSH transport: the search finds, the pages count, the address bar
 * keeps the query; a chip expands to its tasks, stays expanded across a live re-render, folds again; the visualizer's
 * far columns come as the grid is scrolled or tabbed to them (or followed by link without script), its filters find
 * tasks in columns not drawn yet, and live patches reach the columns that came later; a storm of events re-renders a
 * region at most once a second. Browser cost in time is `npm run bench:pages`'s.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_COLUMNS, MORE_COLUMNS } from '../src/domain/visualizer-grid.ts';
import { useSyntheticPanel } from './support/synthetic-panel.ts';

const SIZE = { nodes: 100, services: 1_000, tasks: 10_000 };
/** `svc-12`, `svc-120`..`svc-129`. */
const MATCHING_SVC_12 = 11;

declare global {
  interface Window {
    /** Re-renders of the live region, counted by the test. */
    __regionRequests?: number;
    /** `swarm-changed` dispatches (what re-renders every live region), counted by the test. */
    __changes?: number;
    /** When each live region sent a request, by region id. */
    __regionAsked?: Record<string, number[]>;
  }
}

describe('pages of a synthetic swarm of 100 nodes, 1,000 services and 10,000 tasks in chromium', () => {
  const panel = useSyntheticPanel(SIZE, 2252);

  const rows = () => panel.page.locator('#cl-services tbody.cl-service');
  /** A page in a browser context with script off, signed in as the panel's page is. */
  const withoutScript = async (use: (page: Page) => Promise<void>) => {
    const context = await panel.page
      .context()
      .browser()!
      .newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
    try {
      await context.addCookies(await panel.page.context().cookies());
      await use(await context.newPage());
    } finally {
      await context.close();
    }
  };

  it('finds services by name, pages through the matches, shows more per page, and keeps the query in the address bar', async () => {
    await panel.page.goto(`${panel.host.url}/clusters/${panel.uuid}/services`);
    await expect.poll(() => rows().count()).toBe(25);
    expect(await panel.page.locator('#cl-services [data-field="matching"]').textContent()).toBe('1,000 services');
    await panel.page.locator('[data-field="range"]').first().waitFor();
    expect(await panel.page.locator('[data-field="range"]').first().textContent()).toBe('1–25 of 1,000');

    await panel.page.fill('#cl-service-filters input[name="q"]', 'svc-12');
    await expect.poll(() => panel.page.locator('#cl-services [data-field="matching"]').getAttribute('data-matching')).toBe(String(MATCHING_SVC_12));
    const names = await rows().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.name));
    expect(names).toHaveLength(MATCHING_SVC_12);
    expect(names.every((n) => n?.startsWith('svc-12'))).toBe(true);
    await expect.poll(() => new URL(panel.page.url()).search).toBe('?q=svc-12');

    await panel.page.fill('#cl-service-filters input[name="q"]', '');
    // The stack filter's options come when it is first focused: until then, only "All stacks" is an element.
    const stacks = panel.page.locator('#cl-service-filters select[name="stack"]');
    expect(await stacks.locator('option').count()).toBe(1);
    await stacks.focus();
    expect(await stacks.locator('option').count()).toBe(SIZE.services / 10 + 1);
    await panel.page.selectOption('#cl-service-filters select[name="stack"]', 'stack-10');
    await expect.poll(() => panel.page.locator('#cl-services [data-field="matching"]').getAttribute('data-matching')).toBe('10');
    await panel.page.selectOption('#cl-service-filters select[name="stack"]', '');
    await expect.poll(() => panel.page.locator('#cl-services [data-field="matching"]').getAttribute('data-matching')).toBe('1000');
    await panel.page.locator('#cl-services .cl-pager button[rel="next"]').first().click();
    await expect.poll(() => panel.page.locator('[data-field="range"]').first().textContent()).toBe('26–50 of 1,000');
    expect(await rows().first().getAttribute('data-name')).toBe('svc-26');
    await expect.poll(() => new URL(panel.page.url()).search).toBe('?offset=25');

    // A reload of that address shows the same page.
    await panel.page.reload();
    await expect.poll(() => panel.page.locator('[data-field="range"]').first().textContent()).toBe('26–50 of 1,000');

    // More per page: from the first page, and the address bar says so.
    await panel.page.selectOption('#cl-service-filters select[name="limit"]', '100');
    await expect.poll(() => rows().count()).toBe(100);
    expect(await panel.page.locator('[data-field="range"]').first().textContent()).toBe('1–100 of 1,000');
    await expect.poll(() => new URL(panel.page.url()).search).toBe('?limit=100');
  });

  const visualizer = (query = '') => `${panel.host.url}/clusters/${panel.uuid}/visualizer${query}`;
  const columns = () => panel.page.locator('#cl-visualizer-live .cl-columns > .cl-col');
  const opened = async (query = '') => {
    await panel.page.goto(visualizer(query));
    await panel.page.waitForFunction(() => document.readyState === 'complete' && 'htmx' in window && document.body.dataset.liveState === 'streaming');
  };
  /** A running task's change told on the engine's stream, as Docker tells it (its service's version moves on). */
  const tell = (serviceId: string) => {
    const engine = panel.bridge.engine;
    const service = engine.services.find((s) => s.ID === serviceId)!;
    service.Version.Index++;
    engine.changed();
    engine.emit({ Type: 'service', Action: 'update', Actor: { ID: service.ID, Attributes: { name: service.Spec.Name } } });
  };
  /** Tasks the page shows in a column (chips count theirs), those a filter hides aside. */
  const shownTasks = (column: ReturnType<typeof columns>) =>
    column
      .locator('.cl-col-tasks > [data-kind]')
      .evaluateAll((items) => items.filter((i) => i.checkVisibility()).reduce((n, i) => n + Number((i as HTMLElement).dataset.count ?? 1), 0));

  it('draws the first columns, and the others as the grid is scrolled to them, patched in: every task counted', async () => {
    await opened();
    expect(await columns().count()).toBe(FIRST_COLUMNS);
    expect(await panel.page.locator('.cl-col-more').count()).toBe(1);
    await columns()
      .first()
      .evaluate((col) => {
        (col as HTMLElement).dataset.first = '';
      });
    await expect
      .poll(
        async () => {
          await panel.page.locator('#cl-visualizer-live .cl-columns').evaluate((grid) => {
            grid.scrollLeft = grid.scrollWidth;
          });
          return columns().count();
        },
        { timeout: 30_000 },
      )
      .toBe(SIZE.nodes);
    expect(await panel.page.locator('.cl-col-more').count()).toBe(0);
    // Patches brought them (the region was not drawn again whole: its first column is the element it was).
    expect(await columns().first().getAttribute('data-first')).toBe('');
    const wanted = panel.bridge.engine.tasks.filter((t) => t.DesiredState === 'running').length;
    expect(await shownTasks(panel.page.locator('#cl-visualizer-live .cl-columns'))).toBe(wanted);
  });

  it('fills a 1,920 px screen’s grid with the first columns and asks for no more until it is scrolled', async () => {
    const context = await panel.page
      .context()
      .browser()!
      .newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      await context.addCookies(await panel.page.context().cookies());
      const page = await context.newPage();
      await page.goto(visualizer());
      // Settled: loaded, and the frames after it drawn (the placeholder's observer has told whether it is near).
      await page.waitForFunction(() => document.readyState === 'complete' && 'htmx' in window);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(resolve)))));
      const grid = await page.locator('#cl-visualizer-live .cl-columns').evaluate((g) => {
        const cols = g.querySelectorAll(':scope > .cl-col');
        return { right: g.getBoundingClientRect().right, lastRight: cols[cols.length - 1]!.getBoundingClientRect().right, count: cols.length };
      });
      expect(grid.count).toBe(FIRST_COLUMNS);
      expect(grid.lastRight).toBeGreaterThan(grid.right);
      // Nothing asked for more: the count wanted is set on the visualizer by an ask.
      expect(await page.locator('.cl-visualizer').getAttribute('data-columns')).toBeNull();
      expect(await page.locator('#cl-visualizer-live input[name="columns"]').inputValue()).toBe(String(FIRST_COLUMNS));
    } finally {
      await context.close();
    }
  });

  it('brings the next columns when the keyboard goes past the last one drawn, the focus in the first that came', async () => {
    await opened();
    await columns()
      .nth(FIRST_COLUMNS - 1)
      .locator('button')
      .last()
      .focus();
    await panel.page.keyboard.press('Tab');
    await expect.poll(() => columns().count()).toBeGreaterThanOrEqual(FIRST_COLUMNS + MORE_COLUMNS);
    await expect
      .poll(() =>
        panel.page.evaluate(() => {
          const column = document.activeElement?.closest('.cl-col');
          return column ? [...column.parentElement!.querySelectorAll(':scope > .cl-col')].indexOf(column) : -1;
        }),
      )
      .toBe(FIRST_COLUMNS);
  });

  it('draws every column when "Show all" is followed, after the next ones the scroll to it asked for', async () => {
    await opened();
    // Playwright scrolls the link into view first: the placeholder asks for the next columns, then the click for all.
    await panel.page.locator('.cl-col-more a', { hasText: 'Show all' }).click();
    await expect.poll(() => columns().count(), { timeout: 20_000 }).toBe(SIZE.nodes);
    expect(await panel.page.locator('.cl-col-more').count()).toBe(0);
    expect(new URL(panel.page.url()).search).toBe('');
  });

  it('without script, filters the services by any stack, from the full select in the page', async () => {
    await withoutScript(async (page) => {
      await page.goto(`${panel.host.url}/clusters/${panel.uuid}/services?stack=stack-3`);
      const stacks = page.locator('#cl-service-filters select[name="stack"]:visible');
      expect(await stacks.count()).toBe(1);
      expect(await stacks.locator('option').count()).toBe(SIZE.services / 10 + 1);
      expect(await stacks.inputValue()).toBe('stack-3');
      await stacks.selectOption('stack-5');
      await page.locator('#cl-service-filters button[type="submit"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.getAll('stack')[0]).toBe('stack-5');
      const names = await page.locator('#cl-services tbody.cl-service').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.name));
      expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `svc-${41 + i}`));
      expect(await page.locator('#cl-service-filters select[name="stack"]:visible').inputValue()).toBe('stack-5');
    });
  });

  it('without script, links to the page with the next columns and with all', async () => {
    await withoutScript(async (page) => {
      await page.goto(visualizer());
      const shown = () => page.locator('#cl-visualizer-live .cl-columns > .cl-col').count();
      expect(await shown()).toBe(FIRST_COLUMNS);
      await page.locator('.cl-col-more a', { hasText: `Show ${MORE_COLUMNS} more` }).click();
      await expect.poll(() => new URL(page.url()).search).toBe(`?columns=${FIRST_COLUMNS + MORE_COLUMNS}`);
      expect(await shown()).toBe(FIRST_COLUMNS + MORE_COLUMNS);
      await page.locator('.cl-col-more a', { hasText: 'Show all' }).click();
      await expect.poll(() => shown()).toBe(SIZE.nodes);
    });
  });

  it('finds a service’s tasks and a node’s column among the columns not drawn yet', async () => {
    const engine = panel.bridge.engine;
    await opened();
    // A service whose tasks are all on the last node's column.
    const nodeIds = await columns().evaluateAll((cols) => cols.map((c) => (c as HTMLElement).dataset.node));
    const far = engine.tasks.find((t) => t.DesiredState === 'running' && !nodeIds.includes(t.NodeID))!;
    const service = engine.services.find((s) => s.ID === far.ServiceID)!;
    const serviceTasks = engine.tasks.filter((t) => t.DesiredState === 'running' && t.ServiceID === service.ID).length;
    await panel.page.focus('select[name="service"]');
    await panel.page.selectOption('select[name="service"]', service.Spec.Name);
    await expect.poll(() => shownTasks(panel.page.locator('#cl-visualizer-live .cl-columns')), { timeout: 20_000 }).toBe(serviceTasks);
    expect(await columns().count()).toBe(SIZE.nodes);

    await opened();
    const node = JSON.parse((await panel.page.locator('script[data-grid-options="node"]').textContent())!)[40][0] as string;
    await panel.page.focus('select[name="node"]');
    await panel.page.selectOption('select[name="node"]', node);
    await expect.poll(() => columns().count(), { timeout: 20_000 }).toBe(41);
    await expect
      .poll(() => panel.page.locator('#cl-visualizer-live .cl-col:visible').evaluateAll((cols) => cols.map((c) => (c as HTMLElement).dataset.node)))
      .toEqual([node]);
  });

  it('patches the columns that came later, and keeps the columns the page holds', async () => {
    await opened();
    await panel.page.locator('.cl-col-more a', { hasText: `Show ${MORE_COLUMNS} more` }).click();
    const held = FIRST_COLUMNS + MORE_COLUMNS;
    await expect.poll(() => columns().count()).toBe(held);
    await panel.page.evaluate(() => {
      for (const el of document.querySelectorAll('#cl-visualizer-live *')) (el as HTMLElement).dataset.first = '';
    });
    // A task moves from a column that came later to another.
    const engine = panel.bridge.engine;
    const [from, to] = await Promise.all([
      columns()
        .nth(FIRST_COLUMNS + 2)
        .getAttribute('data-node'),
      columns()
        .nth(FIRST_COLUMNS + 5)
        .getAttribute('data-node'),
    ]);
    const task = engine.tasks.find((t) => t.DesiredState === 'running' && t.NodeID === from)!;
    const [before, beforeTo] = [await shownTasks(columns().nth(FIRST_COLUMNS + 2)), await shownTasks(columns().nth(FIRST_COLUMNS + 5))];
    task.NodeID = to!;
    tell(task.ServiceID!);
    await expect.poll(() => shownTasks(columns().nth(FIRST_COLUMNS + 5)), { timeout: 20_000 }).toBe(beforeTo + 1);
    expect(await shownTasks(columns().nth(FIRST_COLUMNS + 2))).toBe(before - 1);
    expect(await columns().count()).toBe(held);
    // Patched: the other columns are the elements they were.
    expect(
      await columns()
        .nth(FIRST_COLUMNS + 8)
        .getAttribute('data-first'),
    ).toBe('');
    expect(await columns().first().getAttribute('data-first')).toBe('');
    task.NodeID = from!;
    tell(task.ServiceID!);
    await expect.poll(() => shownTasks(columns().nth(FIRST_COLUMNS + 2)), { timeout: 20_000 }).toBe(before);
  });

  it('shows each node’s tasks as chips per service, expands one, keeps it across a live re-render, folds it again', async () => {
    await panel.page.goto(visualizer(`?columns=${SIZE.nodes}`));
    await panel.page.waitForFunction(() => document.readyState === 'complete' && 'htmx' in window);
    const wanted = panel.bridge.engine.tasks.filter((t) => t.DesiredState === 'running').length;
    const counted = await panel.page.$$eval('.cl-chip', (chips) => chips.reduce((n, c) => n + Number((c as HTMLElement).dataset.count), 0));
    const blocks = await panel.page.locator('.cl-block[data-task]').count();
    expect(counted + blocks).toBe(wanted);
    expect(await panel.page.locator('#cl-visualizer-live *').count()).toBeLessThan(15_000);

    const chip = panel.page.locator('.cl-col').nth(3).locator('.cl-chip').first();
    const key = (await chip.getAttribute('data-group'))!;
    const count = Number(await chip.getAttribute('data-count'));
    await chip.click();
    const group = panel.page.locator('.cl-group', { has: panel.page.locator(`input[name="expand"][value="${key}"]`) });
    await expect.poll(() => group.locator('.cl-block[data-task]').count()).toBe(count);

    // A live re-render (what a swarm event causes) keeps it open.
    await panel.page.evaluate(() => {
      window.__regionRequests = 0;
      document.body.addEventListener('htmx:afterSettle', (e) => {
        if ((e.target as HTMLElement).id === 'cl-visualizer-live') window.__regionRequests! += 1;
      });
      document.body.dispatchEvent(new CustomEvent('swarm-changed'));
    });
    await expect.poll(() => panel.page.evaluate(() => window.__regionRequests)).toBe(1);
    await expect.poll(() => group.locator('.cl-block[data-task]').count()).toBe(count);

    await group.locator(`.cl-chip[data-group="${key}"]`).click();
    await expect.poll(() => group.count()).toBe(0);
    expect(await panel.page.locator(`.cl-chip[data-group="${key}"]`).getAttribute('aria-expanded')).toBe('false');
  });

  it('tells the page’s regions of a storm of events at most once a second, and each region asks at most once a second', async () => {
    // One task on its way (`starting`): the visualizer is converging, so it also asks again a second after each answer.
    const engine = panel.bridge.engine;
    const task = engine.tasks.find((t) => t.DesiredState === 'running')!;
    const service = engine.services.find((s) => s.ID === task.ServiceID)!;
    task.Status.State = 'starting';
    service.Version.Index++;
    engine.changed();
    engine.emit({ Type: 'service', Action: 'update', Actor: { ID: service.ID, Attributes: { name: service.Spec.Name } } });
    await expect.poll(() => panel.page.locator('#cl-visualizer-live').getAttribute('data-converging'), { timeout: 20_000 }).toBe('true');
    await panel.page.evaluate(() => {
      window.__changes = 0;
      window.__regionAsked = {};
      document.body.addEventListener('swarm-changed', () => {
        window.__changes! += 1;
      });
      document.body.addEventListener('htmx:beforeRequest', (e) => {
        const elt = (e as CustomEvent<{ elt: HTMLElement }>).detail.elt;
        if (elt.classList.contains('cl-live')) (window.__regionAsked![elt.id] ??= []).push(Date.now());
      });
    });
    const started = Date.now();
    panel.bridge.engine.setEventsPerSecond(200);
    try {
      await expect.poll(() => panel.page.evaluate(() => window.__changes), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    } finally {
      engine.setEventsPerSecond(0);
      task.Status.State = 'running';
      service.Version.Index++;
      engine.changed();
      engine.emit({ Type: 'service', Action: 'update', Actor: { ID: service.ID, Attributes: { name: service.Spec.Name } } });
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await panel.page.evaluate(() => window.__changes)).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    // Whatever asks a region (a change signal, its converging re-check), its requests are a second apart (the
    // script and this listener read the clock a moment apart as the same request is sent).
    const asked = await panel.page.evaluate(() => window.__regionAsked!);
    expect(Object.keys(asked).length).toBeGreaterThan(0);
    for (const times of Object.values(asked)) {
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.min(...gaps, Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(990);
    }
    // Settled again, so the next test's page is not re-rendered under it.
    await expect.poll(() => panel.page.locator('#cl-visualizer-live').getAttribute('data-converging'), { timeout: 20_000 }).toBeNull();
  });

  it('opens a service’s Actions menu by keyboard, its buttons asked for once, and scales from it', async () => {
    await panel.page.goto(`${panel.host.url}/clusters/${panel.uuid}/services`);
    await expect.poll(() => rows().count()).toBe(25);
    // The page carries none of the menus: a button each, its menu asked for when first opened.
    expect(await panel.page.locator('#cl-services .cl-op-buttons[role="group"]').count()).toBe(0);
    const row = rows().first();
    const toggle = row.locator('button.cl-menu-toggle');
    const menu = row.locator('.cl-menu-toggle + .cl-op-buttons');
    let asked = 0;
    panel.page.on('request', (request) => {
      if (request.url().endsWith('/actions')) asked++;
    });
    await toggle.focus();
    await panel.page.keyboard.press('Enter');
    const replicas = menu.locator('input[name="replicas"]');
    await replicas.waitFor();
    await panel.page.keyboard.press('Tab');
    expect(await replicas.evaluate((el) => el === document.activeElement)).toBe(true);
    // Closed and opened again: the buttons are there already.
    await panel.page.keyboard.press('Shift+Tab');
    await panel.page.keyboard.press('Enter');
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await panel.page.keyboard.press('Enter');
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.count()).toBe(1);
    expect(asked).toBe(1);
    // A scale from the keyboard: the menu closes and the row's panel shows the update.
    await panel.page.keyboard.press('Tab');
    await panel.page.keyboard.press('Control+A');
    await panel.page.keyboard.type('2');
    await panel.page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.isVisible()).toBe(false);
    await row.locator('.cl-op-panel [data-service-progress]').waitFor();
  });
});
