import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel } from 'ssh2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labDocker, labManager } from '../../lab/lab.ts';
import { startDelayProxy } from '../../test/support/delay-proxy.ts';
import { type ExtraSshd, startExtraSshd } from '../../test/support/extra-sshd.ts';
import { labSshTransport } from '../../test/support/lab-node.ts';
import { eventually } from '../../test/support/plugin-fixture.ts';
import { HostKeyMismatchError } from './errors.ts';
import { hostKeyFingerprint, MemoryHostKeyStore } from './host-keys.ts';
import { engineRequest } from './http.ts';
import type { SshTransport } from './ssh-transport.ts';
import { READ_AHEAD_WINDOW, readAheadWindow } from './ssh-window.ts';
import { SwarmClient } from './swarm-client.ts';

const lab = inject('lab');

describe('SshTransport against the lab', () => {
  const state = lab;
  const manager = state ? labManager(state) : undefined!;
  const transports: SshTransport[] = [];
  const transport = (options: Parameters<typeof labSshTransport>[2] = {}) => {
    const created = labSshTransport(state, manager, options);
    transports.push(created);
    return created;
  };

  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
  });

  it('lists the nodes through direct-streamlocal; ids equal `docker node ls -q`', async () => {
    const ssh = transport();
    const nodes = await new SwarmClient(ssh).listNodes();
    const cli = (await labDocker(state, manager.name, ['node', 'ls', '-q'])).trim().split('\n');
    expect(nodes.map((node) => node.ID).sort()).toEqual(cli.sort());
    expect(ssh.stats()).toMatchObject({ connectsTotal: 1, usingDialStdio: false });
  });

  it('has the OpenSSH server encrypt answers with an AEAD cipher, the cheapest for both sides (not AES-CTR with an HMAC)', async () => {
    const ssh = transport();
    expect(ssh.stats().cipher).toBeNull();
    await new SwarmClient(ssh).ping();
    const aes = /^flags\s*:.*\baes\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    // With AES instructions AES-GCM, else either AEAD cipher (which one ssh2 prefers then depends on its binding).
    expect(ssh.stats().cipher).toMatch(aes ? /^aes(128|256)-gcm@openssh\.com$/ : /^(chacha20-poly1305|aes(128|256)-gcm)@openssh\.com$/);
  });

  it('pins the host key on first connect and accepts it again', async () => {
    const hostKeys = new MemoryHostKeyStore();
    await new SwarmClient(transport({ hostKeys })).ping();
    const scanned = execFileSync('ssh-keyscan', ['-t', 'ed25519', manager.ip], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const blob = Buffer.from(scanned.trim().split(/\s+/)[2]!, 'base64');
    expect(await hostKeys.get(manager.name)).toBe(hostKeyFingerprint(blob));

    await expect(new SwarmClient(transport({ hostKeys })).ping()).resolves.toMatchObject({ apiVersion: expect.any(String) });
  });

  it('refuses a host whose key differs from the pinned one, and keeps the pin', async () => {
    const hostKeys = new MemoryHostKeyStore();
    const pinned = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await hostKeys.pin(manager.name, pinned);
    const error = await new SwarmClient(transport({ hostKeys })).listNodes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error).toMatchObject({ code: 'host_key_mismatch', expected: pinned, actual: expect.stringMatching(/^SHA256:/) });
    expect(await hostKeys.get(manager.name)).toBe(pinned);
  });

  it('serves 100 concurrent requests over one SSH connection with at most the channel cap open', async () => {
    const ssh = transport({ maxChannels: 8 });
    const client = new SwarmClient(ssh);
    const results = await Promise.all(Array.from({ length: 100 }, () => client.listNodes()));
    const cliCount = (await labDocker(state, manager.name, ['node', 'ls', '-q'])).trim().split('\n').length;
    expect(results.every((nodes) => nodes.length === cliCount)).toBe(true);
    const stats = ssh.stats();
    expect(stats.connectsTotal).toBe(1);
    expect(stats.channelsPeak).toBeLessThanOrEqual(8);
    expect(stats.channelsPeak).toBeGreaterThan(1);
    expect(stats.channelsOpened).toBe(101); // 100 + the version ping
    await eventually(async () => ssh.stats().channelsOpen === 0);
  });

  it('lets concurrent first callers share one connect attempt', async () => {
    const ssh = transport();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => engineRequest(ssh, { method: 'GET', path: '/_ping' }).then((response) => response.body)),
    );
    expect(answers.every((body) => body === 'OK')).toBe(true);
    expect(ssh.stats()).toMatchObject({ connectsTotal: 1, channelsOpened: 20 });
  });

  it('reconnects on the next call after the connection was destroyed', async () => {
    const ssh = transport();
    const client = new SwarmClient(ssh);
    await client.info();
    ssh.destroyConnection();
    await eventually(async () => !ssh.stats().connected);
    expect((await client.info()).Swarm.LocalNodeState).toBe('active');
    expect(ssh.stats().connectsTotal).toBe(2);
  });

  it('closes an idle connection and reopens it lazily', async () => {
    const ssh = transport({ idleTimeoutMs: 100 });
    const client = new SwarmClient(ssh);
    await client.info();
    await eventually(async () => !ssh.stats().connected, { timeoutMs: 5_000, intervalMs: 50 });
    await client.info();
    expect(ssh.stats().connectsTotal).toBe(2);
  });

  it('reports a wrong key as auth', async () => {
    const otherKey = execFileSync('bash', ['-c', 'd=$(mktemp -d) && ssh-keygen -q -t ed25519 -N "" -f "$d/k" && cat "$d/k" && rm -r "$d"'], {
      encoding: 'utf8',
    });
    const error = await new SwarmClient(transport({ privateKey: async () => otherKey })).ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth' });
  });

  it('reports a private key the host cannot provide as auth, without dialing', async () => {
    const error = await new SwarmClient(transport({ privateKey: () => Promise.reject(new Error('no key stored')) })).ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth', message: expect.stringContaining('no key stored') });
  });

  it('reports a closed port as unreachable, then fails fast while backing off', async () => {
    const ssh = transport({ port: 1, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const client = new SwarmClient(ssh);
    await expect(client.ping()).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
    await expect(client.ping()).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('next attempt in') });
    expect(ssh.stats().connectsTotal).toBe(1);
  });

  it('reaches the engine through dial-stdio (the CLI default socket) when socketPath does not exist', async () => {
    const ssh = transport({ socketPath: '/run/no-such-docker.sock' });
    await expect(new SwarmClient(ssh).ping()).resolves.toMatchObject({ apiVersion: expect.any(String) });
    expect(ssh.stats().usingDialStdio).toBe(true);
  });

  describe('with an sshd of our own on the manager', () => {
    let sshd: ExtraSshd;
    let refusing: ExtraSshd;
    let refusingWithoutEngine: ExtraSshd;
    beforeAll(async () => {
      sshd = await startExtraSshd(state, manager.name, { port: 2201, allowStreamLocalForwarding: true });
      refusing = await startExtraSshd(state, manager.name, { port: 2202, allowStreamLocalForwarding: false });
      refusingWithoutEngine = await startExtraSshd(state, manager.name, {
        port: 2203,
        allowStreamLocalForwarding: false,
        dockerHost: 'unix:///run/no-such-docker.sock',
      });
    });
    afterAll(async () => {
      await Promise.all(transports.map((t) => t.close()));
      await Promise.all([sshd?.dispose(), refusing?.dispose(), refusingWithoutEngine?.dispose()]);
    });

    it('reconnects after the sshd restarted under an open connection', async () => {
      const ssh = transport({ port: sshd.port, backoff: { initialMs: 50, maxMs: 200 } });
      const client = new SwarmClient(ssh);
      await client.listNodes();
      await sshd.stop();
      await eventually(async () => !ssh.stats().connected, { timeoutMs: 10_000, intervalMs: 50 });
      await sshd.start();
      const nodes = await eventually(() => client.listNodes(), { timeoutMs: 10_000, intervalMs: 100 });
      expect(nodes.length).toBeGreaterThan(0);
      expect(ssh.stats().connectsTotal).toBeGreaterThanOrEqual(2);
    });

    it('falls back to `docker system dial-stdio` where stream forwarding is refused', async () => {
      const ssh = transport({ port: refusing.port });
      const client = new SwarmClient(ssh);
      const [nodes, services] = await Promise.all([client.listNodes(), client.listServices()]);
      const cli = (await labDocker(state, manager.name, ['node', 'ls', '-q'])).trim().split('\n');
      expect(nodes.map((node) => node.ID).sort()).toEqual(cli.sort());
      expect(Array.isArray(services)).toBe(true);
      await eventually(async () => ssh.stats().channelsOpen === 0);
      await client.info();
      // Remembered for the connection: 3 requests, 1 refused forwarding attempt.
      expect(ssh.stats()).toMatchObject({ usingDialStdio: true, connectsTotal: 1, channelsOpened: 4 });
    });

    /**
     * A socket behind the test's sshd that answers `bytes` once asked, as the engine does (nothing arrives before the
     * transport has set the window), counting what it handed to the socket: what sshd took, within the window, plus
     * the socket's own buffer.
     */
    async function answerServer(): Promise<{ socketPath: string; bytes: number; flushed: () => number; close: () => void }> {
      const dir = mkdtempSync(join(tmpdir(), 'ssh-window-'));
      const answer = { socketPath: join(dir, 'answer.sock'), bytes: 0, flushed: () => flushed, close: () => undefined };
      const part = Buffer.alloc(64 * 1024, 'x');
      let flushed = 0;
      const server = net.createServer((socket) => {
        // Cut when the transport closes, had the answer not gone through: the test's failure says so, not a reset.
        socket.on('error', () => undefined);
        const writeMore = () => {
          while (flushed < answer.bytes) {
            const piece = part.subarray(0, Math.min(part.length, answer.bytes - flushed));
            flushed += piece.length;
            if (!socket.write(piece)) return void socket.once('drain', writeMore);
          }
          socket.end();
        };
        socket.once('data', writeMore);
      });
      await new Promise<void>((resolve) => server.listen(answer.socketPath, resolve));
      answer.close = () => {
        server.close();
        rmSync(dir, { recursive: true, force: true });
      };
      return answer;
    }

    /**
     * Asks for an answer of four windows on a paused channel read whole: the server gets `window` ahead and no further
     * (what arrived, unread, and the window left make exactly `window`); resumed, all of it arrives, the window topped up
     * in its second half (past the window that waited unread and the one after it).
     */
    async function expectWindowAhead(stream: ClientChannel, answer: Awaited<ReturnType<typeof answerServer>>, window: number): Promise<void> {
      answer.bytes = 4 * window;
      stream.pause();
      stream.write('GET\n');
      // Nothing is read: past ssh2's 2 MiB (and the socket's ~200 KiB buffer) only if the window was widened.
      await eventually(async () => answer.flushed() >= window - 512 * 1024, {
        timeoutMs: 20_000,
        what: `the server to send past ${window - 512 * 1024} bytes while unread`,
      });
      // All the server may send is what arrived (buffered, unread) and the window left: not topped up while unread.
      const windowLeft = () => (stream.incoming as { window: number }).window;
      expect(stream.readableLength + windowLeft()).toBe(window);
      let received = 0;
      let leastWindow = Number.POSITIVE_INFINITY;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // Past the part that waited unread, what is read as it arrives keeps the window topped up (one packet aside).
        if (received > answer.bytes / 2) leastWindow = Math.min(leastWindow, windowLeft());
      });
      stream.resume();
      await once(stream, 'end');
      expect(received).toBe(answer.bytes);
      expect(leastWindow).toBeGreaterThan(window / 2 - 64 * 1024);
    }

    it("keeps the window of an answer read whole (readWhole) 4 MiB ahead of what arrived: past ssh2's 2 MiB, not topped up while unread", async () => {
      const answer = await answerServer();
      try {
        const stream = (await transport({ port: sshd.port, socketPath: answer.socketPath }).openStream({ readWhole: true })) as ClientChannel;
        await expectWindowAhead(stream, answer, READ_AHEAD_WINDOW);
      } finally {
        answer.close();
      }
    });

    it('keeps more ahead over a long round trip: the window its timed channel opens ask for (15 ms each way: past 4 MiB)', async () => {
      const answer = await answerServer();
      const link = await startDelayProxy({ host: manager.ip, port: sshd.port }, 15);
      try {
        const ssh = transport({ host: '127.0.0.1', port: link.port, socketPath: answer.socketPath });
        // The round trip is known once a few channel opens were timed; until then a window is a LAN's.
        for (let i = 0; i < 4; i++) (await ssh.openStream()).destroy();
        const stream = (await ssh.openStream({ readWhole: true })) as ClientChannel;
        const roundTripMs = ssh.stats().roundTripMs;
        // 30 ms, give or take a timer's millisecond each way.
        expect(roundTripMs).toBeGreaterThan(20);
        const window = readAheadWindow(roundTripMs!);
        expect(window).toBeGreaterThan(READ_AHEAD_WINDOW);
        await expectWindowAhead(stream, answer, window);
      } finally {
        await link.close();
        answer.close();
      }
    });

    it('fails as unreachable when dial-stdio cannot reach the engine either, and probes forwarding again', async () => {
      const ssh = transport({ port: refusingWithoutEngine.port });
      await expect(new SwarmClient(ssh).ping()).rejects.toMatchObject({ code: 'unreachable' });
      await eventually(async () => !ssh.stats().usingDialStdio, { timeoutMs: 5_000, intervalMs: 50 });
    });
  });
});
