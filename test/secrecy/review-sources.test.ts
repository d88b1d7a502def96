import { afterEach, describe, expect, it } from 'vitest';
import { backfillFingerprints } from '../../src/secrecy/review/backfill.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { studyOrg } from '../study/fixture.ts';

// Invented texts, one per kind of record, each long enough to be found when copied.
const TEXTS = {
  theme: '学习主题：关于推进城北老工业区有机更新的若干问题研究，重点讨论容积率调整思路',
  material: '内部参阅材料：城北老工业区现有十七家企业的搬迁意向摸底情况汇总，附补偿测算',
  observer: '列席人员：城北街道办事处负责同志，以及三家拟搬迁企业的法定代表人代表',
  guidance: '上级指导意见：搬迁补偿标准不得突破去年片区的上限，涉及职工安置须先行报备',
  speech: '发言摘要：第一批拟搬迁的四家企业中有两家已初步同意，其余两家仍在商谈补偿金额',
  conclusion: '会议指出：城北片区改造方案须在第三季度末前形成初稿，并同步开展社会稳定风险评估',
  leave: '请假事由：当天需陪同外地考察团赴城北片区调研企业搬迁安置点，无法按时参加学习',
  minutes: '会议纪要：与会同志认为城北片区搬迁工作总体可控，但补偿资金缺口约一点二亿元需另行筹措',
  carrier: '关于城北片区企业搬迁补偿资金筹措方案的请示及附件清单，存放于机要室五号保密柜',
  finding: '检查发现：机要室五号保密柜钥匙与密码由同一人保管，未按规定实行双人双锁管理',
  evidence: '整改情况：已将机要室五号保密柜的钥匙和密码分别交由两名工作人员保管并登记在册',
  letter: '保密工作责任书：本人承诺严格执行涉密载体管理规定，按季度开展涉密载体清查并留存记录',
} as const;

interface Finding {
  kind: string;
  code: string;
  source?: { type: string; id: string; level: string; parent?: { type: string; id: string } };
}

