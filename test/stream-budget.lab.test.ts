/**
 * A viewer cannot starve the panel's access to a manager: followed logs run on SSH connections of their own
 * (STREAMS_PER_CONNECTION channels each), so they never take the request connection's channels; one user may
 * hold only so many (the 21st of a cap of 20 gets 429 with the API's error shape); and while one viewer holds
 * 20 of them, another user's reads and a sync keep answering within seconds. On the shared lab, with the real
 * SSH transport, against a service that keeps logging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE } from '../lab/lab.ts';
import { STREAMS_PER_CONNECTION } from '../src/docker/index.ts';
import { createPluginFixture, eventually, type PluginFixture } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const CAP = 20;
const SERVICE = 'budget-talker';
/** What "within seconds" means for the other user's answers (the read deadline is 4 s). */
const ANSWER_WITHIN_MS = 4_000;

describe('long-lived streams have their own budget', () => {
  let fx: PluginFixture;
  let uuid: string;

  beforeAll(async () => {
    fx = createPluginFixture(lab, {
      settings: { streams: { perUser: CAP }, cacheTtlSeconds: { info: 1, nodes: 1, services: 1, tasks: 1, resources: 1, joinTokens: 1 } },
    });
    const detected = (await (await fx.request('/detect', { method: 'POST' })).json()) as { data: { uuid: string }[] };
    uuid = detected.data[0]!.uuid;
    await cli(['service', 'create', '--detach', '--name', SERVICE, '--replicas', '1', LAB_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 0.5; done']);
    await eventually(async () => (await cli(['service', 'ls', '--filter', `name=${SERVICE}`, '--format', '{{.Replicas}}'])).trim() === '1/1', {
      timeoutMs: 60_000,
      what: `${SERVICE} to run`,
    });
  });

  afterAll(async () => {
    await cli(['service', 'rm', SERVICE]).catch(() => undefined);
    await fx?.close();
  });

  it('refuses the 21st followed log of one viewer with 429, and another user keeps reading within seconds', async () => {
    const viewer = fx.host.token({ teamId: fx.teamId, role: 'viewer', abilities: ['read'] });
    const follow = (signal: AbortSignal) => fx.request(`/${uuid}/services/${SERVICE}/logs?follow=true`, { token: viewer, signal });
    const streams: { abort: AbortController; response: Response }[] = [];
    try {
      for (let i = 0; i < CAP; i++) {
        const abort = new AbortController();
        const response = await follow(abort.signal);
        expect(response.status, `stream ${i + 1}`).toBe(200);
        streams.push({ abort, response });
      }
      // Each one is live: its first line comes through.
      const reader = streams[0]!.response.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('tick');
      reader.releaseLock();

      const refused = await follow(new AbortController().signal);
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('too_many_streams');
      expect(body.error.message).toMatch(/you follow 20 log streams already/);

      // The streams hold channels of their own connections, none of the requests' connection.
      const streamConnections = fx.ctx.connections.streamStats().filter((s) => s.channelsOpen > 0);
      expect(streamConnections.reduce((n, s) => n + s.channelsOpen, 0)).toBe(CAP);
      expect(streamConnections).toHaveLength(Math.ceil(CAP / STREAMS_PER_CONNECTION));
      expect(fx.ctx.connections.serverStats().reduce((n, s) => n + s.channelsOpen, 0)).toBe(0);

      // Another user, meanwhile: fresh reads and a sync, each within seconds.
      for (const [method, path] of [
        ['POST', `/${uuid}/sync`],
        ['GET', `/${uuid}/nodes`],
        ['GET', `/${uuid}/services`],
        ['GET', `/${uuid}/tasks`],
      ] as const) {
        const started = Date.now();
        const response = await fx.request(path, { method });
        expect(response.status, `${method} ${path}`).toBe(200);
        const answer = (await response.json()) as { meta?: { stale?: boolean } };
        expect(answer.meta?.stale ?? false, `${method} ${path} fresh`).toBe(false);
        expect(Date.now() - started, `${method} ${path} answered within seconds`).toBeLessThan(ANSWER_WITHIN_MS);
      }
    } finally {
      for (const { abort } of streams) abort.abort();
    }

    // Closed streams are given back: the viewer may follow again.
    const again = await eventually(
      async () => {
        const abort = new AbortController();
        const response = await follow(abort.signal);
        abort.abort();
        return response.status === 200;
      },
      { timeoutMs: 10_000, what: 'the viewer to get a stream again' },
    );
    expect(again).toBe(true);
  });
});
