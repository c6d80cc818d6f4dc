/**
 * Secrets and configs: Docker's rules for their names and sizes, checked before anything is sent, and the
 * family/version naming of rotation (`db-password`, `db-password-v2`, `db-password-v3`, ...).
 */
import { z } from 'zod';

export type SwarmObjectKind = 'secret' | 'config';

/** Swarmkit's rule, as `docker secret create` reports it. */
const NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
export const MAX_OBJECT_NAME = 64;

export const objectNameSchema = z
  .string({ error: 'name is required' })
  .min(1, 'name is required')
  .max(MAX_OBJECT_NAME, `name is at most ${MAX_OBJECT_NAME} characters`)
  .regex(NAME, 'name uses letters, digits, "-", "_" and "." only, and starts and ends with a letter or digit');

/** Swarmkit accepts data larger than 0 and less than these (in bytes). */
export const MAX_OBJECT_BYTES: Record<SwarmObjectKind, number> = { secret: 512_000 - 1, config: 1_024_000 - 1 };

/** Why data of this size cannot be sent, or null when it can. */
export function objectDataProblem(kind: SwarmObjectKind, bytes: number): string | null {
  if (bytes === 0) return `a ${kind} may not be empty`;
  if (bytes > MAX_OBJECT_BYTES[kind]) return `a ${kind} is at most ${MAX_OBJECT_BYTES[kind]} bytes (this one has ${bytes})`;
  return null;
}

export interface ObjectVersion {
  family: string;
  /** 1 for the unversioned name. */
  version: number;
}

const VERSIONED = /^(.+)-v(\d{1,6})$/;

/** `db-password-v3` is version 3 of `db-password`; `db-password` (or `db-password-v1`) is its version 1. */
export function objectVersionOf(name: string): ObjectVersion {
  const match = VERSIONED.exec(name);
  const version = match ? Number(match[2]) : 0;
  return match && version >= 1 ? { family: match[1]!, version } : { family: name, version: 1 };
}

/** The next version of `family`: one above the highest version any of `existingNames` holds. */
export function nextVersionName(family: string, existingNames: readonly string[]): ObjectVersion & { name: string } {
  const highest = existingNames
    .map(objectVersionOf)
    .filter((v) => v.family === family)
    .reduce((max, v) => Math.max(max, v.version), 1);
  const version = highest + 1;
  return { family, version, name: `${family}-v${version}` };
}

/** The label a rotation puts on the version it creates: its id, so that a retried create finds the version made already. */
export const ROTATION_LABEL = 'swarm-clusters.rotation';

/** The labels of the next version: the old version's, with the rotation that creates it. */
export function nextVersionLabels(labels: Readonly<Record<string, string>>, rotationId: string): Record<string, string> {
  return { ...labels, [ROTATION_LABEL]: rotationId };
}
