/** The composition root: every repository and service of one mounted plugin, wired once. */
import type { HostServices, PluginSettings } from './contract/host.ts';
import { openPluginDatabase, type PluginDatabase } from './db/database.ts';
import { ClusterEventRepository } from './db/repositories/cluster-event-repository.ts';
import { ClusterRepository } from './db/repositories/cluster-repository.ts';
import { ClusterServerRepository } from './db/repositories/cluster-server-repository.ts';
import { HostKeyRepository } from './db/repositories/host-key-repository.ts';
import { SshConnectionPool } from './docker/index.ts';
import { ApplicationDeploy } from './services/application-deploy.ts';
import { ClusterConnections } from './services/cluster-connections.ts';
import { ClusterDetection } from './services/cluster-detection.ts';
import { ClusterService } from './services/cluster-service.ts';
import { ClusterSync } from './services/cluster-sync.ts';
import { ConvergingReads } from './services/converging-reads.ts';
import { EventCollector } from './services/event-collector.ts';
import { NodeResources } from './services/node-resources.ts';
import { SwarmEventHub } from './services/live-events.ts';
import { NodeOperations } from './services/node-operations.ts';
import { OperationLog } from './services/operation-log.ts';
import { ServiceOperations } from './services/service-operations.ts';
import { SwarmState } from './services/swarm-state.ts';
import { TtlCache } from './services/ttl-cache.ts';

export interface PluginContext {
  host: HostServices;
  settings: PluginSettings;
  db: PluginDatabase;
  events: ClusterEventRepository;
  connections: ClusterConnections;
  state: SwarmState;
  sync: ClusterSync;
  detection: ClusterDetection;
  clusters: ClusterService;
  /** The per-cluster Docker event streams, fanned out to open pages. */
  live: SwarmEventHub;
  nodeOps: NodeOperations;
  serviceOps: ServiceOperations;
  /** CPU, memory and disk use of nodes that are known servers, over SSH. */
  resources: NodeResources;
  /** Fresh reads, at most once a second, for pages showing a converging swarm. */
  converging: ConvergingReads;
  /** Host applications' swarm settings, and deploying an application as a stack. */
  deploys: ApplicationDeploy;
}

export function createPluginContext(host: HostServices, settings: PluginSettings): PluginContext {
  const db = openPluginDatabase(host.database.sqlite);
  const clusterRepo = new ClusterRepository(db);
  const clusterServers = new ClusterServerRepository(db);
  const events = new ClusterEventRepository(db);
  const hostKeys = new HostKeyRepository(db);
  const pool = new SshConnectionPool({
    privateKey: (serverId) => host.servers.privateKey({ serverId }),
    hostKeys: {
      get: async (serverId) => hostKeys.get(serverId),
      pin: async (serverId, fingerprint) => hostKeys.pin(serverId, fingerprint),
    },
  });
  const connections = new ClusterConnections(host, clusterServers, pool);
  const state = new SwarmState(connections, new TtlCache(), settings.cacheTtlSeconds);
  const collector = new EventCollector(connections, events);
  const live = new SwarmEventHub({ connections, collector, state, clusters: clusterRepo, logger: host.logger });
  const sync = new ClusterSync(host, clusterRepo, clusterServers, state, collector, live);
  const detection = new ClusterDetection(host, clusterRepo, clusterServers, connections, sync, live);
  const clusters = new ClusterService(host, clusterRepo, clusterServers, detection, state, live);
  const operationLog = new OperationLog(events);
  const nodeOps = new NodeOperations(host, connections, clusterServers, state, sync, operationLog);
  const serviceOps = new ServiceOperations(connections, state, operationLog);
  const resources = new NodeResources(host, clusterServers, (server) => pool.get(server), new TtlCache(), settings.cacheTtlSeconds.resources);
  const deploys = new ApplicationDeploy(host, clusterRepo, clusterServers, connections, state, operationLog);
  return { host, settings, db, events, connections, state, sync, detection, clusters, live, nodeOps, serviceOps, resources, deploys, converging: new ConvergingReads(state) };
}
