/**
 * The Stacks section in a real browser (Debian's chromium through playwright-core) on the reference host with
 * the lab swarm registered: a compose file pasted with variables is checked (its warning shown before anything
 * is deployed), deployed with per-service progress until it converged, listed, and removed from its page with
 * what was removed listed; the swarm read with the docker CLI at each step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const STACK = 'brstack';
const COMPOSE = `version: "3.8"
services:
  web:
    image: \${IMAGE}
    command: sleep 3600
    stop_grace_period: 1s
    depends_on: [db]
    deploy:
      replicas: 2
  db:
    image: lab/busybox:latest
    command: sleep 3600
    stop_grace_period: 1s
    secrets: [token]
secrets:
  token:
    environment: TOKEN
`;
const TOKEN = 'browser-token-5d1e';

const names = async (kind: 'service' | 'network' | 'secret') =>
  (await cli([kind, 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}}'])).split('\n').filter(Boolean).sort();

describe('stacks in the browser', () => {
  let labHost: LabHost;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    labHost = await startLabHost();
    const { uuid } = await registerLab(labHost, lab);
    base = `${labHost.url}/clusters/${uuid}`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await logIn(page, labHost.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await cli(['stack', 'rm', STACK]).catch(() => {});
    await browser?.close();
    await labHost?.close();
  });

  it('checks a pasted file (its warning shown), deploys it until converged, then removes it', async () => {
    await page.goto(`${base}/stacks`);
    await expect(page.locator('.cl-nav a[aria-current="page"]').textContent()).resolves.toBe('Stacks');
    await page.locator('#cl-stack-name').fill(STACK);
    await page.locator('#cl-stack-compose').fill(COMPOSE);
    await page.locator('#cl-stack-env').fill(`IMAGE=lab/busybox:latest\nTOKEN=${TOKEN}`);

    await page.getByRole('button', { name: 'Check' }).click();
    const preview = page.locator('#cl-stack-result .cl-stack-preview');
    await preview.waitFor();
    expect(await preview.locator('.cl-notice-warn').innerText()).toContain('services.web.depends_on: ignored');
    expect(await preview.innerText()).toContain(`${STACK}_db, ${STACK}_web`);
    expect(await names('service')).toEqual([]);

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.locator('#cl-stack-result .cl-stack-deployed').waitFor();
    expect(await page.locator('#cl-stack-result').innerText()).toContain(`created services: ${STACK}_db, ${STACK}_web`);
    expect(await page.locator('#cl-stack-result').innerText()).not.toContain(TOKEN);
    // The progress panel asks again until every service converged.
    await page.locator(`#cl-stack-progress-${STACK}[data-state="converged"]`).waitFor({ timeout: 90_000 });
    expect(await names('service')).toEqual([`${STACK}_db`, `${STACK}_web`]);

    await page.goto(`${base}/stacks`);
    await page.locator(`#cl-stacks tr[data-stack="${STACK}"]`).waitFor();
    await page.locator(`#cl-stacks tr[data-stack="${STACK}"] a`).click();
    await page.locator('#cl-stack-services').waitFor();
    expect(await page.locator('#cl-stack-live').innerText()).toContain(`${STACK}_token`);
    await eventually(async () => (await page.locator('#cl-stack-live tr[data-task]').count()) >= 3, { what: 'the stack page to list its tasks' });

    await page.getByRole('button', { name: 'Remove stack' }).click();
    const removed = page.locator('#cl-stack-removed .cl-notice-ok');
    await removed.waitFor();
    expect(await removed.innerText()).toContain(`removed services: ${STACK}_db, ${STACK}_web`);
    expect(await removed.innerText()).toContain(`removed secrets: ${STACK}_token`);
    expect(await names('service')).toEqual([]);
    expect(await names('secret')).toEqual([]);
  });
});
