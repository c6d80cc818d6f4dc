/**
 * CPU, memory and disk use per node, read without an agent: over SSH from the nodes that are known
 * servers of the team (linked to the cluster by address), with one fixed command. Nodes with no
 * known server show their capacity only. Readings are cached per node for the cluster's refresh interval.
 */
import type { HostServices } from '../contract/host.ts';
import type { ClusterRow, ClusterServerRow } from '../db/schema.ts';
import type { SshServer } from '../docker/index.ts';
import { type NodeResourceReading, parseNodeResources } from '../domain/node-resources.ts';
import type { NodeSummary } from '../domain/swarm-summaries.ts';
import type { TtlCache } from './ttl-cache.ts';

/** Fixed text, nothing interpolated; sections after `@@name` markers (see domain/node-resources.ts). */
export const NODE_RESOURCES_COMMAND =
  'export LC_ALL=C; echo @@stat; head -n 1 /proc/stat; sleep 0.25; echo @@stat; head -n 1 /proc/stat; echo @@meminfo; cat /proc/meminfo; echo @@loadavg; cat /proc/loadavg; echo @@df; df -P /';

const EXEC_TIMEOUT_MS = 15_000;

export interface FixedCommandRunner {
  execFixed(command: string, options?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; code: number | null }>;
}

export class NodeResources {
  constructor(
    private readonly host: { servers: Pick<HostServices['servers'], 'get'> },
    /** Which known server each node is (all it reads of the cluster's server links). */
    private readonly clusterServers: { listForCluster(clusterId: number): Pick<ClusterServerRow, 'serverId' | 'nodeId'>[] },
    private readonly runnerFor: (server: SshServer) => FixedCommandRunner,
    private readonly cache: TtlCache,
    /** How long a cluster's readings are reused (its node-resource refresh setting). */
    private readonly ttlSeconds: (cluster: ClusterRow) => number,
  ) {}

  /** One reading per node, in the order given; never throws for one node's failure. */
  async read(cluster: ClusterRow, nodes: readonly NodeSummary[]): Promise<NodeResourceReading[]> {
    const links = new Map(
      this.clusterServers
        .listForCluster(cluster.id)
        .filter((link) => link.nodeId)
        .map((link) => [link.nodeId!, link.serverId]),
    );
    return Promise.all(
      nodes.map(async (node): Promise<NodeResourceReading> => {
        const serverId = links.get(node.id);
        const server = serverId ? await this.host.servers.get({ teamId: cluster.teamId, serverId }) : null;
        // Resources are measured over SSH; a local server has none, and the plugin runs no local command.
        if (!server || server.transport === 'local') return { nodeId: node.id, source: 'capacity', serverName: null, usage: null, error: null, readAt: null };
        try {
          const cached = await this.cache.get(`cluster:${cluster.id}:resources:${node.id}:${server.id}`, this.ttlSeconds(cluster) * 1000, async () => {
            const result = await this.runnerFor(server).execFixed(NODE_RESOURCES_COMMAND, { timeoutMs: EXEC_TIMEOUT_MS });
            if (result.code !== 0) throw new Error(`the resource command exited with ${result.code}: ${result.stderr.trim().slice(0, 200)}`);
            return parseNodeResources(result.stdout);
          });
          const readAt = new Date(cached.fetchedAt).toISOString();
          return { nodeId: node.id, source: 'measured', serverName: server.name, usage: cached.value, error: null, readAt };
        } catch (error) {
          return { nodeId: node.id, source: 'failed', serverName: server.name, usage: null, error: (error as Error).message, readAt: null };
        }
      }),
    );
  }
}
