import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';
import type { Level } from '../../src/security/levels.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/**
 * The year's dashboards (GET /api/duties/assessment/dashboard) over hand-made records of 2023, each
 * figure worked out below by hand. Two units (丙, 丁) and an area are at 秘密 with no knowable scope,
 * so a reader cleared for internal may not know them: their tasks and records count, folded into
 * one unnamed row. A task and a session at 秘密 the reader may not read count nowhere.
 */
const T = '2023-01-01T00:00:00.000Z';
const at = (day: string) => `${day}T04:00:00.000Z`; // noon in China

interface World {
  u1: string; u2: string; u3: string; u4: string; a1: string; a2: string; g1: string; g2: string;
  t1: string; t2: string; t3: string; t4: string; t5: string; t6: string; t7: string; t8: string;
}

async function buildDashboardWorld(db: Executor): Promise<World> {
  const id = () => newId();
  const w: World = { u1: id(), u2: id(), u3: id(), u4: id(), a1: id(), a2: id(), g1: id(), g2: id(), t1: id(), t2: id(), t3: id(), t4: id(), t5: id(), t6: id(), t7: id(), t8: id() };
  const [p1, p2, p3, p4, p5] = [id(), id(), id(), id(), id()];
  const lv = (level: Level = 'internal') => ({ level, created_at: T, updated_at: T });
  await db.insertInto('units').values([
    { id: w.u1, parent_id: null, name: '甲单位', name_en: 'Unit Jia', kind: 'department', ...lv() },
    { id: w.u2, parent_id: null, name: '乙单位', name_en: 'Unit Yi', kind: 'department', ...lv() },
    { id: w.u3, parent_id: null, name: '丙单位机要', name_en: 'Unit Bing', kind: 'department', ...lv('mimi') },
    { id: w.u4, parent_id: null, name: '丁单位机要', name_en: 'Unit Ding', kind: 'department', ...lv('mimi') },
  ]).execute();
  await db.insertInto('people').values([
    { id: p1, name: '周明远', name_en: null, email: null, phone: null, note: null, ...lv() },
    { id: p2, name: '吴晓岚', name_en: null, email: null, phone: null, note: null, ...lv() },
    { id: p3, name: '郑国梁', name_en: null, email: null, phone: null, note: null, ...lv() },
    { id: p4, name: '钱立新', name_en: null, email: null, phone: null, note: null, ...lv() },
    { id: p5, name: '孙文博', name_en: null, email: null, phone: null, note: null, ...lv() },
  ]).execute();
  await db.insertInto('positions').values([[p1, w.u1], [p2, w.u1], [p3, w.u3], [p4, w.u4], [p5, w.u1]].map(([person, unit]) => ({ id: id(), person_id: person!, unit_id: unit!, title: '干部', title_en: null, rank: null, start_date: '2020-01-01', end_date: null, ...lv() }))).execute();
  await db.insertInto('duty_areas').values([
    { id: w.a1, name: '意识形态工作责任制', name_en: 'Ideological work', description: null, ...lv() },
    { id: w.a2, name: '机要专项责任制', name_en: 'Confidential area', description: null, ...lv('mimi') },
  ]).execute();

  const task = (tid: string, code: string, unit: string, area: string | null, deadline: string, state: string, extra: { completed?: string; assigned?: string; level?: Level } = {}) => ({
    id: tid, code, title: `事项${code}`, content: '内容', level: extra.level ?? ('internal' as Level), state, area_id: area, source_kind: 'manual',
    source_conclusion_id: null, source_session_id: null, source_text: null, source_date: null,
    lead_leader_person_id: null, lead_unit_id: unit, responsible_person_id: null, deadline, original_deadline: deadline,
    report_frequency: 'monthly', report_dates: null, assigned_at: at(extra.assigned ?? '2023-01-10'), accepted_at: state === 'assigned' || state === 'registered' ? null : at('2023-01-11'),
    completed_at: extra.completed ? at(extra.completed) : null, verified_at: null,
    closed_at: null, cancelled_at: null, cancel_requested_by: null, cancel_requested_by_person: null, cancel_requested_at: null,
    cancel_reason: null, completion_reported_by: null, created_by: null, created_at: T, updated_at: T,
  });
  await db.insertInto('duty_tasks').values([
    task(w.t1, 'DB-2023-0001', w.u1, w.a1, '2023-03-31', 'closed', { completed: '2023-03-20' }),
    task(w.t2, 'DB-2023-0002', w.u1, w.a1, '2023-06-30', 'in_progress'),
    task(w.t3, 'DB-2023-0003', w.u2, null, '2023-06-15', 'verified', { completed: '2023-06-20' }),
    task(w.t4, 'DB-2023-0004', w.u3, w.a2, '2023-06-10', 'closed', { completed: '2023-06-01' }),
    task(w.t5, 'DB-2023-0005', w.u4, w.a1, '2023-07-31', 'cancelled'),
    task(w.t6, 'DB-2023-0006', w.u1, w.a1, '2023-03-15', 'in_progress', { level: 'mimi' }),
    task(w.t7, 'DB-2023-0007', w.u2, w.a1, '2023-12-29', 'registered'),
    task(w.t8, 'DB-2023-0008', w.u2, w.a1, '2023-12-31', 'assigned', { assigned: '2023-12-29' }),
  ]).execute();

  await db.insertInto('study_groups').values([
    { id: w.g1, unit_id: w.u1, name: '甲单位学习组', name_en: 'Jia study group', description: null, ...lv() },
    { id: w.g2, unit_id: w.u3, name: '丙单位学习组', name_en: 'Bing study group', description: null, ...lv() },
  ]).execute();
  const [s1, s2, s3, s4, s5] = [id(), id(), id(), id(), id()];
  const session = (sid: string, group: string, date: string, status: string, level: Level = 'internal') => ({ id: sid, group_id: group, date, half_day: 'pm', start_time: null, end_time: null, place: null, form: 'collective', host_person_id: null, status, organizing_body: null, ...lv(level) });
  await db.insertInto('study_sessions').values([
    session(s1, w.g1, '2023-03-01', 'held'),
    session(s2, w.g1, '2023-06-01', 'minutes_approved'),
    session(s3, w.g1, '2023-07-01', 'planned'),
    session(s4, w.g2, '2023-05-01', 'held'),
    session(s5, w.g1, '2023-08-01', 'held', 'mimi'),
  ]).execute();
  const att = (sid: string, pid: string, status: string) => ({ session_id: sid, person_id: pid, status, reason: status === 'on_leave' ? '出差' : null, approved_by: null, ...lv() });
  await db.insertInto('session_attendance').values([att(s1, p1, 'present'), att(s1, p2, 'on_leave'), att(s2, p1, 'present'), att(s2, p2, 'absent'), att(s3, p1, 'absent'), att(s4, p3, 'absent'), att(s5, p1, 'absent')]).execute();

  const template = id();
  await db.insertInto('letter_templates').values({ id: template, year: 2023, version: 1, title: '保密工作责任书', text: '正文', hash: 'h', created_by: null, level: 'internal', created_at: T }).execute();
  const letter = (pid: string, signed: string | null, level: Level = 'internal') => ({ id: id(), year: 2023, person_id: pid, role: 'leader', unit_id: null, template_id: template, status: signed ? 'signed' : 'issued', issued_at: at('2023-02-01'), signed_at: signed ? at(signed) : null, signed_template_id: null, signed_hash: null, signed_by: null, ...lv(level) });
  await db.insertInto('letters').values([letter(p1, '2023-03-15'), letter(p2, '2023-04-02'), letter(p3, '2023-03-01'), letter(p4, null), letter(p5, '2023-03-05', 'mimi')]).execute();
  const itpl = id();
  const campaign = id();
  await db.insertInto('inspection_templates').values({ id: itpl, name: '自查表', items: '[]', ...lv() }).execute();
  await db.insertInto('inspection_campaigns').values({ id: campaign, year: 2023, title: '2023年保密自查', template_id: itpl, ...lv() }).execute();
  await db.insertInto('inspection_units').values([
    { campaign_id: campaign, unit_id: w.u1, status: 'submitted', submitted_at: at('2023-05-01') },
    { campaign_id: campaign, unit_id: w.u2, status: 'pending', submitted_at: null },
    { campaign_id: campaign, unit_id: w.u3, status: 'submitted', submitted_at: at('2023-05-02') },
  ]).execute();
  const [f1, f2, f3] = [id(), id(), id()];
  await db.insertInto('inspection_findings').values([
    { id: f1, campaign_id: campaign, unit_id: w.u1, item_code: null, description: '涉密载体登记不全', severity: 'minor', ...lv() },
    { id: f2, campaign_id: campaign, unit_id: w.u2, item_code: null, description: '计算机违规外联', severity: 'major', ...lv() },
    { id: f3, campaign_id: campaign, unit_id: w.u1, item_code: null, description: '保密提醒不到位', severity: 'minor', ...lv() },
  ]).execute();
  await db.insertInto('rectifications').values([
    { id: id(), finding_id: f1, owner_person_id: p1, deadline: '2023-08-31', status: 'closed', evidence: null, closed_at: at('2023-08-20'), ...lv() },
    { id: id(), finding_id: f2, owner_person_id: p1, deadline: '2023-10-31', status: 'closed', evidence: null, closed_at: at('2023-11-05'), ...lv() },
    { id: id(), finding_id: f3, owner_person_id: p2, deadline: '2023-09-30', status: 'open', evidence: null, closed_at: null, ...lv() },
  ]).execute();
  const training = (pid: string, hours: number, date: string) => ({ id: id(), person_id: pid, course: '保密教育', date, hours, provider: null, ...lv() });
  await db.insertInto('training_records').values([training(p1, 6, '2023-04-01'), training(p2, 2, '2023-04-01'), training(p3, 4, '2023-09-01'), training(p4, 1.5, '2023-10-01'), training(p1, 40, '2022-09-01')]).execute();
  return w;
}

