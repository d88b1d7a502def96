import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { openDocx } from '../helpers/docx.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

const ORG = '中共某某市委员会';

describe.each(DIALECTS)('Word documents of a session on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function setup() {
    server = await testServer(dialect, { REMIT_ORG_NAME: ORG });
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const session = (
      await clerk.post('/api/study/sessions', {
        groupId: org.group.id,
        date: '2024-03-05',
        halfDay: 'afternoon',
        hostPersonId: org.people[0].id,
        level: 'public',
        themes: [{ text: 'study the spirit of the instructions on secrecy work', textZh: '学习习近平总书记关于保密工作重要指示精神' }],
      })
    ).json();
    await clerk.post(`/api/study/sessions/${session.id}/conclusions`, { kind: 'requirement', text: '会议强调，要扎实做好各项保密工作。', textEn: 'The meeting emphasized that secrecy work must be done well.' });
    await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-05' });
    return { org, clerk, session };
  }

  it('writes the minutes with the organization as issuer, in Chinese, and the mark of the highest level they hold at the top left', async () => {
    const { clerk, session } = await setup();
    const plain = await clerk.get(`/api/study/sessions/${session.id}/minutes/docx?lang=zh`);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-type']).toMatch(/wordprocessingml/);
    expect(plain.headers['content-disposition']).toContain(encodeURIComponent('学习纪要-2024-03-05.docx'));
    const publicDoc = await openDocx(plain.rawPayload);
    // Public: no mark; the issuer comes first.
    expect(publicDoc.paragraphs[0]).toBe(ORG);
    expect(publicDoc.text).toContain('区委理论学习中心组集体学习纪要');
    expect(publicDoc.text).toContain('2024年3月5日下午');
    expect(publicDoc.text).toContain('学习习近平总书记关于保密工作重要指示精神');
    expect(publicDoc.text).toContain('会议强调，要扎实做好各项保密工作。');
    expect(publicDoc.text).not.toContain('secrecy work');

    await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: '会议讨论了内部工作安排。', level: 'internal' });
    const marked = await openDocx((await clerk.get(`/api/study/sessions/${session.id}/minutes/docx?lang=zh`)).rawPayload);
    expect(marked.paragraphs[0]).toBe('内部');
    expect(marked.paragraphs[1]).toBe(ORG);
    expect(marked.text).toContain('会议讨论了内部工作安排。');

    const viewer = await server!.signIn({ username: 'viewer', roles: ['viewer'], clearance: 'public' });
    const reader = await openDocx((await viewer.get(`/api/study/sessions/${session.id}/minutes/docx?lang=zh`)).rawPayload);
    // A public reader's copy holds only what they may read, and so no mark.
    expect(reader.paragraphs[0]).toBe(ORG);
    expect(reader.text).not.toContain('内部工作安排');
    expect((await viewer.get('/api/study/sessions/nope/minutes/docx')).statusCode).toBe(404);
  }, 120_000);

  it('writes the minutes in English for an English reader: its own words, dates and the English texts the record holds', async () => {
    const { clerk, session } = await setup();
    const en = await clerk.get(`/api/study/sessions/${session.id}/minutes/docx?lang=en`);
    expect(en.statusCode, en.body).toBe(200);
    expect(en.headers['content-disposition']).toContain('minutes-2024-03-05.docx');
    const doc = await openDocx(en.rawPayload);
    expect(doc.text).toContain('5 March 2024, Afternoon');
    expect(doc.text).toContain('The meeting emphasized that secrecy work must be done well.');
    expect(doc.text).toContain('study the spirit of the instructions on secrecy work');
    expect(doc.text).toContain('I. Themes');
    // Only the organization (the issuer, as configured) is left in Chinese: every word the document itself says is English.
    expect(doc.text.replaceAll(ORG, '')).not.toMatch(/[\u3400-\u9fff]/);
    // Without ?lang= the document follows Accept-Language.
    const byHeader = await server!.app.inject({ method: 'GET', url: `/api/study/sessions/${session.id}/minutes/docx`, headers: { cookie: clerk.cookie, 'accept-language': 'zh-CN' } });
    expect((await openDocx(byHeader.rawPayload)).text).toContain('集体学习纪要');
  }, 120_000);

  it('writes the news release in the language asked for, public content only, without a mark', async () => {
    const { clerk, session } = await setup();
    await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: '内部纪要', level: 'internal' });
    const zh = await openDocx((await clerk.get(`/api/study/sessions/${session.id}/release/docx?lang=zh`)).rawPayload);
    expect(zh.paragraphs[0]).toBe(ORG);
    expect(zh.text).toContain('区委理论学习中心组举行集体学习');
    expect(zh.text).toContain('3月5日下午');
    expect(zh.text).toContain('会议强调，要扎实做好各项保密工作。');
    expect(zh.text).not.toContain('内部纪要');
    const en = await openDocx((await clerk.get(`/api/study/sessions/${session.id}/release/docx?lang=en`)).rawPayload);
    expect(en.text).toContain('The District Learning Group held a collective study');
    expect(en.text).toContain('secrecy work must be done well');
    const internal = await clerk.patch(`/api/study/sessions/${session.id}`, { level: 'internal' });
    expect(internal.statusCode).toBe(200);
    const refused = await clerk.get(`/api/study/sessions/${session.id}/release/docx`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('not_public');
  }, 120_000);
});
