/**
 * Notifications of the plugin's own work on the lab, through the reference host's webhook channel to a receiver on
 * 127.0.0.1: a secret rotation the panel was stopped in the middle of is picked up by the restarted panel's sync,
 * without anyone clicking resume, and finishes (one `rotation.finished`); one whose service's update paused while
 * the panel was down is stopped and announced (one `rotation.stopped`, with the reason); and a stack deploy that
 * fails (Docker refuses it, or its service cannot start) is announced once each (`stack.deploy_failed`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE } from '../lab/lab.ts';
import { type LabHost, registerLab, startLabHost } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';
import { type Delivered, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

const SETTINGS = { rotationConvergeSeconds: 90, stackDeployWatchSeconds: 120 };
const ROTATED = 'wn-rotated';
const PAUSING = 'wn-pausing';
const PORT_TAKER = 'wn-port';
const STACKS = ['wn-refused', 'wn-noimage'];

// A rotation's waits add up to about 300 s (its service running, moved, the rotation ended, its notification, two
// syncs) across restarts of the panel: past the tier's timeout.
describe("notifications of the plugin's own work", { timeout: 360_000 }, () => {
  const delivered: Delivered[] = [];
  let receiver: WebhookReceiver;
  let panel: LabHost;
  let dataDir: string;
  let uuid: string;
  let clusterName: string;

  const of = (event: string, key: string, value: string) => delivered.filter((d) => d.event === event && d.data[key] === value);
  const lastSyncAt = async () => (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data.metadata.lastSyncAt as string | null;

  /** Waits until the periodic sync has run twice more (so a repeat, if any, would have been sent). */
  async function twoSyncs(): Promise<void> {
    const seen = [await lastSyncAt()];
    await eventually(
      async () => {
        const at = await lastSyncAt();
        if (at !== seen.at(-1)) seen.push(at);
        return seen.length > 2;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'two syncs' },
    );
  }

  const restart = async () => {
    await panel.close();
    panel = await startLabHost({ dataDir, pluginSettings: SETTINGS });
  };

  const secretsOf = async (service: string) =>
    (await cli(['service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}', service])).trim();
  const versions = async (family: string) =>
    (await cli(['secret', 'ls', '--format', '{{.Name}}']))
      .split('\n')
      .filter((name) => name === family || name.startsWith(`${family}-v`))
      .sort();
  const running = (service: string, replicas: number) =>
    eventually(async () => (await cli(['service', 'ls', '--filter', `name=${service}`, '--format', '{{.Replicas}}'])).trim() === `${replicas}/${replicas}`, {
      timeoutMs: 60_000,
      what: `${service} running`,
    });

  /** Starts rotating `family` to `value` and returns the rotation's API path once the service runs on `-v2`. */
  async function rotateUntilMoved(family: string, service: string, value: string): Promise<string> {
    const started = await panel.api('POST', `/api/v1/clusters/${uuid}/secrets/${family}/rotate`, { value });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await eventually(async () => (await secretsOf(service)) === `${family}-v2`, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `${service} moved to ${family}-v2`,
    });
    return `/api/v1/clusters/${uuid}/rotations/${started.body.data.id}`;
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver((d) => delivered.push(d));
    dataDir = mkdtempSync(join(tmpdir(), 'wn-panel-'));
    panel = await startLabHost({ dataDir, pluginSettings: SETTINGS });
    ({ uuid } = await registerLab(panel, lab));
    const hook = await panel.api('POST', '/api/v1/notification-channels', { url: receiver.url });
    expect(hook.status).toBe(201);
    // A restarted panel's first sync comes at once; later ones every 5 s.
    const patched = await panel.api('PATCH', `/api/v1/clusters/${uuid}`, { settings: { syncIntervalSeconds: 5 } });
    expect(patched.status).toBe(200);
    clusterName = patched.body.data.name;
  });

  afterAll(async () => {
    await cli(['service', 'rm', ROTATED, PAUSING, PORT_TAKER]).catch(() => {});
    for (const stack of STACKS) await panel?.api('DELETE', `/api/v1/clusters/${uuid}/stacks/${stack}`).catch(() => {});
    await panel?.close();
    receiver?.close();
    await eventually(
      async () => {
        const left = [...(await versions('wn-pw')), ...(await versions('wn-key'))];
        if (left.length) await cli(['secret', 'rm', ...left]).catch(() => undefined);
        return (await versions('wn-pw')).length + (await versions('wn-key')).length === 0;
      },
      { timeoutMs: 60_000, what: 'the rotated secrets removed once their services are gone' },
    );
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a rotation the panel stopped in the middle of is resumed by the restarted panel without a click, and finishes once', async () => {
    expect((await panel.api('POST', `/api/v1/clusters/${uuid}/secrets`, { name: 'wn-pw', value: 'first value' })).status).toBe(201);
    // Two replicas three seconds apart: the rolling update is under way when the panel stops.
    await cli(
      ['service', 'create', '--detach', '--name', ROTATED, '--replicas', '2', '--update-delay', '3s', '--stop-grace-period', '1s'].concat([
        '--secret',
        'wn-pw',
        LAB_IMAGE,
        'sleep',
        '86400',
      ]),
    );
    await running(ROTATED, 2);
    const rotation = await rotateUntilMoved('wn-pw', ROTATED, 'second value');
    await restart();
    // Stopped before it could remove the old version: the restarted panel has to finish it.
    expect(await versions('wn-pw')).toEqual(['wn-pw', 'wn-pw-v2']);

    await eventually(async () => (await panel.api('GET', rotation)).body.data.status === 'completed', { timeoutMs: 90_000, what: 'the rotation completed' });
    expect(await versions('wn-pw')).toEqual(['wn-pw-v2']);
    await eventually(async () => of('rotation.finished', 'family', 'wn-pw').length > 0, { timeoutMs: 30_000, what: 'rotation.finished delivered' });
    await twoSyncs();
    expect(of('rotation.finished', 'family', 'wn-pw')).toHaveLength(1);
    expect(of('rotation.stopped', 'family', 'wn-pw')).toHaveLength(0);
    const finished = of('rotation.finished', 'family', 'wn-pw')[0]!;
    expect(finished).toMatchObject({
      title: `The rotation of secret wn-pw finished in cluster ${clusterName}`,
      message: 'Every service that used wn-pw uses wn-pw-v2 now, and wn-pw was removed.',
      link: `/clusters/${uuid}/secrets`,
    });
    expect(finished.data).toMatchObject({ clusterUuid: uuid, kind: 'secret', family: 'wn-pw', from: 'wn-pw', to: 'wn-pw-v2', stopped: null });
    const events = (await panel.api('GET', `/api/v1/clusters/${uuid}/events?limit=100`)).body.data as { action: string }[];
    expect(events.filter((e) => e.action === 'secret.rotate.resume')).toHaveLength(1);
  });

  it("a rotation whose service's update paused while the panel was down is stopped and announced once, with the reason", async () => {
    expect((await panel.api('POST', `/api/v1/clusters/${uuid}/secrets`, { name: 'wn-key', value: 'good' })).status).toBe(201);
    // Its tasks check the secret four seconds in and exit unless it says good: a rotation to a bad value pauses its update.
    const command = 'sleep 4; grep -q good /run/secrets/wn-key && exec sleep 86400';
    await cli(
      ['service', 'create', '--detach', '--name', PAUSING, '--update-failure-action', 'pause', '--update-monitor', '15s', '--restart-delay', '1s'].concat([
        '--stop-grace-period',
        '1s',
        '--secret',
        'wn-key',
        LAB_IMAGE,
        'sh',
        '-c',
        command,
      ]),
    );
    await running(PAUSING, 1);
    const rotation = await rotateUntilMoved('wn-key', PAUSING, 'bad');
    await panel.close();
    // The pause must come while no panel runs, or the running panel would have stopped the rotation itself.
    const updateState = () => cli(['service', 'inspect', '--format', '{{.UpdateStatus.State}}', PAUSING]).then((s) => s.trim());
    expect(await updateState()).toBe('updating');
    await eventually(async () => (await updateState()) === 'paused', { timeoutMs: 60_000, what: `${PAUSING}'s update paused` });
    const docker = (await cli(['service', 'inspect', '--format', '{{.UpdateStatus.Message}}', PAUSING])).trim();
    panel = await startLabHost({ dataDir, pluginSettings: SETTINGS });

    await eventually(async () => (await panel.api('GET', rotation)).body.data.status === 'stopped', { timeoutMs: 60_000, what: 'the rotation stopped' });
    const stopped = (await panel.api('GET', rotation)).body.data as { summary: string; steps: { status: string; message: string | null }[] };
    expect(stopped.steps.find((s) => s.status === 'failed')!.message).toBe(`the update of ${PAUSING} paused: ${docker}`);
    expect(await versions('wn-key')).toEqual(['wn-key', 'wn-key-v2']);
    await eventually(async () => of('rotation.stopped', 'family', 'wn-key').length > 0, { timeoutMs: 30_000, what: 'rotation.stopped delivered' });
    await restart();
    await twoSyncs();
    expect(of('rotation.stopped', 'family', 'wn-key')).toHaveLength(1);
    const announced = of('rotation.stopped', 'family', 'wn-key')[0]!;
    expect(announced).toMatchObject({
      title: `The rotation of secret wn-key stopped in cluster ${clusterName}`,
      message: `${stopped.summary} Fix the cause and resume it from the secret's page.`,
      link: `/clusters/${uuid}/secrets`,
    });
    expect(announced.message).toContain(docker);
    expect(announced.data).toMatchObject({ clusterUuid: uuid, family: 'wn-key', from: 'wn-key', to: 'wn-key-v2', stopped: stopped.summary });
  });

  const deploy = (name: string, compose: string) => panel.api('POST', `/api/v1/clusters/${uuid}/stacks`, { name, compose });

  it("a stack deploy Docker refuses is announced once, with Docker's message", async () => {
    await cli(['service', 'create', '--detach', '--name', PORT_TAKER, '--publish', '18931:80', LAB_IMAGE, 'sleep', '86400']);
    await running(PORT_TAKER, 1);
    const refusedCompose = `services:\n  web:\n    image: ${LAB_IMAGE}\n    command: ["sleep", "86400"]\n    ports: ["18931:80"]\n`;
    const refused = await deploy('wn-refused', refusedCompose);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const docker = refused.body.error.message as string;
    expect(docker).toMatch(/already in use/);
    await eventually(async () => of('stack.deploy_failed', 'stack', 'wn-refused').length > 0, { timeoutMs: 30_000, what: 'stack.deploy_failed delivered' });
    await twoSyncs();
    const failed = of('stack.deploy_failed', 'stack', 'wn-refused');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      title: `The deploy of stack wn-refused failed in cluster ${clusterName}`,
      link: `/clusters/${uuid}/stacks`,
    });
    expect(failed[0]!.message).toContain(`Docker refused it: ${docker}`);
    expect(failed[0]!.data).toMatchObject({ clusterUuid: uuid, clusterName, stack: 'wn-refused', stage: 'refused', message: docker });

    // The kind is in the preferences (the settings panel lists the same), and a cluster that turns it off gets none.
    const prefs = `/api/v1/clusters/${uuid}/notification-preferences`;
    const listed = (await panel.api('GET', prefs)).body.data as { kind: string; label: string; mode: string }[];
    expect(listed.find((k) => k.kind === 'stack.deploy_failed')).toMatchObject({ label: 'Stack deploy failed', mode: 'immediate' });
    expect((await panel.api('PUT', prefs, { 'stack.deploy_failed': 'off' })).status).toBe(200);
    expect((await deploy('wn-refused', refusedCompose)).status).toBe(refused.status);
    await twoSyncs();
    expect(of('stack.deploy_failed', 'stack', 'wn-refused')).toHaveLength(1);
    expect((await panel.api('PUT', prefs, { 'stack.deploy_failed': null })).status).toBe(200);
  });

  it("a stack deploy whose service cannot start (a missing image) is announced once, with the tasks' error", async () => {
    const accepted = await deploy('wn-noimage', 'services:\n  app:\n    image: lab/no-such-image:none\n');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await eventually(async () => of('stack.deploy_failed', 'stack', 'wn-noimage').length > 0, { timeoutMs: 60_000, what: 'stack.deploy_failed delivered' });
    await twoSyncs();
    const failed = of('stack.deploy_failed', 'stack', 'wn-noimage');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ title: `The deploy of stack wn-noimage failed in cluster ${clusterName}`, link: `/clusters/${uuid}/stacks` });
    const [failure] = failed[0]!.data.failures as { service: string; message: string }[];
    expect(failure!.service).toBe('wn-noimage_app');
    expect(failure!.message).toMatch(/^(rejected|failed): .*no-such-image/i);
    expect(failed[0]!.message).toContain(`wn-noimage_app: ${failure!.message}`);
    expect(failed[0]!.data).toMatchObject({ stack: 'wn-noimage', stage: 'converge', deployedBy: 'owner@example.com' });
  });
});
