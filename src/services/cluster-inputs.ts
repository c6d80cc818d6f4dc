/** Validated inputs of cluster operations, shared by the JSON API and the web forms. */
import { z } from 'zod';
import { clusterSettingsInput } from '../domain/cluster-settings.ts';
import { HIDDEN_CHARACTER_PROBLEM, hasHiddenCharacters } from '../domain/display-name.ts';
import { SERVICE_HEALTH, SERVICE_MODES } from '../domain/service-list.ts';

const name = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(100, 'name is at most 100 characters')
  .refine((v) => !hasHiddenCharacters(v), HIDDEN_CHARACTER_PROBLEM)
  .normalize('NFC');
const description = z.string().trim().max(1000, 'description is at most 1000 characters').nullable();
const serverId = z.string().trim().min(1, 'managerServerId is required').max(100);

export const createClusterInput = z.strictObject({
  name,
  description: description.optional(),
  managerServerId: serverId,
});

export const updateClusterInput = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    managerServerId: serverId.optional(),
    settings: clusterSettingsInput.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update: give name, description, managerServerId or settings');

const isoTime = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform((v) => new Date(v).toISOString());

export const eventQueryInput = z.strictObject({
  type: z.enum(['node', 'service', 'secret', 'config', 'container', 'network', 'volume', 'image', 'plugin', 'daemon']).optional(),
  action: z.string().max(50).optional().meta({ description: 'Docker’s action, e.g. update, create, remove' }),
  /** Service id or name; node id (or hostname, as its own events name it). */
  service: z.string().max(200).optional().meta({ description: 'A service id or name: its events and its tasks’ containers’' }),
  node: z.string().max(200).optional().meta({ description: 'A node id or hostname: its events and its containers’' }),
  since: isoTime.optional().meta({ description: 'ISO 8601 time, inclusive' }),
  until: isoTime.optional().meta({ description: 'ISO 8601 time, inclusive' }),
  before: z.coerce.number().int().positive().optional().meta({ description: 'An event id (`meta.nextBefore`): only older events' }),
  limit: z.coerce.number().int().min(1, 'limit is at least 1').max(500, 'limit is at most 500').default(100),
});

export const taskQueryInput = z.strictObject({
  node: z.string().max(100).optional().meta({ description: 'Only the tasks on this node (id or hostname)' }),
  service: z.string().max(200).optional().meta({ description: 'Only the tasks of this service (id or name)' }),
});

/** A blank query parameter (an empty search box, "All" in a select) is no filter. */
const blankAsAbsent = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The search and filters of a service list; the page sends them from its form, the API takes them as they are. */
export const serviceFilterInput = z.object({
  q: blankAsAbsent(z.string().trim().max(200, 'q is at most 200 characters')),
  stack: blankAsAbsent(z.string().max(200, 'stack is at most 200 characters')),
  mode: blankAsAbsent(z.enum(SERVICE_MODES, { error: `mode must be one of ${SERVICE_MODES.join(', ')}` })),
  health: blankAsAbsent(z.enum(SERVICE_HEALTH, { error: 'health must be short or ok' })),
  offset: z.coerce.number().int().min(0, 'offset is at least 0').default(0),
});

/** The services page's page sizes, the first by default: a page of 1,000 services would be slow to draw and to read. */
export const SERVICE_PAGE_SIZES = [25, 50, 100] as const;

/** The services page's query: the filters, and one of its page sizes. */
export const servicePageInput = serviceFilterInput.extend({
  limit: z.coerce
    .number()
    .pipe(z.literal(SERVICE_PAGE_SIZES, { error: `limit must be one of ${SERVICE_PAGE_SIZES.join(', ')}` }))
    .default(SERVICE_PAGE_SIZES[0]),
});

/** `GET /services`: the filters, and a page size (every match when absent). */
export const serviceListQuery = z.strictObject({
  ...serviceFilterInput.shape,
  limit: z.coerce.number().int().min(1, 'limit is at least 1').max(1000, 'limit is at most 1000').optional(),
});

/** The first problem of a failed parse, as "field: message". */
export function describeZodError(error: z.ZodError): { field: string | null; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: null, message: 'invalid input' };
  const field = issue.path.join('.') || null;
  if (issue.code === 'unrecognized_keys') return { field, message: `unknown field(s): ${issue.keys.join(', ')}` };
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}
