import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { asDockerError, DockerError, HostKeyMismatchError } from './errors.ts';
import { type HostKeyStore, hostKeyFingerprint } from './host-keys.ts';
import { Semaphore } from './semaphore.ts';
import { keepWindowAhead, readAheadWindow } from './ssh-window.ts';
import type { DockerTransport, OpenStreamOptions } from './transport.ts';

export interface SshTransportOptions {
  /** The server's id: key of the pinned host key, and the transport id. */
  serverId: string;
  host: string;
  port?: number;
  username: string;
  /** Fetched at every connect and handed to ssh2 only; never kept. */
  privateKey: () => Promise<string | Buffer>;
  hostKeys: HostKeyStore;
  /** Docker socket on the server (default `/var/run/docker.sock`). */
  socketPath?: string;
  /** Channels open at once; more requests queue. OpenSSH's default MaxSessions is 10 (default 8). */
  maxChannels?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** SSH handshake and authentication deadline. */
  readyTimeoutMs?: number;
  /**
   * Deadline to open a channel on a live connection. A server that does not answer a channel open for this
   * long is gone (its link down): the connection is dropped rather than left to the keepalive.
   */
  channelOpenTimeoutMs?: number;
  /** The connection is closed after this long with no channel open (0 keeps it open). */
  idleTimeoutMs?: number;
  /** Wait between failed connects; within it a request fails at once with the last failure. */
  backoff?: BackoffOptions;
}

export interface SshTransportStats {
  /** Connection attempts since creation (successful or not). */
  connectsTotal: number;
  channelsOpened: number;
  channelsOpen: number;
  /** Highest number of channels open at once. */
  channelsPeak: number;
  queued: number;
  connected: boolean;
  /** Whether a connect attempt is under way. */
  connecting: boolean;
  /** Whether the current connection refused direct-streamlocal and requests go through dial-stdio. */
  usingDialStdio: boolean;
  /** The current connection's round trip as the window is sized from it (null until ROUND_TRIP_SAMPLES channel opens). */
  roundTripMs: number | null;
  /**
   * The cipher the server encrypts answers with on the current connection, as negotiated (null before a handshake):
   * what the host decrypts and sshd encrypts for every byte of an answer. ssh2 asks for AES-GCM first on a CPU with
   * AES instructions; against OpenSSH it cost host and sshd ~22 ms each per 12 MB answer, chacha20-poly1305 about the
   * same, AES-CTR with an HMAC ~30.
   */
  cipher: string | null;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the command ended by a signal. */
  code: number | null;
}

export interface ExecOptions {
  /** The command is ended and the call fails with a `timeout` error after this long (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Output kept per stream; the rest is dropped (the commands run this way print a few KiB). */
const EXEC_OUTPUT_MAX = 1024 * 1024;

interface Connection {
  client: Client;
  closed: boolean;
  forwardingRefused: boolean;
  /**
   * The quickest channel open to the socket so far (a round trip and sshd's connect to a local socket), and how many
   * were timed. The least is kept, as a load that delays the answer's handling only ever adds to it.
   */
  roundTripMs: number;
  roundTrips: number;
  /** The server-to-client cipher negotiated. */
  cipher: string | null;
  /** Release callbacks of this connection's open channels, run if the connection dies under them. */
  channels: Set<() => void>;
}

/**
 * Channel opens timed before their least is taken for the connection's round trip (until then, a LAN's): one open
 * answered late because a core was busy must not be taken for a long link, which would widen sshd's buffer.
 */
const ROUND_TRIP_SAMPLES = 4;

/** The connection's round trip once it has been timed often enough, else Infinity (unknown). */
function knownRoundTrip(connection: Connection): number {
  return connection.roundTrips >= ROUND_TRIP_SAMPLES ? connection.roundTripMs : Number.POSITIVE_INFINITY;
}

/** Fixed text: nothing is ever interpolated into a remote command. */
const DIAL_STDIO_COMMAND = 'docker system dial-stdio';

/**
 * One persistent SSH connection to a server; every Engine API request is a channel on it, to the docker socket
 * (direct-streamlocal) or, where the server refuses forwarding, to `docker system dial-stdio`.
 */
export class SshTransport implements DockerTransport {
  readonly id: string;
  private readonly options: Required<Omit<SshTransportOptions, 'port'>> & { port: number };
  private readonly channelSlots: Semaphore;
  private connection: Connection | undefined;
  private connecting: Promise<Connection> | undefined;
  private failures = 0;
  private lastFailure: DockerError | undefined;
  private retryAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closedForGood = false;
  private counters = { connectsTotal: 0, channelsOpened: 0, channelsOpen: 0, channelsPeak: 0 };

