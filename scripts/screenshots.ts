/**
 * `npm run screenshots`: PNGs of every page of the plugin against a real lab swarm, into docs/screenshots/
 * (for the README and for review). It brings up (or reuses) a lab, deploys a small showcase workload, runs
 * the reference host with the plugin on 127.0.0.1, registers the lab's nodes as servers, detects the
 * cluster and drives Debian's chromium through the pages as the owner.
 *
 * Env: SHOTS_LAB_NAME (default swl-shots), SHOTS_LAB_SUBNET (default 10.231.80); KEEP_LAB=1 leaves a lab it
 * brought up running; SERVE=1 keeps the panel running after the screenshots (it prints the URL and login).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  LAB_IMAGE,
  type LabOptions,
  type LabStackService,
  type LabState,
  labDocker,
  labDown,
  labStackCompose,
  labSupported,
  labUp,
  runningLab,
} from '../lab/lab.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { logIn, OWNER, registerLab, startLabHost } from '../test/support/lab-host.ts';
import { eventually } from '../test/support/plugin-fixture.ts';

const LAB: LabOptions = { name: process.env.SHOTS_LAB_NAME ?? 'swl-shots', subnet: process.env.SHOTS_LAB_SUBNET ?? '10.231.80' };
const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;

/** A few stacks and services, node labels, and one service no node can take, so every state shows. */
async function deployShowcase(lab: LabState, applicationUuid: string): Promise<void> {
  const manager = lab.nodes.find((n) => n.role === 'manager')!;
  const docker = (args: string[], input?: string) => labDocker(lab, manager.name, args, input ? { input } : undefined);
  // Applications of earlier runs (a reused lab) are stacks named by a uuid this panel does not know.
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const old of (await docker(['stack', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => uuid.test(name) && name !== applicationUuid)) {
    await docker(['stack', 'rm', old]);
  }
  const existing = new Set((await docker(['service', 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean));
  const stack = (name: string, services: Record<string, LabStackService>) =>
    docker(['stack', 'deploy', '--compose-file', '-', name], labStackCompose(services));
  if (!existing.has('shop_web')) {
    await stack('shop', {
      web: { replicas: 3, command: 'httpd -f -p 8080' },
      worker: { replicas: 2, command: 'sleep 86400' },
      cache: { replicas: 1, command: 'sleep 86400' },
    });
  }
  if (!existing.has(`${applicationUuid}_app`)) await stack(applicationUuid, { app: { replicas: 2, command: 'sleep 86400' } });
  const create = async (name: string, args: string[]) => {
    if (!existing.has(name)) await docker(['service', 'create', '--detach', '--name', name, ...args]);
  };
  await create('node-agent', ['--mode', 'global', LAB_IMAGE, 'sleep', '86400']);
  await create('api', ['--replicas', '4', '--label', 'tier=backend', '--label', 'team=payments', LAB_IMAGE, 'sleep', '86400']);
  await create('gpu-batch', ['--replicas', '2', '--constraint', 'node.labels.gpu==true', LAB_IMAGE, 'sleep', '86400']);
  const zones = ['eu-1a', 'eu-1b', 'eu-1c'];
  for (const [i, node] of lab.nodes.filter((n) => n.role !== 'none').entries()) {
    const hostname = (await labDocker(lab, node.name, ['info', '--format', '{{.Name}}'])).trim();
    await docker(['node', 'update', '--label-add', `zone=${zones[i % zones.length]}`, hostname]);
  }
}

async function shoot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: opts.fullPage ?? true });
  console.log(`  docs/screenshots/${name}.png`);
}

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.htmx-request, [aria-busy="true"]'), undefined, { timeout: 30_000 });
}

async function main(): Promise<void> {
  const supported = labSupported();
  if (!supported.ok) throw new Error(`screenshots need the lab: ${supported.reason}`);
  mkdirSync(OUT, { recursive: true });
  let lab = await runningLab(LAB);
  const ownLab = !lab;
  if (!lab) {
    console.log(`bringing up lab ${LAB.name} (5 nodes, 3 managers)`);
    lab = await labUp({ ...LAB, nodes: 5, managers: 3 });
  }
  const panel = await startLabHost();
  try {
    const { uuid, serverIds } = await registerLab(panel, lab);
    const manager = lab.nodes.find((n) => n.role === 'manager')!;
    const app = await panel.api('POST', '/api/v1/applications', { name: 'hello-swarm', serverId: serverIds[manager.name] });
    await deployShowcase(lab, app.body.uuid);
    await eventually(
      async () => {
        const services = (await panel.api('GET', `/api/v1/clusters/${uuid}/services`)).body.data as {
          name: string;
          replicasRunning: number;
          replicasDesired: number;
        }[];
        return services.length >= 7 && services.filter((s) => s.name !== 'gpu-batch').every((s) => s.replicasRunning === s.replicasDesired);
      },
      { timeoutMs: 120_000, what: 'the showcase services to converge' },
    );
    await panel.api('POST', `/api/v1/clusters/${uuid}/sync`);

    const browser = await launchChromium();
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        await logIn(page, panel.url, OWNER.email, OWNER.password);
        const suffix = scheme === 'dark' ? '-dark' : '';
        console.log(`${scheme}:`);
        await page.goto(`${panel.url}/clusters`);
        await settled(page);
        await shoot(page, `cluster-list${suffix}`);
        await page.goto(`${panel.url}/clusters/${uuid}`);
        await settled(page);
        await shoot(page, `overview${suffix}`);
        await page.goto(`${panel.url}/clusters/${uuid}/services`);
        await settled(page);
        await page.click('tbody[data-name="shop_web"] .cl-expander');
        await page.waitForSelector('tbody[data-name="shop_web"] .cl-tasks-row');
        await shoot(page, `services${suffix}`);
        await page.goto(`${panel.url}/clusters/${uuid}/visualizer`);
        await settled(page);
        await page.click('.cl-block[data-service="api"]');
        await page.waitForSelector('#cl-task-details .cl-task-details');
        await shoot(page, `visualizer-grid${suffix}`, { fullPage: false });
        await page.goto(`${panel.url}/clusters/${uuid}/visualizer?view=topology`);
        await settled(page);
        await shoot(page, `visualizer-topology${suffix}`);
        await page.goto(`${panel.url}/clusters/${uuid}/events`);
        await settled(page);
        await shoot(page, `events${suffix}`);
        await page.goto(`${panel.url}/applications/${app.body.uuid}`);
        await settled(page);
        await shoot(page, `application-tasks${suffix}`);
        if (scheme === 'light') {
          await page.goto(`${panel.url}/clusters`);
          await page.click('#cl-create-form button[type=submit]');
          await page.waitForSelector('#cl-create-form .cl-field-error');
          await page.locator('#cl-create-form').screenshot({ path: join(OUT, 'create-form-errors.png') });
          console.log('  docs/screenshots/create-form-errors.png');
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
    if (process.env.SERVE === '1') {
      console.log(`panel on ${panel.url} — ${OWNER.email} / ${OWNER.password}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await panel.close();
    if (ownLab && process.env.KEEP_LAB !== '1') await labDown(LAB);
  }
}

await main();
