import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendTable } from '../../src/http/export.ts';
import { buildServer } from '../../src/http/server.ts';
import { redactFeedSecret } from '../../src/study/calendar.ts';
import { DIALECTS, freshContext } from '../helpers/db.ts';
import { login, testServer, type TestServer } from '../helpers/http.ts';
import { createUser } from '../../src/org/accounts.ts';
import { systemActor } from '../../src/security/actor.ts';
import { studyOrg } from '../study/fixture.ts';

/** Regression tests for the small holes of issue 8 item 11 that are not another module's. */

async function workbookCells(body: Buffer): Promise<ExcelJS.CellValue[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: ExcelJS.CellValue[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe('exports neutralize spreadsheet formulas', () => {
  it('prefixes text that a spreadsheet would run, in CSV and XLSX, and keeps numbers numbers', async () => {
    const app = Fastify();
    const rows = [{ text: '=HYPERLINK("http://evil.example","x")', n: -5 }, { text: '+1+1', n: 3 }, { text: '-2+3', n: 0 }, { text: '@SUM(A1)', n: -0.5 }, { text: '\t=1', n: 1 }, { text: '\r=1', n: 1 }, { text: 'plain = text', n: 1 }];
    const columns = [
      { header: 'text', value: (r: (typeof rows)[number]) => r.text },
      { header: 'n', value: (r: (typeof rows)[number]) => r.n },
    ];
    app.get('/t', async (request, reply) => sendTable(reply, 'test', (request.query as { format: 'csv' | 'xlsx' }).format, columns, rows));
    const csv = (await app.inject('/t?format=csv')).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")",-5`);
    expect(csv).toContain(`'+1+1,3`);
    expect(csv).toContain(`'-2+3,0`);
    expect(csv).toContain(`'@SUM(A1),-0.5`);
    expect(csv).toContain(`plain = text,1`);
    expect(csv).toContain(`'\t=1,1`);
    expect(csv).toContain(`"'\r=1",1`);
    const cells = await workbookCells((await app.inject('/t?format=xlsx')).rawPayload);
    // XML reads a carriage return back as a line feed; what matters is the leading apostrophe.
    expect(cells.slice(1).map((r) => String(r[0]).replace(/\n/g, '\r'))).toEqual([`'=HYPERLINK("http://evil.example","x")`, "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", 'plain = text']);
    expect(cells.slice(1).map((r) => r[1])).toEqual([-5, 3, 0, -0.5, 1, 1, 1]);
    await app.close();
  });
});

describe('the feed secret stays out of request logs', () => {
  it('redacts the address however it is written', () => {
    expect(redactFeedSecret('/api/study/calendar/rcal_abcDEF-_123.ics')).toBe('/api/study/calendar/[redacted]');
    expect(redactFeedSecret('/api/study/calendar/rcal_abc')).toBe('/api/study/calendar/[redacted]');
    expect(redactFeedSecret('/api/study/c%61lendar/%72cal_abc.ics')).toBe('/api/study/calendar/[redacted]');
    expect(redactFeedSecret('/API/study/calendar/rcal_abc.ics?x=1')).toBe('/API/study/calendar/rcal_[redacted]?x=1');
    expect(redactFeedSecret('/api/units?q=rcal_abc')).toBe('/api/units?q=rcal_[redacted]');
    expect(redactFeedSecret('/api/study/calendar/feeds')).toBe('/api/study/calendar/feeds');
    expect(redactFeedSecret('/api/study/calendar/feeds/123')).toBe('/api/study/calendar/feeds/123');
    expect(redactFeedSecret('/api/units?q=%E4%B8%AD')).toBe('/api/units?q=%E4%B8%AD');
  });
});

describe.each(DIALECTS)('small holes on %s', (dialect) => {
  let server: TestServer | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
    for (const c of cleanups.splice(0)) await c();
  });

  it('exports a unit whose name is a formula as text', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    for (const name of ['=1+2', '@cmd', '+cmd', '-cmd']) expect((await clerk.post('/api/units', { name, kind: 'other', level: 'public' })).statusCode).toBe(201);
    const csv = (await clerk.get('/api/units/export?format=csv')).body;
    for (const name of ['=1+2', '@cmd', '+cmd', '-cmd']) expect(csv).toContain(`'${name}`);
    expect(csv).not.toMatch(/^[=+\-@]/m);
    const cells = (await workbookCells((await clerk.get('/api/units/export?format=xlsx')).rawPayload)).flat();
    expect(cells).toEqual(expect.arrayContaining(["'=1+2", "'@cmd", "'+cmd", "'-cmd"]));
    expect(cells).not.toContain('=1+2');
  });

  it('answers a sort key that is not a column, Object.prototype members included, with 400 naming the keys', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope']) {
      for (const url of [`/api/units?sort=${key}`, `/api/people?sort=${key}`, `/api/secrecy/keyword-lists?sort=${key}`]) {
        const response = await officer.get(url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe('invalid_sort');
        expect(response.json().error.message).toMatch(/Sort by one of: .*name/);
      }
    }
    expect((await officer.get('/api/units?sort=name')).statusCode).toBe(200);
  });

  it('refuses an empty change to a keyword list with 400 and changes nothing', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const list = (await officer.post('/api/secrecy/keyword-lists', { name: 'Watch list', terms: ['alpha'] })).json();
    const stored = () => server!.ctx.database.db.selectFrom('secrecy_keyword_lists').selectAll().where('id', '=', list.id).executeTakeFirstOrThrow();
    const before = await stored();
    const empty = await officer.patch(`/api/secrecy/keyword-lists/${list.id}`, {});
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json().error.message).toMatch(/Nothing to change/);
    expect(await stored()).toEqual(before);
    const updates = await server.ctx.database.db.selectFrom('audit_events').select('action').where('action', '=', 'keyword_list.update').execute();
    expect(updates).toEqual([]);
    expect((await officer.patch(`/api/secrecy/keyword-lists/${list.id}`, { active: false })).json().active).toBe(false);
  });

  it('keeps the calendar feed secret out of the request log lines (debug: request lines are not logged at info)', async () => {
    const lines: string[] = [];
    const { ctx, dispose } = await freshContext(dialect, { REMIT_LOG_LEVEL: 'debug' });
    const app = await buildServer(ctx, { webDir: '/nonexistent', logStream: { write: (line) => void lines.push(line) } });
    cleanups.push(async () => {
      await app.close();
      await dispose();
    });
    await app.ready();
    const org = await studyOrg(ctx);
    await createUser(ctx, systemActor('test'), { username: 'owner', displayName: 'owner', password: 'correct horse battery', roles: ['viewer'], clearance: 'internal', personId: null });
    const owner = await login(app, 'owner', 'correct horse battery');
    const feed = (await owner.post('/api/study/calendar/feeds', { scope: 'group', targetId: org.group.id })).json() as { path: string; token: string };
    const secret = feed.token.slice('rcal_'.length);
    expect((await app.inject(feed.path)).statusCode).toBe(200);
    expect((await app.inject(`${feed.path.replace('.ics', '')}`)).statusCode).toBe(404);
    expect((await app.inject(`/api/study/calendar/${encodeURIComponent(feed.token).replace('r', '%72')}.ics`)).statusCode).toBe(200);
    const requestLines = lines.filter((l) => l.includes('/api/study/calendar/'));
    expect(requestLines.length).toBeGreaterThanOrEqual(3);
    expect(requestLines.some((l) => l.includes('/api/study/calendar/[redacted]'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(secret);
  });

  it('writes no line per answered request at the default level (info), and both request lines at debug', async () => {
    const linesAt = async (level: string) => {
      const lines: string[] = [];
      const { ctx, dispose } = await freshContext(dialect, { REMIT_LOG_LEVEL: level });
      const app = await buildServer(ctx, { webDir: '/nonexistent', logStream: { write: (line) => void lines.push(line) } });
      cleanups.push(async () => {
        await app.close();
        await dispose();
      });
      await app.ready();
      lines.length = 0;
      expect((await app.inject('/api/health')).statusCode).toBe(200);
      expect((await app.inject('/api/people')).statusCode).toBe(401);
      return lines.map((l) => JSON.parse(l) as { msg: string });
    };
    expect(await linesAt('info')).toEqual([]);
    const debug = (await linesAt('debug')).map((l) => l.msg);
    expect(debug.filter((m) => m === '收到请求 / incoming request')).toHaveLength(2);
    expect(debug.filter((m) => m === '请求完成 / request completed')).toHaveLength(2);
  });

  it('refuses material links other than http and https, naming the field', async () => {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const session = (await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2025-01-20', halfDay: 'afternoon', hostPersonId: org.people[0].id, status: 'held', level: 'public' })).json();
    for (const link of ['javascript:alert(document.cookie)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd']) {
      const refused = await clerk.post(`/api/study/sessions/${session.id}/materials`, { title: 'Reading', link });
      expect(refused.statusCode, `${link}: ${refused.body}`).toBe(400);
      expect(refused.json().error.message).toMatch(/link/);
      expect(refused.json().error.message).toMatch(/http/);
    }
    const made = await clerk.post(`/api/study/sessions/${session.id}/materials`, { title: 'Reading', link: 'https://www.example.org/reading' });
    expect(made.statusCode, made.body).toBe(201);
    const materialId = made.json().materials[0].id as string;
    const changed = await clerk.patch(`/api/study/materials/${materialId}`, { link: 'javascript:alert(1)' });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().error.message).toMatch(/link/);
    const fixed = await clerk.patch(`/api/study/materials/${materialId}`, { link: 'http://www.example.org/other' });
    expect(fixed.statusCode, fixed.body).toBe(200);
  });

  describe('security headers', () => {
    const expectHeaders = (headers: Record<string, unknown>, where: string, hsts: boolean) => {
      const csp = String(headers['content-security-policy'] ?? '');
      expect(csp, where).toMatch(/frame-ancestors 'none'/);
      expect(csp, where).toMatch(/script-src 'self'(;|$)/);
      expect(csp, where).not.toMatch(/script-src[^;]*unsafe/);
      expect(headers['x-content-type-options'], where).toBe('nosniff');
      expect(headers['referrer-policy'], where).toBe('no-referrer');
      if (hsts) expect(headers['strict-transport-security'], where).toMatch(/max-age=\d{7,}/);
      else expect(headers['strict-transport-security'], where).toBeUndefined();
    };

    it('sends them on API answers, errors, the API docs and the web app, with HSTS only behind secure cookies', async () => {
      const web = mkdtempSync(join(tmpdir(), 'remit-web-'));
      mkdirSync(join(web, 'assets'));
      writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
      writeFileSync(join(web, 'assets', 'app.js'), 'export {};');
      cleanups.push(() => rmSync(web, { recursive: true, force: true }));
      for (const secure of [false, true]) {
        const { ctx, dispose } = await freshContext(dialect, secure ? { REMIT_SECURE_COOKIES: 'true' } : {});
        const app = await buildServer(ctx, { webDir: web });
        cleanups.push(async () => {
          await app.close();
          await dispose();
        });
        for (const url of ['/api/health', '/api/units', '/api/nowhere', '/api/docs', '/api/docs/json', '/', '/assets/app.js', '/org/units']) {
          const response = await app.inject(url);
          expect(response.statusCode, url).toBeLessThan(500);
          expectHeaders(response.headers, url, secure);
        }
        const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: '{not json', headers: { 'content-type': 'application/json' } });
        expectHeaders(bad.headers, 'a 400', secure);
      }
    });
  });
});
