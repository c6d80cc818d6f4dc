/**
 * Prints the standing suite's figures (test/support/suite-figures.ts) after the run. The directory the test files
 * write to is made here, in the main process, before the pool starts its workers, so they inherit it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter } from 'vitest/node';
import { formatSuiteFigures, readSuiteFigures, SUITE_FIGURES_ENV } from './suite-figures.ts';

export default class SuiteSummaryReporter implements Reporter {
  private dir = '';

  onInit(): void {
    this.dir = mkdtempSync(join(tmpdir(), 'suite-figures-'));
    process.env[SUITE_FIGURES_ENV] = this.dir;
  }

  onTestRunEnd(): void {
    const records = readSuiteFigures(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
    if (records.length === 0) return;
    console.log(`\nStanding suite\n${formatSuiteFigures(records)}\n`);
  }
}