  constructor(options: SshTransportOptions) {
    this.options = {
      port: 22,
      socketPath: '/var/run/docker.sock',
      maxChannels: 8,
      keepaliveIntervalMs: 10_000,
      keepaliveCountMax: 3,
      readyTimeoutMs: 10_000,
      channelOpenTimeoutMs: 5000,
      idleTimeoutMs: 300_000,
      backoff: DEFAULT_BACKOFF,
      ...options,
    };
    this.id = options.serverId;
    this.channelSlots = new Semaphore(this.options.maxChannels);
  }

  stats(): SshTransportStats {
    const roundTrip = this.connection ? knownRoundTrip(this.connection) : Number.POSITIVE_INFINITY;
    return {
      ...this.counters,
      queued: this.channelSlots.waiting,
      connected: Boolean(this.connection && !this.connection.closed),
      connecting: this.connecting !== undefined,
      usingDialStdio: Boolean(this.connection?.forwardingRefused),
      roundTripMs: Number.isFinite(roundTrip) ? roundTrip : null,
      cipher: this.connection?.cipher ?? null,
    };
  }

  /**
   * `readWhole`: the channel's window is kept ahead of what arrived, so the engine sends without waiting, by as much as
   * the connection's round trip asks for (readAheadWindow).
   */
  async openStream(options: OpenStreamOptions = {}): Promise<Duplex> {
    const { connection, channel } = await this.claimChannel(options.signal, () => this.openChannel(options.signal));
    if (options.readWhole) keepWindowAhead(channel, readAheadWindow(knownRoundTrip(connection)));
    return channel;
  }

  /**
   * Runs a command on the server over this connection, on a channel of the same cap as API requests.
   * Callers pass fixed text (a module-level constant: see test/static-guarantees.test.ts); data, if any,
   * would travel on stdin, never in the command.
   */
  async execFixed(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { channel } = await this.claimChannel(options.signal, async () => {
      const connection = await this.ensureConnection(options.signal);
      return { connection, channel: await openExec(connection.client, command).catch((error: unknown) => Promise.reject(this.channelError(error))) };
    });
    return collectExec(channel, command, options);
  }

  /** Ends the connection for good; later requests fail. Channels still open are cut. */
  async close(): Promise<void> {
    this.closedForGood = true;
    this.cancelIdleClose();
    const connection = this.connection ?? (await this.connecting?.catch(() => undefined));
    if (connection) await endConnection(connection);
  }

  /** Drops the current connection as if the network had (tests, and callers that know it is stale). */
  destroyConnection(): void {
    this.connection?.client.destroy();
  }

  private async openChannel(signal: AbortSignal | undefined): Promise<{ connection: Connection; channel: ClientChannel }> {
    const reused = Boolean(this.connection && !this.connection.closed);
    const connection = await this.ensureConnection(signal);
    try {
      return { connection, channel: await this.channelOn(connection) };
    } catch (error) {
      // A connection that died silently (server restarted, NAT dropped it) is only noticed here: redial once.
      const dead = connection.closed || (error instanceof Error && error.message === 'Not connected');
      if (!reused || !dead || error instanceof DockerError) throw this.channelError(error);
      this.forget(connection);
      const fresh = await this.ensureConnection(signal);
      return { connection: fresh, channel: await this.channelOn(fresh).catch((e: unknown) => Promise.reject(this.channelError(e))) };
    }
  }

  /** Opens a channel within the cap; its slot is released when the channel closes (or at once if opening fails). */
  private async claimChannel(
    signal: AbortSignal | undefined,
    open: () => Promise<{ connection: Connection; channel: ClientChannel }>,
  ): Promise<{ connection: Connection; channel: ClientChannel }> {
    this.assertOpen();
    const release = await this.channelSlots.acquire(signal);
    this.cancelIdleClose();
    try {
      const opened = await open();
      this.track(opened.connection, opened.channel, release);
      return opened;
    } catch (error) {
      release();
      this.scheduleIdleClose();
      throw error;
    }
  }

  private forget(connection: Connection): void {
    if (!connection.closed) connection.client.destroy();
    connection.closed = true;
    if (this.connection === connection) this.connection = undefined;
  }

