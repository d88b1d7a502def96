import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pickOption, seriousViolations, startHarness, type Harness } from './harness.ts';

/**
 * The year-end assessment in the browser, on the demo data (its assessment of 2023, the seed's
 * year): the dashboard with its charts and table views, a figure and a bar followed to the filtered
 * task list, a score's breakdown, and a new scheme made with the editor (its weights' sum live, the
 * API's refusal shown in the dialog). Accessibility is checked with axe on the dashboard and the
 * editor; screenshots of the dashboard and a breakdown in both languages go to docs/screenshots/.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const DEMO_YEAR = 2023;
const NEW_YEAR = 2030;

let h: Harness;
let en: Page;
let zh: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ page: en } = await h.newPage('en-US'));
  await h.signIn(en, 'admin', h.adminPassword);
  ({ page: zh } = await h.newPage('zh-CN'));
  await h.signIn(zh, 'admin', h.adminPassword);
});

afterAll(async () => {
  await h?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The dashboard of the demo year with its charts drawn. */
async function openDashboard(page: Page, name: string): Promise<void> {
  await h.visit(page, `/duties/dashboard?year=${DEMO_YEAR}`, name);
  await page.locator(`[data-testid="dashboard"][data-year="${DEMO_YEAR}"]`).waitFor();
  for (const chart of ['dashboard-lights-area-chart', 'dashboard-lights-unit-chart', 'dashboard-ontime-chart', 'dashboard-attendance-chart', 'dashboard-secrecy-chart']) {
    await page.getByTestId(chart).locator('svg').first().waitFor();
  }
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  // Antd's dialogs and segmented controls animate in; axe reads the page once they have settled.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  expect(await seriousViolations(page)).toEqual([]);
}

describe('assessment in the browser', () => {
  it('shows the dashboard of the demo year, each chart with a table view that leads to the records', async () => {
    await openDashboard(en, 'a01-dashboard-en');
    await expectNoSeriousViolations(en);
    await screenshot(en, 'assessment-dashboard-en');

    // The lights by lead unit as a table: its first figure, followed, is a list of as many tasks.
    const card = en.getByTestId('dashboard-lights-unit');
    await card.getByTestId('dashboard-lights-unit-view').getByText('Table', { exact: true }).click();
    const figure = card.getByTestId('dashboard-lights-unit-figure').first();
    await figure.waitFor();
    await expectNoSeriousViolations(en);
    const count = Number(await figure.textContent());
    expect(count).toBeGreaterThan(0);
    const href = (await figure.getAttribute('href'))!;
    expect(href).toMatch(/^\/duties\/tasks\?light=(red|yellow|green|grey)&leadUnitId=[^&]+&deadlineFrom=2023-01-01&deadlineTo=2023-12-31$/);
    await figure.click();
    await en.waitForURL((u) => u.pathname === '/duties/tasks' && u.searchParams.get('leadUnitId') !== null);
    const rows = en.getByTestId('tasks-table').getByTestId('task-link');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(count);
    // Every task listed has the light the figure counted.
    const light = new URL(href, h.url).searchParams.get('light')!;
    const lights = await en.getByTestId('tasks-table').getByTestId('task-light').evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
    expect(lights.length).toBe(count);
    expect(new Set(lights)).toEqual(new Set([light]));

    await openDashboard(zh, 'a02-dashboard-zh');
    await expectNoSeriousViolations(zh);
    await screenshot(zh, 'assessment-dashboard-zh');

    // A bar of the chart itself: the first red bar of the lights by area (a red shape taller than
    // the legend's swatch) leads to that area's red tasks of the year.
    const box = await zh.getByTestId('dashboard-lights-area-chart').locator('svg path').evaluateAll((paths) => {
      const red = paths.filter((p) => /^(#cf1322|rgb\(207,\s*19,\s*34\))$/i.test(p.getAttribute('fill') ?? '')).map((p) => p.getBoundingClientRect());
      const bar = red.find((r) => r.height > 16 && r.width > 4);
      return bar ? { x: bar.x + bar.width / 2, y: bar.y + bar.height / 2 } : null;
    });
    expect(box).not.toBeNull();
    await zh.mouse.click(box!.x, box!.y);
    await zh.waitForURL((u) => u.pathname === '/duties/tasks' && u.searchParams.get('light') === 'red' && u.searchParams.get('areaId') !== null);
    await zh.getByTestId('tasks-table').getByTestId('task-link').first().waitFor();
    const barLights = await zh.getByTestId('tasks-table').getByTestId('task-light').evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
    expect(new Set(barLights)).toEqual(new Set(['red']));
  });

  it('opens the breakdown of a score in both languages', async () => {
    for (const [page, lang] of [
      [en, 'en'],
      [zh, 'zh'],
    ] as const) {
      await h.visit(page, '/duties/assessment', `a03-assessment-${lang}`);
      const first = page.locator('.ant-table-row').first().locator('button.ant-btn-link').first();
      await first.waitFor();
      await first.click();
      const why = page.getByTestId('breakdown');
      await why.waitFor();
      await expect.poll(() => why.locator('.ant-card').count()).toBeGreaterThan(5);
      // Each indicator shows its formula and inputs: the why of the score.
      await expect.poll(async () => (await why.textContent()) ?? '').toMatch(lang === 'en' ? /Points = weight/ : /得分 = 权重/);
      await why.scrollIntoViewIfNeeded();
      await h.shot(page, `a04-breakdown-${lang}`);
      await screenshot(page, `assessment-breakdown-${lang}`);
    }
  });

  it('makes a new scheme with the editor: the sum follows the weights, a refusal shows in the dialog', async () => {
    await h.visit(en, '/duties/assessment', 'a05-assessment');
    await en.getByTestId('new-scheme').click();
    const dialog = en.getByRole('dialog');
    const sum = dialog.getByTestId('weight-sum');
    await expect.poll(() => sum.getAttribute('data-equal')).toBe('yes');
    await expect.poll(() => dialog.getByTestId('indicator-row').count()).toBe(11);
    await expectNoSeriousViolations(en);

    await en.locator('#scheme_year').fill(String(NEW_YEAR));
    await en.locator('#scheme_title').fill(`${NEW_YEAR}年度落实责任制考核方案（测试）`);
    // One weight raised by 5: the sum says 105 of 100 at once.
    await en.locator('#scheme_indicators_0_weight').fill('25');
    await expect.poll(() => sum.getAttribute('data-sum')).toBe('105');
    expect(await sum.getAttribute('data-equal')).toBe('no');
    await expect.poll(async () => (await sum.textContent()) ?? '').toContain('take 5 points off');
    // Saved as it is, the API refuses it and its words (naming both figures) are shown in the dialog.
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const refusal = dialog.locator('.ant-alert-error[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/105[\s\S]*100/);
    await h.shot(en, 'a06-scheme-refused');

    await en.locator('#scheme_indicators_0_weight').fill('20');
    await expect.poll(() => sum.getAttribute('data-equal')).toBe('yes');
    // An assessed unit, picked from the unit tree.
    const picked = 'Municipal Party Committee';
    await pickOption(en, 'scheme_unitIds', picked);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    // The page turns to the new scheme: its ranking has the unit picked.
    await en.getByText(`${NEW_YEAR} ${NEW_YEAR}年度落实责任制考核方案（测试）`).first().waitFor();
    await en.locator('.ant-table-row').filter({ hasText: picked }).first().waitFor();
    await h.shot(en, 'a07-new-scheme');
  });
});
