import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// What cannot run here is said once, up front, rather than discovered as failures.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = existsSync(chromium) || process.env.CI === 'true';
if (!browserTests) {
  console.warn(`[remit tests] No Chromium at ${chromium}: the browser (e2e) tests are skipped. Install Debian's chromium or set CHROMIUM_PATH.`);
}
if (!process.env.TEST_DATABASE_URL) {
  console.warn('[remit tests] TEST_DATABASE_URL is not set: database tests run on SQLite only; their PostgreSQL runs are skipped.');
}

// Seconds each of the longest files took on two cores (CI, parallel browser runs). Vitest's own order on a fresh clone is by
// project, then file size, which started the leak crawls (three-line files) last and left one worker
// idle for minutes at the end. Only the order depends on these figures: a stale one costs time, not results.
const LONGEST: Record<string, number> = {
  'test/security/leak-crawl.postgres.test.ts': 250,
  'test/e2e/secrecy.e2e.ts': 190,
  'test/e2e/app.e2e.ts': 110,
  'test/security/leak-crawl.sqlite.test.ts': 110,
  'test/e2e/study.e2e.ts': 80,
  'test/e2e/duties.e2e.ts': 70,
  'test/e2e/language.e2e.ts': 60,
  'test/e2e/layout.e2e.ts': 50,
  'test/e2e/media.e2e.ts': 40,
  'test/e2e/assessment.e2e.ts': 30,
};

/** Longest files first, whatever their project, so that the two workers finish together; the rest in Vitest's order. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification) => LONGEST[relative(spec.project.config.root, spec.moduleId)] ?? 0;
    return (await super.sort(files)).sort((a, b) => seconds(b) - seconds(a));
  }
}

// Three projects: server unit/API tests (node), web component tests (jsdom), end-to-end tests in Chromium.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one, on CI's two. Much of the test time is
    // spent waiting (on PostgreSQL, child processes, Chromium), so two files run side by side; each file
    // has its own SQLite directory or PostgreSQL schema and its own ports. REMIT_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.REMIT_TEST_WORKERS) || 2,
    sequence: { sequencer: LongestFirst },
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
                // Browser files run beside the server files, in the same two workers, not one at a time after
                // all of them: each has its own server, port, data directory and Chromium, and spends most of
                // its time waiting on the page. Measured on two cores: the whole run 782 s (916 passed), where
                // before the server files alone summed to 1054 s over two workers and the browser files ran
                // 635 s after them.
                globalSetup: ['test/e2e/global-setup.ts'],
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
