/**
 * A synthetic engine (synthetic-engine.ts) reached the way the plugin reaches a real manager: over SSH. The engine
 * listens on a unix socket in the host's namespace; an sshd of our own runs in a lab node's namespaces
 * (extra-sshd.ts) and forwards the plugin's direct-streamlocal channels to that socket, which the node sees
 * because lab nodes share the host's filesystem outside their private /run. Registered as a server whose docker
 * socket path is the engine's, the synthetic swarm is a cluster the plugin's SSH transport, pool, cache, views,
 * SSE and pages serve like any other.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabState } from '../../lab/lab.ts';
import { startExtraSshd } from './extra-sshd.ts';
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

export interface SyntheticBridge {
  engine: SyntheticEngine;
  server: SyntheticServer;
  close(): Promise<void>;
}

export interface SyntheticBridgeOptions extends Omit<SyntheticEngineOptions, 'socketPath'> {
  /** The bridge sshd's port on the node: one per bridge running at once (default 2222). */
  port?: number;
  /** The lab node whose namespaces the sshd runs in (default the first). */
  node?: string;
}

export async function startSyntheticBridge(lab: LabState, options: SyntheticBridgeOptions): Promise<SyntheticBridge> {
  const { port = 2222, node = lab.nodes[0]?.name, ...engineOptions } = options;
  if (!node) throw new Error(`lab ${lab.name} has no node to run the bridge's sshd in`);
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-bridge-'));
  const engine = await startSyntheticEngine({ ...engineOptions, socketPath: join(dir, 'engine.sock') });
  try {
    const sshd = await startExtraSshd(lab, node, { port, allowStreamLocalForwarding: true });
    return {
      engine,
      server: {
        name: `synthetic-${engineOptions.nodes}-${engineOptions.services}-${engineOptions.tasks}`,
        ip: sshd.host,
        port: sshd.port,
        user: lab.sshUser,
        privateKey: readFileSync(lab.sshKeyPath, 'utf8'),
        swarmManager: true,
        swarmWorker: false,
        dockerSocketPath: engine.socketPath,
      },
      async close() {
        await sshd.dispose();
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Registers the bridge as a server of the caller's team and detects its swarm: the cluster's uuid. */
export async function registerSyntheticCluster(host: Pick<LabHost, 'api'>, bridge: SyntheticBridge): Promise<{ uuid: string; serverId: string }> {
  const server = await host.api('POST', '/api/v1/servers', bridge.server);
  if (server.status !== 201) throw new Error(`registering ${bridge.server.name}: ${server.status} ${JSON.stringify(server.body)}`);
  const detected = await host.api('POST', '/api/v1/clusters/detect');
  const cluster = detected.body?.data?.find((c: { name: string }) => c.name === `${bridge.server.name} swarm`);
  if (detected.status !== 200 || !cluster) throw new Error(`detect: ${detected.status} ${JSON.stringify(detected.body)}`);
  return { uuid: cluster.uuid, serverId: server.body.id };
}
