import { afterEach, describe, expect, it } from 'vitest';
import { findStateSecretMark } from '../../src/security/ceiling.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';

describe('finding a state-secret mark in a request body', () => {
  it('finds marks at any depth, with spaces, and not the ordinary words', () => {
    expect(findStateSecretMark({ a: [{ b: '见附件（机密★20年）' }] })).toBe('机密★');
    expect(findStateSecretMark('绝 密 ★长期')).toBe('绝 密 ★');
    expect(findStateSecretMark({ text: '严格落实保密工作责任制，严防国家秘密泄露', n: 3 })).toBeNull();
    expect(findStateSecretMark('★ Five-star hotel')).toBeNull();
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
    expect(note.json().error).toMatchObject({ code: 'above_ceiling', details: { mark: '秘密★' } });
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

  it('takes marked text on a system accredited for it', async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    expect((await clerk.post('/api/people', { name: 'Zhou', note: '附：关于城区规划的意见（秘密★10年）' })).statusCode).toBe(201);
  });
});
