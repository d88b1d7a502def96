import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// What cannot run here is said once, up front, rather than discovered as failures.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = existsSync(chromium) || process.env.CI === 'true';
if (!browserTests) {
  console.warn(`[remit tests] No Chromium at ${chromium}: the browser (e2e) tests are skipped. Install Debian's chromium or set CHROMIUM_PATH.`);
}
if (!process.env.TEST_DATABASE_URL) {
  console.warn('[remit tests] TEST_DATABASE_URL is not set: database tests run on SQLite only; their PostgreSQL runs are skipped.');
}

// Three projects: server unit/API tests (node), web component tests (jsdom), end-to-end tests in Chromium.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one, on CI's two. Much of the test time is
    // spent waiting (on PostgreSQL, child processes, Chromium), so two files run side by side; each file
    // has its own SQLite directory or PostgreSQL schema and its own ports. REMIT_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.REMIT_TEST_WORKERS) || 2,
    projects: [
      {
        test: {
          name: 'server',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          testTimeout: 30_000,
        },
      },
      ...(browserTests
        ? [
            {
              test: {
                name: 'e2e',
                include: ['test/e2e/**/*.e2e.ts'],
                environment: 'node',
                testTimeout: 120_000,
                hookTimeout: 180_000,
                // A poll waits on what the page shows; on a loaded CI machine a render can take seconds, not vitest's default 1 s.
                expect: { poll: { timeout: 30_000, interval: 100 } },
                fileParallelism: false,
                // In CI a browser test that fails is run once more and counted as flaky in the summary
                // (.ci/run prints them): a stalled click on a loaded machine must not hide a session's work,
                // and a test that fails twice still fails.
                retry: process.env.CI === 'true' ? 1 : 0,
              },
            },
          ]
        : []),
    ],
  },
});
