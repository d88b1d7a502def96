import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { seriousViolations, startHarness, type ApiSession, type Harness } from './harness.ts';

let h: Harness;
let admin: ApiSession;

const VIEWER = { username: 'viewer.e2e', password: 'viewer-password-123' };

beforeAll(async () => {
  h = await startHarness();
  admin = await h.apiLogin('admin', h.adminPassword);
  const created = await h.call(admin, 'POST', '/api/users', {
    username: VIEWER.username,
    displayName: 'Viewer E2E',
    roles: ['viewer'],
    clearance: 'public',
    password: VIEWER.password,
  });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
});

afterAll(async () => {
  await h?.close();
});

describe('browser app', () => {
  it('signs in and shows the navigation the administrator may use', async () => {
    const { page } = await h.newPage();
    await h.visit(page, '/org/units', '01-login-redirect');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/org/units');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBeTruthy();
    await h.shot(page, '02-login-wrong-password');

    await page.getByLabel('Password', { exact: true }).fill(h.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/org/units');
    await h.shot(page, '03-units-after-sign-in');
    const nav = page.getByTestId('side-nav');
    // Under Releases the administrator reads releases and connects other systems (webhooks).
    for (const label of ['Organization', 'Units', 'People', 'Study groups', 'Import', 'Duties', 'Holiday calendar', 'Releases', 'News releases', 'Webhooks', 'Administration', 'Users']) {
      await expect.poll(() => nav.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    // The log of what the administrator does is the auditor's to read (三员分立).
    for (const absent of ['Audit log']) {
      expect(await nav.getByText(absent, { exact: true }).count()).toBe(0);
    }
    await expect.poll(() => page.getByTestId('header-user').textContent()).toContain('');
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/login');
  });

  it('signs in with a TOTP code as the second step', async () => {
    const username = 'totp.e2e';
    const password = 'totp-password-123';
    const created = await h.call(admin, 'POST', '/api/users', { username, displayName: 'TOTP E2E', roles: ['clerk'], clearance: 'internal', password });
    expect(created.status).toBeLessThan(300);
    const session = await h.apiLogin(username, password);
    const setup = await h.call<{ secret: string; uri: string }>(session, 'POST', '/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    // Codes are used up: enrol with the previous step's code (within the drift allowed), sign in with the current one.
    const enabled = await h.call(session, 'POST', '/api/auth/totp/enable', { code: await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) - 30 }) });
    expect(enabled.status).toBe(204);

    const { page } = await h.newPage();
    await page.goto('/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('6-digit code').waitFor();
    await h.shot(page, '04-login-totp-step');
    await page.getByLabel('6-digit code').fill(await generate({ secret: setup.body.secret }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText('Welcome, TOTP E2E').waitFor();
    await h.shot(page, '05-home-after-totp');
    await h.visit(page, '/account', '06-account-totp-on');
    await page.getByText('Two-step sign-in (TOTP)').waitFor();
  });

  it('creates a unit and a person', async () => {
    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/org/units', '07-units');
    await page.getByTestId('new-unit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('E2E Bureau of Tests');
    await dialog.getByLabel('English name').fill('E2E Bureau');
    await h.shot(page, '08-unit-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/org\/units\/[^/]+$/);
    await expect.poll(() => page.getByTestId('unit-title').textContent()).toContain('E2E Bureau');
    await h.shot(page, '09-unit-created');

    await h.visit(page, '/org/people', '10-people');
    await page.getByTestId('new-person').click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('测试人员');
    await page.getByRole('dialog').getByLabel('E-mail').fill('not-an-email');
    await expect.poll(() => page.getByText('Enter a valid e-mail address.').count()).toBeGreaterThan(0);
    await page.getByRole('dialog').getByLabel('E-mail').fill('tester@example.org');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/org\/people\/[^/]+$/);
    await expect.poll(() => page.getByTestId('person-name').textContent()).toBe('测试人员');
    await h.shot(page, '11-person-created');
  });

  it('previews a CSV import and shows the error of the bad row', async () => {
    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/org/import', '12-import');
    const csv = ['name,name_en,kind,parent,sort_order,level', 'E2E Import Office,Import Office,department,,1,public', 'E2E Broken Office,,no-such-kind,,2,public'].join('\n');
    await page.getByTestId('import-csv').fill(csv);
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-errors').waitFor();
    const errors = page.getByTestId('row-error');
    expect(await errors.count()).toBe(1);
    await h.shot(page, '13-import-preview-error');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-errors').textContent()).toMatch(/Nothing was imported/);
    await h.shot(page, '14-import-rejected');
  });

  it('switches the language to Chinese', async () => {
    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/org/people', '15-people-en');
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '人员' }).waitFor();
    const nav = page.getByTestId('side-nav');
    await nav.getByText('组织机构').waitFor();
    expect(await nav.getByText('系统管理').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await h.shot(page, '16-people-zh');
    // The choice is saved on the account; switch back so later sign-ins as admin stay in English.
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await expect.poll(async () => (await h.call<{ user: { locale: string } }>(await h.apiLogin('admin', h.adminPassword), 'GET', '/api/auth/me')).body.user.locale).toBe('en');

    const zh = await h.newPage('zh-CN');
    await h.visit(zh.page, '/login', '17-login-zh');
    await zh.page.getByRole('button', { name: /登\s*录/ }).waitFor();
  });

  it('hides the Admin menu from a viewer', async () => {
    const { page } = await h.newPage();
    await h.signIn(page, VIEWER.username, VIEWER.password);
    await h.shot(page, '18-viewer-home');
    const nav = page.getByTestId('side-nav');
    await nav.getByText('People', { exact: true }).waitFor();
    expect(await nav.getByText('Administration').count()).toBe(0);
    expect(await nav.getByText('Users').count()).toBe(0);
    expect(await nav.getByText('Import').count()).toBe(0);
    expect(await nav.getByText('Audit log').count()).toBe(0);
  });

  it('does not open an internal record for a public-cleared viewer who types its URL', async () => {
    const created = await h.call<{ id: string }>(admin, 'POST', '/api/people', { name: 'E2E Internal Person', level: 'internal' });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    const { page } = await h.newPage();
    await h.signIn(page, VIEWER.username, VIEWER.password);
    await h.visit(page, `/org/people/${created.body.id}`, '19-viewer-internal-not-found');
    await page.getByText('Not found').waitFor();
    expect(await page.getByText(/outside what you may see|No person/).count()).toBeGreaterThan(0);
    expect(await page.getByText('E2E Internal Person').count()).toBe(0);
    await h.visit(page, '/no/such/page', '20-page-not-found');
    await page.getByText('Page not found').waitFor();
  });

  it('lets the auditor verify the audit chain, and creates an API token shown once after the password', async () => {
    const auditor = await h.newPage();
    await h.signIn(auditor.page, 'auditor', h.adminPassword);
    await h.visit(auditor.page, '/audit', '21-audit');
    await auditor.page.getByTestId('verify-chain').click();
    await expect.poll(() => auditor.page.getByTestId('verify-result').textContent()).toMatch(/The chain is intact: \d+ entries checked/);
    await h.shot(auditor.page, '22-audit-verified');
    expect(await seriousViolations(auditor.page)).toEqual([]);

    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/account', '23-account');
    await page.getByLabel('Name', { exact: true }).fill('e2e script');
    await page.getByLabel('Your password').fill('not the password');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/password is wrong/);
    await page.getByLabel('Your password').fill(h.adminPassword);
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('new-token').textContent();
    expect(token?.length).toBeGreaterThan(20);
    await page.getByRole('cell', { name: 'e2e script' }).waitFor();
    await h.shot(page, '24-account-token-created');
    const list = await h.call<{ items: { name: string }[] }>(admin, 'GET', '/api/tokens');
    expect(list.body.items.map((t) => t.name)).toContain('e2e script');
  });

  it('creates a user with a generated password shown once', async () => {
    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/admin/users', '38-users');
    await page.getByTestId('new-user').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('Bad Name');
    await expect.poll(() => dialog.getByText(/lowercase letters, digits/).count()).toBeGreaterThan(0);
    await dialog.getByLabel('Username').fill('clerk.e2e');
    await dialog.getByLabel('Display name').fill('Clerk E2E');
    await h.shot(page, '39-user-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const password = await page.getByTestId('one-time-password').textContent();
    expect(password?.length).toBeGreaterThanOrEqual(10);
    await page.getByRole('cell', { name: 'clerk.e2e', exact: true }).waitFor();
    await h.shot(page, '40-user-created');
    await h.apiLogin('clerk.e2e', password ?? '');
  });

  it('has no serious or critical accessibility violations on any page', async () => {
    const anon = await h.newPage();
    await h.visit(anon.page, '/login', '25-a11y-login');
    const report: Record<string, unknown> = {};
    const login = await seriousViolations(anon.page);
    if (login.length) report['/login'] = login;

    const { page } = await h.newPage();
    await h.signIn(page, 'admin', h.adminPassword);
    const groups = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/study-groups');
    const people = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/people?pageSize=1');
    const units = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/units?pageSize=1');
    const paths: [string, string][] = [
      ['/', '26-a11y-home'],
      ['/account', '27-a11y-account'],
      ['/org/units', '28-a11y-units'],
      [`/org/units/${units.body.items[0]?.id}`, '29-a11y-unit'],
      ['/org/people', '30-a11y-people'],
      [`/org/people/${people.body.items[0]?.id}`, '31-a11y-person'],
      ['/org/groups', '32-a11y-groups'],
      [`/org/groups/${groups.body.items[0]?.id}`, '33-a11y-group'],
      ['/org/import', '34-a11y-import'],
      ['/admin/users', '36-a11y-users'],
      ['/no/such/page', '37-a11y-404'],
    ];
    for (const [path, name] of paths) {
      await h.visit(page, path, name);
      const found = await seriousViolations(page);
      if (found.length) report[path] = found;
    }
    // The secrecy office's view of the users page, with the sign-in locks panel.
    const office = await h.newPage();
    await h.signIn(office.page, 'secadmin', h.adminPassword);
    await h.visit(office.page, '/admin/users', '41-users-locks');
    await office.page.getByTestId('locks-panel').waitFor();
    const locks = await seriousViolations(office.page);
    if (locks.length) report['/admin/users (locks)'] = locks;
    expect(report).toEqual({});
  });
});
