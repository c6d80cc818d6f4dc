/**
 * Which changes of a swarm are news: a pure rule from the last watched state and a fresh snapshot of the
 * nodes and services to the next state and the transitions seen. Kept per cluster (in the database, so a
 * restart of the panel neither repeats nor loses one) and fed by both the live event stream and the sync.
 *
 * - A node announces `node.down` / `node.ready` once per change; one that changes more than `flapLimit`
 *   times within `flapWindowMs` is announced once as flapping and then kept quiet until it has been stable for
 *   a whole window, when its state (if it differs from the last one announced) is announced. The event
 *   stream's report of a node's change counts too (`observeNodeEvent`): a link that flaps faster than the lists
 *   are read shows each change there, not in the next snapshot.
 * - A manager losing raft reachability while its node is up announces `node.unreachable` (a down node says it).
 * - A service below its desired replicas announces `service.short` only after `shortGraceMs` (a rolling update
 *   is short for a moment), and `service.recovered` when full again, only if it was announced short.
 * - A rolling update announces paused, failed (rollback started by failure, or the rollback paused) and
 *   rolled back, each once per update.
 * - Quorum is at risk when a swarm built to survive a manager loss (three managers or more) has no spare left.
 * Subjects seen for the first time start as healthy, so a problem found at first sight is announced; updates
 * that finished before are history, not news.
 */
import { isServiceShort } from './cluster-health.ts';
import { isReachableManager, quorumOf } from './manager-quorum.ts';
import type { NodeSummary, SwarmServiceSummary } from './swarm-summaries.ts';

export type TransitionKind =
  | 'node.down'
  | 'node.ready'
  | 'node.unreachable'
  | 'node.flapping'
  | 'service.short'
  | 'service.recovered'
  | 'service.update_paused'
  | 'service.update_rolled_back'
  | 'service.update_failed'
  | 'cluster.quorum_at_risk';

export interface WatchRules {
  shortGraceMs: number;
  flapWindowMs: number;
  /** Changes of a node announced within a window before it counts as flapping. */
  flapLimit: number;
}

export const DEFAULT_FLAP_LIMIT = 4;

export interface NodeWatch {
  hostname: string;
  /** Absent in states stored before it was kept: such a node's events wait for the next snapshot. */
  role?: NodeFacts['role'];
  /** Last seen up (ready) or down; null while the swarm says neither (a node joining is `unknown`). */
  up: boolean | null;
  /** Last state announced (or assumed at first sight). */
  announcedUp: boolean;
  announcedReachable: boolean;
  /** Epoch ms of the changes within the flap window. */
  changes: number[];
  flapping: boolean;
  /** Epoch ms of the last change the event stream reported: a snapshot read before it does not judge the node. */
  eventAt?: number;
}

export interface ServiceWatch {
  name: string;
  /** Epoch ms since the service has been below its desired replicas, or null. */
  shortSince: number | null;
  announcedShort: boolean;
  /** The rolling update last seen: its state and the service's update time, told apart per update. */
  update: string | null;
}

export interface WatchState {
  /** Epoch ms of the snapshot this state reflects: an older one arriving late is ignored. */
  observedAt: number;
  nodes: Record<string, NodeWatch>;
  services: Record<string, ServiceWatch>;
  quorumAtRisk: boolean;
}

export type NodeFacts = Pick<NodeSummary, 'id' | 'hostname' | 'role' | 'status' | 'managerReachability'>;
export type ServiceFacts = Pick<
  SwarmServiceSummary,
  'id' | 'name' | 'mode' | 'replicasRunning' | 'replicasDesired' | 'updateState' | 'updateMessage' | 'updatedAt'
>;

export interface SwarmSnapshot {
  /** Epoch ms the lists were read. */
  at: number;
  nodes: readonly NodeFacts[];
  services: readonly ServiceFacts[];
}

export interface Transition {
  kind: TransitionKind;
  subject: { type: 'node' | 'service' | 'cluster'; id: string; name: string };
  /** Counts and Docker's words behind the transition, for the message and the webhook's data. */
  facts: Record<string, string | number | null>;
}

export interface Observation {
  state: WatchState;
  transitions: Transition[];
}

export function observeSwarm(previous: WatchState | null, snapshot: SwarmSnapshot, rules: WatchRules): Observation {
  if (previous && snapshot.at < previous.observedAt) return { state: previous, transitions: [] };
  const transitions: Transition[] = [];
  const nodes: Record<string, NodeWatch> = {};
  for (const node of snapshot.nodes) {
    const watch = previous?.nodes[node.id];
    nodes[node.id] = watch?.eventAt !== undefined && snapshot.at < watch.eventAt ? watch : observeNode(watch, node, snapshot.at, rules, transitions);
  }
  const services: Record<string, ServiceWatch> = {};
  for (const service of snapshot.services) {
    services[service.id] = observeService(previous?.services[service.id], service, snapshot.at, rules, transitions);
  }
  const quorum = quorumFacts(snapshot.nodes);
  const quorumAtRisk = quorum.atRisk;
  if (quorumAtRisk && !previous?.quorumAtRisk) {
    transitions.push({
      kind: 'cluster.quorum_at_risk',
      subject: { type: 'cluster', id: '', name: '' },
      facts: { managers: quorum.managers, reachable: quorum.reachable, quorum: quorum.needed },
    });
  }
  return { state: { observedAt: snapshot.at, nodes, services, quorumAtRisk }, transitions };
}

