/**
 * CPU, memory and disk use per node, read without an agent: over SSH from the nodes that are known
 * servers of the team (linked to the cluster by address), with one fixed command. Nodes with no
 * known server show their capacity only. Readings are cached per node for the cluster's refresh interval. A node
 * that has not answered by the read deadline (its link cut, say) gets its last reading, marked stale, while the
 * read goes on in the background for the next request: one unreachable node never holds up the overview.
 */
import type { HostServices } from '../contract/host.ts';
import type { ClusterRow, ClusterServerRow } from '../db/schema.ts';
import type { SshServer } from '../docker/index.ts';
import { type NodeResourceReading, type NodeResourceUsage, parseNodeResources } from '../domain/node-resources.ts';
import type { NodeSummary } from '../domain/swarm-summaries.ts';
import type { CachedValue, TtlCache } from './ttl-cache.ts';

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
    /** How long a request waits for a node's reading (the read deadline) before it answers with the last one. */
    private readonly deadlineMs: number,
  ) {}

  /**
   * One reading per node, in the order given; never throws for one node's failure. `since`: when the request
   * began, so that the readings and the node list read before them answer within one read deadline.
   */
  async read(cluster: ClusterRow, nodes: readonly NodeSummary[], since = Date.now()): Promise<NodeResourceReading[]> {
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
        if (!server || server.transport === 'local')
          return { nodeId: node.id, source: 'capacity', serverName: null, usage: null, error: null, readAt: null, stale: false };
        const key = `cluster:${cluster.id}:resources:${node.id}:${server.id}`;
        const measured = (cached: CachedValue<NodeResourceUsage>, error: string | null): NodeResourceReading => ({
          nodeId: node.id,
          source: 'measured',
          serverName: server.name,
          usage: cached.value,
          error,
          readAt: new Date(cached.fetchedAt).toISOString(),
          stale: error !== null,
        });
        let problem: string;
        try {
          const load = this.cache.get(key, this.ttlSeconds(cluster) * 1000, async () => {
            const result = await this.runnerFor(server).execFixed(NODE_RESOURCES_COMMAND, { timeoutMs: EXEC_TIMEOUT_MS });
            if (result.code !== 0) throw new Error(`the resource command exited with ${result.code}: ${result.stderr.trim().slice(0, 200)}`);
            return parseNodeResources(result.stdout);
          });
          // Past the deadline the read goes on for the next request; its failure then is that request's to see.
          load.catch(() => undefined);
          const cached = await within(load, since + this.deadlineMs - Date.now());
          if (cached) return measured(cached, null);
          problem = `no answer within ${this.deadlineMs} ms`;
        } catch (error) {
          problem = (error as Error).message;
        }
        const last = this.cache.stale<NodeResourceUsage>(key);
        if (last) return measured(last, problem);
        return { nodeId: node.id, source: 'failed', serverName: server.name, usage: null, error: problem, readAt: null, stale: false };
      }),
    );
  }
}

/** What `promise` gives within `ms` (0 or less: what it has already), or undefined when it takes longer (it is left running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