describe.each(DIALECTS)('texts the review fingerprints, on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  /** Scans as a reader cleared for internal; a new reader every few scans keeps clear of the per-person limit. */
  function scanner() {
    let reader: Client | null = null;
    let used = 0;
    let n = 0;
    return async (text: string): Promise<Finding[]> => {
      if (!reader || used === 8) {
        reader = await server.signIn({ username: `reader-${n++}`, roles: ['propaganda_officer'] });
        used = 0;
      }
      used++;
      const response = await reader.post('/api/secrecy/review', { text });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().findings as Finding[]).filter((f) => f.kind === 'copied_text');
    };
  }

  it('fingerprints every text above public of a study session with its record as source, and keeps them current', async () => {
    server = await testServer(dialect);
    const scan = scanner();
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const internal = { level: 'internal' };
    const created = await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2024-06-03', halfDay: 'afternoon', organizingBody: 'District Committee', themes: [{ text: TEXTS.theme, ...internal }], level: 'public' });
    expect(created.statusCode, created.body).toBe(201);
    const sessionId = created.json().id as string;
    const at = (path: string) => `/api/study/sessions/${sessionId}/${path}`;
    for (const [path, body] of [
      ['materials', { title: '参阅材料', body: TEXTS.material, ...internal }],
      ['observers', { name: '列席', title: TEXTS.observer, ...internal }],
      ['guidance', { body: '市委', text: TEXTS.guidance, ...internal }],
      ['speeches', { title: '发言', text: TEXTS.speech, kind: 'exchange', ...internal }],
      ['conclusions', { kind: 'finding', text: TEXTS.conclusion, ...internal }],
    ] as const) {
      const added = await clerk.post(at(path), body);
      expect(added.statusCode, added.body).toBe(201);
    }
    const leave = await clerk.put(at('attendance'), { entries: [{ personId: org.people[1].id, status: 'on_leave', reason: TEXTS.leave, approvedBy: '组长', ...internal }] });
    expect(leave.statusCode, leave.body).toBe(200);
    expect((await clerk.put(at('minutes'), { text: TEXTS.minutes, ...internal })).statusCode).toBe(200);

    const session = { type: 'study_session', id: sessionId };
    const expected: [keyof typeof TEXTS, string][] = [
      ['theme', 'session_theme'],
      ['material', 'study_material'],
      ['observer', 'session_observer'],
      ['guidance', 'session_guidance'],
      ['speech', 'speech'],
      ['conclusion', 'conclusion'],
      ['leave', 'session_attendance'],
    ];
    for (const [text, type] of expected) {
      const found = await scan(`据悉，${TEXTS[text]}。`);
      expect(found.map((f) => [f.source?.type, f.source?.parent]), text).toEqual([[type, session]]);
    }
    expect((await scan(TEXTS.minutes)).map((f) => f.source)).toEqual([{ type: 'study_session', id: sessionId, level: 'internal' }]);

    // Changed: the old text is no longer a source, the new one is.
    const db = server.ctx.database.db;
    const themeId = (await db.selectFrom('session_themes').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).id;
    const renamed = '学习主题：关于城北片区公共服务设施配套的调研，重点讨论学校与医院的布局调整';
    expect((await clerk.patch(`/api/study/themes/${themeId}`, { text: renamed })).statusCode).toBe(200);
    expect(await scan(TEXTS.theme)).toEqual([]);
    expect((await scan(renamed)).map((f) => f.source?.id)).toEqual([themeId]);
    // Deleted, or made public: gone.
    const conclusionId = (await db.selectFrom('conclusions').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).id;
    expect((await clerk.delete(`/api/study/conclusions/${conclusionId}`)).statusCode).toBe(200);
    expect(await scan(TEXTS.conclusion)).toEqual([]);
    const speechId = (await db.selectFrom('speeches').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).id;
    expect((await clerk.patch(`/api/study/speeches/${speechId}`, { level: 'public' })).statusCode).toBe(200);
    expect(await scan(TEXTS.speech)).toEqual([]);
    // The session's level rises above a part's: the part is kept at the session's level.
    expect((await clerk.patch(`/api/study/sessions/${sessionId}`, { level: 'internal' })).statusCode).toBe(200);
    expect((await scan(TEXTS.speech)).map((f) => [f.source?.type, f.source?.level])).toEqual([['speech', 'internal']]);
    // The session deleted: none of its texts is a source any more.
    expect((await clerk.delete(`/api/study/sessions/${sessionId}`)).statusCode).toBe(204);
    for (const text of Object.values(TEXTS).slice(0, 8)) expect(await scan(text)).toEqual([]);
    expect(await db.selectFrom('secrecy_fingerprints').select('record_id').execute()).toEqual([]);
  });

  it('fingerprints the free text of secrecy records: carriers, inspection findings, rectifications, letter templates', async () => {
    server = await testServer(dialect);
    const scan = scanner();
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const owner = (await clerk.post('/api/people', { name: 'Owner Person' })).json().id as string;
    const unit = (await clerk.post('/api/units', { name: '机要室', kind: 'department' })).json().id as string;
    const [title, location] = TEXTS.carrier.split('，');
    const carrier = await officer.post('/api/secrecy/carriers', { title, location, mark: '秘密★十年', issuedOn: '2026-01-05' });
    expect(carrier.statusCode, carrier.body).toBe(201);
    expect(carrier.json()).toMatchObject({ mark: '秘密★10年' });
    const template = await officer.post('/api/secrecy/inspection-templates', { name: '自查表', items: [{ code: 'A1', text: '保密柜管理' }] });
    const campaign = await officer.post('/api/secrecy/inspections', { year: 2026, title: '年度自查', templateId: template.json().id, unitIds: [unit] });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const finding = await officer.post(`/api/secrecy/inspections/${campaign.json().id}/findings`, { unitId: unit, description: TEXTS.finding, severity: 'high', ownerPersonId: owner, deadline: '2026-06-30' });
    expect(finding.statusCode, finding.body).toBe(201);
    const closed = await officer.patch(`/api/secrecy/rectifications/${finding.json().rectification.id}`, { status: 'closed', evidence: TEXTS.evidence });
    expect(closed.statusCode, closed.body).toBe(200);
    const letter = await officer.post('/api/secrecy/letter-templates', { year: 2026, title: '保密工作责任书', text: TEXTS.letter });
    expect(letter.statusCode, letter.body).toBe(201);

    for (const [text, type] of [
      [TEXTS.carrier, 'carrier'],
      [TEXTS.finding, 'inspection_finding'],
      [TEXTS.evidence, 'rectification'],
      [TEXTS.letter, 'letter_template'],
    ] as const) {
      expect((await scan(`转述：${text}。`)).map((f) => [f.source?.type, f.source?.level, f.source?.parent]), type).toEqual([[type, 'internal', undefined]]);
    }
    // A carrier's location changes: the new text is the source.
    const moved = '机要室六号保密柜，钥匙与密码分别由两名工作人员保管';
    expect((await officer.patch(`/api/secrecy/carriers/${carrier.json().id}`, { location: moved })).statusCode).toBe(200);
    expect((await scan(`据悉${moved}`)).map((f) => f.source?.type)).toEqual(['carrier']);
  });

  it('indexes texts written before they were fingerprinted once, at start', async () => {
    server = await testServer(dialect);
    const scan = scanner();
    const db = server.ctx.database.db;
    const org = await studyOrg(server.ctx);
    // Rows as an older version left them: written straight to the tables, never indexed.
    await db
      .insertInto('study_sessions')
      .values({ id: 'old-session', group_id: org.group.id, date: '2023-03-01', half_day: 'morning', start_time: null, end_time: null, place: null, form: 'concentrated_study', host_person_id: null, status: 'held', organizing_body: null, level: 'internal', created_at: 'x', updated_at: 'x' })
      .execute();
    await db.insertInto('speeches').values({ id: 'old-speech', session_id: 'old-session', speaker_person_id: null, title: '旧发言', text: TEXTS.speech, kind: 'exchange', sort_order: 0, level: 'internal', created_at: 'x', updated_at: 'x' }).execute();
    expect(await scan(TEXTS.speech)).toEqual([]);

    expect(await backfillFingerprints(server.ctx)).toMatchObject({ ran: true });
    expect((await scan(TEXTS.speech)).map((f) => f.source?.id)).toEqual(['old-speech']);
    // Once per database: a second start finds the job done.
    expect(await backfillFingerprints(server.ctx)).toEqual({ ran: false, owners: 0 });
  });
});
