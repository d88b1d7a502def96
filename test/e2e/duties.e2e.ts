import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pickOption as pick, seriousViolations, startHarness, type ApiSession, type Harness } from './harness.ts';

/**
 * The duties lifecycle in the browser, by the people whose steps they are: the supervision office
 * makes a task from the seed session's requirement and assigns it; the lead unit's person accepts it,
 * reports twice with evidence and reports it completed; the office sends it back once, approves one
 * extension, verifies and closes it. Every wait is on the page's state, never on time.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const SUPERVISOR = { username: 'supervisor.e2e', given: 'supervisor-given-123', password: 'supervisor-password-123' };
const HANDLER = { username: 'handler.e2e', given: 'handler-given-123', password: 'handler-password-123' };
const HANDLER_NAME = '督办测试责任人';
const YEAR = new Date().getFullYear();

let h: Harness;
let admin: ApiSession;
let office: Page;
let handler: Page;
let sessionId = '';
let unitName = '';
let unitId = '';
let handlerPersonId = '';

async function ownPassword(username: string, given: string, chosen: string): Promise<void> {
  const session = await h.apiLogin(username, given);
  const changed = await h.call(session, 'POST', '/api/auth/password', { currentPassword: given, newPassword: chosen });
  expect(changed.status, JSON.stringify(changed.body)).toBe(204);
}

beforeAll(async () => {
  h = await startHarness();
  admin = await h.apiLogin('admin', h.adminPassword);
  const sessions = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/study/sessions?pageSize=5');
  sessionId = sessions.body.items[0]!.id;
  // The lead unit's responsible person: a person with a post in a demo unit, and their account.
  const units = await h.call<{ items: { id: string; name: string; nameEn: string | null; parentId: string | null }[] }>(admin, 'GET', '/api/units?pageSize=100');
  const unit = units.body.items.find((u) => u.parentId) ?? units.body.items[0]!;
  // The office works in English: the unit tree shows English names where there are.
  unitName = unit.nameEn ?? unit.name;
  unitId = unit.id;
  const person = await h.call<{ id: string }>(admin, 'POST', '/api/people', { name: HANDLER_NAME, level: 'public' });
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  handlerPersonId = person.body.id;
  const post = await h.call(admin, 'POST', '/api/positions', { personId: person.body.id, unitId: unit.id, title: '督办联络员', level: 'public' });
  expect(post.status, JSON.stringify(post.body)).toBe(201);
  for (const [account, roles, personId] of [
    [SUPERVISOR, ['supervisor'], null],
    [HANDLER, ['clerk'], person.body.id],
  ] as const) {
    const made = await h.call(admin, 'POST', '/api/users', { username: account.username, displayName: account.username, roles, clearance: 'internal', password: account.given, personId });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await ownPassword(account.username, account.given, account.password);
  }
  ({ page: office } = await h.newPage('en-US'));
  await h.signIn(office, SUPERVISOR.username, SUPERVISOR.password);
  ({ page: handler } = await h.newPage('zh-CN'));
  await h.signIn(handler, HANDLER.username, HANDLER.password);
});

afterAll(async () => {
  await h?.close();
});

async function date(page: Page, fieldId: string, day: string): Promise<void> {
  const input = page.locator(`#${fieldId}`);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

async function taskState(page: Page): Promise<string | null> {
  return page.getByTestId('task-page').getAttribute('data-state');
}

/** Opens an action's dialog on the task page and waits for it to settle (typed into while it still zooms in, a field can miss its first keys). */
async function openAction(page: Page, action: string): Promise<ReturnType<Page['getByRole']>> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expect.poll(() => dialog.getAttribute('class')).not.toMatch(/ant-zoom/);
  return dialog;
}

