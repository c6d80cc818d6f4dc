/**
 * Node and service operations in Debian's chromium on the reference host's pages, against the lab swarm:
 * a drain from the overview's node table confirms with the number of tasks that will move, then shows the
 * count going down to zero while the live table re-renders around it; the swarm agrees (docker CLI).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const runningOn = async (nodeId: string) =>
  (await cli(['node', 'ps', nodeId, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.CurrentState}}']))
    .split('\n')
    .filter((l) => l.startsWith('browser-ops') && /^\S+ Running/.test(l)).length;

describe('node operations in chromium', () => {
  let labHost: LabHost;
  let browser: Browser;
  let page: Page;
  let uuid: string;
  let workerId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    labHost = await startLabHost();
    ({ uuid } = await registerLab(labHost, lab));
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'browser-ops',
      '--replicas',
      '6',
      '--stop-grace-period',
      '1s',
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
    workerId = (await cli(['node', 'ls', '--filter', 'role=worker', '-q'])).trim().split('\n')[0]!;
    await eventually(async () => (await runningOn(workerId)) >= 2, { what: 'tasks on the worker' });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(page, labHost.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'browser-ops']).catch(() => {});
    await cli(['node', 'update', '--availability', 'active', workerId]).catch(() => {});
    await browser?.close();
    await labHost?.close();
  });

  it('drains a node from the overview: the confirm shows the tasks that will move, then the count reaches zero', async () => {
    await page.goto(`${labHost.url}/clusters/${uuid}`);
    const row = page.locator(`tr[data-node="${workerId}"]`);
    await row.locator('summary', { hasText: 'Actions' }).click();
    await row.getByRole('button', { name: 'Drain…' }).click();

    const confirm = row.locator('[data-drain-confirm]');
    await confirm.waitFor();
    const moving = Number(await confirm.locator('[data-tasks-moving]').textContent());
    expect(moving).toBe(await runningOn(workerId));
    expect(moving).toBeGreaterThan(0);

    const started = Date.now();
    await confirm.getByRole('button', { name: /^Drain / }).click();
    const progress = row.locator('[data-drain-progress]');
    await progress.waitFor();

    // Watch the count while the live table re-renders around the preserved panel.
    const seen: number[] = [];
    await eventually(
      async () => {
        const left = await page.locator(`tr[data-node="${workerId}"] [data-drain-progress]`).getAttribute('data-left', { timeout: 1000 });
        if (left !== null && seen.at(-1) !== Number(left)) seen.push(Number(left));
        return left === '0';
      },
      { what: 'the page to show no task left on the node', intervalMs: 200, timeoutMs: 60_000 },
    );
    const drainMs = Date.now() - started;
    await expect.poll(() => row.locator('[data-drain-progress]').textContent()).toMatch(/All tasks moved off/);
    expect(seen.at(-1)).toBe(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(moving);
    expect(await runningOn(workerId)).toBe(0);
    // The live table shows the new availability and no task on the node.
    await expect.poll(() => row.locator('[data-field="availability"]').textContent(), { timeout: 10_000 }).toMatch(/drain/);
    await expect.poll(() => row.locator('[data-field="tasks"]').textContent(), { timeout: 10_000 }).toMatch(/^\s*0\s*$/);
    console.info(`browser drain: ${moving} tasks, counts seen ${seen.join(' -> ')}, zero after ${drainMs} ms`);

    // Activate brings it back.
    await row.locator('summary', { hasText: 'Actions' }).click();
    await row.getByRole('button', { name: 'Activate' }).click();
    await row.locator('.cl-op-panel', { hasText: 'is active again' }).waitFor();
    expect(JSON.parse(await cli(['node', 'inspect', workerId, '--format', '{{json .Spec.Availability}}']))).toBe('active');
    await expect.poll(() => row.locator('[data-field="availability"]').textContent(), { timeout: 10_000 }).toMatch(/active/);
    expect(pageErrors).toEqual([]);
  });

  it('scales a service from the services page and shows the update until it converges', async () => {
    const serviceId = (await cli(['service', 'inspect', 'browser-ops', '--format', '{{.ID}}'])).trim();
    await page.goto(`${labHost.url}/clusters/${uuid}/services`);
    const actions = page.locator(`[data-service-actions="${serviceId}"]`);
    await actions.getByRole('button', { name: 'Actions' }).click();
    await actions.locator('input[name="replicas"]').fill('2');
    await actions.getByRole('button', { name: 'Scale' }).click();
    const progress = page.locator(`[data-service-progress="${serviceId}"]`);
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-settled'), { timeout: 60_000 }).toBe('true');
    expect(await progress.getAttribute('data-phase')).toBe('converged');
    expect((await cli(['service', 'ls', '--filter', 'name=browser-ops', '--format', '{{.Replicas}}'])).trim()).toBe('2/2');
    expect(pageErrors).toEqual([]);
  });
});
