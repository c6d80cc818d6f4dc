/**
 * A swarm event as the plugin stored it (Docker's own, or an operation taken through the plugin, which
 * carries a principal), and how the events page and API ask for them.
 */

export interface StoredEvent {
  id: number;
  clusterId: number;
  eventType: string;
  action: string;
  actorId: string;
  actorName: string | null;
  attributes: Record<string, string> | null;
  scope: string | null;
  /** Docker's timeNano: with type, action and actor it identifies an event, so a backfill cannot duplicate. */
  timeNano: string;
  eventTime: string;
  /** Who did it, for actions taken through the plugin. */
  principal: string | null;
  createdAt: string;
}

export interface EventQuery {
  type?: string;
  action?: string;
  /** Service id or name: the service's own events and those of its tasks' containers. */
  service?: string[];
  /** Node id or hostname: the node's own events and those of containers on it. */
  node?: string[];
  /** ISO timestamps, inclusive. */
  since?: string;
  until?: string;
  /** Cursor for "load more": only events listed after this one (older, in list order). */
  beforeId?: number;
  /** Only events stored after this one (live arrivals). */
  afterId?: number;
  limit: number;
}