type Key = { id: string | null; name: string | null; hidden: boolean };
type LightRow = { key: Key; green: number; yellow: number; red: number; grey: number; total: number };
type Dashboard = {
  lightsOn: string;
  lightsByArea: LightRow[];
  lightsByUnit: LightRow[];
  onTimeByMonth: { month: string; due: number; onTime: number; rate: number | null }[];
  attendanceByGroup: { key: Key; sessions: number; present: number; absent: number; onLeave: number; rate: number | null }[];
  secrecy: null | { letterDue: string; units: (Record<string, number | null> & { key: Key })[] };
};
const names = (rows: { key: Key }[]) => rows.map((r) => (r.key.hidden ? 'hidden' : (r.key.name ?? 'none')));

describe.each(DIALECTS)('assessment dashboard (%s)', (dialect) => {
  let server: TestServer;
  let viewer: Client;
  let secrecy: Client;
  let w: World;
  const url = '/api/duties/assessment/dashboard?year=2023&asOf=2023-12-31';

  beforeAll(async () => {
    server = await testServer(dialect);
    w = await buildDashboardWorld(server.ctx.database.db);
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    secrecy = await server.signIn({ username: 'secrecy', roles: ['secrecy_officer'] });
  });
  afterAll(async () => server?.dispose());

  it('counts task lights by area and by lead unit, hidden areas and units folded into one unnamed row', async () => {
    const res = await viewer.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Dashboard;
    expect(d.lightsOn).toBe('2023-12-31');
    // On 31 December: T1, T4 closed and T5 cancelled are grey; T2 (in progress, due 30 June) and T7
    // (registered, due 29 December) are overdue, red; T3 verified, green; T8 assigned on 29 December
    // and due that day is yellow (deadline within three working days). T6 is 秘密: not counted.
    // Areas: 意识形态 holds T1 T2 T5 T7 T8; no area: T3; the 秘密 area (hidden): T4.
    expect(names(d.lightsByArea)).toEqual(['意识形态工作责任制', 'none', 'hidden']);
    expect(d.lightsByArea.map(({ green, yellow, red, grey, total }) => [green, yellow, red, grey, total])).toEqual([[0, 1, 2, 2, 5], [1, 0, 0, 0, 1], [0, 0, 0, 1, 1]]);
    expect(d.lightsByArea[0]!.key.id).toBe(w.a1);
    // Lead units: 甲 T1 T2; 乙 T3 T7 T8; 丙 (T4) and 丁 (T5) unknown to the reader, one row of two.
    expect(names(d.lightsByUnit)).toEqual(['甲单位', '乙单位', 'hidden']);
    expect(d.lightsByUnit.map(({ green, yellow, red, grey, total }) => [green, yellow, red, grey, total])).toEqual([[0, 0, 1, 1, 2], [1, 1, 1, 0, 3], [0, 0, 0, 2, 2]]);
    expect(d.lightsByUnit[2]!.key).toEqual({ id: null, name: null, nameEn: null, hidden: true });
    const body = res.body;
    for (const secret of ['丙单位机要', '丁单位机要', 'Unit Bing', 'Unit Ding', '机要专项责任制', w.u3, w.u4, w.a2, w.t6, 'DB-2023-0006']) expect(body).not.toContain(secret);
  });

  it('gives the on-time rate by month as the assessment counts it', async () => {
    const d = (await viewer.get(url)).json() as Dashboard;
    expect(d.onTimeByMonth).toHaveLength(12);
    // March: T1 done on 20 March, on time (T6 is not readable). June: T2 open, T3 late (20 June
    // for 15 June), T4 on time: 1 of 3. December: T8 not done; T7 registered and T5 cancelled are left out.
    const byMonth = Object.fromEntries(d.onTimeByMonth.map((m) => [m.month, [m.due, m.onTime, m.rate]]));
    expect(byMonth['2023-03']).toEqual([1, 1, 1]);
    expect(byMonth['2023-06']).toEqual([3, 1, 0.3333]);
    expect(byMonth['2023-12']).toEqual([1, 0, 0]);
    expect(byMonth['2023-07']).toEqual([0, 0, null]);
  });

  it('gives study attendance by group with leave apart, over the sessions the reader may read', async () => {
    const d = (await viewer.get(url)).json() as Dashboard;
    // 甲 group: held sessions s1 (present, on leave) and s2 (present, absent); s3 is only planned,
    // s5 is 秘密. Rate 2 ÷ (2 + 1). 丙's group belongs to a unit the reader may not know: its
    // session is not readable (its unit is not), so it is not counted at all.
    expect(d.attendanceByGroup).toEqual([{ key: { id: w.g1, name: '甲单位学习组', nameEn: 'Jia study group', hidden: false }, sessions: 2, present: 2, absent: 1, onLeave: 1, rate: 0.6667 }]);
  });

  it('shows secrecy indicators per unit to the secrecy office only', async () => {
    expect(((await viewer.get(url)).json() as Dashboard).secrecy).toBeNull();
    const res = await secrecy.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const s = (res.json() as Dashboard).secrecy!;
    expect(s.letterDue).toBe('2023-03-31');
    expect(names(s.units)).toEqual(['甲单位', '乙单位', 'hidden']);
    const pick = (r: Record<string, unknown>) => [r.letters, r.lettersOnTime, r.inspections, r.inspectionsDone, r.rectifications, r.rectificationsOnTime, r.reviews, r.reviewsClosed, r.trainingHours];
    // 甲: letters of 周 (15 March, on time) and 吴 (2 April, late), 孙's 秘密 letter not readable;
    // self-inspection submitted; rectifications f1 closed 20 Aug for 31 Aug, f3 open; training 6 + 2
    // hours (the 2022 record is out of the year).
    expect(pick(s.units[0]!)).toEqual([2, 1, 1, 1, 2, 1, 0, 0, 8]);
    // 乙: inspection pending; f2 closed 5 Nov for 31 Oct, late.
    expect(pick(s.units[1]!)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0]);
    // 丙 and 丁 folded: letters of 郑 (on time) and 钱 (unsigned), 丙's submitted inspection, 4 + 1.5 hours.
    expect(pick(s.units[2]!)).toEqual([2, 1, 1, 1, 0, 0, 0, 0, 5.5]);
    expect(res.body).not.toContain('丙单位机要');
    expect(res.body).not.toContain(w.u3);
  });

  it('counts what the task list shows when a bar is followed', async () => {
    const list = async (query: string) => {
      const res = await viewer.get(`/api/duties/tasks?deadlineFrom=2023-01-01&deadlineTo=2023-12-31&asOf=2023-12-31&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { total: number; items: { id: string }[] }).items.map((t) => t.id).sort();
    };
    expect(await list(`light=red&leadUnitId=${w.u2}`)).toEqual([w.t7]);
    expect(await list(`light=grey&areaId=${w.a1}`)).toEqual([w.t1, w.t5].sort());
    expect(await list('areaId=none')).toEqual([w.t3]);
    expect(await list('light=yellow')).toEqual([w.t8]);
  });

  it('refuses a year outside the range', async () => {
    expect((await viewer.get('/api/duties/assessment/dashboard?year=1999')).statusCode).toBe(400);
    expect((await viewer.get('/api/duties/assessment/dashboard')).statusCode).toBe(400);
  });
});
