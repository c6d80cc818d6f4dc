import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSuiteFigures, readSuiteFigures, recordSuiteFigure, SUITE_FIGURES_ENV } from './suite-figures.ts';

describe('suite figures', () => {
  const saved = process.env[SUITE_FIGURES_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SUITE_FIGURES_ENV];
    else process.env[SUITE_FIGURES_ENV] = saved;
  });

  it('sums the records of a suite and prints a row per suite with the totals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'figures-test-'));
    try {
      process.env[SUITE_FIGURES_ENV] = dir;
      recordSuiteFigure('abuse: API', { 'bad inputs tried': 3, 'requests made': 5 });
      recordSuiteFigure('fault: leader partitioned', { 'faults survived': 1, 'items lost': 0 });
      recordSuiteFigure('abuse: API', { 'bad inputs tried': 2, 'requests made': 2 });
      const records = readSuiteFigures(dir);
      expect(records).toEqual([
        { suite: 'abuse: API', figures: { 'bad inputs tried': 5, 'requests made': 7 } },
        { suite: 'fault: leader partitioned', figures: { 'faults survived': 1, 'items lost': 0 } },
      ]);
      const lines = formatSuiteFigures(records).split('\n');
      expect(lines[0]).toMatch(/^suite\s+faults survived\s+requests made\s+bad inputs tried\s+items lost$/);
      expect(lines[2]).toMatch(/^abuse: API\s+-\s+7\s+5\s+-$/);
      expect(lines[3]).toMatch(/^fault: leader partitioned\s+1\s+-\s+-\s+0$/);
      expect(lines[5]).toMatch(/^total\s+1\s+7\s+5\s+0$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing when no reporter collects the figures', () => {
    delete process.env[SUITE_FIGURES_ENV];
    expect(() => recordSuiteFigure('abuse: API', { 'requests made': 1 })).not.toThrow();
  });
});