  private channelOn(connection: Connection): Promise<ClientChannel> {
    const timeoutMs = this.options.channelOpenTimeoutMs;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.forget(connection);
        reject(new DockerError('timeout', `ssh channel to ${this.id}: not opened within ${timeoutMs} ms, connection dropped`));
      }, timeoutMs);
      this.openChannelOn(connection).then(
        (channel) => {
          clearTimeout(timer);
          if (timedOut) channel.close();
          else resolve(channel);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!timedOut) reject(error);
        },
      );
    });
  }

  private async openChannelOn(connection: Connection): Promise<ClientChannel> {
    if (!connection.forwardingRefused) {
      try {
        const started = performance.now();
        const channel = await forwardToSocket(connection.client, this.options.socketPath);
        connection.roundTripMs = Math.min(connection.roundTripMs, performance.now() - started);
        connection.roundTrips++;
        return channel;
      } catch (error) {
        if (!isChannelOpenFailure(error)) throw error;
        // OpenSSH answers a refused direct-streamlocal and a missing socket alike ("open failed").
        connection.forwardingRefused = true;
      }
    }
    // If dial-stdio fails too, the engine was down rather than forwarding refused: probe forwarding next time.
    return dialStdio(connection.client, () => (connection.forwardingRefused = false));
  }

  private track(connection: Connection, channel: ClientChannel, releaseSlot: () => void): void {
    this.counters.channelsOpened++;
    this.counters.channelsOpen++;
    this.counters.channelsPeak = Math.max(this.counters.channelsPeak, this.counters.channelsOpen);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      connection.channels.delete(release);
      this.counters.channelsOpen--;
      releaseSlot();
      this.scheduleIdleClose();
    };
    connection.channels.add(release);
    channel.once('close', release);
  }

  private ensureConnection(signal: AbortSignal | undefined): Promise<Connection> {
    this.assertOpen();
    if (this.connection && !this.connection.closed) return Promise.resolve(this.connection);
    // A caller that gave up already must not start a connect that nobody would wait for.
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.connecting) {
      const waitMs = this.retryAt - Date.now();
      if (this.lastFailure && waitMs > 0) {
        const { code, message } = this.lastFailure;
        return Promise.reject(new DockerError(code, `${message} (next attempt in ${Math.ceil(waitMs / 1000)} s)`, { cause: this.lastFailure }));
      }
      const connecting = this.connect().finally(() => (this.connecting = undefined));
      // The transport owns the shared attempt: its failure is kept as lastFailure, and every waiter hears it
      // through its own handler, so waiters that all gave up (aborted, timed out) leave no rejection unheard.
      connecting.catch(() => undefined);
      this.connecting = connecting;
    }
    return abortable(this.connecting, signal);
  }

  private async connect(): Promise<Connection> {
    this.counters.connectsTotal++;
    try {
      const connection = await this.dial();
      if (this.closedForGood) {
        await endConnection(connection);
        throw new DockerError('unreachable', `ssh transport ${this.id} is closed`);
      }
      this.failures = 0;
      this.lastFailure = undefined;
      this.connection = connection;
      this.scheduleIdleClose();
      return connection;
    } catch (error) {
      const failure = error instanceof DockerError ? error : new DockerError('unreachable', String(error), { cause: error });
      this.failures++;
      this.lastFailure = failure;
      this.retryAt = Date.now() + backoffDelay(this.failures, this.options.backoff);
      throw failure;
    }
  }

  private async dial(): Promise<Connection> {
    const { host, port, username, serverId } = this.options;
    const privateKey = await this.options.privateKey().catch((error: unknown) => {
      throw new DockerError('auth', `private key of server ${serverId} is unavailable: ${String(error)}`, { cause: error });
    });
    const client = new Client();
    const connection: Connection = {
      client,
      closed: false,
      forwardingRefused: false,
      roundTripMs: Number.POSITIVE_INFINITY,
      roundTrips: 0,
      cipher: null,
      channels: new Set(),
    };
    let mismatch: HostKeyMismatchError | undefined;
    let verifyFailure: unknown;

    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
      this.verifyHostKey(key).then(
        (result) => {
          if (result instanceof HostKeyMismatchError) mismatch = result;
          verify(result === true);
        },
        (error: unknown) => {
          verifyFailure = error;
          verify(false);
        },
      );
    };
    const config: ConnectConfig = {
      host,
      port,
      username,
      privateKey,
      hostVerifier,
      readyTimeout: this.options.readyTimeoutMs,
      keepaliveInterval: this.options.keepaliveIntervalMs,
      keepaliveCountMax: this.options.keepaliveCountMax,
    };

    return new Promise<Connection>((resolve, reject) => {
      let ready = false;
      client.on('handshake', (negotiated) => (connection.cipher = negotiated.sc.cipher));
      client.on('ready', () => {
        ready = true;
        // Requests are small writes answered by the server: Nagle plus delayed ACK would add ~40 ms to each.
        client.setNoDelay(true);
        resolve(connection);
      });
      // Errors after `ready` (keepalive timeout, reset) are followed by `close`, which is what we act on.
      client.on('error', (error: Error & { level?: string }) => {
        if (ready) return;
        if (mismatch) return reject(mismatch);
        if (verifyFailure) {
          return reject(new DockerError('unreachable', `host key check of ${serverId} failed: ${String(verifyFailure)}`, { cause: verifyFailure }));
        }
        reject(connectError(error, `${username}@${host}:${port}`));
      });
      client.on('close', () => {
        connection.closed = true;
        if (this.connection === connection) this.connection = undefined;
        for (const release of [...connection.channels]) release();
        if (!ready) reject(mismatch ?? new DockerError('unreachable', `ssh ${username}@${host}:${port}: connection closed during handshake`));
      });
      client.connect(config);
    });
  }

  /** Trust on first use: pin an unknown key, accept the pinned one, refuse any other. */
  private async verifyHostKey(key: Buffer): Promise<true | HostKeyMismatchError> {
    const presented = hostKeyFingerprint(key);
    const pinned = await this.options.hostKeys.get(this.options.serverId);
    if (pinned === null) {
      await this.options.hostKeys.pin(this.options.serverId, presented);
      return true;
    }
    if (pinned === presented) return true;
    await this.options.hostKeys.refused(this.options.serverId, presented);
    return new HostKeyMismatchError(this.options.serverId, pinned, presented);
  }

  private channelError(error: unknown): DockerError {
    return asDockerError(error, `ssh channel to ${this.id} failed`);
  }

  private scheduleIdleClose(): void {
    if (this.options.idleTimeoutMs <= 0 || this.counters.channelsOpen > 0 || this.channelSlots.waiting > 0) return;
    this.cancelIdleClose();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const connection = this.connection;
      if (connection && this.counters.channelsOpen === 0) void endConnection(connection);
    }, this.options.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private assertOpen(): void {
    if (this.closedForGood) throw new DockerError('unreachable', `ssh transport ${this.id} is closed`);
  }
}

