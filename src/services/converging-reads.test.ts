import { describe, expect, it } from 'vitest';
import { ConvergingReads } from './converging-reads.ts';

describe('ConvergingReads', () => {
  it('re-reads services and tasks at most once a second per cluster', () => {
    const invalidated: string[] = [];
    let now = 10_000;
    const reads = new ConvergingReads({ invalidate: (cluster, resources) => invalidated.push(`${cluster.id}:${resources?.join(',')}`) }, () => now);
    reads.refresh({ id: 1 });
    reads.refresh({ id: 1 });
    reads.refresh({ id: 2 });
    now += 999;
    reads.refresh({ id: 1 });
    now += 1;
    reads.refresh({ id: 1 });
    expect(invalidated).toEqual(['1:services,tasks', '2:services,tasks', '1:services,tasks']);
  });
});
