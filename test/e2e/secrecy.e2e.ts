import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { confirmPopup, pickOption, seriousViolations, startHarness, type ApiSession, type Harness } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** CI copies shared/ beside the clone; a copy of the seed is kept in the fixtures. */
function seedText(): string {
  const shared = join(ROOT, '..', 'shared', 'seed', '000_7167ab428842f2f5.txt');
  return readFileSync(existsSync(shared) ? shared : join(ROOT, 'test', 'fixtures', 'releases', 'seed.txt'), 'utf8');
}

/** GB 11643 check digit of the first 17 digits of a resident identity number. */
export function gb11643(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
/** An invented number: a Beijing district code, a 1990 birth date, sequence 001. */
const ID_NUMBER = gb11643('11010119900307001');

const OFFICER = { username: 'secrecy.e2e', password: 'secrecy-password-123' };
const LEADER = { username: 'leader.e2e', password: 'leader-password-123' };
const YEAR = new Date().getFullYear();

let h: Harness;
let admin: ApiSession;
let page: Page;
let leaderPersonId = '';
const a11y: Record<string, unknown> = {};

async function check(path: string, name: string): Promise<void> {
  await h.visit(page, path, name);
  const found = await seriousViolations(page);
  if (found.length) a11y[path] = found;
}

beforeAll(async () => {
  h = await startHarness();
  admin = await h.apiLogin('admin', h.adminPassword);
  // First, before the server's scheduler makes its first run (5 s after start): a carrier whose
  // period ends within the alert window, so that run opens its yearly review and alerts its custodian.
  // (POST /api/secrecy/jobs/run is refused for 5 minutes after any run: the lease is not released.)
  const person = await h.call<{ id: string }>(admin, 'POST', '/api/people', { name: '保密测试领导', level: 'public' });
  expect(person.status, JSON.stringify(person.body)).toBeLessThan(300);
  leaderPersonId = person.body.id;
  const issued = new Date(Date.now() - 170 * 86_400_000).toISOString().slice(0, 10);
  const carrier = await h.call(admin, 'POST', '/api/secrecy/carriers', { title: 'E2E 半年期文件', number: 'E2E-7', mark: '秘密★6个月', issuedOn: issued, custodianPersonId: leaderPersonId, location: '机要室' });
  expect(carrier.status, JSON.stringify(carrier.body)).toBe(201);
  const officer = await h.call(admin, 'POST', '/api/users', { username: OFFICER.username, displayName: 'Secrecy Officer E2E', roles: ['secrecy_officer'], clearance: 'internal', password: OFFICER.password });
  expect(officer.status, JSON.stringify(officer.body)).toBeLessThan(300);
  const leader = await h.call(admin, 'POST', '/api/users', { username: LEADER.username, displayName: 'Leader E2E', roles: ['leader'], clearance: 'internal', password: `${LEADER.password}-given`, personId: person.body.id });
  expect(leader.status, JSON.stringify(leader.body)).toBeLessThan(300);
  await chooseOwnPassword(LEADER.username, `${LEADER.password}-given`, LEADER.password);
  ({ page } = await h.newPage('en-US'));
  await h.signIn(page, OFFICER.username, OFFICER.password);
});

afterAll(async () => {
  await h?.close();
});

/** A letter is signed only with a password its signer chose: the account replaces the one the administrator gave. */
async function chooseOwnPassword(username: string, given: string, chosen: string): Promise<void> {
  const session = await h.apiLogin(username, given);
  const changed = await h.call(session, 'POST', '/api/auth/password', { currentPassword: given, newPassword: chosen });
  expect(changed.status, JSON.stringify(changed.body)).toBe(204);
}

describe('secrecy pages', () => {
  it('shows the Secrecy section to a secrecy officer, and not to a viewer', async () => {
    await h.visit(page, '/secrecy/review', 'x01-review-empty');
    const nav = page.getByTestId('side-nav');
    for (const label of ['Secrecy', 'Pre-publication review', 'Review register', 'Keyword lists', 'Carriers register', 'Responsibility letters', 'Self-inspections', 'Secrecy training']) {
      await expect.poll(() => nav.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    const viewer = await h.call(admin, 'POST', '/api/users', { username: 'viewer.sec.e2e', displayName: 'Viewer', roles: ['viewer'], clearance: 'public', password: 'viewer-password-123' });
    expect(viewer.status).toBeLessThan(300);
    const other = await h.newPage('en-US');
    await h.signIn(other.page, 'viewer.sec.e2e', 'viewer-password-123');
    await other.page.getByTestId('side-nav').getByText('People', { exact: true }).waitFor();
    expect(await other.page.getByTestId('side-nav').getByText('Secrecy', { exact: true }).count()).toBe(0);
  });

  it('flags a planted identity number in a draft and highlights it when its finding is clicked', async () => {
    const draft = `关于召开学习会议的通知\n\n请联系人张三（身份证号${ID_NUMBER}）于会前报到。\n会议地点另行通知。`;
    await page.getByTestId('draft-input').fill(draft);
    await page.getByTestId('scan-draft').click();
    const finding = page.locator('[data-testid="finding"][data-kind="id_number"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('ID number');
    expect(await finding.textContent()).toContain('checksum valid');
    await finding.getByTestId('finding-show').click();
    await expect.poll(() => page.locator('[data-testid="draft-highlight"] .finding-active').allTextContents()).toEqual([ID_NUMBER]);
    await h.shot(page, 'x02-review-findings');
    const found = await seriousViolations(page);
    if (found.length) a11y['/secrecy/review (findings)'] = found;
  });

  it('flags both a planted identity number and a sentence copied from internal minutes the reviewer may read', async () => {
    const groups = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/study-groups');
    const session = await h.call<{ id: string }>(admin, 'POST', '/api/study/sessions', {
      groupId: groups.body.items[0]!.id,
      date: '2024-05-06',
      halfDay: 'morning',
      organizingBody: 'E2E 区委',
      themes: [{ text: '城市更新' }],
      level: 'public',
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const minutes = '会议纪要：与会同志一致认为，明年第一季度要集中力量推进老旧小区改造试点工作，首批涉及城东片区十二个小区，资金缺口由市财政统筹解决。';
    const saved = await h.call(admin, 'PUT', `/api/study/sessions/${session.body.id}/minutes`, { text: minutes, level: 'internal' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    await h.visit(page, '/secrecy/review', 'x02a-review-copied');
    const copiedSentence = '明年第一季度要集中力量推进老旧小区改造试点工作，首批涉及城东片区十二个小区，资金缺口由市财政统筹解决。';
    await page.getByTestId('draft-input').fill(`本报讯 近日，区委理论学习中心组开展集中学习。${copiedSentence}\n联系人身份证号${ID_NUMBER}。`);
    await page.getByTestId('scan-draft').click();
    const copied = page.locator('[data-testid="finding"][data-kind="copied_text"]');
    await copied.waitFor();
    await page.locator('[data-testid="finding"][data-kind="id_number"]').waitFor();
    const source = copied.getByTestId('finding-source');
    expect(await source.textContent()).toContain('Study session');
    expect(await source.getByRole('link').getAttribute('href')).toBe(`/study/sessions/${session.body.id}/view`);
    await copied.getByTestId('finding-show').click();
    await expect.poll(async () => (await page.locator('[data-testid="draft-highlight"] .finding-active').allTextContents()).join('')).toContain('老旧小区改造试点工作');
    await h.shot(page, 'x02b-review-copied-flagged');
  });

  it('passes the seed release text clean', async () => {
    await h.visit(page, '/secrecy/review', 'x03-review-seed');
    await page.getByTestId('draft-input').fill(seedText());
    await page.getByTestId('scan-draft').click();
    await page.getByTestId('scan-clean').waitFor();
    expect(await page.locator('[data-testid="finding"]').count()).toBe(0);
    await h.shot(page, 'x04-review-seed-clean');
  });

  it('reads marks with the mark checker', async () => {
    await page.getByTestId('mark-input').fill('机密★20年');
    await page.getByTestId('mark-check').click();
    await expect.poll(() => page.getByTestId('mark-result').textContent()).toContain('Secret (机密), 20 year(s)');
    await page.getByRole('button', { name: '秘密★会议开始前' }).click();
    await expect.poll(() => page.getByTestId('mark-result').textContent()).toContain('until: 会议开始前');
    await page.getByTestId('mark-input').fill('内部★1年');
    await page.getByTestId('mark-check').click();
    await expect.poll(() => page.getByTestId('mark-result').textContent()).toContain('No ★ mark');
    await h.shot(page, 'x05-mark-checker');
  });

  it('registers a review; publishing is refused with the API message until the finding is resolved', async () => {
    await h.visit(page, '/secrecy/review', 'x06-review-register');
    await page.getByTestId('draft-input').fill(`新闻稿：联系人身份证号${ID_NUMBER}。`);
    await page.getByTestId('review-title').fill('E2E 新闻稿');
    await page.getByTestId('register-review').click();
    await page.waitForURL(/\/secrecy\/reviews\/[^/]+$/);
    await page.locator('[data-testid="draft-highlight"] mark').first().waitFor();
    await page.getByLabel('Publish', { exact: true }).check();
    await page.getByTestId('publish-warning').waitFor();
    await page.getByTestId('outcome-basis').fill('Checked against the rules.');
    await page.getByTestId('decide').click();
    await expect.poll(() => page.getByTestId('outcome-form').getByRole('alert').textContent()).toMatch(/cannot be published while 1 finding\(s\) are unresolved/);
    await h.shot(page, 'x07-review-publish-refused');

    await page.getByTestId('resolve-finding').click();
    await page.getByRole('dialog').getByTestId('resolve-note').fill('The number was removed from the published text.');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Resolved', { exact: true }).waitFor();
    await page.getByLabel('Publish', { exact: true }).check();
    await page.getByTestId('decide').click();
    await expect.poll(() => page.getByTestId('review-outcome').textContent()).toBe('Publish');
    await h.shot(page, 'x08-review-published');

    await h.visit(page, '/secrecy/reviews', 'x09-review-register');
    await page.getByRole('cell', { name: 'E2E 新闻稿' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'E2E 新闻稿' }).textContent()).toContain(OFFICER.username);
  });

  it('creates a keyword list from pasted keywords and flags them in a draft', async () => {
    await h.visit(page, '/secrecy/keywords', 'x10-keywords');
    await page.getByTestId('new-keyword-list').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('E2E 敏感词');
    await dialog.getByLabel('Keywords').fill('演习代号\n内部通讯录、保密室位置');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('keyword-list-title').textContent()).toContain('3 keywords');
    await page.getByTestId('keywords-paste').fill(Array.from({ length: 500 }, (_, i) => `E2E词${i}`).join('\n'));
    await expect.poll(() => page.getByTestId('keywords-parsed').textContent()).toContain('500');
    await page.getByTestId('keywords-add').click();
    await expect.poll(() => page.getByTestId('keyword-list-title').textContent()).toContain('503 keywords');
    await h.shot(page, 'x11-keywords-list');

    await h.visit(page, '/secrecy/review', 'x12-review-keywords');
    await page.getByTestId('draft-input').fill('本次活动的演习代号暂不公开。');
    await page.getByTestId('scan-draft').click();
    await page.locator('[data-testid="finding"][data-kind="keyword"]').waitFor();
  });

  it('registers a carrier with its mark, refuses a bad mark with the API message, and records its destruction', async () => {
    await h.visit(page, '/secrecy/carriers', 'x13-carriers');
    await page.getByTestId('new-carrier').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill('E2E 会议文件');
    await dialog.getByLabel('Mark').fill('机密20年');
    await dialog.getByText('Write the level, then ★').waitFor();
    await dialog.getByLabel('Mark').fill('机密★2027年13月31日');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain('is not a calendar date');
    await dialog.getByLabel('Mark').fill('机密★20年');
    await dialog.getByLabel('Kept at').fill('保密室 2 号柜');
    await h.shot(page, 'x14-carrier-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'E2E 会议文件' });
    await row.waitFor();
    expect(await row.locator('[data-level="jimi"]').textContent()).toContain('机密★20年');
    await row.getByRole('button', { name: 'E2E 会议文件' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('edit-carrier').click();
    const edit = page.locator('.ant-modal');
    await edit.getByLabel('Kept at').fill('保密室 3 号柜');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('保密室 3 号柜');
    await drawer.getByLabel('Destroyed').check();
    await drawer.getByLabel('Witness').fill('李四');
    await h.shot(page, 'x15-carrier-drawer');
    await drawer.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => row.textContent()).toContain('Destroyed');
    const exported = await fetch(`${h.url}/api/secrecy/carriers/export?format=xlsx`, { headers: { cookie: admin.cookie } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('spreadsheet');
  });

  it('signs a responsibility letter after entering the password again, and the board shows it', async () => {
    const template = await h.call(admin, 'POST', '/api/secrecy/letter-templates', { year: YEAR, title: `${YEAR} 年度保密工作责任书`, text: '一、严格遵守保密法律法规。\n二、管好本人涉密载体。' });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const issued = await h.call<{ issued: number }>(admin, 'POST', '/api/secrecy/letters/issue', { year: YEAR });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);

    const leader = await h.newPage('en-US');
    await h.signIn(leader.page, LEADER.username, LEADER.password);
    await h.visit(leader.page, '/secrecy/letters', 'x16-letters-mine');
    const letter = leader.page.getByTestId('my-letter').filter({ hasText: `${YEAR}` });
    await letter.getByTestId('sign-letter').click();
    const dialog = leader.page.getByRole('dialog');
    await dialog.getByTestId('sign-password').fill('not-my-password');
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => dialog.getByRole('alert').last().textContent()).toContain('The password is wrong');
    await h.shot(leader.page, 'x17-letter-sign-refused');
    await dialog.getByTestId('sign-password').fill(LEADER.password);
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => letter.textContent()).toContain('Signed');
    await h.shot(leader.page, 'x18-letter-signed');

    await h.visit(page, '/secrecy/letters', 'x19-letters-officer');
    await page.getByRole('tab', { name: 'Who has signed' }).click();
    const row = page.getByRole('row').filter({ hasText: '保密测试领导' });
    await expect.poll(() => row.textContent()).toContain('Signed');
    await h.shot(page, 'x20-letters-board');
    const board = await h.call<{ signed: number }>(admin, 'GET', `/api/secrecy/letters/board?year=${YEAR}`);
    expect(board.body.signed).toBeGreaterThanOrEqual(1);
  });

  it('asks a signer with two-step sign-in for the current code as well', async () => {
    const person = await h.call<{ id: string }>(admin, 'POST', '/api/people', { name: '双因素领导', level: 'public' });
    const user = { username: 'leader2.e2e', password: 'leader2-password-123' };
    const created = await h.call(admin, 'POST', '/api/users', { username: user.username, displayName: 'Leader Two', roles: ['leader'], clearance: 'internal', password: `${user.password}-given`, personId: person.body.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await chooseOwnPassword(user.username, `${user.password}-given`, user.password);
    const session = await h.apiLogin(user.username, user.password);
    const setup = await h.call<{ secret: string }>(session, 'POST', '/api/auth/totp/setup');
    // Codes are used up: enrol with the previous step's code, sign in with the current one, sign the letter with the next.
    expect((await h.call(session, 'POST', '/api/auth/totp/enable', { code: await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) - 30 }) })).status).toBe(204);
    const issued = await h.call(admin, 'POST', '/api/secrecy/letters/issue', { year: YEAR });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);

    const { page: p } = await h.newPage('en-US');
    await p.goto('/login');
    await p.getByLabel('Username').fill(user.username);
    await p.getByLabel('Password', { exact: true }).fill(user.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByLabel('6-digit code').fill(await generate({ secret: setup.body.secret }));
    await p.getByRole('button', { name: 'Verify' }).click();
    await p.waitForURL((u) => !u.pathname.startsWith('/login'));
    await h.visit(p, '/secrecy/letters', 'x46-letters-totp');
    await p.getByTestId('sign-letter').click();
    const dialog = p.getByRole('dialog');
    await dialog.getByTestId('sign-password').fill(user.password);
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await dialog.getByText('Enter the current 6-digit code.').waitFor();
    await dialog.getByTestId('sign-totp').fill('000000');
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => dialog.getByRole('alert').last().textContent()).toMatch(/wrong, expired or already used/);
    await h.shot(p, 'x47-letter-totp-refused');
    await dialog.getByTestId('sign-totp').fill(await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await dialog.getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => p.getByTestId('my-letter').first().textContent()).toContain('Signed');
  });

  it('runs a self-inspection: checklist, campaign, answers, finding and its rectification closed with evidence', async () => {
    // Unique a run: a retry must not find the first attempt's finding beside its own.
    const issue = `E2E 台账未及时更新 ${Date.now().toString(36)}`;
    const units = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/units?pageSize=2');
    const people = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/people?pageSize=1');
    const tpl = await h.call<{ id: string }>(admin, 'POST', '/api/secrecy/inspection-templates', { name: 'E2E 自查表', items: [{ code: '1', text: '涉密载体是否登记' }, { code: '2', text: '是否签订责任书' }] });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    const campaign = await h.call<{ id: string }>(admin, 'POST', '/api/secrecy/inspections', { year: YEAR, title: 'E2E 年度自查', templateId: tpl.body.id, unitIds: units.body.items.map((u) => u.id) });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const finding = await h.call(admin, 'POST', `/api/secrecy/inspections/${campaign.body.id}/findings`, { unitId: units.body.items[0]!.id, itemCode: '1', description: issue, severity: 'medium', ownerPersonId: people.body.items[0]!.id, deadline: `${YEAR + 1}-01-31` });
    expect(finding.status, JSON.stringify(finding.body)).toBe(201);

    await h.visit(page, `/secrecy/inspections/${campaign.body.id}`, 'x21-campaign');
    await page.getByRole('row').filter({ hasText: issue }).waitFor();
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.getByLabel('Yes').first().check();
    await page.getByLabel('Evidence').first().fill('台账见附件');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('cell', { name: '1 / 2' }).count()).toBe(1);
    await h.shot(page, 'x22-campaign-answers');

    await h.visit(page, '/secrecy/rectifications', 'x23-rectifications');
    const row = page.getByRole('row').filter({ hasText: issue });
    await row.getByRole('button', { name: 'Close with evidence' }).click();
    const dialog = page.getByRole('dialog');
    const evidenceNeeded = dialog.getByText('Closing a rectification needs evidence.');
    // Save is pressed again until the form answers: a press while the dialog still opens can be lost on a busy machine.
    await expect.poll(async () => {
      if (!(await evidenceNeeded.isVisible())) await dialog.getByRole('button', { name: 'Save' }).click();
      return evidenceNeeded.isVisible();
    }, { timeout: 60_000 }).toBe(true);
    await dialog.getByLabel('Evidence').fill('已更新台账，整改报告存档。');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('Closed');
  });

  it('opens yearly reviews and alerts with the jobs; a review is decided and the custodian marks the alert read', async () => {
    await h.visit(page, '/secrecy/carrier-reviews', 'x24-carrier-reviews');
    await page.getByRole('button', { name: 'Run the declassification jobs now' }).click();
    await page.locator('.ant-message').getByText(/Done:|already running/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'E2E 半年期文件' });
    await expect.poll(async () => {
      if ((await row.count()) === 0) await page.reload();
      return row.count();
    }, { timeout: 20_000 }).toBe(1);
    await row.getByRole('button', { name: 'Decide' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note').fill('仍需保密，维持原定。');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('仍需保密');
    await h.shot(page, 'x25-carrier-review-decided');

    const leader = await h.newPage('en-US');
    await h.signIn(leader.page, LEADER.username, LEADER.password);
    await h.visit(leader.page, '/secrecy/alerts', 'x26-alerts-mine');
    const alert = leader.page.getByRole('row').filter({ hasText: 'E2E 半年期文件' }).first();
    await alert.getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => alert.textContent()).toMatch(/Read /);
    await h.shot(leader.page, 'x27-alerts-read');
  });

  it('sets a classified-post grade with its history, and records training with yearly totals', async () => {
    await h.visit(page, '/secrecy/clearances', 'x28-clearances');
    await page.getByTestId('grant-clearance').click();
    const dialog = page.getByRole('dialog');
    // Picked with pickOption, not typed letter by letter into a select that searches the server as it is
    // typed: CI lost such picks under load (this test passed only on its retry).
    await pickOption(page, 'grant_personId', '保密测试领导');
    await pickOption(page, 'grant_grade', 'Important');
    await dialog.getByLabel('Approved by').fill('市委保密委员会');
    await dialog.getByLabel('Basis').fill('市保委〔2026〕1号');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // A request: the grade takes effect when a second person, a security administrator, approves it.
    const request = page.getByTestId('clearance-requests').getByRole('row').filter({ hasText: '保密测试领导' });
    await expect.poll(() => request.textContent()).toContain('Waiting for approval');
    await h.shot(page, 'x28-clearance-requested');
    const security = await h.newPage('en-US');
    await h.signIn(security.page, 'secadmin', h.adminPassword);
    await h.visit(security.page, '/secrecy/clearances', 'x28-clearance-to-approve');
    await confirmPopup(security.page, security.page.getByTestId('clearance-requests').getByRole('button', { name: 'Approve' }), 'Yes');
    await expect.poll(() => security.page.getByTestId('clearance-requests').getByRole('row').filter({ hasText: '保密测试领导' }).textContent()).toContain('Approved');
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: '保密测试领导' }).first();
    await expect.poll(() => row.textContent()).toContain('Important');
    await row.getByRole('button', { name: 'History' }).click();
    await page.locator('.ant-drawer').getByText('市保委〔2026〕1号').waitFor();
    await h.shot(page, 'x29-clearance-history');
    await page.keyboard.press('Escape');

    await h.visit(page, '/secrecy/training', 'x44-training');
    await page.getByTestId('add-training').click();
    const form = page.getByRole('dialog');
    await pickOption(page, 'training_personId', '保密测试领导');
    await form.getByLabel('Course').fill('保密法专题辅导');
    await form.getByLabel('Hours').fill('3.5');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: '保密法专题辅导' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('row').filter({ hasText: '保密测试领导' }).last().textContent()).toContain('3.5');
    await h.shot(page, 'x45-training-recorded');
  });

  it('has no serious or critical accessibility violations on the secrecy pages', async () => {
    const review = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/secrecy/reviews');
    const campaigns = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/secrecy/inspections');
    const paths: [string, string][] = [
      ['/secrecy/review', 'x30-a11y-review'],
      ['/secrecy/reviews', 'x31-a11y-reviews'],
      [`/secrecy/reviews/${review.body.items[0]?.id}`, 'x32-a11y-review-detail'],
      ['/secrecy/keywords', 'x33-a11y-keywords'],
      ['/secrecy/clearances', 'x34-a11y-clearances'],
      ['/secrecy/carriers', 'x35-a11y-carriers'],
      ['/secrecy/alerts', 'x36-a11y-alerts'],
      ['/secrecy/carrier-reviews', 'x37-a11y-carrier-reviews'],
      ['/secrecy/letters', 'x38-a11y-letters'],
      ['/secrecy/inspections', 'x39-a11y-inspections'],
      [`/secrecy/inspections/${campaigns.body.items[0]?.id}`, 'x40-a11y-campaign'],
      ['/secrecy/rectifications', 'x41-a11y-rectifications'],
      ['/secrecy/training', 'x42-a11y-training'],
    ];
    for (const [path, name] of paths) await check(path, name);
    const zh = await h.newPage('zh-CN');
    await h.signIn(zh.page, OFFICER.username, OFFICER.password);
    await h.visit(zh.page, '/secrecy/carriers', 'x43-carriers-zh');
    await zh.page.getByRole('heading', { name: '涉密载体台账' }).waitFor();
    expect(a11y).toEqual({});
  });
});

/**
 * Who may know (知悉范围) on a deployment accredited up to 机密: a unit above internal shows the
 * panel; a clerk asks to add a person, a leader who knows the unit approves.
 */
describe('who may know, on a deployment with a 机密 ceiling', () => {
  let k: Harness;
  let kAdmin: ApiSession;
  let unitId = '';
  const secrets: Record<string, string> = {};
  const CLERK = { username: 'clerk.k.e2e', password: 'clerk-k-password-123' };
  const APPROVER = { username: 'leader.k.e2e', password: 'leader-k-password-123' };

  async function enrol(user: { username: string; password: string }, id: string): Promise<void> {
    const session = await k.apiLogin(user.username, user.password);
    const setup = await k.call<{ secret: string }>(session, 'POST', '/api/auth/totp/setup');
    // Codes are used up: enrol with the previous step's code, sign in through the API with the
    // current one and in the browser with the next (all within the drift allowed).
    const enabled = await k.call(session, 'POST', '/api/auth/totp/enable', { code: await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) - 30 }) });
    expect(enabled.status).toBe(204);
    secrets[user.username] = setup.body.secret;
    expect(id).toBeTruthy();
  }

  /** The clearance procedure: the demo secrecy officer asks, the demo security administrator approves. */
  async function clearPerson(personId: string): Promise<void> {
    const officer = await k.apiLogin('officer', k.adminPassword);
    const asked = await k.call<{ id: string }>(officer, 'POST', '/api/secrecy/clearances', { personId, grade: 'important', grantedOn: '2026-01-05', grantedBy: '市委保密委员会', basis: 'E2E 机要岗位' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const security = await k.apiLogin('secadmin', k.adminPassword);
    const approved = await k.call(security, 'POST', `/api/secrecy/clearance-requests/${asked.body.id}/decide`, { approve: true });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }

  async function signInWithCode(p: Page, user: { username: string; password: string }): Promise<void> {
    await p.goto('/login');
    await p.getByLabel('Username').fill(user.username);
    await p.getByLabel('Password', { exact: true }).fill(user.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByLabel('6-digit code').fill(await generate({ secret: secrets[user.username]!, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await p.getByRole('button', { name: 'Verify' }).click();
    await p.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  beforeAll(async () => {
    k = await startHarness({ env: { REMIT_CEILING: 'jimi' } });
    kAdmin = await k.apiLogin('admin', k.adminPassword);
    const p1 = await k.call<{ id: string }>(kAdmin, 'POST', '/api/people', { name: '机要员甲', level: 'public' });
    const p2 = await k.call<{ id: string }>(kAdmin, 'POST', '/api/people', { name: '新同事乙', level: 'public' });
    expect(p2.status).toBe(201);
    // One enabled account per person: the approver is a person of their own, cleared like the clerk.
    const p3 = await k.call<{ id: string }>(kAdmin, 'POST', '/api/people', { name: '审批领导丙', level: 'public' });
    expect(p3.status).toBe(201);
    const clerk = await k.call<{ user: { id: string } }>(kAdmin, 'POST', '/api/users', { username: CLERK.username, displayName: 'Clerk K', roles: ['clerk'], clearance: 'internal', password: CLERK.password, personId: p1.body.id });
    const approver = await k.call<{ user: { id: string } }>(kAdmin, 'POST', '/api/users', { username: APPROVER.username, displayName: 'Leader K', roles: ['leader'], clearance: 'internal', password: APPROVER.password, personId: p3.body.id });
    expect(clerk.status, JSON.stringify(clerk.body)).toBe(201);
    expect(approver.status, JSON.stringify(approver.body)).toBe(201);
    await enrol(CLERK, clerk.body.user.id);
    await enrol(APPROVER, approver.body.user.id);
    await clearPerson(p1.body.id);
    await clearPerson(p3.body.id);
    const session = await k.apiLogin(CLERK.username, CLERK.password, await generate({ secret: secrets[CLERK.username]! }));
    const unit = await k.call<{ id: string }>(session, 'POST', '/api/units', { name: 'E2E 机要室', kind: 'department', level: 'mimi' });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    unitId = unit.body.id;
    // The approver must know the unit to decide on it: the secrecy office admitted them to its scope
    // earlier (only the author is in the scope of a new state secret).
    await k.database.db.insertInto('knowable_scope').values({ object_type: 'unit', object_id: unitId, subject_type: 'person', subject_id: p3.body.id, reason: 'E2E 审批领导', added_by: kAdmin.user.id, added_at: new Date().toISOString() }).execute();
  });

  afterAll(async () => {
    await k?.close();
  });

  it('asks to add a person to a 秘密 unit\'s scope, and another approver approves', async () => {
    const clerk = await k.newPage('en-US');
    await signInWithCode(clerk.page, CLERK);
    await k.visit(clerk.page, `/org/units/${unitId}`, 'x50-unit-secret');
    await clerk.page.getByTestId('open-knowable').click();
    const panel = clerk.page.getByTestId('knowable-panel');
    // A clerk may ask (knowable.request) but does not see the register (knowable.read).
    await panel.getByTestId('knowable-no-read').waitFor();
    // The person select searches the server as it is typed: the whole name in one go, the exact option,
    // and the selection checked before sending (typed letter by letter, a list re-rendered under the click).
    await pickOption(clerk.page, 'knowableRequest_subjectId', '新同事乙');
    await panel.getByLabel('Reason').fill('新调入机要室，需知悉本单位情况。');
    await panel.getByTestId('request-knowable').click();
    // A refusal would show in the form's alert: name it rather than wait out the timeout.
    await expect.poll(async () => ((await panel.getByText('Request sent for approval.').count()) ? 'sent' : (await panel.locator('.ant-alert-error').allTextContents()).join(' ') || 'waiting')).toBe('sent');
    await k.shot(clerk.page, 'x51-knowable-requested');
    expect(await seriousViolations(clerk.page)).toEqual([]);

    const approver = await k.newPage('en-US');
    await signInWithCode(approver.page, APPROVER);
    await k.visit(approver.page, `/org/units/${unitId}`, 'x52-unit-secret-approver-page');
    await approver.page.getByTestId('open-knowable').click();
    const panel2 = approver.page.getByTestId('knowable-panel');
    await panel2.getByText('机要员甲').first().waitFor();
    await panel2.getByTestId('approve-request').waitFor();
    await k.shot(approver.page, 'x52-knowable-pending');
    await panel2.getByTestId('approve-request').click();
    await panel2.getByText('Approved').waitFor();
    await expect.poll(() => panel2.getByText('新同事乙').count()).toBeGreaterThan(1);
    await k.shot(approver.page, 'x53-knowable-approved');
  });

  it('does not show the panel on records at internal or below', async () => {
    const units = await k.call<{ items: { id: string; level: string }[] }>(kAdmin, 'GET', '/api/units?pageSize=1');
    // The administrator (no second factor, so no code is used up here) sees no panel on a public unit.
    const viewer = await k.newPage('en-US');
    await k.signIn(viewer.page, 'admin', k.adminPassword);
    await k.visit(viewer.page, `/org/units/${units.body.items[0]!.id}`, 'x54-unit-public');
    await viewer.page.getByTestId('unit-title').waitFor();
    expect(await viewer.page.getByTestId('open-knowable').count()).toBe(0);
  });
});
