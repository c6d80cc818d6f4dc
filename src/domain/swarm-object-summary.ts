/** A secret or config as the API and the pages show it: Docker's facts, who uses it, and the plugin's record of it. */
import type { EngineConfig, EngineSecret } from '../docker/schemas.ts';
import { objectVersionOf } from './swarm-object-names.ts';
import type { ObjectUser } from './swarm-object-refs.ts';

export interface SwarmObjectSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  labels: Record<string, string>;
  usedBy: ObjectUser[];
  family: string;
  version: number;
  /** Who created it through the panel; null for one made elsewhere (the CLI, a stack). */
  createdBy: string | null;
  /** The version it replaced, when a rotation made it. */
  rotatedFrom: string | null;
}

/** What the plugin recorded when it created the object. */
export interface ObjectRecord {
  createdBy: string;
  rotatedFrom: string | null;
}

export function toSwarmObjectSummary(object: EngineSecret | EngineConfig, usedBy: readonly ObjectUser[], record: ObjectRecord | undefined): SwarmObjectSummary {
  return {
    id: object.ID,
    name: object.Spec.Name,
    createdAt: object.CreatedAt,
    updatedAt: object.UpdatedAt,
    labels: object.Spec.Labels,
    usedBy: [...usedBy],
    ...objectVersionOf(object.Spec.Name),
    createdBy: record?.createdBy ?? null,
    rotatedFrom: record?.rotatedFrom ?? null,
  };
}

/** How much of a config's content is shown; configs can hold up to a megabyte. */
export const CONFIG_VIEW_MAX_BYTES = 64 * 1024;

export interface ConfigContent {
  /** The content as UTF-8 text, cut at `CONFIG_VIEW_MAX_BYTES`. */
  data: string;
  bytes: number;
  truncated: boolean;
}

export function configContent(base64: string | undefined): ConfigContent {
  const bytes = Buffer.from(base64 ?? '', 'base64');
  const truncated = bytes.length > CONFIG_VIEW_MAX_BYTES;
  // A cut inside a multi-byte character decodes to U+FFFD, which is what a reader should see there.
  return { data: bytes.subarray(0, CONFIG_VIEW_MAX_BYTES).toString('utf8'), bytes: bytes.length, truncated };
}
