/**
 * A server whose link goes down under an open connection: packets vanish, so the connection dies only by
 * keepalive and new connects hang until their handshake deadline. Requests that give up meanwhile (their
 * deadline passes while the dead connection is found out, or while a connect is pending) must each fail with a
 * typed error, and the transport's shared connect attempt must not reject with nobody listening: the reference
 * host died of exactly that when a manager was partitioned.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { labFault, labOptions } from '../../lab/lab.ts';
import { labSshTransport } from '../../test/support/lab-node.ts';
import { eventually } from '../../test/support/plugin-fixture.ts';
import { DockerError } from './errors.ts';
import { engineRequest } from './http.ts';

const lab = inject('lab');

describe('SshTransport to a partitioned server', () => {
  it('fails each request with a typed error and leaves no rejection unheard', async () => {
    const state = lab;
    const worker = state.nodes.find((node) => node.role === 'worker')!;
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    const ssh = labSshTransport(state, worker, {
      keepaliveIntervalMs: 400,
      keepaliveCountMax: 2,
      readyTimeoutMs: 1_500,
      backoff: { initialMs: 50, maxMs: 100 },
    });
    try {
      expect((await engineRequest(ssh, { method: 'GET', path: '/_ping' })).body).toBe('OK');
      await labFault(labOptions(state), worker.name, 'partition');
      const ping = () =>
        engineRequest(ssh, { method: 'GET', path: '/_ping', timeoutMs: 300 }).then(
          () => 'answered',
          (error: unknown) => error,
        );
      const expectTypedFailures = (outcomes: unknown[]) => {
        for (const outcome of outcomes) {
          expect(outcome).toBeInstanceOf(DockerError);
          expect((outcome as DockerError).code).toMatch(/^(timeout|unreachable)$/);
        }
      };
      // Every connect attempt ends (handshake deadline or host unreachable) before a verdict on rejections.
      const settled = async () => {
        await eventually(async () => !ssh.stats().connecting, { timeoutMs: 15_000, intervalMs: 100 });
        await sleep(50);
      };

      // Deadlines that pass before keepalive finds the connection dead: each request then redials for a caller
      // that gave up already.
      expectTypedFailures(await Promise.all(Array.from({ length: 6 }, ping)));
      await settled();
      expect(unheard).toEqual([]);

      // Requests that give up while a connect to the unreachable server is pending.
      expectTypedFailures(await Promise.all([0, 100, 200, 400].map((ms) => sleep(ms).then(ping))));
      await settled();
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
      await ssh.close();
      await labFault(labOptions(state), worker.name, 'heal');
    }
  });
});