/** A node's change of state as the event stream reported it, at the moment it arrived. */
export interface NodeStateEvent {
  nodeId: string;
  /** Docker's `state.new`: ready, down, disconnected, unknown. */
  status: string;
  at: number;
}

/**
 * Judges one node's reported change between two snapshots, or null when there is nothing to judge: a node not
 * watched yet (the next snapshot introduces it) or no change of up or down.
 */
export function observeNodeEvent(previous: WatchState | null, event: NodeStateEvent, rules: WatchRules): Observation | null {
  const watch = previous?.nodes[event.nodeId];
  if (!previous || !watch?.role) return null;
  const up = nodeUp(event.status);
  if (up === null || up === watch.up) return null;
  const transitions: Transition[] = [];
  const facts: NodeFacts = { id: event.nodeId, hostname: watch.hostname, role: watch.role, status: event.status, managerReachability: null };
  const node = { ...observeNode(watch, facts, event.at, rules, transitions), eventAt: event.at };
  return { state: { ...previous, nodes: { ...previous.nodes, [event.nodeId]: node } }, transitions };
}

function nodeUp(status: string): boolean | null {
  if (status === 'ready') return true;
  if (status === 'down' || status === 'disconnected') return false;
  return null;
}

function observeNode(previous: NodeWatch | undefined, node: NodeFacts, at: number, rules: WatchRules, out: Transition[]): NodeWatch {
  const subject = { type: 'node' as const, id: node.id, name: node.hostname };
  const seen = nodeUp(node.status);
  const up = seen ?? previous?.up ?? null;
  const changed = previous !== undefined && previous.up !== null && up !== null && up !== previous.up;
  const changes = [...(previous?.changes ?? []), ...(changed ? [at] : [])].filter((t) => at - t < rules.flapWindowMs);
  const wasFlapping = previous?.flapping ?? false;
  const flapping = changes.length > rules.flapLimit || (wasFlapping && changes.length > 0);
  let announcedUp = previous?.announcedUp ?? true;
  let announcedReachable = previous?.announcedReachable ?? true;

  if (flapping && !wasFlapping) {
    out.push({ kind: 'node.flapping', subject, facts: { changes: changes.length, windowSeconds: Math.round(rules.flapWindowMs / 1000), status: node.status } });
  }
  if (!flapping && up !== null && up !== announcedUp) {
    out.push({ kind: up ? 'node.ready' : 'node.down', subject, facts: { status: node.status, role: node.role } });
    announcedUp = up;
  }
  if (node.role === 'manager' && node.managerReachability !== null) {
    if (node.managerReachability === 'reachable') announcedReachable = true;
    else if (announcedReachable && !flapping) {
      // A down node's lost reachability is said by its `node.down`.
      if (up === true) out.push({ kind: 'node.unreachable', subject, facts: { reachability: node.managerReachability } });
      announcedReachable = false;
    }
  }
  return { hostname: node.hostname, role: node.role, up, announcedUp, announcedReachable, changes, flapping, eventAt: previous?.eventAt };
}

function observeService(previous: ServiceWatch | undefined, service: ServiceFacts, at: number, rules: WatchRules, out: Transition[]): ServiceWatch {
  const subject = { type: 'service' as const, id: service.id, name: service.name };
  const counts = { running: service.replicasRunning, desired: service.replicasDesired };
  const short = isServiceShort(service);
  const shortSince = short ? (previous?.shortSince ?? at) : null;
  let announcedShort = previous?.announcedShort ?? false;
  if (short && shortSince !== null && !announcedShort && at - shortSince >= rules.shortGraceMs) {
    out.push({ kind: 'service.short', subject, facts: { ...counts, shortSeconds: Math.round((at - shortSince) / 1000) } });
    announcedShort = true;
  } else if (!short && announcedShort) {
    out.push({ kind: 'service.recovered', subject, facts: counts });
    announcedShort = false;
  }

  const update = service.updateState ? `${service.updateState}@${service.updatedAt ?? ''}` : null;
  if (update !== null && update !== (previous?.update ?? null)) {
    const kind = updateTransition(service.updateState!, service.updateMessage, previous === undefined);
    if (kind) out.push({ kind, subject, facts: { updateState: service.updateState, message: service.updateMessage } });
  }
  return { name: service.name, shortSince, announcedShort, update };
}

const MANUAL_ROLLBACK = /manually requested/i;

/** The news in a rolling update's state; at first sight only a state still waiting for someone. */
export function updateTransition(state: string, message: string | null, firstSight: boolean): TransitionKind | null {
  if (state === 'paused') return 'service.update_paused';
  if (state === 'rollback_paused') return 'service.update_failed';
  if (firstSight) return null;
  if (state === 'rollback_started' && !MANUAL_ROLLBACK.test(message ?? '')) return 'service.update_failed';
  if (state === 'rollback_completed') return 'service.update_rolled_back';
  return null;
}

/** Whether losing one more manager would lose raft's majority, for a swarm built to survive one. */
export function quorumFacts(nodes: readonly NodeFacts[]): { managers: number; reachable: number; needed: number; atRisk: boolean } {
  const managers = nodes.filter((n) => n.role === 'manager');
  const reachable = managers.filter(isReachableManager).length;
  const needed = quorumOf(managers.length);
  return { managers: managers.length, reachable, needed, atRisk: managers.length >= 3 && reachable <= needed };
}
