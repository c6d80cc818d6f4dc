import { describe, expect, it } from 'vitest';
import { applyLabelChanges, labelKeySchema, labelValueSchema } from './node-labels.ts';

describe('label keys', () => {
  it('accepts simple and reverse-DNS keys', () => {
    for (const key of ['zone', 'disk', 'com.example.tier', 'gpu_count', 'a', 'example.com/rack-1']) {
      expect(labelKeySchema.safeParse(key).success, key).toBe(true);
    }
  });

  it('refuses spaces, =, quotes and empty keys with a clear message', () => {
    for (const key of ['my zone', 'a=b', '"x"', '', ' zone', 'zone.', '-zone']) {
      expect(labelKeySchema.safeParse(key).success, key).toBe(false);
    }
    expect(labelKeySchema.safeParse('my zone').error?.issues[0]?.message).toMatch(/no spaces/);
  });

  it('refuses control characters in values', () => {
    expect(labelValueSchema.safeParse('a\nb').success).toBe(false);
    expect(labelValueSchema.safeParse('eu west 1').success).toBe(true);
  });
});

describe('applyLabelChanges', () => {
  it('removes then adds', () => {
    expect(applyLabelChanges({ zone: 'a', disk: 'hdd' }, { add: { disk: 'ssd', gpu: 'yes' }, remove: ['zone', 'missing'] })).toEqual({
      disk: 'ssd',
      gpu: 'yes',
    });
  });
});
