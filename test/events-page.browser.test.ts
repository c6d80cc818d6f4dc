/**
 * The events page in Debian's chromium against the reference host (temp DATA_DIR, served over HTTP) and
 * the lab: the last hour's events appear once and in order, as the CLI reports them; a service created
 * with the CLI appears on the open page within 2 s without a reload; with the stream down the page says
 * so and polls; after a restart of the host on the same DATA_DIR the same events are shown, still once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFault, labOptions } from '../lab/lab.ts';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

declare global {
  interface Window {
    /** Set on the events page: still there after live arrivals, gone after a reload. */
    notReloaded?: boolean;
    /** How long after the engine's event time the page heard of each event, in ms. */
    eventLatencies?: number[];
  }
}

interface ShownEvent {
  id: number;
  key: string;
  timeNano: string;
  type: string;
  action: string;
  actorName: string;
}

/** The events on the page, clicking "Load more" until the oldest is shown. */
async function shownEvents(page: Page): Promise<ShownEvent[]> {
  while (await page.locator('.event-more button').count()) {
    const before = await page.locator('li.event').count();
    await page.locator('.event-more button').click();
    await page.waitForFunction((n) => document.querySelectorAll('li.event').length > n || !document.querySelector('.event-more'), before);
  }
  return page.$$eval('li.event', (items) =>
    items.map((li) => {
      const d = (li as HTMLElement).dataset;
      return {
        id: Number(d.eventId),
        key: `${d.timeNano} ${d.type} ${d.action} ${d.actorId}`,
        timeNano: d.timeNano!,
        type: d.type!,
        action: d.action!,
        actorName: li.querySelector('.event-actor')?.textContent ?? '',
      };
    }),
  );
}

/** What the engine itself reports for a time range (unix seconds), as keys like the page's. */
async function reportedByCli(since: number, until: number): Promise<string[]> {
  const out = await cli(['events', '--since', String(since), '--until', String(until), '--format', '{{json .}}']);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const e = JSON.parse(line.replace(/"timeNano":(\d+)/, '"timeNano":"$1"')) as { Type: string; Action: string; Actor: { ID: string }; timeNano: string };
      return `${e.timeNano} ${e.Type} ${e.Action} ${e.Actor.ID}`;
    });
}

function expectOnceAndInOrder(events: ShownEvent[]): void {
  expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
  const times = events.map((e) => BigInt(e.timeNano));
  // Newest first (the page orders by time to the millisecond, then by arrival).
  for (let i = 1; i < times.length; i++) expect(times[i]! / 1_000_000n <= times[i - 1]! / 1_000_000n).toBe(true);
}

describe('events page in chromium', () => {
  let dataDir: string;
  let running: LabHost | undefined;
  let browser: Browser;
  let uuid: string;
  const created: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'events-host-'));
    running = await startLabHost({ dataDir });
    ({ uuid } = await registerLab(running, lab));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (created.length) await cli(['service', 'rm', ...created]).catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the last hour once and in order, live arrivals without a reload, polling while the stream is down, and the same after a restart', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await logIn(page, running!.url, OWNER.email, OWNER.password);
    const eventsUrl = `${running!.url}/clusters/${uuid}/events`;
    const askedAt = Math.floor(Date.now() / 1000);
    await page.goto(eventsUrl);
    await page.waitForFunction(() => document.body.dataset.liveState === 'streaming', undefined, { timeout: 15_000 });
    expect(await page.locator('[data-live-status]').first().textContent()).toBe('live');

    // Once and in order, and everything the engine reports for the last hour is there, up to the second before the
    // page was asked for: what comes after it is the live arrivals' part, below.
    const first = await shownEvents(page);
    expect(first.length).toBeGreaterThan(0);
    expectOnceAndInOrder(first);
    const reported = await reportedByCli(askedAt - 3600, askedAt - 1);
    const shownKeys = new Set(first.map((e) => e.key));
    expect(reported.filter((k) => !shownKeys.has(k))).toEqual([]);

    // A service created with the CLI appears without a reload.
    await page.evaluate(() => {
      window.notReloaded = true;
      const latencies: number[] = [];
      window.eventLatencies = latencies;
      document.body.addEventListener('swarm-changed', (e) => {
        const time = (e as CustomEvent<{ time?: string }>).detail?.time;
        if (time) latencies.push(Date.now() - Date.parse(time));
      });
    });
    const name = `events-page-${Date.now()}`;
    created.push(name);
    const started = Date.now();
    await cli(['service', 'create', '--detach', '--name', name, '--replicas', '0', 'lab/busybox:latest', 'sleep', '3600']);
    const cliDone = Date.now();
    await page.locator(`li.event[data-type="service"][data-action="create"]`, { hasText: name }).waitFor({ timeout: 2000 });
    const shownAt = Date.now();
    const heard = (await page.evaluate(() => window.eventLatencies)) ?? [];
    console.info(
      `service create on the open page ${shownAt - cliDone} ms after the CLI answered (${shownAt - started} ms after it started); ` +
        `swarm-changed ${heard.join(', ')} ms after the engine's event time`,
    );
    expect(shownAt - cliDone).toBeLessThan(2000);
    expect(await page.evaluate(() => window.notReloaded)).toBe(true);
    const newest = (await page.locator('li.event').first().getAttribute('data-action')) === 'create';
    expect(newest).toBe(true);
    const withArrival = await shownEvents(page);
    expectOnceAndInOrder(withArrival);
    expect(withArrival.filter((e) => e.actorName === name && e.type === 'service' && e.action === 'create')).toHaveLength(1);

    // With the manager's engine down the stream is down: the page says so and polls instead.
    await labFault(labOptions(lab), manager().name, 'engine-stop');
    try {
      await page.waitForFunction(() => document.body.classList.contains('polling'), undefined, { timeout: 30_000 });
      expect(await page.locator('[data-live-status]').first().textContent()).toMatch(/^polling \(stream down since \d\d:\d\d: .+\)$/);
      await page.waitForRequest((r) => r.url().includes('/events/rows?') && r.url().includes('live=1'), { timeout: 7000 });
    } finally {
      await labFault(labOptions(lab), manager().name, 'engine-start');
    }
    await page.waitForFunction(() => document.body.dataset.liveState === 'streaming', undefined, { timeout: 90_000 });
    expect(await page.evaluate(() => document.body.classList.contains('polling'))).toBe(false);
    expect(errors).toEqual([]);

    // Restart: a new host on the same DATA_DIR shows the same events, once.
    await page.close();
    await running!.close();
    running = await startLabHost({ dataDir });
    await eventually(async () => running!.host.plugin && (await running!.api('GET', `/api/v1/clusters/${uuid}`)).status === 200, {
      what: 'the restarted host',
    });
    const again = await browser.newPage();
    await logIn(again, running.url, OWNER.email, OWNER.password);
    await again.goto(`${running.url}/clusters/${uuid}/events`);
    await again.waitForFunction(() => document.body.dataset.liveState === 'streaming', undefined, { timeout: 15_000 });
    const afterRestart = await shownEvents(again);
    expectOnceAndInOrder(afterRestart);
    const restartedKeys = new Set(afterRestart.map((e) => e.key));
    expect(withArrival.filter((e) => !restartedKeys.has(e.key))).toEqual([]);
    await again.close();
  });
});