function forwardToSocket(client: Client, socketPath: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.openssh_forwardOutStreamLocal(socketPath, (error, channel) => (error ? reject(error) : resolve(channel)));
    } catch (error) {
      reject(error);
    }
  });
}

function dialStdio(client: Client, onFailed: () => void): Promise<ClientChannel> {
  return openExec(client, DIAL_STDIO_COMMAND, (channel) => {
    let stderr = '';
    channel.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    channel.on('exit', (code: number | null) => {
      // ssh2's Channel.destroy() ignores an error argument; report it to whoever still reads the stream.
      if (!code) return;
      onFailed();
      if (channel.listenerCount('error') > 0) {
        channel.emit('error', new DockerError('unreachable', `${DIAL_STDIO_COMMAND} exited with ${code}: ${stderr.trim()}`));
      }
    });
  });
}

/** `prepare` runs as soon as the channel exists, so none of its events are emitted before it listens. */
function openExec(client: Client, command: string, prepare?: (channel: ClientChannel) => void): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        prepare?.(channel);
        resolve(channel);
      });
    } catch (error) {
      reject(error);
    }
  });
}

/** Reads an exec channel to its end: its output (capped), then its exit status. */
function collectExec(channel: ClientChannel, command: string, options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let code: number | null = null;
    let settled = false;
    const finish = (error?: DockerError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        // sshd keeps the channel (and its slot of the cap) until the command ends: it ignores signal requests.
        channel.close();
        return reject(error);
      }
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code });
    };
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => finish(new DockerError('timeout', `${command.split(' ')[0]}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => finish(new DockerError('timeout', 'aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    channel.on('data', (chunk: Buffer) => {
      if (outBytes < EXEC_OUTPUT_MAX) out.push(chunk);
      outBytes += chunk.length;
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < EXEC_OUTPUT_MAX) err.push(chunk);
      errBytes += chunk.length;
    });
    channel.on('exit', (exitCode: number | null) => {
      code = exitCode;
    });
    channel.on('close', () => finish());
    channel.end();
  });
}

function isChannelOpenFailure(error: unknown): boolean {
  return error instanceof Error && typeof (error as { reason?: unknown }).reason === 'number';
}

function connectError(error: Error & { level?: string }, target: string): DockerError {
  if (error.level === 'client-authentication') {
    return new DockerError('auth', `ssh ${target}: authentication failed (${error.message})`, { cause: error });
  }
  if (error.level === 'client-timeout') {
    return new DockerError('timeout', `ssh ${target}: ${error.message}`, { cause: error });
  }
  return new DockerError('unreachable', `ssh ${target}: ${error.message}`, { cause: error });
}

function endConnection(connection: Connection): Promise<void> {
  if (connection.closed) return Promise.resolve();
  return new Promise((resolve) => {
    connection.client.once('close', () => resolve());
    connection.client.end();
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
