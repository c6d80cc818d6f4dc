import { CONSTRAINT_FIELDS } from '../../../domain/swarm-deploy-config.ts';
import type { NodeSummary } from '../../../domain/swarm-summaries.ts';

export interface ConstraintSuggestions {
  /** Docker's node fields, then `node.labels.<key>` for every label key of the nodes. */
  fields: string[];
  /** Hostnames and label values. */
  values: string[];
}

/** Docker's node fields alone: the cluster is unknown or unreachable. */
export const NO_SUGGESTIONS: ConstraintSuggestions = { fields: [...CONSTRAINT_FIELDS], values: [] };

/** Constraint fields and values offered while typing: the nodes' label keys and values sorted, without repeats. */
export function constraintSuggestions(nodes: readonly Pick<NodeSummary, 'hostname' | 'labels'>[]): ConstraintSuggestions {
  const keys = new Set(nodes.flatMap((n) => Object.keys(n.labels)));
  const values = new Set(nodes.flatMap((n) => [n.hostname, ...Object.values(n.labels)]));
  return { fields: [...CONSTRAINT_FIELDS, ...[...keys].sort().map((k) => `node.labels.${k}`)], values: [...values].sort() };
}
