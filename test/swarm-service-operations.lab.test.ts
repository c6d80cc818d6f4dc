/**
 * Service operations through the API against the lab swarm; every outcome is read back with the docker CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwarmClient } from '../src/docker/index.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const replicasOf = async (name: string) =>
  (await cli(['service', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}} {{.Replicas}}']))
    .split('\n')
    .find((l) => l.startsWith(`${name} `))
    ?.split(' ')[1];
const inspectService = async (name: string) =>
  JSON.parse(await cli(['service', 'inspect', name, '--format', '{{json .}}'])) as {
    ID: string;
    Version: { Index: number };
    Spec: { Mode: { Replicated?: { Replicas: number } }; TaskTemplate: { ForceUpdate: number; ContainerSpec: { Env?: string[] } } };
  };
const runningTaskIds = async (name: string) =>
  (await cli(['service', 'ps', name, '--filter', 'desired-state=running', '--no-trunc', '--format', '{{.ID}} {{.CurrentState}}']))
    .split('\n')
    .filter((l) => / Running /.test(` ${l} `))
    .map((l) => l.split(' ')[0]!)
    .sort();
const converged = (name: string, replicas: number) =>
  eventually(async () => (await replicasOf(name)) === `${replicas}/${replicas}` && (await runningTaskIds(name)).length === replicas, {
    what: `${name} to run ${replicas} replicas`,
    timeoutMs: 90_000,
  });

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
type Progress = { phase: string; desired: number; running: number; updated: number; settled: boolean; updateState: string | null };

describe('service operations on the lab swarm', () => {
  let fx: PluginFixture;
  let uuid: string;
  const api = (path: string, init?: Parameters<PluginFixture['request']>[1]) => fx.request(`/${uuid}${path}`, init);
  const progress = async (name: string) => ((await (await api(`/services/${name}/progress`)).json()) as { data: Progress }).data;

  beforeAll(async () => {
    fx = createPluginFixture(lab);
    // `sleep` as PID 1 ignores SIGTERM: a short grace period keeps each task replacement from waiting 10 s for the KILL.
    await cli(['service', 'create', '--detach', '--name', 'svcops-web', '--replicas', '2', '--stop-grace-period', '1s', 'lab/busybox:latest', 'sleep', '3600']);
    await cli(['service', 'create', '--detach', '--name', 'svcops-agent', '--mode', 'global', 'lab/busybox:latest', 'sleep', '3600']);
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'svcops-talk',
      '--replicas',
      '1',
      'lab/busybox:latest',
      'sh',
      '-c',
      'i=0; while true; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.5; done',
    ]);
    await cli([
      'service',
      'create',
      '--detach',
      '--tty',
      '--name',
      'svcops-tty',
      '--replicas',
      '1',
      'lab/busybox:latest',
      'sh',
      '-c',
      'while true; do echo tty line; sleep 0.5; done',
    ]);
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    uuid = detected.data[0]!.uuid;
    await converged('svcops-web', 2);
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'svcops-web', 'svcops-agent', 'svcops-talk', 'svcops-tty']).catch(() => {});
    await fx?.close();
  });

  // Two convergences (90 s each) and the progress settled after each (60 s).
  it('scales to 5 then 1, converging, with the progress reflecting it', { timeout: 360_000 }, async () => {
    const up = await api('/services/svcops-web/scale', { method: 'POST', json: { replicas: 5 } });
    expect(up.status).toBe(200);
    expect(((await up.json()) as { data: { replicas: number; previous: number } }).data).toMatchObject({ replicas: 5, previous: 2 });
    expect((await inspectService('svcops-web')).Spec.Mode.Replicated?.Replicas).toBe(5);
    let started = Date.now();
    await converged('svcops-web', 5);
    const upMs = Date.now() - started;
    await eventually(async () => (await progress('svcops-web')).settled, { what: 'progress to settle at 5' });
    expect(await progress('svcops-web')).toMatchObject({ phase: 'converged', desired: 5, running: 5, updated: 5 });
    const listed = (await (await api('/services/svcops-web')).json()) as { data: { replicasDesired: number } };
    expect(listed.data.replicasDesired).toBe(5);

    started = Date.now();
    expect((await api('/services/svcops-web/scale', { method: 'POST', json: { replicas: 1 } })).status).toBe(200);
    await converged('svcops-web', 1);
    console.info(`scale 2->5 converged in ${upMs} ms, 5->1 in ${Date.now() - started} ms`);
    await eventually(async () => (await progress('svcops-web')).settled, { what: 'progress to settle at 1' });
    expect(await progress('svcops-web')).toMatchObject({ phase: 'converged', desired: 1, running: 1 });
  });

  it('never loses one of two concurrent scales: the second applies on top of the first', async () => {
    const before = await inspectService('svcops-web');
    const from = before.Spec.Mode.Replicated!.Replicas;
    const results = await Promise.all([3, 4].map((replicas) => api('/services/svcops-web/scale', { method: 'POST', json: { replicas } })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(results.map((r) => r.json()))) as { data: { replicas: number; previous: number } }[];
    const writes = bodies.map((b) => b.data);
    // One write saw the original count, the other saw the first one's: a chain, no write based on a stale read.
    const first = writes.find((w) => w.previous === from)!;
    const second = writes.find((w) => w !== first)!;
    expect(first).toBeDefined();
    expect(second.previous).toBe(first.replicas);
    const after = await inspectService('svcops-web');
    expect(after.Spec.Mode.Replicated?.Replicas).toBe(second.replicas);
    const events = (await (await api('/events?type=plugin&action=service.scale&limit=2')).json()) as { data: { attributes: Record<string, string> }[] };
    expect(events.data.map((e) => e.attributes.replicas).sort()).toEqual(['3', '4']);

    // The version check the retry relies on: a write carrying the version read before is refused by the engine.
    const client = fx.ctx.connections.clientFor(fx.servers.find((s) => s.ip === manager().ip)!) as SwarmClient;
    const stale = await client.updateService(after.ID, before.Version.Index, { ...(await client.inspectService(after.ID)).Spec }).catch((e: Error) => e);
    expect(stale).toBeInstanceOf(Error);
    expect((stale as Error).message).toMatch(/update out of sequence/);
    await converged('svcops-web', second.replicas);
  });

  it('force-updates: every task is replaced, with the same spec', async () => {
    await converged('svcops-web', (await inspectService('svcops-web')).Spec.Mode.Replicated!.Replicas);
    const before = await runningTaskIds('svcops-web');
    const force = (await inspectService('svcops-web')).Spec.TaskTemplate.ForceUpdate ?? 0;
    const res = await api('/services/svcops-web/force-update', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await inspectService('svcops-web')).Spec.TaskTemplate.ForceUpdate).toBe(force + 1);
    await eventually(
      async () => {
        const now = await runningTaskIds('svcops-web');
        return now.length === before.length && now.every((id) => !before.includes(id));
      },
      { what: 'every task to be replaced', timeoutMs: 90_000 },
    );
    await eventually(async () => (await progress('svcops-web')).settled, { what: 'the update to complete' });
    expect(await progress('svcops-web')).toMatchObject({ phase: 'converged', updateState: 'completed', updated: before.length });
  });

  it('rolls back to the previous spec', async () => {
    await cli(['service', 'update', '--detach', '--env-add', 'ROLLOUT=2', 'svcops-web']);
    await eventually(async () => (await progress('svcops-web')).settled, { what: 'the env update to complete' });
    expect((await inspectService('svcops-web')).Spec.TaskTemplate.ContainerSpec.Env).toEqual(['ROLLOUT=2']);
    const res = await api('/services/svcops-web/rollback', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await inspectService('svcops-web')).Spec.TaskTemplate.ContainerSpec.Env ?? []).toEqual([]);
    await eventually(
      async () => {
        const p = await progress('svcops-web');
        return p.settled && p.updateState === 'rollback_completed' ? p : null;
      },
      { what: 'the rollback to complete', timeoutMs: 90_000 },
    );
    expect((await progress('svcops-web')).updated).toBe((await inspectService('svcops-web')).Spec.Mode.Replicated!.Replicas);
  });

  it("reports a rolling update that paused because its new tasks fail, with Docker's reason", async () => {
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'svcops-fail',
      '--replicas',
      '1',
      '--stop-grace-period',
      '1s',
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
    try {
      await converged('svcops-fail', 1);
      await cli(['service', 'update', '--detach', '--update-failure-action', 'pause', '--update-monitor', '5s', '--args', 'sh -c "exit 3"', 'svcops-fail']);
      const paused = await eventually(
        async () => {
          const p = await progress('svcops-fail');
          return p.phase === 'paused' ? (p as Progress & { problem: string }) : null;
        },
        { what: 'the update to pause', timeoutMs: 90_000 },
      );
      expect(paused.settled).toBe(true);
      expect(paused.updateState).toBe('paused');
      expect(paused.problem).toMatch(/update paused due to failure or early termination of task/);
      const state = JSON.parse(await cli(['service', 'inspect', 'svcops-fail', '--format', '{{json .UpdateStatus.State}}']));
      expect(state).toBe('paused');
    } finally {
      await cli(['service', 'rm', 'svcops-fail']).catch(() => {});
    }
  });

  it('refuses to roll back a service without a previous spec, and to scale a global service', async () => {
    const noPrevious = await api('/services/svcops-talk/rollback', { method: 'POST' });
    expect(noPrevious.status).toBe(409);
    expect(((await noPrevious.json()) as ErrorBody).error.message).toBe('svcops-talk has no previous spec to roll back to');
    const global = await api('/services/svcops-agent/scale', { method: 'POST', json: { replicas: 3 } });
    expect(global.status).toBe(409);
    expect(((await global.json()) as ErrorBody).error.message).toMatch(/svcops-agent is a global service: only replicated services can be scaled/);
    expect((await inspectService('svcops-agent')).Spec.Mode.Replicated).toBeUndefined();
  });

  it('answers invalid input with a clear 400 naming the field, and changes nothing', async () => {
    const before = await inspectService('svcops-web');
    for (const [json, pattern] of [
      [{ replicas: -1 }, /replicas: replicas must be 0 or more/],
      [{ replicas: 1001 }, /at most 1000/],
      [{ replicas: 'five' }, /replicas/],
      [{}, /replicas/],
    ] as const) {
      const res = await api('/services/svcops-web/scale', { method: 'POST', json });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: 'validation_failed', field: 'replicas' });
      expect(body.error.message).toMatch(pattern);
    }
    const notJson = await api('/services/svcops-web/scale', { method: 'POST', body: 'replicas=3', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(400);
    const unknown = await api('/services/no-such-service/scale', { method: 'POST', json: { replicas: 2 } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.message).toBe('service no-such-service is not part of this cluster');
    const after = await inspectService('svcops-web');
    expect(after.Version.Index).toBe(before.Version.Index);
  });

  it('forbids writes to members, viewers and read-only tokens, with the reason', async () => {
    const before = await inspectService('svcops-web');
    const tokens = [
      [fx.host.token({ teamId: fx.teamId, role: 'member' }), /member role may not operate/],
      [fx.host.token({ teamId: fx.teamId, role: 'viewer' }), /viewer role may not operate/],
      [fx.host.token({ teamId: fx.teamId, role: 'admin', abilities: ['read'] }), /read-only/],
    ] as const;
    for (const [path, init] of [
      ['/services/svcops-web/scale', { method: 'POST', json: { replicas: 4 } }],
      ['/services/svcops-web/rollback', { method: 'POST' }],
      ['/services/svcops-web/force-update', { method: 'POST' }],
      ['/services/svcops-web', { method: 'DELETE' }],
    ] as const) {
      for (const [token, reason] of tokens) {
        const res = await api(path, { ...init, token });
        expect(res.status, `${init.method} ${path}`).toBe(403);
        expect(((await res.json()) as ErrorBody).error.message).toMatch(reason);
      }
    }
    expect((await inspectService('svcops-web')).Version.Index).toBe(before.Version.Index);
    // Reading logs and progress is open to viewers.
    const viewer = tokens[1][0];
    expect((await api('/services/svcops-web/progress', { token: viewer })).status).toBe(200);
  });

  it('reads the last lines of both stdout and stderr', async () => {
    await eventually(
      async () => {
        const res = await api('/services/svcops-talk/logs?tail=6');
        const body = (await res.json()) as { data: { lines: { stream: string; text: string }[] } };
        const streams = new Set(body.data.lines.map((l) => l.stream));
        return streams.has('stdout') && streams.has('stderr') ? body : null;
      },
      { what: 'stdout and stderr lines' },
    ).then(async (body) => {
      const lines = body.data.lines as { stream: string; text: string; taskId?: string }[];
      expect(lines.length).toBeLessThanOrEqual(6);
      // Read with details: each line says which task wrote it, and the attributes are not left in the text.
      const taskIds = (await cli(['service', 'ps', 'svcops-talk', '-q', '--no-trunc'])).trim().split('\n');
      expect(lines.every((l) => l.taskId && taskIds.includes(l.taskId))).toBe(true);
      expect(lines.filter((l) => l.stream === 'stdout').every((l) => /^out \d+$/.test(l.text))).toBe(true);
      expect(lines.filter((l) => l.stream === 'stderr').every((l) => /^err \d+$/.test(l.text))).toBe(true);
    });
  });

  it('follows the logs as server-sent events, separating the streams, until the client leaves', async () => {
    const res = await api('/services/svcops-talk/logs?tail=0&follow=true', { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 20_000;
    while (!(/event: stdout\ndata: out \d+/.test(text) && /event: stderr\ndata: err \d+/.test(text)) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    expect(text).toMatch(/event: stdout\ndata: out \d+/);
    expect(text).toMatch(/event: stderr\ndata: err \d+/);
  });

  it('follows the logs as plain text, and reads a TTY service (not multiplexed)', async () => {
    const res = await api('/services/svcops-tty/logs?tail=3&follow=1');
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    // A compressing host leaves it alone: gzip would hold the lines back.
    expect(res.headers.get('cache-control')).toMatch(/no-transform/);
    const reader = res.body!.getReader();
    let text = '';
    while (!/tty line\ntty line\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toMatch(/^(tty line\n)+/);
    expect(text).not.toMatch(/[\u0000-\u0008]/);
    expect((await api('/services/no-such-service/logs?follow=1')).status).toBe(404);
    expect((await api('/services/svcops-tty/logs?tail=lots')).status).toBe(400);
  });

  it('removes a service', async () => {
    const res = await api('/services/svcops-talk', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await cli(['service', 'ls', '--format', '{{.Name}}'])).not.toMatch(/svcops-talk/);
    expect((await api('/services/svcops-talk/progress')).status).toBe(404);
    const events = (await (await api('/events?type=plugin&action=service.remove')).json()) as { data: { actorName: string; principal: string }[] };
    expect(events.data[0]).toMatchObject({ actorName: 'svcops-talk', principal: 'owner@example.test' });
  });
});
