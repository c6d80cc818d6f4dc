/** Applications of a team and their (opaque to the host) swarm settings. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { HostApplication } from '../../src/contract/host.ts';
import type { HostDb } from '../db/open.ts';
import { applications, type ApplicationRow } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { requiredString } from '../validation.ts';
import { getServer } from './servers.ts';

export const applicationInput = z.object({
  name: requiredString(100),
  serverId: requiredString(64),
});
export type ApplicationInput = z.output<typeof applicationInput>;

const toHostApplication = ({ createdAt: _createdAt, swarmSettings, ...app }: ApplicationRow): HostApplication => ({
  ...app,
  swarmSettings: swarmSettings ?? null,
});

export function createApplication(db: HostDb, opts: ApplicationInput & { teamId: string }): HostApplication {
  // Another team's server is indistinguishable from a missing one.
  if (!getServer(db, { teamId: opts.teamId, serverId: opts.serverId })) throw notFound('serverId: server');
  return toHostApplication(db.insert(applications).values(opts).returning().get());
}

export function listApplications(db: HostDb, teamId: string): HostApplication[] {
  return db
    .select()
    .from(applications)
    .where(eq(applications.teamId, teamId))
    .orderBy(applications.name)
    .all()
    .map(toHostApplication);
}

export function getApplication(db: HostDb, opts: { teamId: string; uuid: string }): HostApplication | null {
  const row = db
    .select()
    .from(applications)
    .where(and(eq(applications.uuid, opts.uuid), eq(applications.teamId, opts.teamId)))
    .get();
  return row ? toHostApplication(row) : null;
}

export function saveSwarmSettings(
  db: HostDb,
  opts: { teamId: string; uuid: string; settings: Record<string, unknown> },
): void {
  const result = db
    .update(applications)
    .set({ swarmSettings: opts.settings })
    .where(and(eq(applications.uuid, opts.uuid), eq(applications.teamId, opts.teamId)))
    .run();
  if (result.changes === 0) throw notFound('application');
}
