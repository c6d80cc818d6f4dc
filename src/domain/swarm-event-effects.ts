/**
 * What a swarm event means for the rest of the plugin: which cached reads it makes stale, and the
 * small JSON the browser gets about it (never the attributes, which can be large or sensitive).
 */
/** Cached swarm lists an event can change (a subset of SwarmState's resources). */
export type CachedSwarmRead = 'nodes' | 'services' | 'tasks';

/**
 * What events say changed in a cluster's kept lists: the objects to read again by ID, and the lists to read whole.
 * Docker sends no cluster-wide task events: a service's or node's change is what moves tasks (checked by reading
 * the object again: its version tells), and a container event (from the one engine the stream is read from) names
 * the service whose task it runs.
 */
export interface SnapshotChanges {
  /** Services to read again; their tasks too when the service turns out changed, new or gone. */
  services: Set<string>;
  /** Nodes to read again; the tasks of the services on them too when the node turns out changed, new or gone. */
  nodes: Set<string>;
  /** Services whose tasks to read again (one of their containers started, stopped or died). */
  serviceTasks: Set<string>;
  /** Lists to read whole. */
  whole: Set<CachedSwarmRead>;
}

export function noChanges(): SnapshotChanges {
  return { services: new Set(), nodes: new Set(), serviceTasks: new Set(), whole: new Set() };
}

export function hasChanges(changes: SnapshotChanges): boolean {
  return changes.services.size + changes.nodes.size + changes.serviceTasks.size + changes.whole.size > 0;
}

/** Adds what these events change to `into` (networks, images, secrets, configs, ... change no kept list). */
export function addEventChanges(
  into: SnapshotChanges,
  events: readonly { Type: string; Actor?: { ID: string; Attributes?: Record<string, string> } }[],
): SnapshotChanges {
  for (const event of events) {
    const id = event.Actor?.ID;
    if (event.Type === 'service' && id) into.services.add(id);
    else if (event.Type === 'node' && id) into.nodes.add(id);
    else if (event.Type === 'container') {
      const service = event.Actor?.Attributes?.['com.docker.swarm.service.id'];
      if (service) into.serviceTasks.add(service);
    } else if (event.Type === 'task') into.whole.add('tasks');
  }
  return into;
}

/** An event as pages receive it live. */
export interface LiveEvent {
  type: string;
  action: string;
  actorId: string;
  actorName: string | null;
  /** ISO time of the event. */
  time: string;
}

/** From a stored (or about to be stored) event row. */
export function toLiveEvent(row: { eventType: string; action: string; actorId?: string; actorName?: string | null; eventTime: string }): LiveEvent {
  return { type: row.eventType, action: row.action, actorId: row.actorId ?? '', actorName: row.actorName ?? null, time: row.eventTime };
}

const EVENT_KINDS = ['service', 'node', 'container', 'network', 'secret', 'config', 'volume', 'image', 'plugin', 'daemon'] as const;
export type EventKind = (typeof EVENT_KINDS)[number] | 'other';

/** The kind an event is coloured by: its type when Docker documents it, `other` for anything else. */
export function eventKind(type: string): EventKind {
  return (EVENT_KINDS as readonly string[]).includes(type) ? (type as EventKind) : 'other';
}

export type EventTone = 'danger' | 'warning' | 'success' | 'neutral';

/** Whether an event reads as a failure, a stop, a start or a change (e.g. `health_status: unhealthy` is a failure). */
export function eventTone(action: string): EventTone {
  const verb = action.split(':')[0]!.trim();
  if (verb === 'health_status') return action.includes('unhealthy') ? 'danger' : 'success';
  if (['die', 'kill', 'oom', 'destroy', 'remove', 'delete'].includes(verb)) return 'danger';
  if (['stop', 'pause', 'disconnect', 'unmount'].includes(verb)) return 'warning';
  if (['create', 'start', 'restart', 'connect', 'unpause'].includes(verb)) return 'success';
  return 'neutral';
}

const MAX_DETAILS = 4;

/** Short facts of an event's attributes for its row: `state: down → ready`, `exit code 137`, the service, the image. */
export function eventDetails(attributes: Record<string, string> | null): string[] {
  if (!attributes) return [];
  const details: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.endsWith('.new')) continue;
    const field = key.slice(0, -'.new'.length);
    const before = attributes[`${field}.old`];
    details.push(before === undefined ? `${field}: ${value}` : `${field}: ${before} → ${value}`);
  }
  if (attributes.exitCode) details.push(`exit code ${attributes.exitCode}`);
  const service = attributes['com.docker.swarm.service.name'];
  if (service) details.push(`service ${service}`);
  if (attributes.image) details.push(attributes.image);
  return details.slice(0, MAX_DETAILS);
}
