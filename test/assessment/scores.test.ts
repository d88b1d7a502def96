import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { openDocx } from '../helpers/docx.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { buildWorld, schemeBody, type World } from './world.ts';

/**
 * Scores for hand-made records (test/assessment/world.ts), each expected figure worked out here by
 * hand from the formulas in src/assessment/kinds.ts; the drilldown as readers of different rights
 * see it; published results that do not move when records change.
 */
type Indicator = { kind: string; points: number; rate: number | null; noData: boolean; inputs: Record<string, number>; records: { type: string; id: string | null; hidden: boolean; title: string | null; effect: string; value: number | null; person: { name: string | null } | null }[] };
type Breakdown = { total: number; rank: number; indicatorPoints: number; bonus: number; deduction: number; indicators: Indicator[]; subject: { name: string } };

describe.each(DIALECTS)('assessment scores (%s)', (dialect) => {
  let server: TestServer;
  let office: Client;
  let viewer: Client;
  let secrecy: Client;
  let w: World;
  let schemeId: string;
  const base = '/api/duties/assessment';
  const breakdown = async (client: Client, type: string, id: string, query = '') => {
    const res = await client.get(`${base}/schemes/${schemeId}/scores/${type}/${id}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Breakdown;
  };
  const ind = (b: Breakdown, kind: string) => b.indicators.find((i) => i.kind === kind)!;

  beforeAll(async () => {
    server = await testServer(dialect);
    w = await buildWorld(server.ctx.database.db);
    office = await server.signIn({ username: 'office', roles: ['supervisor'] });
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    secrecy = await server.signIn({ username: 'secrecy', roles: ['secrecy_officer'] });
  });
  afterAll(async () => server?.dispose());

  it('refuses a scheme whose weights do not add up, in words a person can act on', async () => {
    const body = schemeBody(w);
    const short = { ...body, indicators: body.indicators.slice(1) };
    const res = await office.post(`${base}/schemes`, short);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('The weights add up to 80 but the full score is 100: add 20 points');
    const badParam = await office.post(`${base}/schemes`, { ...body, indicators: [{ kind: 'secrecy_letter', weight: 100, params: { dueMonthDay: '13-40' } }] });
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.message).toContain('MM-DD');
    const zero = await office.post(`${base}/schemes`, { ...body, indicators: [{ kind: 'duty_on_time', weight: 0 }, { kind: 'study_themes', weight: 100 }] });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.message).toContain('weight above 0');
    const unknownUnit = await office.post(`${base}/schemes`, { ...body, unitIds: ['no-such-unit'] });
    expect(unknownUnit.statusCode).toBe(400);
    expect((await viewer.post(`${base}/schemes`, body)).statusCode).toBe(403);
    const created = await office.post(`${base}/schemes`, body);
    expect(created.statusCode, created.body).toBe(201);
    schemeId = created.json().id;
    expect(created.json().indicators[0].formula.zh).toContain('按期办结数');
    const again = await office.post(`${base}/schemes`, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('already a scheme for 2023');
  });

  it('computes each indicator of a unit as worked out by hand', async () => {
    const u1 = await breakdown(office, 'unit', w.u1, '?asOf=2023-12-31');
    // Tasks due in 2023: A (on time), B (10 days late), C (open, 92 days past 30 Sept by 31 Dec); D cancelled, E due 2024.
    expect(ind(u1, 'duty_on_time')).toMatchObject({ inputs: { due: 3, onTime: 1 }, points: 6.67 });
    // Verified in 2023: A first time, B after two send-backs.
    expect(ind(u1, 'duty_first_pass')).toMatchObject({ inputs: { verified: 2, firstPass: 1, sendBacks: 2 }, points: 5 });
    expect(ind(u1, 'duty_first_pass').records.find((r) => r.effect === 'sent_back')!.value).toBe(2);
    // 10 − 0.05 × (10 + 92) = 4.9
    expect(ind(u1, 'duty_overdue_days')).toMatchObject({ inputs: { overdueDays: 102 }, points: 4.9 });
    expect(ind(u1, 'duty_late_reports')).toMatchObject({ inputs: { lateReports: 1 }, points: 4 });
    // P1 present twice, P2 absent once and on leave once (leave not counted): 15 × 2/3; the planned session not at all.
    expect(ind(u1, 'study_attendance')).toMatchObject({ inputs: { present: 2, absent: 1, onLeave: 1 }, points: 10 });
    expect(ind(u1, 'study_attendance').records).toHaveLength(4);
    // Two speeches of an expected 2 × 2 people.
    expect(ind(u1, 'study_speeches')).toMatchObject({ inputs: { speeches: 2, expected: 4 }, points: 2.5 });
    // Theme one (1 session needed, 1 held) covered; theme two (2 needed, 1 held) not.
    expect(ind(u1, 'study_themes')).toMatchObject({ inputs: { themes: 2, covered: 1 }, points: 2.5 });
    // P1 signed 15 March (on time), P2 on 2 April (after 31 March).
    expect(ind(u1, 'secrecy_letter')).toMatchObject({ inputs: { letters: 2, onTime: 1 }, points: 5 });
    expect(ind(u1, 'secrecy_inspection')).toMatchObject({ inputs: { inspections: 1, submitted: 1 }, points: 5 });
    expect(ind(u1, 'secrecy_rectification')).toMatchObject({ inputs: { rectifications: 1, closedOnTime: 1 }, points: 5 });
    // 6 + 2 hours of 4 × 2 expected.
    expect(ind(u1, 'secrecy_training')).toMatchObject({ inputs: { hours: 8, expected: 8 }, points: 10 });
    expect(u1.indicatorPoints).toBe(60.57);
    expect(u1.total).toBe(60.57);
  });

  it('gives full points where there is nothing to count, and counts the other unit apart', async () => {
    const u2 = await breakdown(office, 'unit', w.u2, '?asOf=2023-12-31');
    // No task of U2 fell due (its only task was cancelled): full 20 and 10, said as no data.
    expect(ind(u2, 'duty_on_time')).toMatchObject({ noData: true, points: 20, rate: null });
    expect(ind(u2, 'duty_first_pass')).toMatchObject({ noData: true, points: 10 });
    expect(ind(u2, 'study_attendance')).toMatchObject({ inputs: { present: 1, absent: 1, onLeave: 0 }, points: 7.5 });
    expect(ind(u2, 'study_themes')).toMatchObject({ noData: true, points: 5 });
    expect(ind(u2, 'secrecy_letter')).toMatchObject({ inputs: { letters: 1, onTime: 0 }, points: 0 });
    expect(ind(u2, 'secrecy_inspection').points).toBe(0);
    // Closed 5 November, deadline 31 October.
    expect(ind(u2, 'secrecy_rectification').records[0]!.effect).toBe('closed_late');
    // 2022's 40 hours are outside the year: 4 of 4.
    expect(ind(u2, 'secrecy_training')).toMatchObject({ inputs: { hours: 4 }, points: 10 });
    expect(u2.total).toBe(70);
  });

  it('scores a leader from what the leader leads and does', async () => {
    const p1 = await breakdown(office, 'leader', w.p1, '?asOf=2023-12-31');
    expect(ind(p1, 'duty_on_time')).toMatchObject({ inputs: { due: 1, onTime: 1 }, points: 20 });
    expect(ind(p1, 'study_attendance')).toMatchObject({ inputs: { present: 2, absent: 0 }, points: 15 });
    expect(ind(p1, 'study_speeches').points).toBe(5);
    expect(ind(p1, 'secrecy_rectification').points).toBe(5);
    expect(p1.total).toBe(97.5);
  });

  it('adds and takes off manual items with reason and evidence, and ranks by the total', async () => {
    const bonus = await office.post(`${base}/schemes/${schemeId}/adjustments`, { subjectType: 'unit', subjectId: w.u2, kind: 'bonus', points: 3, reason: '创建全国文明城市工作受表彰', evidence: '市委通报〔2023〕5号', onDay: '2023-11-01' });
    expect(bonus.statusCode, bonus.body).toBe(201);
    const cut = await office.post(`${base}/schemes/${schemeId}/adjustments`, { subjectType: 'unit', subjectId: w.u1, kind: 'deduction', points: 2, reason: '发生一起泄密苗头性事件', evidence: '保密办核查报告', onDay: '2023-09-01' });
    expect(cut.statusCode).toBe(201);
    expect((await office.post(`${base}/schemes/${schemeId}/adjustments`, { subjectType: 'unit', subjectId: w.u1, kind: 'deduction', points: 2, reason: 'x', evidence: 'y', onDay: '2022-09-01' })).statusCode).toBe(400);
    expect((await viewer.post(`${base}/schemes/${schemeId}/adjustments`, { subjectType: 'unit', subjectId: w.u1, kind: 'bonus', points: 2, reason: 'x', evidence: 'y', onDay: '2023-09-01' })).statusCode).toBe(403);
    const audit = await server.ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('action', 'like', 'assessment_adjustment.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['assessment_adjustment.bonus', 'assessment_adjustment.deduction']);
    const u1 = await breakdown(office, 'unit', w.u1, '?asOf=2023-12-31');
    expect(u1).toMatchObject({ indicatorPoints: 60.57, deduction: 2, total: 58.57, rank: 2 });
    const ranking = (await office.get(`${base}/schemes/${schemeId}/scores?subjectType=unit&asOf=2023-12-31`)).json();
    expect(ranking.items.map((r: { subject: { name: string }; total: number }) => [r.subject.name, r.total])).toEqual([['乙单位', 73], ['甲单位', 58.57]]);
    expect(ranking.distribution.find((b: { from: number }) => b.from === 70).count).toBe(1);
  });

  it('shows each reader only the records they may read, and that a point came from one they may not', async () => {
    const forViewer = await breakdown(viewer, 'unit', w.u1, '?asOf=2023-12-31');
    const overdue = ind(forViewer, 'duty_overdue_days').records;
    // Task C is 秘密 and the viewer is not in its scope: its 92 days count, its id and title are not shown.
    const hidden = overdue.find((r) => r.value === 92)!;
    expect(hidden).toMatchObject({ hidden: true, id: null, title: null, effect: 'overdue' });
    expect(overdue.find((r) => r.value === 10)).toMatchObject({ hidden: false, id: w.taskB, title: 'DB-2023-0002 意识形态阵地排查' });
    // Letters are secrecy records: a viewer sees the effect, not the letter.
    expect(ind(forViewer, 'secrecy_letter').records.every((r) => r.hidden && r.id === null)).toBe(true);
    const body = JSON.stringify(forViewer);
    expect(body).not.toContain('绝密工程保障事项');
    expect(body).not.toContain(w.taskC);
    expect(body).not.toContain(w.letterP2);
    // The secrecy office may read the letters.
    const forSecrecy = await breakdown(secrecy, 'unit', w.u1, '?asOf=2023-12-31');
    expect(ind(forSecrecy, 'secrecy_letter').records.find((r) => r.effect === 'signed_late')).toMatchObject({ hidden: false, id: w.letterP2, person: { name: '吴晓岚' } });
    // Sessions the viewer may know carry their date and first theme, and a link.
    expect(ind(forViewer, 'study_attendance').records.find((r) => r.effect === 'absent')).toMatchObject({ hidden: false, title: '2023-06-01 学习专题二' });
  });

  it('exports the ranking as XLSX with Chinese headers and as an official DOCX', async () => {
    const xlsx = await office.get(`${base}/schemes/${schemeId}/scores/export?subjectType=unit&format=xlsx&lang=zh`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['名次', '单位', '督查督办（45分）', '理论学习（25分）', '保密工作（30分）', '加分', '扣分', '总分（满分100）']));
    expect(sheet.getRow(2).getCell(2).value).toBe('乙单位');
    const docx = await office.get(`${base}/schemes/${schemeId}/scores/docx?subjectType=unit`);
    expect(docx.statusCode).toBe(200);
    const doc = await openDocx(docx.rawPayload);
    expect(doc.text).toContain('2023年度责任制考核结果（单位）');
    expect(doc.text).toContain('乙单位');
  });

  it('freezes a published result: record changes do not move it, a new version needs a reason, tampering shows', async () => {
    const first = await office.post(`${base}/schemes/${schemeId}/publish`, {});
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().hash).toMatch(/^[0-9a-f]{64}$/);
    const frozen = (await office.get(`${base}/schemes/${schemeId}/scores?subjectType=unit&version=1`)).json();
    // Task C is now reported done on its deadline: the live score moves, the published one does not.
    await server.ctx.database.db.updateTable('duty_tasks').set({ state: 'completion_reported', completed_at: '2023-09-30T04:00:00.000Z' }).where('id', '=', w.taskC).execute();
    const live = await breakdown(office, 'unit', w.u1, '?asOf=2023-12-31');
    expect(ind(live, 'duty_on_time').inputs.onTime).toBe(2);
    const after = (await office.get(`${base}/schemes/${schemeId}/scores?subjectType=unit&version=1`)).json();
    expect(after.items).toEqual(frozen.items);
    expect(after.published).toMatchObject({ version: 1, hash: first.json().hash });
    const u1v1 = await breakdown(office, 'unit', w.u1, '?version=1');
    expect(u1v1.total).toBe(58.57);
    const noReason = await office.post(`${base}/schemes/${schemeId}/publish`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('say why a new version is needed');
    const second = await office.post(`${base}/schemes/${schemeId}/publish`, { reason: '甲单位补报办结材料，经复核更正' });
    expect(second.statusCode).toBe(201);
    expect(second.json().version).toBe(2);
    let versions = (await office.get(`${base}/schemes/${schemeId}/publications`)).json().items;
    expect(versions.map((v: { version: number; intact: boolean; reason: string | null }) => [v.version, v.intact, v.reason])).toEqual([[1, true, null], [2, true, '甲单位补报办结材料，经复核更正']]);
    expect(versions[1].prevHash).toBe(versions[0].hash);
    // A stored copy changed behind the system's back no longer matches its hash.
    const row = await server.ctx.database.db.selectFrom('assessment_publications').select(['id', 'result']).where('version', '=', 1).executeTakeFirstOrThrow();
    await server.ctx.database.db.updateTable('assessment_publications').set({ result: row.result.replace('58.57', '68.57') }).where('id', '=', row.id).execute();
    versions = (await office.get(`${base}/schemes/${schemeId}/publications`)).json().items;
    expect(versions[0].intact).toBe(false);
    // A published scheme is not deleted.
    expect((await office.delete(`${base}/schemes/${schemeId}`)).statusCode).toBe(409);
  });

  it('compares two units and shows a trend over the years', async () => {
    const cmp = await office.get(`${base}/schemes/${schemeId}/compare?subjectType=unit&a=${w.u1}&b=${w.u2}&version=2`);
    expect(cmp.statusCode, cmp.body).toBe(200);
    expect(cmp.json().a.subject.name).toBe('甲单位');
    expect(cmp.json().b.total).toBe(73);
    const next = await office.post(`${base}/schemes`, schemeBody(w, 2024));
    expect(next.statusCode).toBe(201);
    const trend = (await office.get(`${base}/trend?subjectType=unit&subjectId=${w.u2}`)).json();
    expect(trend.items.map((t: { year: number; publishedVersion: number | null }) => [t.year, t.publishedVersion])).toEqual([[2023, 2], [2024, null]]);
  });
});
