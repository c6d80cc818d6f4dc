import { describe, expect, it } from 'vitest';
import { checkScale, replicasSchema } from './service-scale.ts';

describe('replicasSchema', () => {
  it('accepts 0..1000 whole numbers', () => {
    for (const n of [0, 1, 5, 1000]) expect(replicasSchema.safeParse(n).success).toBe(true);
  });

  it('refuses negative, too many, fractional and non-numbers', () => {
    expect(replicasSchema.safeParse(-1).error?.issues[0]?.message).toBe('replicas must be 0 or more');
    expect(replicasSchema.safeParse(1001).error?.issues[0]?.message).toBe('replicas must be at most 1000');
    expect(replicasSchema.safeParse(1.5).success).toBe(false);
    expect(replicasSchema.safeParse('3').success).toBe(false);
  });
});

describe('checkScale', () => {
  it('only scales replicated services', () => {
    expect(checkScale({ name: 'web', mode: 'replicated' })).toEqual({ ok: true });
    expect(checkScale({ name: 'agent', mode: 'global' })).toEqual({ ok: false, reason: 'agent is a global service: only replicated services can be scaled' });
  });
});
