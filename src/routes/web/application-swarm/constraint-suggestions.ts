import type { NodeView } from '../../../domain/swarm-views.ts';

export interface ConstraintSuggestions {
  /** `node.labels.<key>` for every label key of the nodes. */
  fields: string[];
  /** Hostnames and label values. */
  values: string[];
}

export const NO_SUGGESTIONS: ConstraintSuggestions = { fields: [], values: [] };

/** Label keys and values of the cluster's nodes, offered while typing a constraint, sorted and without repeats. */
export function constraintSuggestions(nodes: readonly Pick<NodeView, 'hostname' | 'labels'>[]): ConstraintSuggestions {
  const keys = new Set(nodes.flatMap((n) => Object.keys(n.labels)));
  const values = new Set(nodes.flatMap((n) => [n.hostname, ...Object.values(n.labels)]));
  return { fields: [...keys].sort().map((k) => `node.labels.${k}`), values: [...values].sort() };
}
