/**
 * A synthetic engine (synthetic-engine.ts) reached the way the plugin reaches a real manager: over SSH. The engine
 * listens on a unix socket in the host's namespace; an sshd of our own runs in a lab node's namespaces
 * (extra-sshd.ts) and forwards the plugin's direct-streamlocal channels to that socket, which the node sees
 * because lab nodes share the host's filesystem outside their private /run. Registered as a server whose docker
 * socket path is the engine's, the synthetic swarm is a cluster the plugin's SSH transport, pool, cache, views,
 * SSE and pages serve like any other.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabState } from '../../lab/lab.ts';
import { type ExtraSshd, startExtraSshd } from './extra-sshd.ts';
import type { LabHost } from './lab-host.ts';
import { type SyntheticEngine, type SyntheticEngineOptions, startSyntheticEngine } from './synthetic-engine.ts';

/** What a panel registers for the bridge (the body of `POST /api/v1/servers`). */
export interface SyntheticServer {
  name: string;
  ip: string;
  port: number;
  user: string;
  privateKey: string;
  swarmManager: true;
  swarmWorker: false;
  dockerSocketPath: string;
}

/** A synthetic swarm a panel can register as a server. */
export interface SyntheticServerBridge {
  server: SyntheticServer;
  close(): Promise<void>;
}

export interface SyntheticBridge extends SyntheticServerBridge {
  engine: SyntheticEngine;
}

export interface SyntheticBridgeOptions extends Omit<SyntheticEngineOptions, 'socketPath'> {
  /** The bridge sshd's port on the node: one per bridge running at once (default 2222). */
  port?: number;
  /** The lab node whose namespaces the sshd runs in (default the first). */
  node?: string;
}

export async function startSyntheticBridge(lab: LabState, options: SyntheticBridgeOptions): Promise<SyntheticBridge> {
  return bridgeTo(lab, options, (socketPath, engineOptions) => startSyntheticEngine({ ...engineOptions, socketPath }));
}

/**
 * The same bridge with the engine in a process of its own (synthetic-engine-main.ts), as a real manager's is: for
 * benchmarks timing what the host does, whose process would otherwise also run the engine's collections. The engine's
 * objects and counters are then out of reach: tests that look at them use `startSyntheticBridge`.
 */
export async function startSyntheticBridgeProcess(lab: LabState, options: SyntheticBridgeOptions): Promise<SyntheticServerBridge> {
  const { server, close } = await bridgeTo(lab, options, startEngineProcess);
  return { server, close };
}

type EngineOptions = Omit<SyntheticEngineOptions, 'socketPath'>;

async function startEngineProcess(socketPath: string, engineOptions: EngineOptions): Promise<{ close(): Promise<void> }> {
  const main = fileURLToPath(new URL('./synthetic-engine-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, socketPath, JSON.stringify(engineOptions)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the synthetic engine exited (${code}) before listening`)));
    });
  } catch (error) {
    await close();
    throw error;
  }
  child.stdout!.resume();
  return { close };
}

/** An engine `start` brings up on a socket in a directory of its own, behind a bridge sshd in a lab node. */
async function bridgeTo<E extends { close(): Promise<void> }>(
  lab: LabState,
  options: SyntheticBridgeOptions,
  start: (socketPath: string, engineOptions: EngineOptions) => Promise<E>,
): Promise<SyntheticServerBridge & { engine: E }> {
  const { port = 2222, node = lab.nodes[0]?.name, ...engineOptions } = options;
  if (!node) throw new Error(`lab ${lab.name} has no node to run the bridge's sshd in`);
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-bridge-'));
  const socketPath = join(dir, 'engine.sock');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let engine: E;
  try {
    engine = await start(socketPath, engineOptions);
  } catch (error) {
    removeDir();
    throw error;
  }
  try {
    const sshd = await startExtraSshd(lab, node, { port, allowStreamLocalForwarding: true });
    return {
      engine,
      server: bridgeServer(lab, sshd, engineOptions, socketPath),
      async close() {
        await sshd.dispose();
        await engine.close();
        removeDir();
      },
    };
  } catch (error) {
    await engine.close();
    removeDir();
    throw error;
  }
}

function bridgeServer(lab: LabState, sshd: ExtraSshd, size: SyntheticBridgeOptions, dockerSocketPath: string): SyntheticServer {
  return {
    name: `synthetic-${size.nodes}-${size.services}-${size.tasks}`,
    ip: sshd.host,
    port: sshd.port,
    user: lab.sshUser,
    privateKey: readFileSync(lab.sshKeyPath, 'utf8'),
    swarmManager: true,
    swarmWorker: false,
    dockerSocketPath,
  };
}

/** Registers the bridge as a server of the caller's team and detects its swarm: the cluster's uuid. */
export async function registerSyntheticCluster(
  host: Pick<LabHost, 'api'>,
  bridge: Pick<SyntheticServerBridge, 'server'>,
): Promise<{ uuid: string; serverId: string }> {
  const server = await host.api('POST', '/api/v1/servers', bridge.server);
  if (server.status !== 201) throw new Error(`registering ${bridge.server.name}: ${server.status} ${JSON.stringify(server.body)}`);
  const detected = await host.api('POST', '/api/v1/clusters/detect');
  const cluster = detected.body?.data?.find((c: { name: string }) => c.name === `${bridge.server.name} swarm`);
  if (detected.status !== 200 || !cluster) throw new Error(`detect: ${detected.status} ${JSON.stringify(detected.body)}`);
  return { uuid: cluster.uuid, serverId: server.body.id };
}
