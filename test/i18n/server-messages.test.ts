import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey } from '../../src/i18n/messages.ts';
import { renderMessage } from '../../src/i18n/render.ts';
import { TERMS } from '../../src/i18n/terms.ts';
import { SCHEMA_MESSAGES_ZH } from '../../src/i18n/validation.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { TEST_PASSWORD, testServer, type TestServer } from '../helpers/http.ts';

/** Every .ts file under a directory. */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Words allowed in Chinese text: proper names, formats and the marks of the trade. */
const ALLOWED = new Set(['SMTP', 'XLSX', 'DOCX', 'TOTP', 'CSV', 'ID', 'URL', 'JSON', 'API', 'UTF', 'SQLite', 'PostgreSQL', 'Remit', 'MB', 'MiB', 'U', 'YYYY', 'MM', 'DD', 'UTC', 'M', 'D', 'N', 'HH', 'W', 'Q', 'base', 'application', 'pdf', 'image', 'png']);

/** The English words of a Chinese template once its parameters are taken out. */
function englishWords(template: string): string[] {
  return (template.replace(/\{\w+(?::\w+)?\}/g, ' ').match(/[A-Za-z]+/g) ?? []).filter((w) => !ALLOWED.has(w));
}

describe('the server message catalogue', () => {
  it('has both texts for every code, with the same parameters, and Chinese without English words', () => {
    const problems: string[] = [];
    for (const [key, { en, zh }] of Object.entries(MESSAGES)) {
      if (!en.trim() || !zh.trim()) problems.push(`${key}: a text is empty`);
      const places = (t: string) => [...t.matchAll(/\{(\w+)(?::\w+)?\}/g)].map((m) => m[1]).sort();
      const enPlaces = new Set(places(en));
      for (const p of places(zh)) if (!enPlaces.has(p) && key !== 'unsupported_media_type') problems.push(`${key}: zh names {${p}} which en does not`);
      const words = englishWords(zh);
      if (words.length) problems.push(`${key}: English in zh: ${words.join(' ')}`);
      if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`${key}: not a snake_case code`);
    }
    for (const [name, vocabulary] of Object.entries(TERMS)) {
      for (const [code, words] of Object.entries(vocabulary)) {
        const english = englishWords(words.zh);
        if (english.length) problems.push(`terms.${name}.${code}: English in zh: ${english.join(' ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has text for every code the server throws, and a word for every thing it does not find', () => {
    const keys = new Set(Object.keys(MESSAGES));
    const missing: string[] = [];
    const things = new Set(Object.keys(TERMS.thing));
    for (const file of sources('src')) {
      const text = readFileSync(file, 'utf8');
      // A thrown error names its message first: the helpers' first argument, AppError's second.
      for (const m of text.matchAll(/\b(?:badRequest|unauthorized|forbidden|conflict|unprocessable|tooMany)\(\s*'([a-z0-9_]+)'/g)) if (!keys.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      for (const m of text.matchAll(/new (?:AppError|MarkError)\(\s*[^,]+,\s*'([a-z0-9_]+)'/g)) if (!keys.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      for (const m of text.matchAll(/\? '([a-z0-9_]+)' : '([a-z0-9_]+)'/g)) {
        for (const code of [m[1]!, m[2]!]) if (/_/.test(code) && !keys.has(code) && !things.has(code) && /\b(?:badRequest|forbidden|conflict|unprocessable|AppError)\(/.test(text)) missing.push(`${file}: ${code}?`);
      }
      for (const m of text.matchAll(/\bnotFound\(\s*'([a-z0-9_]+)'/g)) if (!things.has(m[1]!)) missing.push(`${file}: thing ${m[1]}`);
    }
    expect(missing.filter((m) => !m.endsWith('?'))).toEqual([]);
  });

  it('has the Chinese of every message a schema gives in English', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources('src')) {
      const text = readFileSync(file, 'utf8');
      // zod's checks take their message as the last argument (.min(1, '…'), .regex(/…/, '…')) or as { message: '…' }.
      for (const m of text.matchAll(/\.(?:min|max|regex|length|email|refine)\([^()']*(?:\([^()]*\)[^()']*)*'([A-Z][^']*\.)'\)|message: '([A-Z][^']*\.)'/g)) {
        const message = m[1] ?? m[2]!;
        seen++;
        if (!(message in SCHEMA_MESSAGES_ZH)) missing.push(`${file}: ${message}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(40);
    for (const [english, zh] of Object.entries(SCHEMA_MESSAGES_ZH)) expect(englishWords(zh), english).toEqual([]);
  });

  it('says coded values and lists in words of the language', () => {
    expect(renderMessage('review_already_decided', { outcome: 'do_not_publish' }, 'zh')).toBe('该审查已作出结论（不予发布），其审查发现不能再修改。');
    expect(renderMessage('review_already_decided', { outcome: 'do_not_publish' }, 'en')).toContain('(do not publish)');
    expect(renderMessage('outside_year', { year: 2026, outside: ['2025-01-01', '2027-01-01'] }, 'zh')).toBe('以下日期不在 2026 年内：2025-01-01、2027-01-01。');
    expect(renderMessage('no_template', { year: 2026 }, 'zh')).toBe('2026 年度尚无保密责任书模板，请先创建。');
    expect(renderMessage('no_template', { year: 2026 }, 'en')).toBe('There is no responsibility letter template for 2026. Create one first.');
    const nested = { number: 2, name: '学习参与率', problem: { en: 'target: Too small', zh: 'target不能小于 0。' } };
    expect(renderMessage('indicator_params_invalid', nested, 'zh')).toBe('第 2 项指标（学习参与率）的参数设置有误：target不能小于 0。');
    expect(renderMessage('indicator_params_invalid', nested, 'en')).toBe('Indicator 2 (学习参与率) has a wrong setting: target: Too small');
    const key: MessageKey = 'not_a_mark';
    expect(renderMessage(key, { input: '秘密★0年', problem: 'mark_min_years' }, 'zh')).toContain('保密期限至少 1 年');
  });
});

describe('server messages in the language of the request', () => {
  let server: TestServer;
  let clerk: { cookie: string; csrf: string };
  beforeAll(async () => {
    server = await testServer('sqlite', {}, { language: null });
    const { user } = await createUser(server.ctx, systemActor('test'), { username: 'clerk', displayName: 'clerk', password: TEST_PASSWORD, roles: ['clerk'], clearance: 'internal', personId: null });
    await server.ctx.database.db.updateTable('users').set({ password_by_admin: 0 }).where('id', '=', user.id).execute();
    const login = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: TEST_PASSWORD } });
    clerk = { cookie: `remit_session=${login.cookies.find((c) => c.name === 'remit_session')!.value}`, csrf: (login.json() as { csrfToken: string }).csrfToken };
  });
  afterAll(async () => server.dispose());

  const send = (method: 'GET' | 'POST', url: string, language: string | undefined, payload?: object) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, ...(language === undefined ? {} : { 'accept-language': language }) },
      ...(payload ? { payload } : {}),
    });

  it('answers a validation error in Chinese by default and for zh-CN, naming the field as the form does', async () => {
    for (const language of [undefined, 'zh-CN,zh;q=0.9', 'fr-FR']) {
      const response = await send('POST', '/api/units', language, { name: '' });
      expect(response.statusCode).toBe(400);
      const { error } = response.json() as { error: { code: string; message: string; details: { issues: { path: string; message: string }[] } } };
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/^请求内容有误。/);
      expect(error.details.issues.find((i) => i.path === 'body.name')?.message).toBe('名称：请填写单位名称。');
      expect(englishWords(error.message)).toEqual([]);
    }
    const en = (await send('POST', '/api/units', 'en-US,en;q=0.9', { name: '' })).json() as { error: { message: string } };
    expect(en.error.message).toMatch(/^The request is not valid\. Name: A unit needs a name\./);
  });

  it('answers a failed sign-in, a missing record and a refusal in the language asked for', async () => {
    const signIn = (language?: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: 'wrong password' }, headers: language ? { 'accept-language': language } : {} });
    const zhSignIn = (await signIn()).json() as { error: { code: string; message: string } };
    expect(zhSignIn.error).toMatchObject({ code: 'invalid_credentials', message: '用户名或密码错误。' });
    expect(((await signIn('en')).json() as { error: { message: string } }).error.message).toBe('Wrong user name or password.');

    const missing = (await send('GET', '/api/units/nope', 'zh-CN')).json() as { error: { code: string; message: string; params: unknown } };
    expect(missing.error).toEqual({ code: 'not_found', message: 'ID 为 nope 的单位不存在，或不在您可查看的范围内。', params: { thing: 'unit', id: 'nope' } });
    expect(((await send('GET', '/api/units/nope', 'en')).json() as { error: { message: string } }).error.message).toBe('No unit with id nope exists, or it is outside what you may see.');

    const refused = (await send('GET', '/api/audit', undefined)).json() as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('roles_do_not_allow');
    expect(refused.error.message).toBe('您的角色（办公室文书）无权查看审计日志。'.replace('办公室文书', refused.error.message.match(/（(.+)）/)![1]!));
    expect(englishWords(refused.error.message)).toEqual([]);
  });

  it('words each problem of an import row in both languages', async () => {
    const response = await send('POST', '/api/import/people', 'zh-CN', { csv: 'name,email,level\n,,public\n王明,not-an-address,secret\n', dryRun: true });
    const report = response.json() as { errors: { row: number; column: string; code: string; message: string; messageZh: string }[] };
    expect(report.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual(['2:name:import_field_invalid', '3:level:import_unknown_level', '3:email:import_field_invalid']);
    expect(report.errors.map((e) => e.messageZh)).toEqual(['名称：请填写人员姓名。', '无法识别的密级“secret”，请填写以下代码之一：public、internal、mimi、jimi、juemi。', '电子邮件：不是有效的电子邮件地址。']);
    expect(report.errors[1]!.message).toBe('Unknown level "secret"; use one of public, internal, mimi, jimi, juemi.');
  });

  it('words the publish refusal without internal codes', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const key of ['star_mark', 'unresolved_findings', 'review_decided_by'] as const) {
        const text = renderMessage(key, { count: 2, named: ['“甲”'], outcome: 'do_not_publish', approver_name: '王明', decided_at: '2026-11-30' }, lang);
        expect(text).not.toMatch(/do_not_publish|refer_up/);
      }
    }
    expect(renderMessage('star_mark', {}, 'zh')).toContain('“不予发布”或“提交上级审查”');
  });
});
