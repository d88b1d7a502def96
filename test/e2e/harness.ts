/**
 * End-to-end harness: a real Remit server on a throwaway SQLite data directory serving the built
 * web app, and Debian's Chromium driven by playwright-core. Every page visited through `visit` or
 * `shot` is saved as a screenshot under test-results/e2e/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureWebBuild } from '../../src/http/web-build.ts';
import type { Database } from '../../src/db/database.ts';
import { startRemit } from '../../src/main.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'e2e');

/** Builds dist/web once when it is missing or older than the sources under web/. */
export async function ensureWebBuilt(): Promise<void> {
  await ensureWebBuild(() => undefined);
}

export interface ApiSession {
  cookie: string;
  csrfToken: string;
  user: { id: string; username: string; permissions: string[] };
}

export interface Harness {
  url: string;
  adminPassword: string;
  /** The server's database, for setting up what an earlier step outside the test would have left. */
  database: Database;
  browser: Browser;
  /** A fresh browser context (own cookies) with one page, in the given language. */
  newPage(locale?: 'en-US' | 'zh-CN'): Promise<{ context: BrowserContext; page: Page }>;
  /** Goes to a path, waits for the app to settle and saves a screenshot named `name`. */
  visit(page: Page, path: string, name: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  /** Signs in through the API (not the browser) for setting up data. */
  apiLogin(username: string, password: string, totp?: string): Promise<ApiSession>;
  call<T = unknown>(session: ApiSession, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Signs a browser page in through the login form. */
  signIn(page: Page, username: string, password: string, name?: string): Promise<void>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * `env` adds settings for the server (e.g. REMIT_CEILING) to the harness's own. The web app it serves
 * is built (once, when stale) by the e2e project's global setup, test/e2e/global-setup.ts.
 */
export async function startHarness(options: { env?: Record<string, string> } = {}): Promise<Harness> {
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'remit-e2e-'));
  const remit = await startRemit({ env: { REMIT_DATA_DIR: dir, REMIT_PORT: '0', REMIT_LOG_LEVEL: 'silent', REMIT_HOST: '127.0.0.1', ...options.env } });
  if (!remit.adminPassword) throw new Error('the demo data did not load: no admin password');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  /**
   * Waits for the page's own requests to finish (counted by the init script in newPage: a state, so
   * a busy machine only makes it slower), then for the network to rest and spinners to go.
   */
  async function settle(page: Page): Promise<void> {
    await page.waitForFunction(() => ((window as unknown as { __remitPending?: number }).__remitPending ?? 0) === 0);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, [role="status"] .ant-spin'), null, { timeout: 10_000 }).catch(() => {});
  }

  const harness: Harness = {
    url: remit.url,
    adminPassword: remit.adminPassword,
    database: remit.ctx.database,
    browser,
    async newPage(locale = 'en-US') {
      const context = await browser.newContext({ locale, baseURL: remit.url, viewport: { width: 1280, height: 860 } });
      contexts.push(context);
      // Counts the page's requests in flight, so waits can follow the app's state (see settle).
      await context.addInitScript(() => {
        const w = window as unknown as { __remitPending: number };
        w.__remitPending = 0;
        const original = window.fetch.bind(window);
        window.fetch = async (...args: Parameters<typeof fetch>) => {
          w.__remitPending++;
          try {
            return await original(...args);
          } finally {
            w.__remitPending--;
          }
        };
      });
      const page = await context.newPage();
      // Every wait is on a state (an element, a URL, settle); this bounds only a state that never
      // comes, generously, so a loaded machine is slow rather than failing.
      page.setDefaultTimeout(60_000);
      return { context, page };
    },
    async visit(page, path, name) {
      await page.goto(path);
      await settle(page);
      await harness.shot(page, name);
    },
    async shot(page, name) {
      await settle(page);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async apiLogin(username, password, totp) {
      const response = await fetch(`${remit.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password, totp }),
      });
      const body = (await response.json()) as { user: ApiSession['user']; csrfToken: string; error?: { message: string } };
      if (!response.ok) throw new Error(`login ${username}: ${response.status} ${body.error?.message}`);
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return { cookie, csrfToken: body.csrfToken, user: body.user };
    },
    async call(session, method, path, body) {
      const response = await fetch(`${remit.url}${path}`, {
        method,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          // The tests read the API's English messages; the pages send the UI's language themselves.
          'accept-language': 'en',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
    },
    async signIn(page, username, password, name) {
      await page.goto('/login');
      await page.getByLabel(/Username|用户名/).fill(username);
      await page.getByLabel(/^(Password|密码)$/).fill(password);
      if (name) await harness.shot(page, name);
      await page.getByRole('button', { name: /Sign in|登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await settle(page);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await remit.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(join(require.resolve('axe-core'), '..', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Runs axe-core on the page and answers the violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // The page is measured at rest, not under the pointer the last click left on a control: a hovered
  // default button's text is light blue (app.e2e failed so on the "Verify chain" button when the
  // browser suite ran twice in parallel; whether Chromium still counted the hover after a full-page
  // screenshot depended on timing).
  await page.mouse.move(0, 0);
  await finiteAnimationsEnded(page);
  const first = await axeSerious(page);
  if (first.length === 0) return first;
  // What a transition shows half-way (a fading colour, a badge's digits rolling) is measured again once
  // the page's finite animations have ended.
  await finiteAnimationsEnded(page);
  return axeSerious(page);
}

/** Endless animations (spinners) are not waited for. */
async function finiteAnimationsEnded(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}

async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol, not as a script tag: the content security policy forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
}

/**
 * Picks the option labelled `text` of an antd select or tree select by typing it (when it searches), and leaves the field
 * once the selection shows it. On a loaded machine a click can land while the filtered list is still
 * re-rendering and be lost: the option is clicked again only while it is not marked selected (a
 * second click on a selected option of a multiple select would take it out). A tree select stays
 * open after a pick and covers the fields below it, so the field is left after each click (Tab:
 * Escape would close a dialog around it) and the dropdown waited out.
 */
export async function pickOption(page: Page, fieldId: string, text: string): Promise<void> {
  const input = page.locator(`#${fieldId}`);
  const select = input.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const option = dropdown.locator('.ant-select-item-option, .ant-select-tree-treenode').filter({ hasText: exact }).first();
  const shown = async () => ((await select.textContent()) ?? '').includes(text);
  for (let attempt = 0; attempt < 3 && !(await shown()); attempt++) {
    if (!(await dropdown.count())) {
      await input.click();
      // A select without search has a read-only input: its options are all listed already.
      if (await input.isEditable()) await input.fill(text);
    }
    const classes = (await option.getAttribute('class')) ?? '';
    if (!/-(option|treenode)-selected\b/.test(classes)) await option.click();
    // A select that is still searching shows the search text, not the choice, until the field is left.
    if (await dropdown.count()) await input.press('Tab');
    try {
      await expect.poll(shown, { timeout: 10_000 }).toBe(true);
    } catch {
      // Not shown yet: look again whether the click was taken before clicking once more.
    }
  }
  await expect.poll(async () => (await select.textContent()) ?? '').toContain(text);
  await expect.poll(() => dropdown.count()).toBe(0);
}

/**
 * Opens the Popconfirm of `trigger` and presses its confirming button `ok`, leaving once the popup has
 * closed. On a loaded machine a click on the popup can be lost (study.e2e failed so when the browser
 * suite ran twice in parallel: the minutes never approved); antd's confirming button takes only the
 * first click it receives, so it is pressed again only while the popup stays open.
 */
export async function confirmPopup(page: Page, trigger: Locator, ok: string | RegExp): Promise<void> {
  const popup = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await popup.count())) await trigger.click();
    // A popup that is closing took the click already; pressing it again would wait on its animation.
    if (!/-leave\b/.test((await popup.getAttribute('class')) ?? '')) await popup.getByRole('button', { name: ok }).click();
    try {
      await expect.poll(() => popup.count(), { timeout: 10_000 }).toBe(0);
      return;
    } catch {
      // Still open: look again whether the press was taken before pressing once more.
    }
  }
  await expect.poll(() => popup.count()).toBe(0);
}
