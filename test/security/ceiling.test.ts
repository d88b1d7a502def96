import { afterEach, describe, expect, it } from 'vitest';
import { findStateSecretMark } from '../../src/security/ceiling.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

describe('finding a state-secret mark in a request body', () => {
  it('finds marks at any depth, with spaces, and not the ordinary words', () => {
    expect(findStateSecretMark({ a: [{ b: '见附件（机密★20年）' }] })).toEqual({ mark: '机密★20年', field: 'a.0.b' });
    expect(findStateSecretMark('绝 密 ★长期')?.mark).toBe('绝 密 ★长期');
    expect(findStateSecretMark({ text: '严格落实保密工作责任制，严防国家秘密泄露', n: 3 })).toBeNull();
    expect(findStateSecretMark('★ Five-star hotel')).toBeNull();
  });

  it.each([
    ['traditional characters', '附件：機密★'],
    ['a zero-width space', '附件：机\u200b密★'],
    ['a word joiner and a zero-width joiner', '附件：秘\u2060密\u200d★'],
    ['full-width spaces', '附件：机\u3000密\u3000★'],
    ['spaces', '附件：机 密 ★ 十 年'],
    ['an asterisk for ★', '附件（秘密*5年）'],
    ['a full-width asterisk for ★', '附件（绝密＊长期）'],
    ['a hollow star', '附件（机密☆）'],
  ])('finds a mark written with %s', (_how, text) => {
    expect(findStateSecretMark({ note: text })?.field).toBe('note');
  });
});

describe.each(DIALECTS)('the ceiling on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('refuses marked text everywhere it would be stored on an internal system, and takes it where marks are data', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const note = await clerk.post('/api/people', { name: 'Zhou', note: '附：关于城区规划的意见（秘密★10年）' });
    expect(note.statusCode).toBe(422);
    expect(note.json().error).toMatchObject({ code: 'above_ceiling', details: { mark: '秘密★10年', field: 'body.note' } });
    expect(note.json().error.message).toMatch(/涉密不上网/);
    const csv = await clerk.post('/api/import/units', { csv: 'name,kind\n机密★ 规划办,other\n' });
    expect(csv.statusCode).toBe(422);
    const release = await clerk.post('/api/study/releases/import', { text: 'On the morning of May 5th, 绝密★长期 the group held a study.' });
    expect(release.statusCode).toBe(422);
    expect(await server.ctx.database.db.selectFrom('people').select('id').execute()).toEqual([]);
    // The review exists to catch marks in drafts: it takes them and flags them.
    const review = await clerk.post('/api/secrecy/review', { text: '本文件为机密★20年，请勿外传。' });
    expect(review.statusCode).toBe(200);
    expect(review.json().findings.map((f: { kind: string }) => f.kind)).toContain('mark');
  });

  it('refuses marks written to slip past it: traditional, zero-width, full-width spaces, a star typed as *', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    for (const note of ['意见（機密★）', '意见（机\u200b密★）', '意见（机\u3000密\u3000★）', '意见（秘密*十年）', '意见（絕密☆长期）']) {
      const response = await clerk.post('/api/people', { name: 'Zhou', note });
      expect(response.statusCode, note).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'above_ceiling', details: { field: 'body.note' } });
    }
    expect(await server.ctx.database.db.selectFrom('people').select('id').execute()).toEqual([]);
  });

  it('checks the query string of a write (?reason=)', async () => {
    server = await testServer(dialect);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const person = (await clerk.post('/api/people', { name: 'Zhou' })).json();
    const response = await clerk.patch(`/api/people/${person.id}?reason=${encodeURIComponent('依据机密★文件调整')}`, { note: '调整' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'above_ceiling', details: { field: 'query.reason' } });
    expect(response.json().error.message).toMatch(/query\.reason/);
  });

  it('checks every field of a route where marks are data except the fields that hold them', async () => {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const carrier = { title: '关于重点工作安排的通知', mark: '秘密★6个月', issuedOn: '2026-03-31', location: '机要室 3号柜' };
    // The mark field holds a mark: taken.
    const created = await officer.post('/api/secrecy/carriers', carrier);
    expect(created.statusCode, created.body).toBe(201);
    // Free text beside it may not carry one.
    for (const [field, value] of [['location', '机要室（机密★）'], ['title', '通知（機密★）'], ['number', '秘 密 ★ 字1号']] as const) {
      const response = await officer.post('/api/secrecy/carriers', { ...carrier, [field]: value });
      expect(response.statusCode, field).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'above_ceiling', details: { field: `body.${field}` } });
    }
    const patched = await officer.patch(`/api/secrecy/carriers/${created.json().id}`, { location: '机要室（秘密★）' });
    expect(patched.statusCode).toBe(422);
    // The review takes a marked draft, but not a marked title or note.
    const writer = await server.signIn({ username: 'writer', roles: ['propaganda_officer'] });
    expect((await writer.post('/api/secrecy/reviews', { title: '稿件（机密★）', text: '正文' })).json().error).toMatchObject({ code: 'above_ceiling', details: { field: 'body.title' } });
    const review = await writer.post('/api/secrecy/reviews', { title: '稿件', text: '正文含机密★20年标志' });
    expect(review.statusCode, review.body).toBe(201);
    const finding = review.json().findings[0];
    const note = await writer.post(`/api/secrecy/reviews/${review.json().id}/findings/${finding.id}/resolve`, { note: '已删去“机密★20年”' });
    expect(note.statusCode).toBe(422);
    expect(note.json().error).toMatchObject({ code: 'above_ceiling', details: { field: 'body.note' } });
  });

  it('takes marked text on a system accredited for it', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    expect((await clerk.post('/api/people', { name: 'Zhou', note: '附：关于城区规划的意见（秘密★10年）' })).statusCode).toBe(201);
  });
});
