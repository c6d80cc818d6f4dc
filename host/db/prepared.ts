/**
 * Queries the host makes on every request (who is asking, the layout's team name and unread count), built and
 * prepared once per database instead of on each call: the query building and SQLite's prepare cost more CPU than
 * running them.
 */
import type { HostDb } from './open.ts';

/** `build`'s prepared query for a database, built on first use. */
export function preparedOnce<T>(build: (db: HostDb) => T): (db: HostDb) => T {
  const byDb = new WeakMap<HostDb, T>();
  return (db) => {
    let query = byDb.get(db);
    if (query === undefined) {
      query = build(db);
      byDb.set(db, query);
    }
    return query;
  };
}
