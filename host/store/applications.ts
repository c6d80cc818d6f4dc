/** Applications of a team and their (opaque to the host) swarm settings. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { HostApplication } from '../../src/contract/host.ts';
import type { HostDb } from '../db/open.ts';
import { type ApplicationRow, applications } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { displayName, requiredString } from '../validation.ts';
import { getServer } from './servers.ts';

/** What an application runs when none is given: the lab's offline image, so demos work without a registry. */
export const DEFAULT_APPLICATION_IMAGE = 'lab/busybox:latest';
export const DEFAULT_APPLICATION_COMMAND = 'sleep 3600';

/** Optional text; blank (an empty form field) counts as absent. */
const optionalString = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string({ error: 'must be a string' }).trim().max(max, `must be at most ${max} characters`).optional(),
  );

export const applicationInput = z.object({
  name: displayName(),
  serverId: requiredString(64),
  image: optionalString(300).refine((v) => v === undefined || !/\s/.test(v), 'must not contain spaces'),
  command: optionalString(1000),
});
export type ApplicationInput = z.output<typeof applicationInput>;

const toHostApplication = ({ createdAt: _createdAt, swarmSettings, ...app }: ApplicationRow): HostApplication => ({
  ...app,
  swarmSettings: swarmSettings ?? null,
});

export function createApplication(db: HostDb, opts: ApplicationInput & { teamId: string }): HostApplication {
  // Another team's server is indistinguishable from a missing one.
  if (!getServer(db, { teamId: opts.teamId, serverId: opts.serverId })) throw notFound('serverId: server');
  // The default command belongs to the default image; a given image keeps its own CMD unless told.
  const image = opts.image ?? DEFAULT_APPLICATION_IMAGE;
  const command = opts.command ?? (opts.image ? null : DEFAULT_APPLICATION_COMMAND);
  return toHostApplication(
    db
      .insert(applications)
      .values({ ...opts, image, command })
      .returning()
      .get(),
  );
}

export function listApplications(db: HostDb, teamId: string): HostApplication[] {
  return db.select().from(applications).where(eq(applications.teamId, teamId)).orderBy(applications.name).all().map(toHostApplication);
}

export function getApplication(db: HostDb, opts: { teamId: string; uuid: string }): HostApplication | null {
  const row = db
    .select()
    .from(applications)
    .where(and(eq(applications.uuid, opts.uuid), eq(applications.teamId, opts.teamId)))
    .get();
  return row ? toHostApplication(row) : null;
}

export function saveSwarmSettings(db: HostDb, opts: { teamId: string; uuid: string; settings: Record<string, unknown> }): void {
  const result = db
    .update(applications)
    .set({ swarmSettings: opts.settings })
    .where(and(eq(applications.uuid, opts.uuid), eq(applications.teamId, opts.teamId)))
    .run();
  if (result.changes === 0) throw notFound('application');
}
