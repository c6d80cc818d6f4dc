/**
 * Live regions rendered once per snapshot and query. After a swarm event every viewer of a page asks for its region
 * again within the same second; rendered per request, 500 viewers of the visualizer at 10,000 tasks would cost 500
 * renders (and version hashes) of the same ~400 KB. A region is a function of the snapshot's arrays (the state
 * service hands out the same ones until its next read) and of what the request chose (query, permissions, the read's
 * time): the first request renders it, the others (also those arriving while it renders) share the result.
 * Bounded: the entries live as long as their snapshot's first array (a WeakMap), at most PER_SNAPSHOT of them each.
 */
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { versionOf } from './live-patch.ts';

/** A rendered region and its version (the hash live-patch.ts stamps and compares). */
export class RenderedRegion {
  constructor(
    readonly html: string,
    readonly version: string,
  ) {}

  toString(): string {
    return this.html;
  }

  /** As a child of a page's JSX (already markup, not text). */
  markup(): HtmlEscapedString {
    return raw(this.html);
  }
}

/** Renders of one snapshot kept, by query: the recent ones (a page's filters and pages, expanded rows). */
const PER_SNAPSHOT = 32;

interface Entry {
  /** The snapshot's other arrays: the entry holds only while they are the same. */
  rest: readonly object[];
  region: Promise<RenderedRegion>;
}

const bySnapshot = new WeakMap<object, Map<string, Entry>>();

/**
 * The region rendered from `snapshot` (the arrays it reads, the first one keying the cache) for `query` (everything
 * else its markup depends on, as a string), rendering it on the first ask.
 */
export function renderedRegion(
  snapshot: readonly [object, ...object[]],
  query: string,
  render: () => { toString(): string | Promise<string> },
): Promise<RenderedRegion> {
  const [first, ...rest] = snapshot;
  let entries = bySnapshot.get(first);
  if (!entries) {
    entries = new Map();
    bySnapshot.set(first, entries);
  }
  const hit = entries.get(query);
  if (hit && hit.rest.length === rest.length && hit.rest.every((part, i) => part === rest[i])) {
    // Most recently used last.
    entries.delete(query);
    entries.set(query, hit);
    return hit.region;
  }
  const region = (async () => {
    const html = await render().toString();
    return new RenderedRegion(html, versionOf(html));
  })();
  const kept = entries;
  kept.delete(query);
  kept.set(query, { rest, region });
  for (const oldest of kept.keys()) {
    if (kept.size <= PER_SNAPSHOT) break;
    kept.delete(oldest);
  }
  // A failed render is not kept: the next request tries again (this one's caller hears of the failure).
  region.catch(() => {
    if (kept.get(query)?.region === region) kept.delete(query);
  });
  return region;
}
