/**
 * The swarm deploy form in a real browser (Debian's chromium through playwright-core), on the reference host's
 * application page with the lab swarm registered: a bad value gets its message beside the field (htmx, with the
 * host's CSRF header), rows are added with alpine, the YAML tab shows the produced mapping, and a deploy lands
 * on the swarm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostApp, type HostApp } from '../host/app.ts';
import { createLogger } from '../host/logger.ts';
import { labServers } from '../lab/lab.ts';
import { createClustersPlugin } from '../src/index.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager, requireLab } from './support/test-lab.ts';

const OWNER = { email: 'owner@example.com', password: 'owner-password-1', token: 'hp_deploy-browser-token-0123456789abcdef' };

describe('swarm deploy form in the browser', () => {
  let dataDir: string;
  let host: HostApp;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let page: Page;
  let uuid: string;

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${OWNER.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  beforeAll(async () => {
    const state = requireLab();
    dataDir = mkdtempSync(join(tmpdir(), 'deploy-browser-'));
    host = await createHostApp({ dataDir, admin: OWNER, plugin: createClustersPlugin, logger: createLogger({ level: 'silent' }) });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: host.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let managerServerId = '';
    for (const { node: _node, ...server } of labServers(state)) {
      const created = await api('POST', '/api/v1/servers', server);
      if (server.swarmManager) managerServerId = created.body.id;
    }
    expect((await api('POST', '/api/v1/clusters/detect')).status).toBe(200);
    uuid = (await api('POST', '/api/v1/applications', { name: 'browser-app', serverId: managerServerId })).body.uuid;

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.goto(`${url}/login`);
    await page.fill('#email', OWNER.email);
    await page.fill('#password', OWNER.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  });

  afterAll(async () => {
    if (uuid) await cli(['service', 'rm', `${uuid}_app`]).catch(() => {});
    if (uuid) await eventually(() => cli(['network', 'rm', `${uuid}_default`]).then(() => true), { what: 'the stack network to go', timeoutMs: 30_000 }).catch(() => {});
    await browser?.close();
    if (server) {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await host?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
  });
});
