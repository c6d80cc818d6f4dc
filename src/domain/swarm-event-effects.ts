/**
 * What a swarm event means for the rest of the plugin: which cached reads it makes stale, and the
 * small JSON the browser gets about it (never the attributes, which can be large or sensitive).
 */
/** Cached swarm reads an event can make stale (a subset of SwarmState's resources). */
export type CachedSwarmRead = 'nodes' | 'services' | 'tasks';

const STALE_READS: Record<string, readonly CachedSwarmRead[]> = {
  // A node's state or availability changes where tasks run (and the tasks a node counts).
  node: ['nodes', 'tasks'],
  // A service created, scaled, updated or removed changes its tasks too.
  service: ['services', 'tasks'],
  container: ['tasks'],
  task: ['tasks'],
  // Secrets and configs join here once their lists are cached.
};

/** The cached reads an event of this type makes stale (none for networks, images, secrets, configs, ...). */
export function readsMadeStaleBy(eventType: string): readonly CachedSwarmRead[] {
  return Object.hasOwn(STALE_READS, eventType) ? STALE_READS[eventType]! : [];
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
