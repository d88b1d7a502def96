import type { Executor } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';
import type { Level } from '../../src/security/levels.ts';

/**
 * Hand-made records for the assessment tests: two units, three people, one study group, sessions,
 * tasks, letters, an inspection, rectifications and training, each written straight into the
 * tables so the expected scores can be worked out by hand in the test (test/assessment/scores.test.ts).
 */
const T = '2023-01-01T00:00:00.000Z';
const at = (day: string) => `${day}T04:00:00.000Z`; // noon in China

export interface World {
  u1: string; u2: string; p1: string; p2: string; p3: string; g1: string;
  taskA: string; taskB: string; taskC: string; taskD: string; taskE: string;
  s1: string; s2: string; s3: string; letterP2: string; campaign: string; rect1: string;
}

export async function buildWorld(db: Executor): Promise<World> {
  const id = () => newId();
  const w = {
    u1: id(), u2: id(), p1: id(), p2: id(), p3: id(), g1: id(),
    taskA: id(), taskB: id(), taskC: id(), taskD: id(), taskE: id(),
    s1: id(), s2: id(), s3: id(), letterP2: id(), campaign: id(), rect1: id(),
  };
  const lv = { level: 'internal' as Level, created_at: T, updated_at: T };
  await db.insertInto('units').values([
    { id: w.u1, parent_id: null, name: '甲单位', name_en: 'Unit Jia', kind: 'department', ...lv },
    { id: w.u2, parent_id: null, name: '乙单位', name_en: 'Unit Yi', kind: 'department', ...lv },
  ]).execute();
  await db.insertInto('people').values([
    { id: w.p1, name: '周明远', name_en: 'Zhou Mingyuan', email: null, phone: null, note: null, ...lv },
    { id: w.p2, name: '吴晓岚', name_en: 'Wu Xiaolan', email: null, phone: null, note: null, ...lv },
    { id: w.p3, name: '郑国梁', name_en: 'Zheng Guoliang', email: null, phone: null, note: null, ...lv },
  ]).execute();
  await db.insertInto('positions').values([
    { id: id(), person_id: w.p1, unit_id: w.u1, title: '部长', title_en: null, rank: null, start_date: '2020-01-01', end_date: null, ...lv },
    { id: id(), person_id: w.p2, unit_id: w.u1, title: '副部长', title_en: null, rank: null, start_date: '2020-01-01', end_date: null, ...lv },
    { id: id(), person_id: w.p3, unit_id: w.u2, title: '主任', title_en: null, rank: null, start_date: '2020-01-01', end_date: null, ...lv },
  ]).execute();
  await db.insertInto('study_groups').values({ id: w.g1, unit_id: w.u1, name: '理论学习中心组', name_en: null, description: null, ...lv }).execute();
  await db.insertInto('study_group_members').values([w.p1, w.p2, w.p3].map((p) => ({ group_id: w.g1, person_id: p, role: 'member', joined_on: null, left_on: null }))).execute();

  const session = (sid: string, date: string, status: string) => ({ id: sid, group_id: w.g1, date, half_day: 'pm', start_time: null, end_time: null, place: null, form: 'collective', host_person_id: null, status, organizing_body: null, ...lv });
  await db.insertInto('study_sessions').values([session(w.s1, '2023-03-01', 'held'), session(w.s2, '2023-06-01', 'minutes_approved'), session(w.s3, '2023-07-01', 'planned')]).execute();
  const att = (sid: string, pid: string, status: string) => ({ session_id: sid, person_id: pid, status, reason: status === 'on_leave' ? '出差' : null, approved_by: null, ...lv });
  await db.insertInto('session_attendance').values([
    att(w.s1, w.p1, 'present'), att(w.s1, w.p2, 'on_leave'), att(w.s1, w.p3, 'absent'),
    att(w.s2, w.p1, 'present'), att(w.s2, w.p2, 'absent'), att(w.s2, w.p3, 'present'),
    att(w.s3, w.p1, 'absent'),
  ]).execute();
  const speech = (sid: string, pid: string) => ({ id: id(), session_id: sid, speaker_person_id: pid, title: '交流发言', text: '发言内容', kind: 'speech', ...lv });
  await db.insertInto('speeches').values([speech(w.s1, w.p1), speech(w.s2, w.p1), speech(w.s2, w.p3)]).execute();
  const plan = id(); const t1 = id(); const t2 = id();
  await db.insertInto('study_plans').values({ id: plan, group_id: w.g1, year: 2023, title: '2023年学习计划', ...lv }).execute();
  await db.insertInto('plan_themes').values([
    { id: t1, plan_id: plan, title: '专题一', planned_month: 3, required_sessions: 1, hours_per_member: null, ...lv },
    { id: t2, plan_id: plan, title: '专题二', planned_month: 6, required_sessions: 2, hours_per_member: null, ...lv },
  ]).execute();
  await db.insertInto('session_themes').values([
    { id: id(), session_id: w.s1, text: '学习专题一', plan_theme_id: t1, ...lv },
    { id: id(), session_id: w.s2, text: '学习专题二', plan_theme_id: t2, ...lv },
  ]).execute();

  const task = (tid: string, code: string, title: string, unit: string, leader: string | null, deadline: string, state: string, extra: { completed?: string; verified?: string; level?: Level } = {}) => ({
    id: tid, code, title, content: '内容', level: extra.level ?? ('internal' as Level), state, area_id: null, source_kind: 'manual',
    source_conclusion_id: null, source_session_id: null, source_text: null, source_date: null,
    lead_leader_person_id: leader, lead_unit_id: unit, responsible_person_id: null, deadline, original_deadline: deadline,
    report_frequency: 'monthly', report_dates: null, assigned_at: at('2023-01-10'), accepted_at: at('2023-01-11'),
    completed_at: extra.completed ? at(extra.completed) : null, verified_at: extra.verified ? at(extra.verified) : null,
    closed_at: null, cancelled_at: null, cancel_requested_by: null, cancel_requested_by_person: null, cancel_requested_at: null,
    cancel_reason: null, completion_reported_by: null, created_by: null, created_at: T, updated_at: T,
  });
  await db.insertInto('duty_tasks').values([
    task(w.taskA, 'DB-2023-0001', '春节期间安全稳定工作', w.u1, w.p1, '2023-05-31', 'closed', { completed: '2023-05-20', verified: '2023-06-01' }),
    task(w.taskB, 'DB-2023-0002', '意识形态阵地排查', w.u1, w.p3, '2023-06-30', 'verified', { completed: '2023-07-10', verified: '2023-07-15' }),
    task(w.taskC, 'DB-2023-0003', '绝密工程保障事项', w.u1, null, '2023-09-30', 'in_progress', { level: 'mimi' }),
    task(w.taskD, 'DB-2023-0004', '已撤销事项', w.u2, null, '2023-04-30', 'cancelled'),
    task(w.taskE, 'DB-2023-0005', '明年事项', w.u1, null, '2024-03-01', 'in_progress'),
  ]).execute();
  const event = (tid: string, kind: string, day: string) => ({ id: id(), task_id: tid, at: at(day), actor_id: null, actor_name: '督查室', kind, note: null, detail: null, level: 'internal' as Level });
  await db.insertInto('duty_events').values([event(w.taskB, 'sent_back', '2023-07-01'), event(w.taskB, 'sent_back', '2023-07-05')]).execute();
  await db.insertInto('duty_reports').values([
    { id: id(), task_id: w.taskB, kind: 'progress', period: '2023-04', percent: 50, narrative: '进展', reported_by: 'x', reporter_person_id: null, reported_at: at('2023-05-10'), late: 1, level: 'internal' },
    { id: id(), task_id: w.taskB, kind: 'progress', period: '2023-05', percent: 60, narrative: '进展', reported_by: 'x', reporter_person_id: null, reported_at: at('2023-05-31'), late: 0, level: 'internal' },
  ]).execute();

  const template = id();
  await db.insertInto('letter_templates').values({ id: template, year: 2023, version: 1, title: '保密工作责任书', text: '责任书正文', hash: 'h', created_by: null, level: 'internal', created_at: T }).execute();
  const letter = (lid: string, pid: string, unit: string | null, signed: string | null) => ({ id: lid, year: 2023, person_id: pid, role: 'leader', unit_id: unit, template_id: template, status: signed ? 'signed' : 'issued', issued_at: at('2023-02-01'), signed_at: signed ? at(signed) : null, signed_template_id: null, signed_hash: null, signed_by: null, ...lv });
  await db.insertInto('letters').values([letter(id(), w.p1, null, '2023-03-15'), letter(w.letterP2, w.p2, null, '2023-04-02'), letter(id(), w.p3, null, null)]).execute();

  const itpl = id();
  await db.insertInto('inspection_templates').values({ id: itpl, name: '自查表', items: '[]', ...lv }).execute();
  await db.insertInto('inspection_campaigns').values({ id: w.campaign, year: 2023, title: '2023年保密自查', template_id: itpl, ...lv }).execute();
  await db.insertInto('inspection_units').values([
    { campaign_id: w.campaign, unit_id: w.u1, status: 'submitted', submitted_at: at('2023-05-01') },
    { campaign_id: w.campaign, unit_id: w.u2, status: 'pending', submitted_at: null },
  ]).execute();
  const f1 = id(); const f2 = id();
  await db.insertInto('inspection_findings').values([
    { id: f1, campaign_id: w.campaign, unit_id: w.u1, item_code: null, description: '涉密载体登记不全', severity: 'minor', ...lv },
    { id: f2, campaign_id: w.campaign, unit_id: w.u2, item_code: null, description: '计算机违规外联', severity: 'major', ...lv },
  ]).execute();
  await db.insertInto('rectifications').values([
    { id: w.rect1, finding_id: f1, owner_person_id: w.p1, deadline: '2023-08-31', status: 'closed', evidence: null, closed_at: at('2023-08-20'), ...lv },
    { id: id(), finding_id: f2, owner_person_id: w.p3, deadline: '2023-10-31', status: 'closed', evidence: null, closed_at: at('2023-11-05'), ...lv },
  ]).execute();
  const training = (pid: string, hours: number, date: string) => ({ id: id(), person_id: pid, course: '保密教育', date, hours, provider: null, ...lv });
  await db.insertInto('training_records').values([training(w.p1, 6, '2023-04-01'), training(w.p2, 2, '2023-04-01'), training(w.p3, 4, '2023-09-01'), training(w.p3, 40, '2022-09-01')]).execute();
  return w;
}

/** The scheme the hand computations use: weights add up to 100. */
export function schemeBody(w: World, year = 2023) {
  return {
    year,
    title: `${year}年度落实责任制考核方案`,
    fullScore: 100,
    indicators: [
      { kind: 'duty_on_time', weight: 20 },
      { kind: 'duty_first_pass', weight: 10 },
      { kind: 'duty_overdue_days', weight: 10, params: { pointsPerDay: 0.05 } },
      { kind: 'duty_late_reports', weight: 5, params: { pointsPerReport: 1 } },
      { kind: 'study_attendance', weight: 15 },
      { kind: 'study_speeches', weight: 5, params: { perPerson: 2 } },
      { kind: 'study_themes', weight: 5 },
      { kind: 'secrecy_letter', weight: 10 },
      { kind: 'secrecy_inspection', weight: 5 },
      { kind: 'secrecy_rectification', weight: 5 },
      { kind: 'secrecy_training', weight: 10, params: { hoursPerPerson: 4 } },
    ],
    unitIds: [w.u1, w.u2],
    leaderPersonIds: [w.p1],
  };
}
