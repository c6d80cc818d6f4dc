/**
 * The swarm deploy form in a real browser (Debian's chromium through playwright-core), on the reference host's
 * application page with the lab swarm registered: a bad value gets its message beside the field (htmx, with the
 * host's CSRF header), rows are added with alpine, the YAML tab shows the produced mapping, and a deploy lands
 * on the swarm.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

describe('swarm deploy form in the browser', () => {
  let labHost: LabHost;
  let url: string;
  let browser: Browser;
  let page: Page;
  let uuid: string;
  let clusterUuid: string;

  beforeAll(async () => {
    labHost = await startLabHost();
    url = labHost.url;
    const registered = await registerLab(labHost, lab);
    const serverIds = registered.serverIds;
    clusterUuid = registered.uuid;
    uuid = (await labHost.api('POST', '/api/v1/applications', { name: 'browser-app', serverId: serverIds[manager().name] })).body.uuid;

    browser = await launchChromium();
    page = await browser.newPage();
    await logIn(page, url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    if (uuid) await cli(['service', 'rm', `${uuid}_app`]).catch(() => {});
    if (uuid)
      await eventually(() => cli(['network', 'rm', `${uuid}_default`]).then(() => true), { what: 'the stack network to go', timeoutMs: 30_000 }).catch(
        () => {},
      );
    await browser?.close();
    await labHost?.close();
  });

  it('shows a field error, then deploys the corrected form', async () => {
    const before = await cli(['service', 'ls', '--format', '{{.Name}}']);
    await page.goto(`${url}/applications/${uuid}`);
    const form = page.locator('#swarm-deploy #cl-swarm-deploy');
    await expect(form.locator('#cl-swarm-replicas').inputValue()).resolves.toBe('1');

    await form.locator('#cl-swarm-replicas').fill('-1');
    await form.locator('#cl-swarm-updateConfig-delay').fill('10 parsecs');
    await form.getByRole('button', { name: 'Save and deploy' }).click();
    await expect(page.locator('#cl-swarm-replicas-message').textContent()).resolves.toBe('must be a whole number between 0 and 1000');
    await expect(page.locator('#cl-swarm-updateConfig-delay-message').textContent()).resolves.toContain('"10 parsecs" is not a duration');
    expect(await page.locator('#cl-swarm-replicas').getAttribute('aria-invalid')).toBe('true');
    expect(await cli(['service', 'ls', '--format', '{{.Name}}'])).toBe(before);

    // Correct the fields; add a constraint row in the browser (alpine) and fill it.
    await page.locator('#cl-swarm-replicas').fill('2');
    await page.locator('#cl-swarm-updateConfig-delay').fill('1s');
    await page.getByRole('button', { name: 'Add constraint' }).click();
    await page.getByLabel('New constraint field').fill('node.role');
    await page.getByLabel('New constraint value').fill('worker');
    await page.locator('#cl-swarm-workerOnly').check();

    // The YAML tab shows what the saved form produces (after a save, the server renders it).
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.cl-notice-ok', { hasText: 'Saved.' }).waitFor();
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.locator('#cl-swarm-yaml-deploy').inputValue();
    expect(yaml).toMatch(/^mode: replicated\nreplicas: 2\nplacement:\n {2}constraints:\n {4}- node.role == worker\n(?! {4}- node.role)/);
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByRole('button', { name: 'Save and deploy' }).click();
    await page.locator('#cl-swarm-result .cl-notice-ok').waitFor();
    expect(await page.locator('#cl-swarm-result').textContent()).toContain(`Created service ${uuid}_app`);

    const spec = JSON.parse(await cli(['service', 'inspect', `${uuid}_app`, '--format', '{{json .Spec}}'])) as {
      Mode: unknown;
      TaskTemplate: { Placement: { Constraints: string[] } };
      UpdateConfig: { Delay: number };
    };
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(['node.role == worker']);
    expect(spec.UpdateConfig.Delay).toBe(1e9);

    // The application's stack (named by its uuid) is one of the cluster's stacks.
    await page.goto(`${url}/clusters/${clusterUuid}/stacks`);
    await page.locator(`#cl-stacks tr[data-stack="${uuid}"]`).waitFor();
  });
});
