import { afterEach, describe, expect, it } from 'vitest';
import { snippet, tokenize } from '../../src/study/search.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

describe('tokenizer', () => {
  it('segments Chinese into words and bigrams and stems English', () => {
    const terms = tokenize('学习贯彻保密工作责任制 civilized Civilization');
    for (const t of ['保密', '工作', '学习', '密工', 'civil']) expect(terms.has(t)).toBe(true);
    expect(terms.get('civil')).toBe(2);
    expect(terms.has('the')).toBe(false);
  });

  it('marks matches and escapes HTML', () => {
    expect(snippet('<b>Socialist</b> civilization & culture', 'civilized')).toBe('&lt;b&gt;Socialist&lt;/b&gt; <mark>civilization</mark> &amp; culture');
    expect(snippet('加强社会主义精神文明建设', '文明')).toBe('加强社会主义精神<mark>文明</mark>建设');
    expect(snippet('nothing here', '保密')).toBeNull();
  });
});

describe.each(DIALECTS)('study search on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('finds 保密 and 文明 and English stems, ranked, with snippets, and follows every write', async () => {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const created = await clerk.post('/api/study/sessions', {
      groupId: org.group.id,
      date: '2024-05-01',
      halfDay: 'morning',
      themes: [{ text: '深入学习贯彻保密工作责任制' }, { text: '加强社会主义精神文明建设' }],
    });
    const session = created.json();
    await clerk.post(`/api/study/sessions/${session.id}/conclusions`, {
      kind: 'requirement',
      text: 'It is necessary to complete the creation of a national civilized model city with high standards.',
    });
    await clerk.post(`/api/study/sessions/${session.id}/speeches`, { title: 'On confidentiality', text: '保密工作要常抓不懈，保密责任要落实。', kind: 'key_speech' });
    await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: 'The meeting discussed the construction of socialist spiritual civilization.' });

    const search = async (q: string) => {
      const response = await clerk.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: { type: string; id: string; snippet: string; score: number; field: string }[] };
    };

    const secrecy = await search('保密');
    expect(secrecy.items.map((h) => h.type).sort()).toEqual(['speech', 'theme']);
    // The speech says 保密 twice in its text, but a theme weighs more.
    expect(secrecy.items[0]!.type).toBe('theme');
    expect(secrecy.items[0]!.snippet).toBe('深入学习贯彻<mark>保密</mark>工作责任制');
    expect(secrecy.items.find((h) => h.type === 'speech')!.snippet).toContain('<mark>保密</mark>工作要常抓不懈，<mark>保密</mark>');

    const civilization = await search('文明');
    expect(civilization.items.map((h) => h.type)).toEqual(['theme']);
    expect(civilization.items[0]!.snippet).toContain('<mark>文明</mark>');

    const civilized = await search('civilized');
    expect(civilized.items.map((h) => h.type).sort()).toEqual(['conclusion', 'minutes']);
    expect(civilized.items.find((h) => h.type === 'minutes')!.snippet).toContain('<mark>civilization</mark>');
    expect((await search('confidential')).items.map((h) => h.type)).toEqual(['speech']);

    // Both words of a two-word query rank the record that has both first.
    const both = await search('spiritual civilization');
    expect(both.items[0]!.type).toBe('minutes');

    // The session list's text filter uses the same index.
    expect((await clerk.get(`/api/study/sessions?q=${encodeURIComponent('保密')}`)).json().total).toBe(1);
    expect((await clerk.get('/api/study/sessions?q=nothingmatches')).json().total).toBe(0);

    // The index follows changes and deletions in the same transaction.
    const themeId = session.themes[1].id;
    await clerk.patch(`/api/study/themes/${themeId}`, { text: '推进文化事业发展' });
    expect((await search('文明')).items).toEqual([]);
    expect((await search('文化')).items.map((h) => h.id)).toEqual([themeId]);
    await clerk.delete(`/api/study/sessions/${session.id}`);
    expect((await search('保密')).items).toEqual([]);
    const left = await server.ctx.database.db.selectFrom('search_terms').select('term').execute();
    expect(left).toEqual([]);

    expect((await clerk.get('/api/search?q=')).statusCode).toBe(400);
  });
});
