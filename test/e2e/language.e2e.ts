import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { confirmPopup, SHOTS, startHarness, type ApiSession, type Harness } from './harness.ts';

/**
 * Issue 12, "done means": a clerk working in Chinese walks plan → session → held → minutes →
 * approved → release → pre-publication review, provokes refusals on the way, downloads the
 * spreadsheets and Word documents those pages offer, and meets no English word outside the data
 * people typed and proper names; a reader in English meets no Chinese outside the same. Every
 * visible text, every error shown and every downloaded file (unzipped) is read.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const ORG_NAME = '中共某市委员会';

/** Proper names: the seed's people (pinyin, as the seed gives them) and the demo administrator's account. */
const SEED_NAMES = ['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang'];
/**
 * What may stay Latin on a Chinese page: those names, the account's name, the language switch's
 * "English" (a language names itself), file formats and standard abbreviations, and the product's
 * name in the page title.
 */
const ZH_ALLOWED = [...SEED_NAMES, 'Administrator', 'admin', 'English', 'Remit', 'Word', 'Excel', 'XLSX', 'DOCX', 'CSV', 'SHA-256', 'TOTP', 'API', 'ID'];
/** What may stay Chinese on an English page: the language switch's 中文, and the organization's configured name. */
const EN_ALLOWED = ['中文', ORG_NAME];
/**
 * Classification marks are written as the law writes them (秘密★6个月, 机密★2027年12月31日), in either
 * language, and the English names of the levels carry the legal word beside them ("Secret (机密)").
 */
const LEGAL_MARK = /(绝密|机密|秘密)★[0-9年个月日长期会议开始前]*|\((绝密|机密|秘密)\)/g;

type Lang = 'zh-CN' | 'en';
interface Walk {
  /** Texts the test itself typed: user data, allowed in either language. */
  userData: string[];
  /** Problems found: where, and the words. */
  found: Record<string, string[]>;
}

let h: Harness;
let admin: ApiSession;
/** Texts the pages filled in and the walks saved (a review's title): user data from then on, in every walk. */
const saved: string[] = [];
let groupId = '';

beforeAll(async () => {
  h = await startHarness({ env: { REMIT_ORG_NAME: ORG_NAME } });
  admin = await h.apiLogin('admin', h.adminPassword);
  const groups = await h.call<{ items: { id: string }[] }>(admin, 'GET', '/api/study-groups');
  groupId = groups.body.items[0]!.id;
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const lang of ['zh-CN', 'en']) rmSync(join(SHOTS, `language-found-${lang}.json`), { force: true });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Words of the other language left in a text once the allowed texts are taken out. */
export function strayWords(text: string, lang: Lang, userData: readonly string[]): string[] {
  const allowed = [...(lang === 'zh-CN' ? ZH_ALLOWED : EN_ALLOWED), ...userData].sort((a, b) => b.length - a.length);
  // Record ids and digests (a SHA-256 shown in part, a UUID) are codes, not words.
  let rest = (lang === 'en' ? text.replace(LEGAL_MARK, ' ') : text).replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' ').replace(/\b[0-9a-f]{12,64}\b/g, ' ');
  for (const a of allowed) rest = rest.split(a).join(' ');
  const pattern = lang === 'zh-CN' ? /[A-Za-z][A-Za-z'’-]*[A-Za-z]/g : /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]+/g;
  const words = new Set<string>();
  for (const m of rest.matchAll(pattern)) {
    // Punctuation alone (、，：) is shared typography in an English page only when it stands in user data.
    if (lang === 'en' && !/[\u3400-\u9fff]/.test(m[0])) continue;
    words.add(m[0]);
  }
  return [...words];
}

/** Records each stray word once per place, with the text around it, so a failure says where to look. */
function note(walk: Walk, where: string, text: string, lang: Lang): void {
  const words = strayWords(text, lang, [...walk.userData, ...saved]);
  if (!words.length) return;
  walk.found[where] = words.slice(0, 6).map((w) => {
    const at = text.indexOf(w);
    return `${w} … ${text.slice(Math.max(0, at - 30), at + w.length + 30).replace(/\s+/g, ' ')}`;
  });
  writeFileSync(join(SHOTS, `language-found-${lang}.json`), JSON.stringify(walk.found, null, 2));
}

async function pageText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

async function checkPage(page: Page, walk: Walk, lang: Lang, where: string): Promise<void> {
  note(walk, where, await pageText(page), lang);
}

/** The text of a Word document: every w:t run of its body, headers and footers. */
async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n));
  const texts: string[] = [];
  for (const name of parts) {
    const xml = await zip.file(name)!.async('string');
    texts.push([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' '));
  }
  return decodeXml(texts.join('\n'));
}

