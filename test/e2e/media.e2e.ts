import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_RELEASE_SLUG } from '../../src/media/demo.ts';
import { SHOTS, seriousViolations, startHarness, type Harness } from './harness.ts';

/**
 * News releases in the browser: the office clerk drafts a release, the propaganda officer sends it to
 * review, the secrecy officer decides the review from the link on the release page, the leader
 * approves, the propaganda officer publishes it, an anonymous reader finds it under /public/, and the
 * propaganda officer retracts it with a reason; it is gone from /public/ at once. Screenshots of the
 * public index and a release page on a phone (390×844) in both languages go to docs/screenshots/.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const TITLE = '市委宣传部召开全媒体传播工作推进会';
const BODY = '近日，市委宣传部召开全媒体传播工作推进会，部署加强全媒体传播体系建设。\n\n会议要求，各级各部门要巩固壮大主流舆论，让正能量成为大流量。';

let h: Harness;
const pages: Page[] = [];
const a11y: Record<string, unknown> = {};

async function signedIn(username: string): Promise<Page> {
  const { page } = await h.newPage('en-US');
  await h.signIn(page, username, h.adminPassword);
  pages.push(page);
  return page;
}

async function stateOf(page: Page): Promise<string> {
  return (await page.getByTestId('release-state').textContent()) ?? '';
}

beforeAll(async () => {
  h = await startHarness({ env: { REMIT_ORG_NAME: '中共某某市委员会' } });
});
afterAll(async () => {
  await h?.close();
});

describe('news releases', () => {
  let releasePath = '';

  it('walks a release from draft through review, approval and publication to the public page, and retracts it', async () => {
    // The clerk drafts it by hand.
    const clerk = await signedIn('clerk');
    await h.visit(clerk, '/media/releases', 'media-01-list');
    const nav = clerk.getByTestId('side-nav');
    await expect.poll(() => nav.getByText('News releases', { exact: true }).count()).toBeGreaterThan(0);
    await clerk.getByTestId('new-release').click();
    const dialog = clerk.getByRole('dialog');
    await dialog.locator('#release_title').fill(TITLE);
    await dialog.locator('#release_body').fill(BODY);
    await dialog.locator('#release_slug').fill('e2e-release');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await clerk.waitForURL(/\/media\/releases\/[\w-]+$/);
    releasePath = new URL(clerk.url()).pathname;
    await expect.poll(() => stateOf(clerk)).toBe('Draft');
    await h.shot(clerk, 'media-02-draft');

    // The propaganda officer sends it to the pre-publication review.
    const press = await signedIn('press');
    await h.visit(press, releasePath, 'media-03-before-review');
    await press.getByTestId('send-to-review').click();
    await expect.poll(() => stateOf(press)).toBe('Reviewed');
    await expect.poll(() => press.getByTestId('review-status').first().textContent()).toContain('Awaiting the decision');

    // The secrecy officer follows the link to the review and decides it.
    const officer = await signedIn('officer');
    await h.visit(officer, releasePath, 'media-04-reviewed');
    await officer.getByTestId('open-review').first().click();
    await officer.waitForURL(/\/secrecy\/reviews\//);
    const outcome = officer.getByTestId('outcome-form');
    await outcome.getByRole('radio').first().check();
    await outcome.getByTestId('outcome-basis').fill('经审查，稿件内容均为公开信息。');
    await outcome.getByTestId('decide').click();
    await expect.poll(() => officer.getByTestId('outcome-form').count()).toBe(0);

    // The leader approves (the clerk, its author, would be told another must).
    const leader = await signedIn('leader');
    await h.visit(leader, releasePath, 'media-05-to-approve');
    await expect.poll(() => leader.getByTestId('review-status').first().textContent()).toContain('Publish');
    await leader.getByTestId('approve-release').click();
    await expect.poll(() => stateOf(leader)).toBe('Approved');

    // The propaganda officer publishes it now.
    await h.visit(press, releasePath, 'media-06-approved');
    await press.getByTestId('publish-release').click();
    await expect.poll(() => stateOf(press)).toBe('Published');
    await expect.poll(() => press.getByTestId('public-link').textContent()).toBe('/public/releases/e2e-release');
    await h.shot(press, 'media-07-published');
    // Measured once the confirmation toast has gone (it fades over the page), with the pointer off
    // the button that took the clicked one's place (its hover colour is not its colour).
    await press.mouse.move(0, 0);
    await expect.poll(() => press.locator('.ant-message-notice').count(), { timeout: 30_000 }).toBe(0);
    const found = await seriousViolations(press);
    if (found.length) a11y[releasePath] = found;

    // Anyone, signed in or not, reads it under /public/.
    const anonymous = await h.browser.newContext({ baseURL: h.url, locale: 'zh-CN' });
    const reader = await anonymous.newPage();
    await reader.goto('/public/');
    await expect.poll(() => reader.getByRole('link', { name: TITLE }).count()).toBe(1);
    await reader.getByRole('link', { name: TITLE }).click();
    await reader.waitForURL(/\/public\/releases\/e2e-release/);
    await expect.poll(() => reader.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await expect.poll(() => reader.getByText('让正能量成为大流量').count()).toBe(1);
    await reader.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => reader.getByText('All releases').count()).toBeGreaterThan(0);

    // Retracted with a reason: gone from /public/ at once.
    await press.getByTestId('retract-release').click();
    const retract = press.getByRole('dialog');
    await retract.locator('#release-retract_reason').fill('发现事实错误，撤回核实。');
    await retract.getByRole('button', { name: 'Retract' }).click();
    await expect.poll(() => stateOf(press)).toBe('Retracted');
    await expect.poll(() => press.getByTestId('retracted-banner').textContent()).toContain('发现事实错误');
    await h.shot(press, 'media-08-retracted');
    const gone = await reader.goto('/public/releases/e2e-release?lang=zh');
    expect(gone?.status()).toBe(404);
    await expect.poll(() => reader.getByText('此地址没有已发布的新闻稿').count()).toBeGreaterThan(0);
    await reader.goto('/public/');
    await expect.poll(() => reader.getByRole('link', { name: TITLE }).count()).toBe(0);
    await anonymous.close();

    // The list filters by state.
    await h.visit(clerk, '/media/releases?state=retracted', 'media-09-list-retracted');
    await expect.poll(() => clerk.getByTestId('release-link').filter({ hasText: TITLE }).count()).toBe(1);
    expect(a11y).toEqual({});
  });

  it('shows the public index and the seed release on a phone, in Chinese and English', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [locale, lang] of [['zh-CN', 'zh'], ['en-US', 'en']] as const) {
      const context = await h.browser.newContext({ baseURL: h.url, locale, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const phone = await context.newPage();
      const tag = lang === 'zh' ? 'zh-CN' : 'en';
      for (const [name, path] of [['index', `/public/?lang=${lang}`], ['release', `/public/releases/${DEMO_RELEASE_SLUG}?lang=${lang}`]] as const) {
        const response = await phone.goto(path);
        expect(response?.status()).toBe(200);
        await phone.waitForLoadState('networkidle');
        // Readable on a phone: nothing wider than the screen.
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        const file = join(SHOTS, `public-${name}-${tag}.png`);
        await phone.screenshot({ path: file, fullPage: name === 'index' });
        copyFileSync(file, join(SCREENSHOTS, `public-${name}-${tag}.png`));
      }
      await context.close();
    }
  });
});
