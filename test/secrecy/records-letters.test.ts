import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { TEST_PASSWORD, testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('responsibility letters on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function linkPerson(client: Client, name: string): Promise<string> {
    const clerk = await server.signIn({ username: `c-${client.userId.slice(0, 8)}`, roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name })).json();
    await server.ctx.database.db.updateTable('users').set({ person_id: person.id }).where('id', '=', client.userId).execute();
    return person.id;
  }

  it('issues a letter per leader and unit head, signs with re-authentication, and shows who has signed', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const withTotp = await server.signIn({ username: 'leader-a', roles: ['leader'] });
    const plain = await server.signIn({ username: 'leader-b', roles: ['leader'] });
    await linkPerson(withTotp, 'An Leader');
    await linkPerson(plain, 'Bo Leader');
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const head = (await clerk.post('/api/people', { name: 'Cai Head' })).json().id;
    const unit = (await clerk.post('/api/units', { name: '市委宣传部', kind: 'department' })).json().id;
    const { secret } = (await withTotp.post('/api/auth/totp/setup')).json();
    // Codes are used up: enrol with the previous step's code (within the drift allowed), sign with the current one.
    await withTotp.post('/api/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) });

    expect((await officer.post('/api/secrecy/letters/issue', { year: 2026 })).json().error.code).toBe('no_template');
    const v1 = await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text: '第一稿' });
    expect(v1.json()).toMatchObject({ version: 1 });
    const text = '一、严格遵守保密法律法规。二、履行本单位保密工作第一责任人职责。';
    const v2 = (await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text })).json();
    expect(v2).toMatchObject({ version: 2, hash: createHash('sha256').update(text).digest('hex') });

    const issued = await officer.post('/api/secrecy/letters/issue', { year: 2026, unitHeads: [{ personId: head, unitId: unit }] });
    expect(issued.json()).toMatchObject({ year: 2026, templateVersion: 2, issued: 3, reissued: 0, alreadySigned: 0 });
    let board = (await officer.get('/api/secrecy/letters/board?year=2026')).json();
    expect(board).toMatchObject({ issued: 3, signed: 0, unsigned: 3 });

    const mine = (await plain.get('/api/secrecy/letters/mine')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].template).toMatchObject({ version: 2, text });
    const wrong = await plain.post(`/api/secrecy/letters/${mine[0].id}/sign`, { password: 'not my password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('reauthentication_failed');
    const notMine = await withTotp.post(`/api/secrecy/letters/${mine[0].id}/sign`, { password: TEST_PASSWORD });
    expect(notMine.statusCode).toBe(403);
    const signed = await plain.post(`/api/secrecy/letters/${mine[0].id}/sign`, { password: TEST_PASSWORD });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signedHash: v2.hash });
    expect((await plain.post(`/api/secrecy/letters/${mine[0].id}/sign`, { password: TEST_PASSWORD })).statusCode).toBe(409);

    const theirs = (await withTotp.get('/api/secrecy/letters/mine')).json().items[0];
    const noCode = await withTotp.post(`/api/secrecy/letters/${theirs.id}/sign`, { password: TEST_PASSWORD });
    expect(noCode.json().error.code).toBe('totp_required');
    const badCode = await withTotp.post(`/api/secrecy/letters/${theirs.id}/sign`, { password: TEST_PASSWORD, totp: '12345x' });
    expect(badCode.json().error.code).toBe('invalid_totp');
    const ok = await withTotp.post(`/api/secrecy/letters/${theirs.id}/sign`, { password: TEST_PASSWORD, totp: await generate({ secret }) });
    expect(ok.statusCode).toBe(200);

    board = (await withTotp.get('/api/secrecy/letters/board?year=2026')).json();
    expect(board).toMatchObject({ issued: 3, signed: 2, unsigned: 1 });
    expect(board.items[0]).toMatchObject({ personName: 'Cai Head', role: 'unit_head', unitName: '市委宣传部', status: 'issued', signedAt: null });
    expect(board.items.slice(1).every((r: { signedHash: string }) => r.signedHash === v2.hash)).toBe(true);

    // Issuing again leaves signed letters alone and moves the unsigned one to the newest version.
    await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '2026年度保密工作责任书', text: `${text}三、` });
    const again = (await officer.post('/api/secrecy/letters/issue', { year: 2026, unitHeads: [{ personId: head, unitId: unit }] })).json();
    expect(again).toMatchObject({ templateVersion: 3, issued: 0, reissued: 1, alreadySigned: 2 });

    const xlsx = await officer.get('/api/secrecy/letters/board/export?year=2026');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(4);

    const events = await server.ctx.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'letter%').execute();
    expect(events.filter((e) => e.action === 'letter.sign')).toHaveLength(2);
    expect(events.filter((e) => e.action === 'letter.sign_refused')).toHaveLength(2);
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    expect((await viewer.get('/api/secrecy/letters/board?year=2026')).statusCode).toBe(403);
  });
});
