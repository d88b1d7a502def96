import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.ts';

/**
 * Issue 12: the session list squeezed the study group's column to a character or two, and the
 * attendance buttons wrapped in English. At the common widths (1280, 1440, 1920), in both
 * languages, the group column keeps room for its name and each person's three attendance buttons
 * stay on one line, measured from the elements' boxes. Screenshots go to test-results/e2e/layout-*.png,
 * and those at 1440 also to docs/screenshots. The home page's task tables (their task column was squeezed
 * to one character beside the fixed columns) are measured the same way.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = join(ROOT, 'docs', 'screenshots');
const WIDTHS = [1280, 1440, 1920] as const;
/** The narrowest the group column may be: some ten Chinese characters, or two or three English words. */
const MIN_GROUP_WIDTH = 160;

let h: Harness;
let sessionId = '';

beforeAll(async () => {
  h = await startHarness();
  const admin = await h.apiLogin('admin', h.adminPassword);
  const sessions = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/study/sessions');
  sessionId = sessions.body.items[0]!.id;
  mkdirSync(DOCS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

async function save(page: Page, name: string, width: number): Promise<void> {
  await h.shot(page, `layout-${name}-${width}`);
  if (width === 1440) await page.screenshot({ path: join(DOCS, `layout-${name}-1440.png`), fullPage: true });
}

describe.each(['zh-CN', 'en-US'] as const)('layout in %s', (locale) => {
  let page: Page;
  const lang = locale === 'zh-CN' ? 'zh-CN' : 'en';

  beforeAll(async () => {
    ({ page } = await h.newPage(locale));
    await h.signIn(page, 'admin', h.adminPassword);
  });

  it.each(WIDTHS)('keeps the session list’s group column readable at %i px', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await h.visit(page, '/study/sessions', `layout-sessions-${lang}-${width}-probe`);
    const header = page.locator('.ant-table-thead th').filter({ hasText: locale === 'zh-CN' ? '学习组' : 'Study group' }).first();
    await header.waitFor();
    const box = await header.boundingBox();
    expect(box, 'the group column header').not.toBeNull();
    expect(box!.width, `group column at ${width}px`).toBeGreaterThanOrEqual(MIN_GROUP_WIDTH);
    // The group's name in the first row takes at most three lines (the seed group's English name is 66 characters).
    const index = await header.evaluate((th) => Array.from(th.parentElement!.children).indexOf(th));
    const cell = page.locator('.ant-table-tbody tr.ant-table-row').first().locator('td').nth(index);
    const lines = await cell.evaluate((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      return tops.size;
    });
    expect(lines, `lines of the group's name at ${width}px`).toBeLessThanOrEqual(3);
    await save(page, `sessions-${lang}`, width);
  });

  it.each(WIDTHS)('keeps the task column of the home page’s task tables readable at %i px', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await h.visit(page, '/', `layout-home-${lang}-${width}-probe`);
    const headers = page.locator('.ant-table-thead th').filter({ hasText: locale === 'zh-CN' ? /^事项$/ : /^Task$/ });
    await headers.first().waitFor();
    for (const box of await headers.evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width))) {
      expect(box, `task column at ${width}px`).toBeGreaterThanOrEqual(150);
    }
    await save(page, `home-${lang}`, width);
  });

  it.each(WIDTHS)('keeps each person’s attendance buttons on one line at %i px', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await h.visit(page, `/study/sessions/${sessionId}`, `layout-session-${lang}-${width}-probe`);
    const groups = page.getByTestId('attendance-status');
    await groups.first().waitFor();
    const count = await groups.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const tops = await groups.nth(i).locator('label').evaluateAll((labels) => labels.map((l) => Math.round(l.getBoundingClientRect().top)));
      expect(tops.length).toBe(3);
      expect(new Set(tops).size, `row ${i + 1}'s buttons at ${width}px: tops ${tops.join(', ')}`).toBe(1);
    }
    await page.getByTestId('attendance-grid').scrollIntoViewIfNeeded();
    await save(page, `session-${lang}`, width);
  });
});
