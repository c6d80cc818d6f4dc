/** Scaling sets the replica count of a replicated service; other modes have no count to set. */
import { z } from 'zod';
import type { SwarmServiceSummary } from './swarm-summaries.ts';
import { allow, refuse, type Verdict } from './verdict.ts';

export const MAX_REPLICAS = 1000;

export const replicasSchema = z
  .number({ error: 'replicas must be a whole number from 0 to 1000' })
  .int('replicas must be a whole number')
  .min(0, 'replicas must be 0 or more')
  .max(MAX_REPLICAS, `replicas must be at most ${MAX_REPLICAS}`);

export function checkScale(service: { name: string; mode: SwarmServiceSummary['mode'] }): Verdict {
  if (service.mode === 'replicated') return allow();
  return refuse(`${service.name} is a ${service.mode} service: only replicated services can be scaled`);
}
