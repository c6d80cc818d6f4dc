/**
 * Which services a list shows: a search in name and image, filters by stack, mode and health, and one
 * page of what matches. Shared by the services page and the API's `/services`, so both count alike.
 */
import { naturalCompare } from './natural-order.ts';
import type { SwarmServiceSummary } from './swarm-summaries.ts';

export const SERVICE_MODES = ['replicated', 'global', 'replicated-job', 'global-job'] as const satisfies readonly SwarmServiceSummary['mode'][];

/** `short`: fewer replicas running than desired (the health rule's flag); `ok`: the others. */
export const SERVICE_HEALTH = ['short', 'ok'] as const;

export interface ServiceFilter {
  /** Part of the name or the image, any case. */
  q?: string;
  stack?: string;
  mode?: SwarmServiceSummary['mode'];
  health?: (typeof SERVICE_HEALTH)[number];
}

export interface ServicePage<S> {
  services: S[];
  /** Services that match the filter (all pages). */
  matching: number;
  /** Services in the list before filtering. */
  total: number;
  /** Where this page starts in the matches: the asked offset, moved back onto the last page when beyond it. */
  offset: number;
  /** Page size; null when the page holds every match. */
  limit: number | null;
}

export function isFiltered(filter: ServiceFilter): boolean {
  return Boolean(filter.q || filter.stack || filter.mode || filter.health);
}

export function matchesFilter(service: Pick<SwarmServiceSummary, 'name' | 'image' | 'stack' | 'mode' | 'replicasShort'>, filter: ServiceFilter): boolean {
  if (filter.stack !== undefined && service.stack !== filter.stack) return false;
  if (filter.mode !== undefined && service.mode !== filter.mode) return false;
  if (filter.health !== undefined && service.replicasShort !== (filter.health === 'short')) return false;
  if (!filter.q) return true;
  const q = filter.q.toLowerCase();
  return service.name.toLowerCase().includes(q) || service.image.toLowerCase().includes(q);
}

/** The matches of `filter` in `services` (kept in their order), cut to the page at `offset` of `limit` (all when null). */
export function serviceListPage<S extends Pick<SwarmServiceSummary, 'name' | 'image' | 'stack' | 'mode' | 'replicasShort'>>(
  services: readonly S[],
  filter: ServiceFilter,
  page: { offset: number; limit: number | null },
): ServicePage<S> {
  const matches = isFiltered(filter) ? services.filter((s) => matchesFilter(s, filter)) : [...services];
  const { limit } = page;
  const lastStart = limit === null || matches.length === 0 ? 0 : Math.floor((matches.length - 1) / limit) * limit;
  const offset = Math.min(page.offset, lastStart);
  return {
    services: limit === null ? matches.slice(offset) : matches.slice(offset, offset + limit),
    matching: matches.length,
    total: services.length,
    offset,
    limit,
  };
}

/** The stacks services belong to, for the stack filter. */
export function stackNames(services: readonly Pick<SwarmServiceSummary, 'stack'>[]): string[] {
  const stacks = new Set<string>();
  for (const s of services) if (s.stack) stacks.add(s.stack);
  return [...stacks].sort(naturalCompare);
}
