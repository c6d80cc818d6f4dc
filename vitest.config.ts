import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'host/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Tests that change a swarm share one lab and must run one file at a time (and the machine has 2 cores).
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The global teardown stops the lab's engines (SIGTERM, they stop their containers first).
    teardownTimeout: 120_000,
  },
});
