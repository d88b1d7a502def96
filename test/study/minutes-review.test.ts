import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

const MINUTES =
  '会议纪要：与会同志一致认为，明年第一季度要集中力量推进老旧小区改造试点工作，首批涉及城东片区十二个小区，资金缺口由市财政统筹解决。' +
  'The meeting agreed that the pilot renovation of old residential compounds will start with twelve compounds in the eastern district next spring.';

interface Finding {
  kind: string;
  excerpt: string;
  reason: string;
  source?: { type: string; id: string; level: string };
}

describe.each(DIALECTS)('a draft that copies internal minutes, on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('is flagged with its source for a reader of the minutes, and without it for anyone else', async () => {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const session = (
      await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2024-05-06', halfDay: 'morning', organizingBody: 'District Committee', themes: [{ text: '城市更新' }], level: 'public' })
    ).json();
    const saved = await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: MINUTES, level: 'internal' });
    expect(saved.statusCode, saved.body).toBe(200);

    const draft =
      '本报讯 近日，区委理论学习中心组开展集中学习。明年第一季度要集中力量推进老旧小区改造试点工作，首批涉及城东片区十二个小区，资金缺口由市财政统筹解决。';
    const review = await clerk.post('/api/secrecy/review', { text: draft });
    expect(review.statusCode, review.body).toBe(200);
    const copied = (review.json().findings as Finding[]).filter((f) => f.kind === 'copied_text');
    expect(copied).toHaveLength(1);
    expect(draft.slice(0, 40)).not.toContain(copied[0]!.excerpt);
    expect(copied[0]!.source).toEqual({ type: 'study_session', id: session.id, level: 'internal' });

    // Someone who may review drafts but not read internal records is warned without being told where from.
    const officer = await server.signIn({ username: 'press', roles: ['propaganda_officer'], clearance: 'public' });
    const blind = (await officer.post('/api/secrecy/review', { text: `${draft} ` })).json().findings as Finding[];
    const hidden = blind.filter((f) => f.kind === 'copied_text');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]!.source).toBeUndefined();
    expect(hidden[0]!.reason).toMatch(/^Refer up: matches a record you may not read/);

    // Minutes made public may be quoted: the fingerprints go.
    await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: MINUTES, level: 'public' });
    const after = (await clerk.post('/api/secrecy/review', { text: `${draft}  ` })).json().findings as Finding[];
    expect(after.filter((f) => f.kind === 'copied_text')).toEqual([]);
  });
});
