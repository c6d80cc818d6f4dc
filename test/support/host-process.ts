/**
 * The reference host run as its own process, the way `npm start` runs it (no lab of its own): what fault tests
 * watch stay up, and what they kill and start again on the same data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginSettingsOverrides } from '../../src/contract/host.ts';
import { eventually } from './plugin-fixture.ts';

export const HOST_PROCESS_TOKEN = 'hp_host-process-token-0123456789abcdef';

export interface HostProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** Everything the host logged so far (JSON lines on stderr). */
  log(): string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies they expect without declaring each shape
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGKILL: the panel dies mid-whatever, its data dir stays for the next start. */
  kill(): Promise<void>;
  /** SIGTERM, then the data dir is removed (unless it was the caller's). */
  stop(): Promise<void>;
}

export interface HostProcessOptions {
  dataDir?: string;
  pluginSettings?: PluginSettingsOverrides;
  /** More of `npm start`'s environment (e.g. the `CLUSTERS_*` defaults). */
  env?: Record<string, string>;
  /** Node's own flags for the process, e.g. `--cpu-prof` to profile it (NODE_OPTIONS refuses that one). */
  nodeArgs?: string[];
}

export async function startHostProcess(opts: HostProcessOptions = {}): Promise<HostProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'host-process-'));
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'host/main.ts'], {
    env: {
      ...process.env,
      LAB: '0',
      PORT: '0',
      DATA_DIR: dataDir,
      ADMIN_TOKEN: HOST_PROCESS_TOKEN,
      ADMIN_PASSWORD: 'host-process-password-1',
      LOG_LEVEL: 'warn',
      PLUGIN_SETTINGS: JSON.stringify(opts.pluginSettings ?? {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the host exited with ${child.exitCode}: ${stderr}`);
      return /Panel listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? null;
    },
    // Generous: a start transpiles the host and the plugin, which takes long on a loaded machine.
    { timeoutMs: 90_000, what: 'the host to listen' },
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    child,
    dataDir,
    log: () => stderr,
    alive,
    async api(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${HOST_PROCESS_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(90_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      await exited;
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
