/**
 * The Secrets section in Debian's chromium against the lab swarm: a secret created from the form appears in the
 * list, its removal is refused while a service uses it (the service named), and a rotation started from the row
 * shows its steps moving until the service is on `-v2`; the docker CLI agrees, and the values never show in the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE } from '../lab/lab.ts';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const FIRST = 'browser-first-value-7f3a';
const SECOND = 'browser-second-value-9c1d';

describe('the secrets page in chromium', () => {
  let labHost: LabHost;
  let browser: Browser;
  let page: Page;
  let uuid: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    labHost = await startLabHost();
    ({ uuid } = await registerLab(labHost, lab));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(page, labHost.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'browser-secret-app']).catch(() => '');
    await cli(['secret', 'rm', 'browser-pw', 'browser-pw-v2']).catch(() => '');
    await browser?.close();
    await labHost?.close();
  });

  it('creates a secret from the form, refuses to remove it while used, and rotates it watching the steps', async () => {
    await page.goto(`${labHost.url}/clusters/${uuid}/secrets`);
    await page.fill('#cl-new-secret-name', 'browser-pw');
    await page.fill('#cl-new-secret-content', FIRST);
    await page.fill('#cl-new-secret-labels', 'tier=db');
    await page.getByRole('button', { name: 'Create secret' }).click();
    await expect.poll(() => page.locator('#cl-new-secret-form .cl-notice').textContent()).toContain('browser-pw was created.');
    // The live list re-renders on its own after the write.
    const row = page.locator('tr[data-object="browser-pw"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('tier=db');
    expect(await page.inputValue('#cl-new-secret-content')).toBe('');
    expect((await cli(['secret', 'ls', '--format', '{{.Name}}'])).split('\n')).toContain('browser-pw');

    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'browser-secret-app',
      '--replicas',
      '1',
      '--stop-grace-period',
      '1s',
      '--update-delay',
      '0s',
      '--update-monitor',
      '1s',
      '--secret',
      'source=browser-pw,target=pw,mode=0400',
      LAB_IMAGE,
      'sleep',
      '3600',
    ]);
    await page.reload();
    await expect.poll(() => page.locator('tr[data-object="browser-pw"]').textContent()).toContain('browser-secret-app');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-object="browser-pw"]').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.locator('#cl-object-notice').textContent()).toContain('is used by browser-secret-app');

    await page.locator('tr[data-object="browser-pw"]').getByRole('button', { name: 'Rotate…' }).click();
    await page.fill('#cl-rotate-secret-content', SECOND);
    await page.getByRole('button', { name: 'Start rotation' }).click();
    const panel = page.locator('#cl-rotation-panel');
    await panel.waitFor();

    // Watch the steps as the panel polls the rotation record: each state it passes through, in order.
    const seen: string[] = [];
    await eventually(
      async () => {
        // One read of the panel: it is swapped whole every second.
        const shown = await panel.evaluate((el) => ({
          status: el.getAttribute('data-status'),
          steps: [...el.querySelectorAll('li.cl-step')].map((li) => li.className.replace('cl-step cl-step-', '')).join(','),
        }));
        if (seen.at(-1) !== shown.steps) seen.push(shown.steps);
        return shown.status === 'completed';
      },
      { what: 'the rotation to complete on the page', intervalMs: 100, timeoutMs: 90_000 },
    );
    expect(seen.at(-1)).toBe('done,done,done');
    expect(seen.length).toBeGreaterThan(1);
    expect(await panel.textContent()).toContain('Move browser-secret-app to browser-pw-v2 — 1/1 tasks on the new spec');

    await expect.poll(() => page.locator('tr[data-object="browser-pw-v2"]').count()).toBe(1);
    await expect.poll(() => page.locator('tr[data-object="browser-pw"]').count()).toBe(0);
    expect(await page.locator('.cl-rotations').textContent()).toContain('completed');
    const refs = JSON.parse(await cli(['service', 'inspect', 'browser-secret-app', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Secrets}}']));
    expect(refs).toMatchObject([{ SecretName: 'browser-pw-v2', File: { Name: 'pw', Mode: 0o400 } }]);

    const html = await page.content();
    expect(html).not.toContain(FIRST);
    expect(html).not.toContain(SECOND);
    expect(pageErrors).toEqual([]);
  });
});
