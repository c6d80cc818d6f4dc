/**
 * Figures of the standing suite (faults survived, requests made, bad inputs tried, anything lost), printed as one
 * table at the end of `npm test` by test/support/suite-summary-reporter.ts. Test files call `recordSuiteFigure`;
 * each call appends one JSON line to a file in the run's directory (`SUITE_FIGURES_DIR`, set by the reporter
 * before any worker starts). Without the reporter (a run with `--reporter=...`), nothing is written.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SUITE_FIGURES_ENV = 'SUITE_FIGURES_DIR';
export const SUITE_FIGURES = ['faults survived', 'requests made', 'bad inputs tried', 'items lost'] as const;
export type SuiteFigure = (typeof SUITE_FIGURES)[number];

export interface SuiteFigureRecord {
  /** What measured it, one row of the table: e.g. "abuse: API", "fault: leader partitioned". */
  suite: string;
  figures: Partial<Record<SuiteFigure, number>>;
}

const FILE = 'figures.jsonl';

/** Adds figures to the suite's row; rows of the same name are summed. */
export function recordSuiteFigure(suite: string, figures: SuiteFigureRecord['figures']): void {
  const dir = process.env[SUITE_FIGURES_ENV];
  if (!dir) return;
  // One short append per call: whole lines, even from parallel workers.
  appendFileSync(join(dir, FILE), `${JSON.stringify({ suite, figures } satisfies SuiteFigureRecord)}\n`);
}

/** The records of a run, rows of the same suite summed, in the order first seen. */
export function readSuiteFigures(dir: string): SuiteFigureRecord[] {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch {
    return [];
  }
  const rows = new Map<string, SuiteFigureRecord['figures']>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const { suite, figures } = JSON.parse(line) as SuiteFigureRecord;
    const row = rows.get(suite) ?? {};
    for (const figure of SUITE_FIGURES) {
      if (figures[figure] !== undefined) row[figure] = (row[figure] ?? 0) + figures[figure];
    }
    rows.set(suite, row);
  }
  return [...rows].map(([suite, figures]) => ({ suite, figures }));
}

/** The table: a row per suite, a column per figure ("-" where the suite has none), and the totals. */
export function formatSuiteFigures(records: SuiteFigureRecord[]): string {
  const total: SuiteFigureRecord = { suite: 'total', figures: {} };
  for (const { figures } of records) {
    for (const figure of SUITE_FIGURES) {
      if (figures[figure] !== undefined) total.figures[figure] = (total.figures[figure] ?? 0) + figures[figure];
    }
  }
  const header = ['suite', ...SUITE_FIGURES];
  const cells = [...records, total].map(({ suite, figures }) => [suite, ...SUITE_FIGURES.map((f) => String(figures[f] ?? '-'))]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.slice(0, -1).map(line), rule, line(cells.at(-1)!)].join('\n');
}