/** Saves a dialog and waits for it to close; if it stays open, what it shows (a refusal, a field's error) is the failure's message. */
async function submitDialog(dialog: ReturnType<Page['getByRole']>): Promise<void> {
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  const outcome = async () => ((await dialog.isVisible()) ? (await dialog.locator('[role=alert], .ant-form-item-has-error label, .ant-form-item-explain-error').allTextContents()).join(' ') || 'still open' : 'closed');
  await expect.poll(outcome, { timeout: 60_000 }).toBe('closed');
}

/** Opens an action's dialog on the task page, lets `fill` fill it, saves, and waits for the new state. */
async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, state: string): Promise<void> {
  const dialog = await openAction(page, action);
  await fill(dialog);
  await submitDialog(dialog);
  await expect.poll(() => taskState(page), { timeout: 60_000 }).toBe(state);
}

async function evidence(dialog: ReturnType<Page['getByRole']>, name: string, text: string): Promise<void> {
  await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  await dialog.getByText(name).waitFor();
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('duties in the browser', () => {
  let taskUrl = '';

  it('makes a task from a requirement of the seed session, shown on the session with its state', async () => {
    await h.visit(office, `/study/sessions/${sessionId}`, 'd01-session-duties');
    const card = office.getByTestId('session-duties');
    // The demo data already made tasks from some conclusions: take one that has none, so the task made is the only one.
    await card.getByTestId('session-conclusion').first().waitFor();
    const free = await card.getByTestId('session-conclusion').filter({ hasNot: office.getByTestId('conclusion-tasks') }).first().getAttribute('data-conclusion');
    const requirement = card.locator(`[data-conclusion="${free}"]`);
    await requirement.getByTestId('select-conclusion').check();
    await card.getByTestId('make-tasks').click();
    const dialog = office.getByRole('dialog');
    await date(office, 'fromSession_deadline', `${YEAR}-12-30`);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    const made = requirement.getByTestId('conclusion-tasks').locator('a');
    await made.first().waitFor();
    await expect.poll(() => requirement.getByTestId('task-state').first().getAttribute('data-state')).toBe('registered');
    await made.first().click();
    await office.getByTestId('task-page').waitFor();
    taskUrl = new URL(office.url()).pathname;
    expect(taskUrl).toMatch(/^\/duties\/tasks\//);
    await office.getByTestId('task-source-link').waitFor();
  });

  it('is assigned by the office and accepted by the lead unit', async () => {
    await act(
      office,
      'assign',
      async () => {
        await pick(office, 'task-assign_leadUnitId', unitName);
        await pick(office, 'task-assign_responsiblePersonId', HANDLER_NAME);
        await date(office, 'task-assign_deadline', `${YEAR}-12-30`);
      },
      'assigned',
    );
    await h.visit(handler, taskUrl, 'd02-task-to-accept');
    await act(handler, 'accept', async (d) => void (await d.getByTestId('field-note').fill('已签收，抓紧办理。')), 'accepted');
  });

  it('is reported on twice with evidence, then reported completed', async () => {
    await act(
      handler,
      'report',
      async (d) => {
        await d.locator('#task-report_percent').fill('30');
        await d.getByTestId('field-narrative').fill('已制定保密工作责任制实施方案。');
        await evidence(d, '实施方案.txt', '保密工作责任制实施方案（测试）');
      },
      'in_progress',
    );
    await act(
      handler,
      'report',
      async (d) => {
        await d.locator('#task-report_percent').fill('70');
        await d.getByTestId('field-narrative').fill('各部门已签订责任书。');
        await evidence(d, '责任书汇总.txt', '责任书签订情况汇总（测试）');
      },
      'in_progress',
    );
    await expect.poll(() => handler.getByTestId('task-report').count()).toBe(2);
    await expect.poll(() => handler.getByTestId('evidence-file').count()).toBe(2);
    await act(handler, 'complete', async (d) => void (await d.getByTestId('field-narrative').fill('责任制已全面落实。')), 'completion_reported');
  });

  it('is sent back once by the office', async () => {
    await office.reload();
    await expect.poll(() => taskState(office)).toBe('completion_reported');
    await act(
      office,
      'verify',
      async (d) => {
        await d.getByText('Send back', { exact: true }).click();
        await d.getByTestId('field-reason').fill('缺少乡镇一级的落实情况。');
      },
      'in_progress',
    );
    await handler.reload();
    await expect.poll(() => taskState(handler)).toBe('in_progress');
    await handler.locator('[data-testid="task-light"][data-light="red"]').first().waitFor();
  });

  it('is extended once: asked for by the lead unit, approved by the office', async () => {
    const ask = await openAction(handler, 'extend');
    await date(handler, 'task-extend_newDeadline', `${YEAR + 1}-01-15`);
    await ask.getByTestId('field-reason').fill('需补充乡镇一级材料。');
    await submitDialog(ask);
    await office.reload();
    const decide = await openAction(office, 'decideExtension');
    // The choice is clicked again only while it does not show as chosen (a click can be lost under load).
    const approve = decide.getByRole('radio', { name: 'Approve', exact: true });
    await expect
      .poll(async () => {
        if (!(await approve.isChecked())) await decide.getByText('Approve', { exact: true }).click();
        return approve.isChecked();
      })
      .toBe(true);
    await submitDialog(decide);
    await expect.poll(() => office.getByTestId('extension-state').first().textContent()).toBe('Approved');
    await expect.poll(() => office.getByTestId('task-deadline').textContent()).toContain(String(YEAR + 1));
  });

  it('is completed again, verified and closed, every step on its timeline', async () => {
    await handler.reload();
    await act(handler, 'complete', async (d) => void (await d.getByTestId('field-narrative').fill('乡镇一级已补充落实。')), 'completion_reported');
    await office.reload();
    await act(office, 'verify', async () => {}, 'verified');
    await act(office, 'close', async () => {}, 'closed');
    await office.locator('[data-testid="task-light"][data-light="grey"]').first().waitFor();
    const kinds = await office.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    for (const kind of ['registered', 'assigned', 'accepted', 'reported', 'completion_reported', 'sent_back', 'extension_requested', 'extension_approved', 'verified', 'closed']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(kinds.filter((k) => k === 'reported')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'sent_back')).toHaveLength(1);
  });

  it('shows the workbench, the board and the task timeline in both languages', async () => {
    // A second task left assigned, so the lists and the board are not all grey.
    await h.visit(office, `/study/sessions/${sessionId}`, 'd03-session');
    const card = office.getByTestId('session-duties');
    const free = await card.getByTestId('session-conclusion').filter({ hasNot: office.getByTestId('conclusion-tasks') }).first().getAttribute('data-conclusion');
    const open = card.locator(`[data-conclusion="${free}"]`);
    await open.getByTestId('select-conclusion').check();
    await card.getByTestId('make-tasks').click();
    await date(office, 'fromSession_deadline', `${YEAR}-12-31`);
    await office.getByRole('dialog').locator('.ant-modal-footer .ant-btn-primary').click();
    await open.getByTestId('conclusion-tasks').waitFor();
    // Assigned to the same person through the API, so it waits for their acceptance.
    const second = await open.getByTestId('conclusion-tasks').locator('a').first().getAttribute('href');
    const supervisor = await h.apiLogin(SUPERVISOR.username, SUPERVISOR.password);
    const assigned = await h.call(supervisor, 'POST', `/api${second!}/assign`, { leadUnitId: unitId, responsiblePersonId: handlerPersonId, deadline: `${YEAR}-12-31` });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const english = await h.newPage('en-US');
    await h.signIn(english.page, HANDLER.username, HANDLER.password);
    for (const [page, lang] of [
      [english.page, 'en'],
      [handler, 'zh-CN'],
    ] as const) {
      await h.visit(page, '/duties/workbench?tab=unit', `d04-workbench-${lang}`);
      await page.getByTestId('duty-counts').waitFor();
      await page.getByTestId('task-link').first().waitFor();
      await screenshot(page, `duties-workbench-${lang}`);
      await h.visit(page, '/duties/board', `d05-board-${lang}`);
      await page.getByTestId('tasks-board').getByTestId('board-card').first().waitFor();
      await screenshot(page, `duties-board-${lang}`);
      await h.visit(page, taskUrl, `d06-task-${lang}`);
      await expect.poll(() => page.getByTestId('timeline-event').count()).toBeGreaterThan(9);
      await screenshot(page, `duties-task-timeline-${lang}`);
    }
    // The lead unit's person sees the task waiting on the home page once it is assigned to them.
    await h.visit(handler, '/', 'd07-home-zh');
    await handler.getByTestId('waiting-to_accept').getByTestId('task-link').first().waitFor();
  });

  it('lists tasks with filters, and shows areas, the holiday calendar with a yearly import, and the inbox', async () => {
    await h.visit(office, '/duties/tasks', 'd08-tasks');
    await office.getByTestId('tasks-table').getByTestId('task-link').first().waitFor();
    await expect.poll(async () => (await office.getByTestId('tasks-export').getAttribute('href')) ?? '').toContain('/api/duties/tasks/export');
    await h.visit(office, '/duties/areas', 'd09-areas');
    await office.getByRole('heading', { name: 'Responsibility areas' }).waitFor();
    const { page: adminPage } = await h.newPage('zh-CN');
    await h.signIn(adminPage, 'admin', h.adminPassword);
    await h.visit(adminPage, '/duties/holidays', 'd10-holidays');
    await adminPage.getByTestId('import-holidays').click();
    await adminPage.getByTestId('holiday-list').fill(`${YEAR}-10-01 休 国庆节\n${YEAR}-10-02 休 国庆节\n${YEAR}-10-12 班 国庆调休`);
    await adminPage.getByRole('dialog').locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => adminPage.locator('.ant-table-row').count()).toBe(3);
    // The second task's assignment put a notification in the handler's inbox; reading it clears the count.
    await h.visit(handler, '/notifications', 'd11-inbox');
    const unread = handler.locator('[data-testid="notification"][data-read="no"]');
    await unread.first().waitFor();
    const before = await unread.count();
    await unread.first().getByTestId('mark-read').click();
    await expect.poll(() => unread.count()).toBe(before - 1);
    await handler.getByTestId('read-all').click();
    await expect.poll(() => handler.getByTestId('notification-bell').getAttribute('data-count')).toBe('0');
  });
  it('shows the bulletin of this year by area and lead unit, with its spreadsheet and Word document', async () => {
    await h.visit(office, '/duties/bulletin', 'd12-bulletin-month');
    await office.locator('label.ant-radio-button-wrapper').filter({ hasText: 'This year' }).click();
    // The task of this file was assigned and closed this year under the chosen unit.
    const row = office.getByTestId('bulletin-units').getByRole('row').filter({ hasText: unitName });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1);
    expect(Number(cells[5])).toBeGreaterThanOrEqual(1);
    expect(await seriousViolations(office)).toEqual([]);
    await screenshot(office, 'duties-bulletin-en');
    for (const testId of ['bulletin-xlsx', 'bulletin-docx']) {
      const href = await office.getByTestId(testId).getAttribute('href');
      const file = await fetch(`${h.url}${href}`, { headers: { cookie: admin.cookie } });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(testId === 'bulletin-docx' ? /wordprocessingml/ : /spreadsheetml/);
    }
    const { page: zh } = await h.newPage('zh-CN');
    await h.signIn(zh, SUPERVISOR.username, SUPERVISOR.password);
    await h.visit(zh, '/duties/bulletin', 'd13-bulletin-zh');
    await zh.locator('label.ant-radio-button-wrapper').filter({ hasText: '本年度' }).click();
    await zh.getByTestId('bulletin-units').getByRole('row').nth(1).waitFor();
    await screenshot(zh, 'duties-bulletin-zh');
  });
});
