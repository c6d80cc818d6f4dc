/**
 * Notifications of swarm transitions on the lab, through the reference host's webhook channel to a receiver on
 * 127.0.0.1: one per transition while the cluster is already degraded, none repeated across a restart of the
 * panel, a bounded number for a flapping node; and the per-cluster settings that make this quick (a 5 s sync,
 * a 5 s grace period). The swarm's heartbeat is shortened so a lost node is marked down in seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE, labFault, labOptions } from '../lab/lab.ts';
import { type LabHost, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';
import { type Delivered, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

const SHORT = 'ntf-short';
const UPDATE = 'ntf-update';
/** Five flaps take seconds on a quiet machine, a minute or more on a busy one: the window must not decide. */
const FLAP_WINDOW_SECONDS = 600;

describe('notifications of swarm transitions', () => {
  const delivered: Delivered[] = [];
  let receiver: WebhookReceiver;
  let panel: LabHost;
  let dataDir: string;
  let uuid: string;
  let stoppedWorker: string;
  let flappingWorker: string;

  const count = (event: string, subject?: string) =>
    delivered.filter((d) => d.event === event && (subject === undefined || d.data.nodeName === subject || d.data.serviceName === subject)).length;

  const lastSyncAt = async () => (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data.metadata.lastSyncAt as string | null;

  /** Waits until the periodic sync has run `n` more times (so a repeat, if any, would have been sent). */
  async function syncs(n: number): Promise<string[]> {
    const seen = [await lastSyncAt()];
    await eventually(
      async () => {
        const at = await lastSyncAt();
        if (at !== seen.at(-1)) seen.push(at);
        return seen.length > n;
      },
      { timeoutMs: 30_000 + n * 10_000, intervalMs: 250, what: `${n} syncs` },
    );
    return seen.slice(1) as string[];
  }

  const arrived = (event: string, subject: string, what = `${event} of ${subject}`) =>
    eventually(async () => count(event, subject) > 0, { timeoutMs: 90_000, intervalMs: 250, what });

  beforeAll(async () => {
    stoppedWorker = lab.nodes.filter((n) => n.role === 'worker')[0]!.name;
    flappingWorker = lab.nodes.filter((n) => n.role === 'worker')[1]!.name;
    // A lost node is marked down after a few heartbeats: 1 s instead of 5 s.
    await cli(['swarm', 'update', '--dispatcher-heartbeat', '1s']);

    receiver = await startWebhookReceiver((d) => delivered.push(d));

    dataDir = mkdtempSync(join(tmpdir(), 'ntf-panel-'));
    panel = await startLabHost({ dataDir, pluginSettings: { flapWindowSeconds: FLAP_WINDOW_SECONDS } });
    ({ uuid } = await registerLab(panel, lab));
    const hook = await panel.api('POST', '/api/v1/notification-channels', { url: receiver.url });
    expect(hook.status).toBe(201);
    // Good news is digested by default; this team wants it at once.
    const prefs = await panel.api('PUT', '/api/v1/clusters/notification-preferences', { 'node.ready': 'immediate', 'service.recovered': 'immediate' });
    expect(prefs.status).toBe(200);
    const patched = await panel.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { syncIntervalSeconds: 5, shortServiceGraceSeconds: 5 } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.settings).toMatchObject({ syncIntervalSeconds: 5, shortServiceGraceSeconds: 5, eventRetentionDays: 7 });
    expect(patched.body.data.changedSettings.sort()).toEqual(['shortServiceGraceSeconds', 'syncIntervalSeconds']);
  });

  afterAll(async () => {
    await cli(['service', 'rm', SHORT, UPDATE]).catch(() => {});
    await labFault(labOptions(lab), flappingWorker, 'heal').catch(() => {});
    await labFault(labOptions(lab), stoppedWorker, 'engine-start').catch(() => {});
    await cli(['swarm', 'update', '--dispatcher-heartbeat', '5s']).catch(() => {});
    await panel?.close();
    receiver?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses invalid settings naming the field, and syncs a cluster set to 5 s about every 5 s', async () => {
    const tooShort = await panel.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { syncIntervalSeconds: 2 } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error).toMatchObject({ code: 'validation_failed', message: 'settings.syncIntervalSeconds: syncIntervalSeconds is at least 5 s' });
    const notBoolean = await panel.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { autoLinkNodes: 'yes' } });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.error.message).toMatch(/^settings\.autoLinkNodes: /);
    expect((await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data.settings.syncIntervalSeconds).toBe(5);

    const times = (await syncs(4)).map((t) => Date.parse(t));
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(3.5);
      expect(gap).toBeLessThanOrEqual(8);
    }
  });

  it('says once that a service cannot be placed, after the grace period', async () => {
    await cli(['service', 'create', '--detach', '--name', SHORT, '--constraint', 'node.labels.ntf==nowhere', LAB_IMAGE, 'sleep', '3600']);
    await arrived('service.short', SHORT);
    const short = delivered.find((d) => d.event === 'service.short')!;
    expect(short.title).toBe(
      `Service ${SHORT} is below its desired replicas in cluster ${(await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data.name}`,
    );
    expect(short.link).toBe(`/clusters/${uuid}/services?q=${SHORT}`);
    expect(short.data).toMatchObject({ clusterUuid: uuid, serviceName: SHORT, running: 0, desired: 1 });
    expect(short.data.shortSeconds).toBeGreaterThanOrEqual(5);
    await syncs(2);
    expect(count('service.short', SHORT)).toBe(1);
  });

  // Its waits: two notifications (90 s each) and two rounds of two syncs (50 s each), across a restart of the panel.
  it('says a worker is down exactly once while the cluster is already degraded, across a restart of the panel, and ready once', {
    timeout: 360_000,
  }, async () => {
    expect((await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data.status).toBe('degraded');
    const degradedBefore = count('cluster.degraded');
    await labFault(labOptions(lab), stoppedWorker, 'engine-stop');
    await arrived('node.down', stoppedWorker);
    const down = delivered.find((d) => d.event === 'node.down' && d.data.nodeName === stoppedWorker)!;
    expect(down).toMatchObject({ title: expect.stringContaining(`Node ${stoppedWorker} is down`), link: `/clusters/${uuid}` });
    expect(down.data).toMatchObject({ nodeName: stoppedWorker, nodeId: expect.any(String), status: 'down' });

    await panel.close();
    panel = await startLabHost({ dataDir, pluginSettings: { flapWindowSeconds: FLAP_WINDOW_SECONDS } });
    await syncs(2);
    expect(count('node.down', stoppedWorker)).toBe(1);
    expect(count('service.short', SHORT)).toBe(1);
    // Still degraded, for one more reason: not a new cluster transition.
    expect(count('cluster.degraded')).toBe(degradedBefore);

    await labFault(labOptions(lab), stoppedWorker, 'engine-start');
    await arrived('node.ready', stoppedWorker);
    await syncs(2);
    expect(count('node.ready', stoppedWorker)).toBe(1);
    expect(count('node.down', stoppedWorker)).toBe(1);
  });

  it("says once that a rolling update paused, with Docker's message", async () => {
    await cli(['service', 'create', '--detach', '--name', UPDATE, '--restart-delay', '1s', LAB_IMAGE, 'sleep', '3600']);
    await eventually(async () => (await cli(['service', 'ls', '--filter', `name=${UPDATE}`, '--format', '{{.Replicas}}'])).trim() === '1/1', {
      timeoutMs: 60_000,
      what: `${UPDATE} running`,
    });
    await cli(['service', 'update', '--detach', '--update-failure-action', 'pause', '--update-monitor', '3s', '--args', 'false', UPDATE]);
    await arrived('service.update_paused', UPDATE);
    const paused = delivered.find((d) => d.event === 'service.update_paused')!;
    const docker = (await cli(['service', 'inspect', UPDATE, '--format', '{{.UpdateStatus.Message}}'])).trim();
    expect(docker).toMatch(/paused/);
    expect(paused.data).toMatchObject({ serviceName: UPDATE, updateState: 'paused', message: docker });
    expect(paused.message).toContain(docker);
    await syncs(2);
    expect(count('service.update_paused', UPDATE)).toBe(1);
  });

  // Each down lasts about a second (healed as soon as the swarm says Down): shorter than a look at the lists, so
  // the panel counts the changes the event stream reports.
  // Its waits: the node seen down five times (60 s each), the flapping notification (90 s) and two syncs (50 s).
  it('bounds the notifications of a flapping node and says once that it flaps', { timeout: 480_000 }, async () => {
    const options = labOptions(lab);
    const before = count('node.down', flappingWorker) + count('node.ready', flappingWorker);
    for (let i = 0; i < 5; i++) {
      await labFault(options, flappingWorker, 'partition');
      await eventually(async () => (await cli(['node', 'ls', '--filter', `name=${flappingWorker}`, '--format', '{{.Status}}'])).trim() === 'Down', {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `${flappingWorker} down (${i + 1})`,
      });
      await labFault(options, flappingWorker, 'heal');
    }
    await arrived('node.flapping', flappingWorker);
    await syncs(2);
    const changes = count('node.down', flappingWorker) + count('node.ready', flappingWorker) - before;
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThanOrEqual(4);
    expect(count('node.flapping', flappingWorker)).toBe(1);
    expect(delivered.find((d) => d.event === 'node.flapping')!.data).toMatchObject({ changes: 5, windowSeconds: FLAP_WINDOW_SECONDS });
  });
});
