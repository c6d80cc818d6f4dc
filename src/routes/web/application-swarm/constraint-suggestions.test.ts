import { describe, expect, it } from 'vitest';
import { CONSTRAINT_FIELDS } from '../../../domain/swarm-deploy-config.ts';
import type { NodeSummary } from '../../../domain/swarm-summaries.ts';
import { constraintSuggestions } from './constraint-suggestions.ts';

describe('constraint suggestions', () => {
  it('offers Docker’s node fields and every node label key as fields, and hostnames and label values as values, sorted once each', () => {
    const nodes: Pick<NodeSummary, 'hostname' | 'labels'>[] = [
      { hostname: 'n2', labels: { zone: 'b', disk: 'ssd' } },
      { hostname: 'n1', labels: { zone: 'a' } },
      { hostname: 'n3', labels: { zone: 'a' } },
    ];
    expect(constraintSuggestions(nodes)).toEqual({
      fields: [...CONSTRAINT_FIELDS, 'node.labels.disk', 'node.labels.zone'],
      values: ['a', 'b', 'n1', 'n2', 'n3', 'ssd'],
    });
  });
});
