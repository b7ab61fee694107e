import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    globalSetup: ['tests/setup/global-db.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every core (vitest's default leaves one free): the suites wait on the database and the browser
    // as much as they compute, and on CI's 2 cores one worker ran the PostgreSQL pass in 10.7 min, two in 8.2.
    maxWorkers: os.availableParallelism(),
    reporters: ['default', './tests/setup/summary-reporter.ts'],
  },
});
