/**
 * What the routes are given: services only, never the database, its repositories or the Docker client.
 * Each route module takes the few it uses (`Pick<PluginServices, ...>`), so its signature says what it touches.
 */
import type { HostServices } from '../contract/host.ts';
import type { ApplicationDeploy } from './application-deploy.ts';
import type { ClusterDetection } from './cluster-detection.ts';
import type { ClusterRegistry } from './cluster-registry.ts';
import type { ClusterSync } from './cluster-sync.ts';
import type { ConvergingReads } from './converging-reads.ts';
import type { EffectiveClusterSettings } from './effective-cluster-settings.ts';
import type { EventHistory } from './event-history.ts';
import type { HostKeyTrust } from './host-key-trust.ts';
import type { LiveFanout } from './live-fanout.ts';
import type { NodeOperations } from './node-operations.ts';
import type { NodeResources } from './node-resources.ts';
import type { NotificationPreferences } from './notification-preferences.ts';
import type { Rotations } from './rotations.ts';
import type { StackOperations } from './stack-operations.ts';
import type { SwarmEventHub } from './swarm-event-hub.ts';
import type { SwarmObjects } from './swarm-objects.ts';
import type { SwarmServiceOperations } from './swarm-service-operations.ts';
import type { SwarmState } from './swarm-state.ts';

/** The host services a request needs: who asks and what they may do, the page layout, servers, applications, the log. */
export type RequestHost = Pick<HostServices, 'auth' | 'layout' | 'servers' | 'applications' | 'logger'>;

export interface PluginServices {
  host: RequestHost;
  /** The team's clusters: create, read, update, delete. */
  clusters: ClusterRegistry;
  detection: ClusterDetection;
  /** Each cluster's settings over the plugin's defaults. */
  clusterSettings: EffectiveClusterSettings;
  sync: ClusterSync;
  /** Nodes, services and tasks read from the swarm (cached). */
  state: SwarmState;
  /** The stored swarm events of a cluster, for the events page and API. */
  eventHistory: EventHistory;
  /** The per-cluster Docker event streams. */
  live: SwarmEventHub;
  /** The event streams gathered for open pages: a message per window, not per event. */
  liveViewers: LiveFanout;
  nodeOps: NodeOperations;
  /** Which notification kinds a team receives, and how, for all its clusters or one. */
  notificationPreferences: NotificationPreferences;
  /** Operations on Docker services (scale, roll back, update, remove, logs). */
  swarmServiceOps: SwarmServiceOperations;
  /** CPU, memory and disk use of nodes that are known servers, over SSH. */
  resources: NodeResources;
  /** Fresh reads, at most once a second, for pages showing a converging swarm. */
  converging: ConvergingReads;
  /** Host applications' swarm settings, and deploying an application as a stack. */
  deploys: ApplicationDeploy;
  /** Secrets and configs: list, create, remove. */
  objects: SwarmObjects;
  /** Rotations of secrets and configs, run in the background and resumable. */
  rotations: Rotations;
  /** Servers' pinned SSH host keys, and trusting a changed one. */
  hostKeys: HostKeyTrust;
  /** Stacks: list, deploy from a compose file, remove. */
  stacks: StackOperations;
}
