/**
 * Scoring a year at the size issue 11 names, on SQLite: 200 units, 5,000 leaders, 100,000 tasks and
 * 5,000 held sessions (with attendance and speeches), plus a year's letters, self-inspection,
 * rectifications and training. The generator writes it into a fresh temporary database; the run
 * then scores every unit and every leader of the scheme (the same code the API runs) and prints
 * the time of each part. Bar: the whole scoring under 5 s on a 2-core machine.
 *
 *   npm run bench:assessment
 *   BENCH_TASKS=20000 npm run bench:assessment
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dashboardOf } from '../../src/assessment/dashboard.ts';
import { loadFacts, periodOf } from '../../src/assessment/facts.ts';
import { computeResult } from '../../src/assessment/scores.ts';
import { loadScheme } from '../../src/assessment/schemes.ts';
import { loadSettings } from '../../src/config.ts';
import { migrate, openDatabase } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';

const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const LEADERS = Number(process.env.BENCH_LEADERS ?? 5_000);
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 5_000);
const YEAR = 2023;

let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const day = (offset: number) => new Date(Date.UTC(YEAR, 0, 1 + offset)).toISOString().slice(0, 10);
const at = (d: string) => `${d}T03:00:00.000Z`;

const dir = mkdtempSync(join(tmpdir(), 'remit-bench-assessment-'));
const database = await openDatabase({ sqlite: join(dir, 'remit.sqlite') });
try {
  await migrate(database);
  const db = database.db;
  const T = new Date().toISOString();
  const lv = { level: 'internal' as Level, created_at: T, updated_at: T };
  const insert = async <R>(table: Parameters<typeof db.insertInto>[0], rows: R[], per = 200) => {
    for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
  };
  const g0 = performance.now();
  const units = Array.from({ length: UNITS }, (_, i) => ({ id: newId(), parent_id: null, name: `单位${i}`, name_en: null, kind: 'department', ...lv }));
  await insert('units', units);
  const people = Array.from({ length: LEADERS }, (_, i) => ({ id: newId(), name: `人员${i}`, name_en: null, email: null, phone: null, note: null, ...lv }));
  await insert('people', people);
  await insert('positions', people.map((p, i) => ({ id: newId(), person_id: p.id, unit_id: units[i % UNITS]!.id, title: '干部', title_en: null, rank: null, start_date: null, end_date: null, ...lv })));
  const groups = units.map((u) => ({ id: newId(), unit_id: u.id, name: '学习组', name_en: null, description: null, ...lv }));
  await insert('study_groups', groups);
  await insert('study_group_members', people.map((p, i) => ({ group_id: groups[i % UNITS]!.id, person_id: p.id, role: 'member', joined_on: null, left_on: null })));
  const plans = groups.map((g) => ({ id: newId(), group_id: g.id, year: YEAR, title: '计划', ...lv }));
  await insert('study_plans', plans);
  const themes = plans.flatMap((p) => Array.from({ length: 6 }, (_, k) => ({ id: newId(), plan_id: p.id, title: `专题${k}`, planned_month: k + 1, required_sessions: 1, hours_per_member: null, ...lv })));
  await insert('plan_themes', themes);
  const themesOf = new Map<string, string[]>();
  for (const t of themes) themesOf.set(plans.find((p) => p.id === t.plan_id)!.group_id, [...(themesOf.get(plans.find((p) => p.id === t.plan_id)!.group_id) ?? []), t.id]);
  const membersOf = new Map<string, string[]>();
  people.forEach((p, i) => membersOf.set(groups[i % UNITS]!.id, [...(membersOf.get(groups[i % UNITS]!.id) ?? []), p.id]));
  const sessions = Array.from({ length: SESSIONS }, (_, i) => ({ id: newId(), group_id: groups[i % UNITS]!.id, date: day(Math.floor(rand() * 360)), half_day: 'pm', start_time: null, end_time: null, place: null, form: 'collective', host_person_id: null, status: 'held', organizing_body: null, ...lv }));
  await insert('study_sessions', sessions);
  await insert('session_themes', sessions.map((s) => ({ id: newId(), session_id: s.id, text: '专题学习', plan_theme_id: rand() < 0.8 ? pick(themesOf.get(s.group_id)!) : null, ...lv })));
  const attendance = sessions.flatMap((s) => membersOf.get(s.group_id)!.map((p) => {
    const r = rand();
    return { session_id: s.id, person_id: p, status: r < 0.85 ? 'present' : r < 0.95 ? 'on_leave' : 'absent', reason: null, approved_by: null, ...lv };
  }));
  await insert('session_attendance', attendance);
  await insert('speeches', sessions.flatMap((s) => membersOf.get(s.group_id)!.slice(0, 3).map((p) => ({ id: newId(), session_id: s.id, speaker_person_id: p, title: '发言', text: '发言', kind: 'speech', ...lv }))));
  const STATES = ['in_progress', 'completion_reported', 'verified', 'closed', 'closed', 'closed', 'cancelled'];
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const deadline = day(Math.floor(rand() * 365));
    const state = pick(STATES);
    const done = state !== 'in_progress' && state !== 'cancelled';
    const completed = done ? day(Math.floor(rand() * 365)) : null;
    return {
      id: newId(), code: `DB-${YEAR}-${i}`, title: `事项${i}`, content: '内容', level: 'internal' as Level, state, area_id: null, source_kind: 'manual', source_conclusion_id: null, source_session_id: null,
      source_text: null, source_date: null, lead_leader_person_id: pick(people).id, lead_unit_id: pick(units).id, responsible_person_id: null, deadline, original_deadline: deadline,
      report_frequency: 'monthly', report_dates: null, assigned_at: at(day(0)), accepted_at: at(day(1)), completed_at: completed ? at(completed) : null,
      verified_at: state === 'verified' || state === 'closed' ? at(completed!) : null, closed_at: null, cancelled_at: null, cancel_requested_by: null, cancel_requested_by_person: null,
      cancel_requested_at: null, cancel_reason: null, completion_reported_by: null, created_by: null, created_at: T, updated_at: T,
    };
  });
  await insert('duty_tasks', tasks, 100);
  await insert('duty_events', tasks.filter(() => rand() < 0.1).map((t) => ({ id: newId(), task_id: t.id, at: at(day(100)), actor_id: null, actor_name: 'x', kind: 'sent_back', note: null, detail: null, level: 'internal' as Level })));
  await insert('duty_reports', tasks.filter(() => rand() < 0.3).map((t) => ({ id: newId(), task_id: t.id, kind: 'progress', period: null, percent: 50, narrative: 'x', reported_by: 'x', reporter_person_id: null, reported_at: at(day(Math.floor(rand() * 360))), late: rand() < 0.2 ? 1 : 0, level: 'internal' as Level })));
  const template = newId();
  await db.insertInto('letter_templates').values({ id: template, year: YEAR, version: 1, title: 't', text: 't', hash: 'h', created_by: null, level: 'internal', created_at: T }).execute();
  await insert('letters', people.map((p) => ({ id: newId(), year: YEAR, person_id: p.id, role: 'leader', unit_id: null, template_id: template, status: 'signed', issued_at: at(day(30)), signed_at: at(day(40 + Math.floor(rand() * 80))), signed_template_id: null, signed_hash: null, signed_by: null, ...lv })));
  const itpl = newId();
  await db.insertInto('inspection_templates').values({ id: itpl, name: 't', items: '[]', ...lv }).execute();
  const campaign = newId();
  await db.insertInto('inspection_campaigns').values({ id: campaign, year: YEAR, title: 'c', template_id: itpl, ...lv }).execute();
  await insert('inspection_units', units.map((u) => ({ campaign_id: campaign, unit_id: u.id, status: rand() < 0.9 ? 'submitted' : 'pending', submitted_at: null })));
  const findings = units.flatMap((u) => [0, 1, 2].map(() => ({ id: newId(), campaign_id: campaign, unit_id: u.id, item_code: null, description: 'f', severity: 'minor', ...lv })));
  await insert('inspection_findings', findings);
  await insert('rectifications', findings.map((f) => ({ id: newId(), finding_id: f.id, owner_person_id: pick(people).id, deadline: day(200), status: 'closed', evidence: null, closed_at: at(day(180 + Math.floor(rand() * 40))), ...lv })));
  await insert('training_records', people.map((p) => ({ id: newId(), person_id: p.id, course: 'c', date: day(100), hours: Math.floor(rand() * 12), provider: null, ...lv })));
  const indicators = ['duty_on_time', 'duty_first_pass', 'duty_overdue_days', 'duty_late_reports', 'study_attendance', 'study_speeches', 'study_themes', 'secrecy_letter', 'secrecy_inspection', 'secrecy_rectification', 'secrecy_review', 'secrecy_training'];
  const params: Record<string, object> = { duty_overdue_days: { pointsPerDay: 0.1 }, duty_late_reports: { pointsPerReport: 1 }, study_speeches: { perPerson: 1 }, secrecy_letter: { dueMonthDay: '03-31' }, secrecy_training: { hoursPerPerson: 8 } };
  const schemeId = newId();
  await db.insertInto('assessment_schemes').values({ id: schemeId, year: YEAR, title: 'bench', full_score: 120, level: 'internal', created_by: null, created_at: T, updated_at: T }).execute();
  await insert('assessment_indicators', indicators.map((kind, i) => ({ id: newId(), scheme_id: schemeId, area: kind.split('_')[0] === 'duty' ? 'duties' : kind.split('_')[0]!, name: kind, kind, weight: 10, params: JSON.stringify(params[kind] ?? {}), sort_order: i })));
  await insert('assessment_subjects', [...units.map((u) => ({ scheme_id: schemeId, subject_type: 'unit', subject_id: u.id })), ...people.map((p) => ({ scheme_id: schemeId, subject_type: 'leader', subject_id: p.id }))], 500);
  const generated = performance.now() - g0;
  console.log(`generated ${UNITS} units, ${LEADERS} leaders, ${TASKS} tasks, ${SESSIONS} sessions (${attendance.length} attendance rows) in ${(generated / 1000).toFixed(1)} s`);

  const detail = await loadScheme(db, systemActor('bench'), schemeId);
  const f0 = performance.now();
  await loadFacts(db, periodOf(YEAR, `${YEAR}-12-31`, `${YEAR}-12-31`));
  console.log(`reading the year's records alone: ${((performance.now() - f0) / 1000).toFixed(2)} s`);
  for (let round = 1; round <= 3; round++) {
    const t0 = performance.now();
    const result = await computeResult(db, detail, `${YEAR}-12-31`);
    const ms = performance.now() - t0;
    console.log(`round ${round}: scored ${result.subjects.unit.length} units and ${result.subjects.leader.length} leaders in ${(ms / 1000).toFixed(2)} s (top unit ${result.subjects.unit[0]!.total}, bottom ${result.subjects.unit.at(-1)!.total})`);
  }
  // The year's dashboards (GET /api/duties/assessment/dashboard) as a reader who may read everything:
  // every task's light, the months, the groups and the secrecy registers.
  const ctx = { database, settings: loadSettings({ REMIT_DATA_DIR: dir }) };
  const d0 = performance.now();
  const dashboard = await dashboardOf(ctx, systemActor('bench'), YEAR, `${YEAR}-12-31`);
  const tasksShown = dashboard.lightsByUnit.reduce((n, r) => n + r.total, 0);
  console.log(`dashboard of the year: ${tasksShown} tasks' lights, ${dashboard.attendanceByGroup.length} groups, ${dashboard.secrecy?.units.length ?? 0} units' secrecy figures in ${((performance.now() - d0) / 1000).toFixed(2)} s`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
