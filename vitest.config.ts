import { defineConfig } from 'vitest/config';

// Three tiers, told apart by file name: `*.test.ts` (unit: no lab, no root, parallel), `*.lab.test.ts` (against
// real lab swarms) and `*.browser.test.ts` (Debian's chromium against the reference host and a lab swarm).
// `npm test` runs all three, unit first; `--project unit|lab|browser` selects one.
const LAB_TIER = '**/*.lab.test.ts';
const BROWSER_TIER = '**/*.browser.test.ts';
const FOLDERS = ['test', 'src', 'host', 'views'];

// The lab tiers share one lab (brought up once by test/global-setup.ts) and change it: one file at a time, and
// the machine may have 2 cores.
const labTier = {
  globalSetup: ['test/global-setup.ts'],
  fileParallelism: false,
  // Above what a test's own waits allow in sequence (two of eventually's 60 s, a 90 s convergence and a 120 s
  // recovery are common), so a slow CI machine fails a test on the wait that ran out, with its message, or not at
  // all. The few tests whose waits add up to more say so themselves.
  testTimeout: 300_000,
  hookTimeout: 300_000,
  // A page's answer to a click may cross the swarm (a secret created, a sync): 1 s, the default, is short under load.
  expect: { poll: { timeout: 10_000 } },
};

export default defineConfig({
  test: {
    // The standing suite's figures (faults survived, requests made, bad inputs tried, anything lost) as one table
    // after the run: test/support/suite-figures.ts.
    reporters: ['default', './test/support/suite-summary-reporter.ts'],
    // The global teardown stops the lab's engines (SIGTERM, they stop their containers first).
    teardownTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: FOLDERS.map((folder) => `${folder}/**/*.test.{ts,tsx}`),
          exclude: [LAB_TIER, BROWSER_TIER, '**/node_modules/**'],
          // Unit tests mock no modules and keep no global state: sharing a worker's module cache between files
          // halves the run.
          isolate: false,
          // One worker per core: the default (cores - 1) left one of CI's 2 cores idle while files wait on sockets,
          // worker threads and child processes.
          maxWorkers: '100%',
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'lab',
          include: FOLDERS.map((folder) => `${folder}/${LAB_TIER}`),
          sequence: { groupOrder: 1 },
          ...labTier,
        },
      },
      {
        test: {
          name: 'browser',
          include: FOLDERS.map((folder) => `${folder}/${BROWSER_TIER}`),
          sequence: { groupOrder: 2 },
          ...labTier,
        },
      },
    ],
  },
});