/** The text of a workbook: its shared strings and inline strings. */
async function xlsxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const texts: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    texts.push([...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => m[1]).join('\n'));
  }
  return decodeXml(texts.join('\n'));
}

const decodeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

async function download(page: Page, href: string | null, kind: 'docx' | 'xlsx'): Promise<string> {
  expect(href, `a ${kind} link`).toBeTruthy();
  const response = await page.request.get(href!);
  expect(response.status(), href!).toBe(200);
  const body = await response.body();
  return kind === 'docx' ? docxText(body) : xlsxText(body);
}

/** The user data of one language's walk. */
const DATA = {
  'zh-CN': {
    date: '2023-03-17',
    plan: '2023年度理论学习计划（语言检查）',
    planTheme: '学习贯彻保密工作重要指示精神',
    theme: '学习贯彻保密工作重要指示精神，筑牢安全防线',
    place: '市委第一会议室',
    minutes: '会议围绕保密工作进行了集体学习，与会同志结合分管工作作了交流发言。',
    reviewer: '李审核',
  },
  en: {
    date: '2023-03-24',
    plan: '2023 study plan (language check)',
    planTheme: 'Study the instructions on secrecy work',
    theme: 'Study the instructions on secrecy work and hold the line on security',
    place: 'First meeting room of the Municipal Party Committee',
    minutes: 'The group studied secrecy work together; each member spoke on the work they lead.',
    reviewer: 'Reviewer Li',
  },
} as const;

