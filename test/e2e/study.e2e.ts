import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { confirmPopup, seriousViolations, startHarness, type ApiSession, type Harness } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = ['000_7167ab428842f2f5.txt'];
/** CI copies shared/ beside the clone; a copy of the seed is kept in the fixtures. */
function seedText(): string {
  const shared = join(ROOT, '..', 'shared', 'seed', ...SEED);
  return readFileSync(existsSync(shared) ? shared : join(ROOT, 'test', 'fixtures', 'releases', 'seed.txt'), 'utf8');
}

interface SessionBody {
  id: string;
  status: string;
  group: { id: string };
  host: { name: string } | null;
  attendance: { personId: string; name: string; status: string }[];
  speeches: { id: string; speaker: { name: string } | null }[];
  conclusions: { id: string; kind: string; text: string }[];
}

let h: Harness;
let admin: ApiSession;
let page: Page;
let sessionId = '';
let groupId = '';
const a11y: Record<string, unknown> = {};

async function check(path: string, name: string): Promise<void> {
  await h.visit(page, path, name);
  const found = await seriousViolations(page);
  if (found.length) a11y[path] = found;
}

beforeAll(async () => {
  h = await startHarness();
  admin = await h.apiLogin('admin', h.adminPassword);
  ({ page } = await h.newPage('en-US'));
  await h.signIn(page, 'admin', h.adminPassword);
});

afterAll(async () => {
  await h?.close();
});

