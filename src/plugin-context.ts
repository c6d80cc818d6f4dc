/** The composition root: every repository and service of one mounted plugin, wired once. */
import type { HostServices, PluginSettings } from './contract/host.ts';
import { openPluginDatabase, type PluginDatabase } from './db/database.ts';
import { ClusterEventRepository } from './db/repositories/cluster-event-repository.ts';
import { ClusterRepository } from './db/repositories/cluster-repository.ts';
import { ClusterServerRepository } from './db/repositories/cluster-server-repository.ts';
import { HostKeyRepository } from './db/repositories/host-key-repository.ts';
import { NotificationRepository } from './db/repositories/notification-repository.ts';
import { RotationRepository } from './db/repositories/rotation-repository.ts';
import { SwarmObjectRepository } from './db/repositories/swarm-object-repository.ts';
import type { ClusterRow } from './db/schema.ts';
import { SshConnectionPool } from './docker/index.ts';
import { ApplicationDeploy } from './services/application-deploy.ts';
import { ClusterConnections } from './services/cluster-connections.ts';
import { ClusterDetection } from './services/cluster-detection.ts';
import { ClusterNotifier } from './services/cluster-notifier.ts';
import { ClusterRegistry } from './services/cluster-registry.ts';
import { ClusterSync } from './services/cluster-sync.ts';
import { ConvergingReads } from './services/converging-reads.ts';
import { EffectiveClusterSettings } from './services/effective-cluster-settings.ts';
import { EventHistory } from './services/event-history.ts';
import { HostKeyTrust } from './services/host-key-trust.ts';
import { LiveFanout } from './services/live-fanout.ts';
import { NodeOperations } from './services/node-operations.ts';
import { NodeResources } from './services/node-resources.ts';
import { NotificationPreferences } from './services/notification-preferences.ts';
import { OperationLog } from './services/operation-log.ts';
import type { PluginServices } from './services/plugin-services.ts';
import { Rotations } from './services/rotations.ts';
import { StackOperations } from './services/stack-operations.ts';
import { StreamQuota } from './services/stream-quota.ts';
import { SwarmEventHub } from './services/swarm-event-hub.ts';
import { SwarmEventRecorder } from './services/swarm-event-recorder.ts';
import { SwarmObjects } from './services/swarm-objects.ts';
import { SwarmServiceOperations } from './services/swarm-service-operations.ts';
import { SwarmState } from './services/swarm-state.ts';
import { TtlCache } from './services/ttl-cache.ts';

/** Everything one mounted plugin holds: the services routes get, and what only jobs and tests reach. */
export interface PluginContext extends PluginServices {
  host: HostServices;
  settings: PluginSettings;
  db: PluginDatabase;
  eventRepository: ClusterEventRepository;
  clusterRepository: ClusterRepository;
  connections: ClusterConnections;
  notifier: ClusterNotifier;
}

/** `webMount`: where the host mounts the pages, for links in notifications. */
export function createPluginContext(host: HostServices, settings: PluginSettings, webMount = '/clusters'): PluginContext {
  const db = openPluginDatabase(host.database.sqlite);
  const clusterRepo = new ClusterRepository(db);
  const clusterServers = new ClusterServerRepository(db);
  const eventRepository = new ClusterEventRepository(db);
  const hostKeys = new HostKeyRepository(db);
  const pool = new SshConnectionPool({
    privateKey: (serverId) => host.servers.privateKey({ serverId }),
    hostKeys: {
      get: async (serverId) => hostKeys.get(serverId),
      pin: async (serverId, fingerprint) => hostKeys.pin(serverId, fingerprint),
      refused: async (serverId, fingerprint) => hostKeys.refused(serverId, fingerprint),
    },
    transport: {
      readyTimeoutMs: settings.timeoutsMs.sshHandshake,
      channelOpenTimeoutMs: settings.timeoutsMs.sshChannelOpen,
      keepaliveIntervalMs: settings.timeoutsMs.sshKeepaliveInterval,
    },
    streamsPerServer: settings.streams.perServer,
  });
  const connections = new ClusterConnections(host, clusterServers, pool, settings.timeoutsMs);
  const state = new SwarmState(connections, new TtlCache(), settings.cacheTtlSeconds);
  const clusterSettings = new EffectiveClusterSettings(settings);
  const settingsOf = (cluster: ClusterRow) => clusterSettings.of(cluster);
  const notificationRepository = new NotificationRepository(db);
  const notificationPreferences = new NotificationPreferences(notificationRepository);
  const notifier = new ClusterNotifier({
    notifications: host.notifications,
    logger: host.logger,
    repository: notificationRepository,
    clusters: clusterRepo,
    state,
    settingsOf,
    webMount,
    flapWindowMs: settings.flapWindowSeconds * 1000,
  });
  const recorder = new SwarmEventRecorder(connections, eventRepository);
  const live = new SwarmEventHub({ connections, recorder, state, clusters: clusterRepo, logger: host.logger, notifier });
  const liveViewers = new LiveFanout(live, host.logger);
  const operationLog = new OperationLog(eventRepository);
  const objects = new SwarmObjects(connections, new SwarmObjectRepository(db), operationLog, new TtlCache());
  const rotations = new Rotations(connections, objects, new RotationRepository(db), state, operationLog, host.logger, {
    convergeTimeoutMs: settings.rotationConvergeSeconds * 1000,
    notifier,
  });
  // Rotations after the objects: a rotation picked up as finished forgets its old version's row.
  const sync = new ClusterSync(host, clusterRepo, clusterServers, state, recorder, live, notifier, settingsOf, settings.unreachableAfterSeconds * 1000, [
    objects,
    rotations,
  ]);
  const detection = new ClusterDetection(host, clusterRepo, clusterServers, connections, sync, live);
  const clusters = new ClusterRegistry(host, clusterRepo, clusterServers, detection, state, live);
  const nodeOps = new NodeOperations(host, connections, clusterServers, state, sync, operationLog);
  const swarmServiceOps = new SwarmServiceOperations(connections, state, operationLog, new StreamQuota(settings.streams.perUser));
  const resources = new NodeResources(
    host,
    clusterServers,
    (server) => pool.get(server),
    new TtlCache(),
    (cluster) => settingsOf(cluster).nodeResourceRefreshSeconds,
    settings.timeoutsMs.read,
  );
  const deploys = new ApplicationDeploy(host, clusterRepo, clusterServers, connections, state, operationLog, settings.applications);
  const eventHistory = new EventHistory(eventRepository);
  const converging = new ConvergingReads(state);
  const hostKeyTrust = new HostKeyTrust(host, hostKeys, (serverId) => pool.remove(serverId));
  const stacks = new StackOperations(connections, state, operationLog, new TtlCache(), {
    notifier,
    logger: host.logger,
    watchMs: settings.stackDeployWatchSeconds * 1000,
  });
  return {
    host,
    settings,
    db,
    eventRepository,
    clusterRepository: clusterRepo,
    connections,
    notifier,
    clusterSettings,
    notificationPreferences,
    eventHistory,
    state,
    sync,
    detection,
    clusters,
    live,
    liveViewers,
    nodeOps,
    swarmServiceOps,
    resources,
    deploys,
    converging,
    objects,
    rotations,
    hostKeys: hostKeyTrust,
    stacks,
  };
}