describe.each(['zh-CN', 'en'] as const)('a walk in %s meets only its own language', (lang) => {
  const d = DATA[lang];
  const zh = lang === 'zh-CN';
  // Both walks' data: the other walk's records show in this one's lists, as typed.
  const walk: Walk = { userData: Object.values(DATA).flatMap((x) => [x.plan, x.planTheme, x.theme, x.place, x.minutes, x.reviewer]), found: {} };
  let page: Page;
  let sessionId = '';

  it('refuses a wrong password in the page’s language, then signs in to a home page in it', async () => {
    ({ page } = await h.newPage(zh ? 'zh-CN' : 'en-US'));
    await page.goto('/login');
    await page.getByLabel(/Username|用户名/).fill('admin');
    await page.getByLabel(/^(Password|密码)$/).fill('not the password');
    await page.getByRole('button', { name: /Sign in|登\s*录/ }).click();
    const alert = page.getByRole('alert');
    await alert.first().waitFor();
    note(walk, 'login refusal', await alert.first().innerText(), lang);
    await checkPage(page, walk, lang, '/login');
    await h.signIn(page, 'admin', h.adminPassword);
    await h.visit(page, '/', `lang-${lang}-home`);
    // What waits: the seed session is held, its minutes not yet approved; the next planned sessions follow.
    await page.getByTestId('waiting-minutes').getByRole('link', { name: zh ? /市委理论学习中心组/ : /Theoretical Learning Center Group/ }).first().waitFor();
    await page.getByTestId('next-sessions').waitFor();
    await page.getByTestId('waiting-reviews').waitFor();
    await checkPage(page, walk, lang, '/ (home)');
    await page.screenshot({ path: join(SCREENSHOTS, `home-${lang}.png`), fullPage: true });
  });

  it('shows a plan with its theme', async () => {
    const plan = await h.call<{ id: string }>(admin, 'POST', '/api/study/plans', { groupId, year: 2023, title: d.plan });
    expect(plan.status).toBe(201);
    await h.call(admin, 'POST', `/api/study/plans/${plan.body.id}/themes`, { title: d.planTheme, plannedMonth: 3, requiredSessions: 1 });
    await h.visit(page, '/study/plans', `lang-${lang}-plans`);
    await page.getByText(d.plan).first().waitFor();
    await checkPage(page, walk, lang, '/study/plans');
    await h.visit(page, `/study/plans/${plan.body.id}`, `lang-${lang}-plan`);
    await page.getByText(d.planTheme).first().waitFor();
    await checkPage(page, walk, lang, '/study/plans/:id');
  });

  it('takes a planned session through held (refusing a day to come), minutes and approval', async () => {
    const created = await h.call<{ id: string }>(admin, 'POST', '/api/study/sessions', { groupId, date: d.date, halfDay: 'afternoon', status: 'planned', level: 'public', place: d.place, themes: [{ text: d.theme }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    sessionId = created.body.id;
    await h.visit(page, '/study/sessions', `lang-${lang}-sessions`);
    await checkPage(page, walk, lang, '/study/sessions');
    await h.visit(page, `/study/sessions/${sessionId}`, `lang-${lang}-session-planned`);
    await checkPage(page, walk, lang, '/study/sessions/:id (planned)');
    const lifecycle = page.getByTestId('lifecycle');
    const date = lifecycle.locator('input').first();
    await date.click();
    await date.fill('2999-01-01');
    await date.press('Enter');
    await lifecycle.getByRole('alert').waitFor();
    note(walk, 'held refusal', await lifecycle.getByRole('alert').innerText(), lang);
    await date.click();
    await date.fill(d.date);
    await date.press('Enter');
    await expect.poll(() => lifecycle.getByTestId('next-step').textContent()).toMatch(zh ? /撰写会议纪要/ : /minutes/i);
    await checkPage(page, walk, lang, '/study/sessions/:id (held)');
    await lifecycle.getByTestId('go-write-minutes').click();
    await page.getByTestId('minutes-text').fill(d.minutes);
    await page.getByTestId('save-minutes').click();
    await lifecycle.getByTestId('approve-minutes').waitFor();
    await confirmPopup(page, lifecycle.getByTestId('approve-minutes'), zh ? '是' : 'Yes');
    await expect.poll(async () => (await h.call<{ status: string }>(admin, 'GET', `/api/study/sessions/${sessionId}`)).body.status).toBe('minutes_approved');
    await h.visit(page, `/study/sessions/${sessionId}`, `lang-${lang}-session-approved`);
    await checkPage(page, walk, lang, '/study/sessions/:id (approved)');
    await page.screenshot({ path: join(SCREENSHOTS, `session-${lang}.png`), fullPage: true });
  });

  it('downloads the minutes as Word and the session list and ledger as spreadsheets, in the page’s language', async () => {
    note(walk, 'minutes DOCX', await download(page, await page.getByTestId('minutes-docx').getAttribute('href'), 'docx'), lang);
    await h.visit(page, '/study/sessions', `lang-${lang}-sessions-after`);
    note(walk, 'sessions XLSX', await download(page, await page.locator('a[href*="/api/study/sessions/export"]').first().getAttribute('href'), 'xlsx'), lang);
    await h.visit(page, `/study/ledger?groupId=${groupId}&year=2023`, `lang-${lang}-ledger`);
    await checkPage(page, walk, lang, '/study/ledger');
    note(walk, 'ledger XLSX', await download(page, await page.getByTestId('ledger-export').getAttribute('href'), 'xlsx'), lang);
  });

  it('writes the release, downloads it as Word, and sends it to the pre-publication review', async () => {
    await h.visit(page, `/study/sessions/${sessionId}/release`, `lang-${lang}-release`);
    await page.getByTestId('release-text').waitFor();
    await checkPage(page, walk, lang, '/study/sessions/:id/release');
    note(walk, 'release DOCX', await download(page, await page.getByTestId('release-docx').getAttribute('href'), 'docx'), lang);
    await page.getByTestId('release-to-review').click();
    await page.waitForURL(/\/secrecy\/review\?session=/);
    await page.getByTestId('review-from-session').waitFor();
    await expect.poll(() => page.getByTestId('draft-input').inputValue()).toContain(d.theme.slice(0, 8));
    await checkPage(page, walk, lang, '/secrecy/review (from the release)');
    await page.getByTestId('scan-draft').click();
    await page.locator('[data-testid="scan-clean"], [data-testid="finding"], .ant-list-item').first().waitFor();
    await h.shot(page, `lang-${lang}-review-scanned`);
    await checkPage(page, walk, lang, '/secrecy/review (scanned)');
    saved.push(await page.getByTestId('review-title').inputValue());
    await page.getByTestId('register-review').click();
    await page.waitForURL(/\/secrecy\/reviews\/[0-9a-f-]+$/);
    await page.getByTestId('review-title-heading').waitFor();
    // Deciding without a basis is refused beside the field.
    await page.getByTestId('decide').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await h.shot(page, `lang-${lang}-review-refused`);
    await checkPage(page, walk, lang, '/secrecy/reviews/:id (refused)');
    // Registering the same draft again is refused by the server, in the page's language.
    await page.goBack();
    await page.getByTestId('draft-input').waitFor();
    await expect.poll(() => page.getByTestId('draft-input').inputValue()).not.toBe('');
    await page.getByTestId('register-review').click();
    await page.getByRole('alert').first().waitFor();
    await h.shot(page, `lang-${lang}-review-again`);
    await checkPage(page, walk, lang, '/secrecy/review (registered again)');
  });

  it('found no words of the other language', () => {
    expect(walk.found).toEqual({});
  });
});