describe('study pages', () => {
  it('shows the Study section in the side navigation', async () => {
    await h.visit(page, '/study/sessions', 's01-sessions');
    const nav = page.getByTestId('side-nav');
    for (const label of ['Study', 'Sessions', 'Plans', 'Ledger', 'Search', 'Import release']) {
      await expect.poll(() => nav.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    await page.getByRole('cell', { name: /Jan 20, 2023/ }).first().waitFor();
  });

  it('imports the seed release: fields highlight their source spans, people match, the draft is confirmed', async () => {
    await h.visit(page, '/study/import', 's02-import-paste');
    await page.getByTestId('release-input').fill(seedText());
    await page.getByTestId('read-release').click();
    await page.getByTestId('source-text').waitFor();
    // Hovering a field highlights its span in the pasted text.
    await page.locator('[data-field="date"]').hover();
    await expect.poll(() => page.locator('#field-date').count()).toBe(1);
    const activeDate = await page.locator('[data-testid="source-text"] .span-active').allTextContents();
    expect(activeDate.join('')).toContain('January 20th');
    await page.locator('[data-field="host"]').hover();
    expect((await page.locator('[data-testid="source-text"] .span-active').allTextContents()).join('')).toContain('Liu Qiang');
    // Clicking in the text activates the most specific field there.
    await page.locator('[data-testid="source-text"] [data-keys~="speaker-0"]').first().click();
    await expect.poll(() => page.locator('[data-testid="source-text"] .span-active').allTextContents()).toEqual(['Yu Haitian']);
    // Every person of the seed is matched to a known person.
    expect(await page.getByText('Matched', { exact: true }).count()).toBeGreaterThanOrEqual(7);
    expect(await page.getByText('New', { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('import-group').textContent()).toContain('Theoretical Learning Center Group');
    await h.shot(page, 's03-import-draft');
    const found = await seriousViolations(page);
    if (found.length) a11y['/study/import (draft)'] = found;

    await page.getByTestId('confirm-import').click();
    // The demo already holds this study (same group, same day): the page offers the existing session first.
    await page.getByTestId('import-duplicate').waitFor();
    expect(await page.getByTestId('open-existing').getAttribute('href')).toMatch(/^\/study\/sessions\/[0-9a-f-]+$/);
    await page.getByTestId('import-anyway').click();
    await page.waitForURL(/\/study\/sessions\/[0-9a-f-]+$/);
    sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('session-title').waitFor();
    const record = await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`);
    groupId = record.body.group.id;
    expect(record.body.host?.name).toBe('Liu Qiang');
    expect(record.body.speeches.map((s) => s.speaker?.name)).toEqual(['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang']);
    expect(record.body.conclusions.filter((c) => c.kind === 'requirement').length).toBeGreaterThan(0);
    await h.shot(page, 's04-session-editor');
  });

  it('reorders speeches by drag and drop and with the move buttons', async () => {
    const list = page.getByTestId('speeches-list');
    const items = list.locator('li');
    await expect.poll(() => items.count()).toBe(7);
    const before = await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`);
    const ids = before.body.speeches.map((s) => s.id);
    // Native HTML5 drag and drop: the events a browser fires when Li Guoqiang is dropped on Yu Haitian.
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await items.nth(6).dispatchEvent('dragstart', { dataTransfer });
    await items.nth(1).dispatchEvent('dragenter', { dataTransfer });
    await items.nth(1).dispatchEvent('dragover', { dataTransfer });
    await expect.poll(() => items.nth(1).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(230, 244, 255)');
    await items.nth(1).dispatchEvent('drop', { dataTransfer });
    await items.nth(6).dispatchEvent('dragend', { dataTransfer });
    await expect
      .poll(async () => (await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`)).body.speeches.map((s) => s.id))
      .toEqual([ids[0], ids[6], ids[1], ids[2], ids[3], ids[4], ids[5]]);
    await expect.poll(() => items.nth(1).textContent()).toContain('Li Guoqiang');
    await h.shot(page, 's05-speeches-reordered');
    // Back to the seed's order with the keyboard-friendly buttons: move Li Guoqiang down five times.
    for (let i = 1; i < 6; i++) {
      await items.nth(i).getByRole('button', { name: 'Move down' }).click();
      await expect.poll(() => items.nth(i + 1).textContent()).toContain('Li Guoqiang');
    }
    const after = await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`);
    expect(after.body.speeches.map((s) => s.id)).toEqual(ids);
  });

  it('records leave with a reason in the attendance grid', async () => {
    const grid = page.getByTestId('attendance-grid');
    const row = grid.getByRole('row', { name: /Wang Hongzhi/ });
    await row.getByText('On leave', { exact: true }).click();
    await expect.poll(() => page.getByTestId('save-attendance').isDisabled()).toBe(true);
    await row.getByLabel('Reason for leave').fill('Official business');
    await row.getByLabel('Leave approved by').fill('Liu Qiang');
    await h.shot(page, 's06-attendance-leave');
    await page.getByTestId('save-attendance').click();
    await expect
      .poll(async () => (await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`)).body.attendance.find((a) => a.name === 'Wang Hongzhi')?.status)
      .toBe('on_leave');
    // Back to present: the seed has every member present.
    await row.getByText('Present', { exact: true }).click();
    await page.getByTestId('save-attendance').click();
    await expect
      .poll(async () => (await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`)).body.attendance.every((a) => a.status === 'present'))
      .toBe(true);
  });

  it('approves the minutes; a later change asks for a reason and shows as a revision', async () => {
    await page.getByTestId('minutes-text').fill('The Theoretical Learning Center Group studied the spirit of the 20th National Congress and the instructions on secrecy work.');
    await page.getByTestId('save-minutes').click();
    await page.getByTestId('approve-minutes').waitFor();
    await confirmPopup(page, page.getByTestId('approve-minutes'), 'Yes');
    await page.getByTestId('locked-alert').waitFor();
    await page.getByTestId('minutes-approved').waitFor();
    const record = await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`);
    expect(record.body.status).toBe('minutes_approved');

    const conclusions = page.getByTestId('conclusions-list');
    await conclusions.locator('li').first().getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Conclusion' });
    const text = dialog.getByLabel('Text', { exact: true });
    await text.fill(`${await text.inputValue()} (wording checked)`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('reason-input').fill('Corrected a word after approval.');
    await h.shot(page, 's07-reason-after-approval');
    await page.getByRole('dialog').filter({ hasText: 'Reason for the change' }).getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('revisions').getByText('Corrected a word after approval.').waitFor();
    await h.shot(page, 's08-session-locked-revisions');
    const found = await seriousViolations(page);
    if (found.length) a11y['/study/sessions/:id'] = found;
  });

  it('takes a planned session through held, minutes and approval in zh-CN, showing the next step and each refusal beside its step', async () => {
    const created = await h.call<SessionBody>(admin, 'POST', '/api/study/sessions', { groupId, date: '2023-03-10', halfDay: 'morning', status: 'planned', level: 'public', themes: [{ text: '学习保密工作' }] });
    expect(created.status).toBe(201);
    const zh = await h.newPage('zh-CN');
    await h.signIn(zh.page, 'admin', h.adminPassword);
    await h.visit(zh.page, `/study/sessions/${created.body.id}`, 's08a-lifecycle-planned');
    const lifecycle = zh.page.getByTestId('lifecycle');
    await expect.poll(() => lifecycle.getByTestId('next-step').textContent()).toContain('记为已举行');
    // A day still to come is refused, and the refusal is shown in the progress card, in Chinese.
    const date = lifecycle.locator('input').first();
    await date.click();
    await date.fill('2999-01-01');
    // Enter in the date field submits the form, as the button does.
    await date.press('Enter');
    await lifecycle.getByRole('alert').waitFor();
    expect(await lifecycle.getByRole('alert').textContent()).toContain('举行日期不能晚于今天');
    await h.shot(zh.page, 's08b-lifecycle-refused');
    await date.click();
    await date.fill('2023-03-11');
    await date.press('Enter');
    await expect.poll(() => lifecycle.getByTestId('next-step').textContent()).toContain('撰写会议纪要');
    const held = await h.call<SessionBody & { date: string }>(admin, 'GET', `/api/study/sessions/${created.body.id}`);
    expect(held.body).toMatchObject({ status: 'held', date: '2023-03-11' });
    await lifecycle.getByTestId('go-write-minutes').click();
    await zh.page.getByTestId('minutes-text').fill('会议学习了保密工作有关要求。');
    await zh.page.getByTestId('save-minutes').click();
    await expect.poll(() => lifecycle.getByTestId('next-step').textContent()).toContain('审定纪要');
    await confirmPopup(zh.page, lifecycle.getByTestId('approve-minutes'), '是');
    await expect.poll(() => lifecycle.getByTestId('next-step').textContent()).toContain('新闻稿');
    await h.shot(zh.page, 's08c-lifecycle-approved');
    expect((await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${created.body.id}`)).body.status).toBe('minutes_approved');
    await zh.context.close();
  });

  it('writes the release back from the record, in English and Chinese, with the seed’s facts', async () => {
    await check(`/study/sessions/${sessionId}/release`, 's09-release-en');
    const text = page.getByTestId('release-text');
    await text.waitFor();
    const en = (await text.textContent()) ?? '';
    for (const fact of [
      'On the afternoon of January 20th',
      'Theoretical Learning Center Group of the Municipal Party Committee',
      'Liu Qiang',
      'hosted and delivered a speech',
      'Yu Haitian',
      'Lei Jie',
      'Yang Feng',
      'Wang Hongzhi',
      'Dai Longcheng',
      'Li Guoqiang',
      '20th National Congress',
      'secrecy work',
      'The meeting pointed out',
      'extreme importance of confidentiality work',
      'Spring Festival',
    ]) {
      expect(en, fact).toContain(fact);
    }
    await page.getByTestId('omitted').getByText('Minutes', { exact: true }).first().waitFor();
    await page.getByTestId('release-lang').getByText('中文').click();
    await expect.poll(() => text.getAttribute('lang')).toBe('zh-CN');
    const zh = (await text.textContent()) ?? '';
    expect(zh).toContain('1月20日下午');
    expect(zh).toContain('Liu Qiang');
    await h.shot(page, 's10-release-zh');
  });

  it('prints the session as clean minutes with the classification at the top', async () => {
    await check(`/study/sessions/${sessionId}/view`, 's11-minutes-view');
    await page.getByTestId('minutes-mark').waitFor();
    expect(await page.getByTestId('minutes-doc').textContent()).toContain('Minutes of the collective study');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.getByTestId('minutes-mark').isVisible()).toBe(true);
    await h.shot(page, 's12-minutes-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('searches from the header and highlights only the matches', async () => {
    await page.goto('/study/sessions');
    await page.getByTestId('header-search').locator('input').fill('secrecy');
    await page.getByTestId('header-search').locator('input').press('Enter');
    await page.waitForURL('**/study/search?q=secrecy');
    await page.getByTestId('search-results').locator('mark').first().waitFor();
    const marks = await page.getByTestId('search-results').locator('mark').allTextContents();
    expect(marks.every((m) => /secre|sec/i.test(m))).toBe(true);
    expect(await page.getByTestId('search-results').locator('script, img').count()).toBe(0);
    await h.shot(page, 's13-search');
    const found = await seriousViolations(page);
    if (found.length) a11y['/study/search'] = found;
  });

  it('shows a plan with its coverage, the group ledger with its export, and a person’s study record', async () => {
    const plan = await h.call<{ id: string }>(admin, 'POST', '/api/study/plans', { groupId, year: 2023, title: '2023 study plan' });
    expect(plan.status).toBe(201);
    await h.call(admin, 'POST', `/api/study/plans/${plan.body.id}/themes`, { title: 'The spirit of the 20th National Congress', plannedMonth: 1, requiredSessions: 1, hoursPerMember: 3 });
    await h.call(admin, 'POST', `/api/study/plans/${plan.body.id}/themes`, { title: 'Secrecy work', plannedMonth: 6, requiredSessions: 2 });
    await check('/study/plans', 's14-plans');
    await page.getByRole('link', { name: '2023 study plan' }).waitFor();
    await check(`/study/plans/${plan.body.id}`, 's15-plan');
    await page.getByTestId('plan-themes').getByText('Secrecy work').waitFor();

    // A session theme is linked to the plan theme its text suggests; the plan's coverage counts it.
    const secrecy = (await h.call<{ themes: { id: string; title: string; sessionsHeld: number }[] }>(admin, 'GET', `/api/study/plans/${plan.body.id}`)).body.themes.find((t) => t.title === 'Secrecy work')!;
    const offered = await h.call<{ suggestions: { themeId: string; planThemeId: string }[] }>(admin, 'GET', `/api/study/sessions/${sessionId}/plan-themes`);
    const suggested = offered.body.suggestions.find((s) => s.planThemeId === secrecy.id);
    expect(suggested).toBeDefined();
    const themes = (await h.call<{ themes: { id: string; order: number }[] }>(admin, 'GET', `/api/study/sessions/${sessionId}`)).body.themes;
    const order = themes.find((t) => t.id === suggested!.themeId)!.order;
    await h.visit(page, `/study/sessions/${sessionId}`, 's15a-plan-links');
    await page.getByTestId('plan-links').getByTestId(`accept-suggestion-${order}`).click();
    // The minutes are approved: the link is a change that needs a reason.
    await page.getByTestId('reason-input').fill('Linked to the 2023 study plan.');
    await page.getByRole('dialog').filter({ hasText: 'Reason for the change' }).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await h.call<{ themes: { id: string; sessionsHeld: number }[] }>(admin, 'GET', `/api/study/plans/${plan.body.id}`)).body.themes.find((t) => t.id === secrecy.id)?.sessionsHeld)
      .toBe(1);
    await h.shot(page, 's15b-plan-linked');
    await h.visit(page, `/study/plans/${plan.body.id}`, 's15c-plan-covered');

    await check(`/study/ledger?groupId=${groupId}&year=2023`, 's16-ledger');
    await expect.poll(() => page.getByTestId('ledger-sessions').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    const href = await page.getByTestId('ledger-export').getAttribute('href');
    expect(href).toContain(`/api/study/ledgers/groups/${groupId}/export`);
    const xlsx = await page.request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    const record = await h.call<SessionBody>(admin, 'GET', `/api/study/sessions/${sessionId}`);
    const liu = record.body.attendance.find((a) => a.name === 'Liu Qiang')!;
    await h.visit(page, `/org/people/${liu.personId}`, 's17-person');
    await page.getByTestId('person-study-link').click();
    await page.waitForURL(`**/study/people/${liu.personId}`);
    await page.getByTestId('person-ledger').locator('tbody tr').first().waitFor();
    await h.shot(page, 's18-person-study-record');
    const found = await seriousViolations(page);
    if (found.length) a11y['/study/people/:id'] = found;
  }, 240_000);

  it('makes a secret calendar address for a group, shown once, and revokes it', async () => {
    await h.visit(page, `/org/groups/${groupId}`, 's19-group-with-feeds');
    const feeds = page.getByTestId('calendar-feeds');
    await feeds.getByTestId('create-feed').click();
    const url = await feeds.getByTestId('feed-url').inputValue();
    expect(url).toMatch(/\/api\/study\/calendar\/.+\.ics$/);
    const ics = await page.request.get(url);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    await h.shot(page, 's20-feed-created');
    const found = await seriousViolations(page);
    if (found.length) a11y['/org/groups/:id'] = found;
    await confirmPopup(page, feeds.getByRole('button', { name: 'Revoke' }).first(), 'Yes');
    await feeds.getByText('Revoked').waitFor();
    expect((await page.request.get(url)).status()).toBe(401);
    await check('/account', 's21-account-feeds');
  });

  it('shows English names and titles in English and Chinese ones in Chinese, members numbered from 1', async () => {
    await h.visit(page, `/org/groups/${groupId}`, 's22-group-en');
    const firstRow = page.locator('.ant-table-tbody tr').first();
    expect(await firstRow.textContent()).toContain('Secretary of the Municipal Party Committee');
    expect((await firstRow.locator('td').first().textContent())?.trim()).toBe('1');
    const zh = await h.newPage('zh-CN');
    await h.signIn(zh.page, 'admin', h.adminPassword);
    await h.visit(zh.page, `/org/groups/${groupId}`, 's23-group-zh');
    expect(await zh.page.getByTestId('group-name').textContent()).toBe('市委理论学习中心组');
    expect(await zh.page.locator('.ant-table-tbody tr').first().textContent()).toContain('市委书记');
    await h.visit(zh.page, `/study/sessions/${sessionId}`, 's24-session-zh');
    await zh.page.getByText('学习主题').first().waitFor();
    await h.visit(zh.page, `/study/sessions/${sessionId}/view`, 's25-minutes-zh');
  });

  it('has no serious or critical accessibility violations on the study pages', async () => {
    await check('/study/sessions', 's26-a11y-sessions');
    await check(`/study/sessions/${sessionId}`, 's27-a11y-session');
    await check('/study/import', 's28-a11y-import');
    await check('/study/search?q=secrecy', 's29-a11y-search');
    expect(a11y).toEqual({});
  });
});
