import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { DutyTask } from '../db/duty-tables.ts';
import { tasksQuery } from '../duties/access.ts';
import { chinaDay } from '../duties/lights.ts';
import { today as dutiesToday } from '../duties/tasks.ts';
import { lightSettings, lightsOf } from '../duties/views.ts';
import { FINISHED_STATES, LIGHTS, type Light, type TaskState } from '../duties/vocabulary.ts';
import type { Actor } from '../security/actor.ts';
import { auditRead } from '../security/audit.ts';
import { joinedNames, type NamedType } from '../security/joined-names.ts';
import { authorize, can, readableLevels } from '../security/policy.ts';
import { sessionsQuery } from '../study/access.ts';
import { periodOf, positionsDuring, type Period } from './facts.ts';
import { KINDS } from './kinds.ts';
import { round2 } from './compute.ts';
import { todayInChina } from './scores.ts';
import { inChunks } from '../db/chunks.ts';

/**
 * The year's dashboards (issue 11): lights of the tasks by area and by lead unit, the on-time rate
 * by month, study attendance by group and the secrecy indicators by unit. Unlike a score, which is
 * the same whoever asks, a dashboard counts only records the reader may read, through the same
 * filters as the lists its charts link to (tasks, sessions, secrecy registers), so a bar's figure
 * is the number of rows its click shows. A unit, area or group the reader may not know is folded
 * into one row with no id and no name ("a unit you may not know"), never named.
 */

/** A row's label: a known record (id and names), the one folded row of hidden ones, or none (no area, no unit). */
export interface DashboardKey {
  id: string | null;
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}

type Counts = Record<Light, number> & { total: number };
export interface LightRow extends Counts { key: DashboardKey }
export interface MonthRow { month: string; from: string; to: string; due: number; onTime: number; rate: number | null }
export interface GroupRow { key: DashboardKey; sessions: number; present: number; absent: number; onLeave: number; rate: number | null }
export interface SecrecyRow {
  key: DashboardKey;
  letters: number;
  lettersOnTime: number;
  inspections: number;
  inspectionsDone: number;
  rectifications: number;
  rectificationsOnTime: number;
  /** Null when the reader may not read pre-publication reviews. */
  reviews: number | null;
  reviewsClosed: number | null;
  trainingHours: number;
}

export interface Dashboard {
  year: number;
  period: Period;
  /** The day the lights are for. */
  lightsOn: string;
  lightsByArea: LightRow[];
  lightsByUnit: LightRow[];
  onTimeByMonth: MonthRow[];
  attendanceByGroup: GroupRow[];
  /** Null when the reader may not read secrecy records. */
  secrecy: { letterDue: string; units: SecrecyRow[] } | null;
}

const FINISHED = ['completion_reported', 'verified', 'closed'];
const HELD = ['held', 'minutes_approved', 'archived'];
const NONE: DashboardKey = { id: null, name: null, nameEn: null, hidden: false };
const HIDDEN: DashboardKey = { id: null, name: null, nameEn: null, hidden: true };
const HIDDEN_KEY = '\u0000hidden';
const NONE_KEY = '\u0000none';

/** A rate to four decimals (a percentage to two). */
const rate4 = (r: number) => Math.round(r * 10_000) / 10_000;
const emptyCounts = (): Counts => ({ green: 0, yellow: 0, red: 0, grey: 0, total: 0 });

/**
 * Rows by unit, area or group id, then folded: every id the reader may not know adds into the one
 * hidden row (whose id and name are null), so a hidden record's figures count without naming it.
 * Known rows come first by name, then "none", then the hidden row.
 */
function fold<T extends object>(rows: Map<string, T>, label: (id: string) => DashboardKey, add: (into: T, from: T) => void, empty: () => T): (T & { key: DashboardKey })[] {
  const known: (T & { key: DashboardKey })[] = [];
  let hidden: T | null = null;
  let none: T | null = null;
  for (const [id, row] of rows) {
    if (id === NONE_KEY) {
      none = row;
      continue;
    }
    const key = id === HIDDEN_KEY ? HIDDEN : label(id);
    if (key.hidden) add((hidden ??= empty()), row);
    else known.push({ ...row, key });
  }
  known.sort((a, b) => (a.key.name ?? '').localeCompare(b.key.name ?? '', 'zh-CN'));
  if (none) known.push({ ...none, key: NONE });
  if (hidden) known.push({ ...hidden, key: HIDDEN });
  return known;
}

function namer(names: Awaited<ReturnType<typeof joinedNames>>, type: NamedType) {
  return (id: string): DashboardKey => {
    const n = names(type, id);
    return n.hidden ? HIDDEN : { id, name: n.name, nameEn: n.nameEn, hidden: false };
  };
}

function addCounts(into: Counts, from: Counts): void {
  for (const l of LIGHTS) into[l] += from[l];
  into.total += from.total;
}

/** Lights (as of `day`) and on-time figures of the tasks the reader may see whose deadline falls in the year. */
async function taskCharts(ctx: Context, actor: Actor, period: Period, day: string) {
  const db = ctx.database.db;
  // The same filter as GET /api/duties/tasks?deadlineFrom=…&deadlineTo=…, which the charts link to.
  const tasks: DutyTask[] = await tasksQuery(db, actor).selectAll().where('duty_tasks.deadline', '>=', `${period.year}-01-01`).where('duty_tasks.deadline', '<=', `${period.year}-12-31`).execute();
  // A closed or cancelled task is grey whatever its reports (lightOf's first rule), so those are not read.
  const lights = new Map<string, Light>();
  const live = tasks.filter((t) => !FINISHED_STATES.includes(t.state as TaskState));
  for (const t of tasks) if (FINISHED_STATES.includes(t.state as TaskState)) lights.set(t.id, 'grey');
  for (const [id, light] of await lightsOf(ctx.database, live, day, lightSettings(ctx))) lights.set(id, light.light);
  const byArea = new Map<string, Counts>();
  const byUnit = new Map<string, Counts>();
  const areaIds = [...new Set(tasks.map((t) => t.area_id).filter((a): a is string => Boolean(a)))];
  const readableAreas = new Map(
    (await inChunks(areaIds, (chunk) => db.selectFrom('duty_areas').select(['id', 'name', 'name_en']).where('id', 'in', chunk).where('level', 'in', readableLevels(actor)).execute())).map((a) => [a.id, a]),
  );
  for (const t of tasks) {
    const light = lights.get(t.id)!;
    const areaKey = t.area_id ? (readableAreas.has(t.area_id) ? t.area_id : HIDDEN_KEY) : NONE_KEY;
    for (const [map, key] of [[byArea, areaKey], [byUnit, t.lead_unit_id ?? NONE_KEY]] as const) {
      const row = map.get(key) ?? emptyCounts();
      row[light]++;
      row.total++;
      map.set(key, row);
    }
  }
  const names = await joinedNames(db, actor, [...byUnit.keys()].map((id) => ({ type: 'unit' as const, id })));
  const areaLabel = (id: string): DashboardKey => {
    const a = readableAreas.get(id);
    return a ? { id, name: a.name, nameEn: a.name_en, hidden: false } : HIDDEN;
  };

  // On time as the assessment counts it (src/assessment/compute.ts, duty_on_time): tasks due in the
  // month up to the period's end, registered and cancelled ones apart; on time when a completion
  // that stands was reported on or before the deadline.
  const dueIn = new Array<number>(13).fill(0);
  const onTimeIn = new Array<number>(13).fill(0);
  for (const t of tasks) {
    if (t.state === 'registered' || t.state === 'cancelled' || t.deadline > period.to) continue;
    const m = Number(t.deadline.slice(5, 7));
    dueIn[m]!++;
    if (FINISHED.includes(t.state) && t.completed_at !== null && chinaDay(t.completed_at) <= t.deadline) onTimeIn[m]!++;
  }
  // A year not yet begun has no month to show.
  const lastMonth = period.to < period.from ? 0 : Number(period.to.slice(5, 7));
  const onTimeByMonth: MonthRow[] = [];
  for (let m = 1; m <= lastMonth; m++) {
    const month = `${period.year}-${String(m).padStart(2, '0')}`;
    const end = new Date(Date.UTC(period.year, m, 0)).toISOString().slice(0, 10);
    const due = dueIn[m]!;
    onTimeByMonth.push({ month, from: `${month}-01`, to: end, due, onTime: onTimeIn[m]!, rate: due ? rate4(onTimeIn[m]! / due) : null });
  }
  return {
    lightsByArea: fold(byArea, areaLabel, addCounts, emptyCounts),
    lightsByUnit: fold(byUnit, namer(names, 'unit'), addCounts, emptyCounts),
    onTimeByMonth,
    count: tasks.length,
  };
}

/** Attendance at the held sessions of the year the reader may read, by study group. */
async function attendanceChart(db: Executor, actor: Actor, period: Period): Promise<GroupRow[]> {
  const rows = await sessionsQuery(db, actor)
    .innerJoin('session_attendance', 'session_attendance.session_id', 'study_sessions.id')
    .select(['study_sessions.id as sessionId', 'study_sessions.group_id as groupId', 'session_attendance.status'])
    .where('study_sessions.status', 'in', HELD)
    .where('study_sessions.date', '>=', period.from)
    .where('study_sessions.date', '<=', period.to)
    .execute();
  type Row = Omit<GroupRow, 'key' | 'rate'> & { sessionIds: Set<string> };
  const byGroup = new Map<string, Row>();
  const empty = (): Row => ({ sessions: 0, present: 0, absent: 0, onLeave: 0, sessionIds: new Set() });
  for (const r of rows) {
    const g = byGroup.get(r.groupId) ?? empty();
    g.sessionIds.add(r.sessionId);
    if (r.status === 'present') g.present++;
    else if (r.status === 'absent') g.absent++;
    else if (r.status === 'on_leave') g.onLeave++;
    byGroup.set(r.groupId, g);
  }
  const names = await joinedNames(db, actor, [...byGroup.keys()].map((id) => ({ type: 'study_group' as const, id })));
  const folded = fold(
    byGroup,
    namer(names, 'study_group'),
    (into, from) => {
      for (const s of from.sessionIds) into.sessionIds.add(s);
      into.present += from.present;
      into.absent += from.absent;
      into.onLeave += from.onLeave;
    },
    empty,
  );
  // Leave with a reason is shown apart and left out of the rate, as in the assessment's formula.
  return folded.map(({ sessionIds, key, present, absent, onLeave }) => ({
    key,
    sessions: sessionIds.size,
    present,
    absent,
    onLeave,
    rate: present + absent > 0 ? rate4(present / (present + absent)) : null,
  }));
}

/** The signing deadline of the year's letters: the year's scheme's letter indicator, or the kind's default. */
async function letterDue(db: Executor, actor: Actor, year: number): Promise<string> {
  const row = await db
    .selectFrom('assessment_indicators')
    .innerJoin('assessment_schemes', 'assessment_schemes.id', 'assessment_indicators.scheme_id')
    .select('assessment_indicators.params')
    .where('assessment_schemes.year', '=', year)
    .where('assessment_schemes.level', 'in', readableLevels(actor))
    .where('assessment_indicators.kind', '=', 'secrecy_letter')
    .executeTakeFirst();
  const parsed = KINDS.secrecy_letter.params.safeParse(row ? JSON.parse(row.params) : {});
  return `${year}-${String(parsed.success ? parsed.data.dueMonthDay : '03-31')}`;
}

/**
 * Secrecy indicators by unit, from the registers the reader may read (the secrecy office's
 * permission and the record's level, as the registers themselves; reviews with the review
 * permission). A person's records count for each unit they held a position in during the year.
 */
async function secrecyChart(db: Executor, actor: Actor, period: Period): Promise<Dashboard['secrecy']> {
  if (!can(actor, 'secrecy.read')) return null;
  const open = readableLevels(actor);
  const { year, from, to } = period;
  const positions = await positionsDuring(db, period);
  const unitsOf = new Map<string, Set<string>>();
  for (const p of positions) unitsOf.set(p.person_id, (unitsOf.get(p.person_id) ?? new Set()).add(p.unit_id));

  type Row = Omit<SecrecyRow, 'key'>;
  const mayReview = can(actor, 'secrecy.review');
  const empty = (): Row => ({ letters: 0, lettersOnTime: 0, inspections: 0, inspectionsDone: 0, rectifications: 0, rectificationsOnTime: 0, reviews: mayReview ? 0 : null, reviewsClosed: mayReview ? 0 : null, trainingHours: 0 });
  const byUnit = new Map<string, Row>();
  const rowOf = (unitId: string) => byUnit.get(unitId) ?? byUnit.set(unitId, empty()).get(unitId)!;
  const unitsFor = (personId: string | null, unitId: string | null = null) => new Set([...(unitId ? [unitId] : []), ...(personId ? (unitsOf.get(personId) ?? []) : [])]);

  const due = await letterDue(db, actor, year);
  for (const l of await db.selectFrom('letters').select(['person_id', 'unit_id', 'signed_at']).where('year', '=', year).where('level', 'in', open).execute()) {
    const onTime = l.signed_at !== null && chinaDay(l.signed_at) <= due;
    for (const u of unitsFor(l.person_id, l.unit_id)) {
      const row = rowOf(u);
      row.letters++;
      if (onTime) row.lettersOnTime++;
    }
  }
  const inspections = await db
    .selectFrom('inspection_units')
    .innerJoin('inspection_campaigns', 'inspection_campaigns.id', 'inspection_units.campaign_id')
    .select(['inspection_units.unit_id', 'inspection_units.status'])
    .where('inspection_campaigns.year', '=', year)
    .where('inspection_campaigns.level', 'in', open)
    .execute();
  for (const i of inspections) {
    const row = rowOf(i.unit_id);
    row.inspections++;
    if (i.status === 'submitted') row.inspectionsDone++;
  }
  const rectifications = await db
    .selectFrom('rectifications')
    .innerJoin('inspection_findings', 'inspection_findings.id', 'rectifications.finding_id')
    .select(['inspection_findings.unit_id', 'rectifications.deadline', 'rectifications.closed_at', 'rectifications.status'])
    .where('rectifications.deadline', '>=', from)
    .where('rectifications.deadline', '<=', to)
    .where('rectifications.level', 'in', open)
    .where('inspection_findings.level', 'in', open)
    .execute();
  for (const r of rectifications) {
    const row = rowOf(r.unit_id);
    row.rectifications++;
    if (r.status === 'closed' && r.closed_at !== null && chinaDay(r.closed_at) <= r.deadline) row.rectificationsOnTime++;
  }
  if (mayReview) {
    const reviews = await db
      .selectFrom('publication_reviews')
      .innerJoin('publication_review_findings as f', 'f.review_id', 'publication_reviews.id')
      .leftJoin('users', 'users.id', 'publication_reviews.reviewer_id')
      .select(['publication_reviews.id', 'publication_reviews.created_at', 'users.person_id', 'f.resolved'])
      .where('f.blocking', '=', 1)
      .where('publication_reviews.level', 'in', open)
      .where('publication_reviews.created_at', '>=', `${year - 1}-12-31T00:00:00`)
      .where('publication_reviews.created_at', '<=', `${year + 1}-01-01T23:59:59`)
      .execute();
    const byReview = new Map<string, { personId: string | null; open: number }>();
    for (const r of reviews) {
      const day = chinaDay(r.created_at);
      if (day < from || day > to) continue;
      const entry = byReview.get(r.id) ?? { personId: r.person_id ?? null, open: 0 };
      if (Number(r.resolved) === 0) entry.open++;
      byReview.set(r.id, entry);
    }
    for (const r of byReview.values()) {
      for (const u of unitsFor(r.personId)) {
        const row = rowOf(u);
        row.reviews = (row.reviews ?? 0) + 1;
        if (r.open === 0) row.reviewsClosed = (row.reviewsClosed ?? 0) + 1;
      }
    }
  }
  for (const t of await db.selectFrom('training_records').select(['person_id', 'hours']).where('date', '>=', from).where('date', '<=', to).where('level', 'in', open).execute()) {
    for (const u of unitsFor(t.person_id)) rowOf(u).trainingHours = round2(rowOf(u).trainingHours + Number(t.hours));
  }
  const names = await joinedNames(db, actor, [...byUnit.keys()].map((id) => ({ type: 'unit' as const, id })));
  const units = fold(
    byUnit,
    namer(names, 'unit'),
    (into, f) => {
      into.letters += f.letters;
      into.lettersOnTime += f.lettersOnTime;
      into.inspections += f.inspections;
      into.inspectionsDone += f.inspectionsDone;
      into.rectifications += f.rectifications;
      into.rectificationsOnTime += f.rectificationsOnTime;
      if (into.reviews !== null && f.reviews !== null) into.reviews += f.reviews;
      if (into.reviewsClosed !== null && f.reviewsClosed !== null) into.reviewsClosed += f.reviewsClosed;
      into.trainingHours = round2(into.trainingHours + f.trainingHours);
    },
    empty,
  );
  return { letterDue: due, units };
}

export async function dashboardOf(ctx: Context, actor: Actor, year: number, asOf?: string): Promise<Dashboard> {
  authorize(actor, 'assessment.read');
  authorize(actor, 'duties.read');
  const period = periodOf(year, asOf, todayInChina());
  const lightsOn = dutiesToday(asOf);
  const db = ctx.database.db;
  const tasks = await taskCharts(ctx, actor, period, lightsOn);
  const attendanceByGroup = await attendanceChart(db, actor, period);
  const secrecy = await secrecyChart(db, actor, period);
  await auditRead(ctx.database, actor, { action: 'assessment.dashboard', objectType: 'assessment_dashboard', objectId: String(year), level: 'internal', detail: { year, asOf: asOf ?? null, tasks: tasks.count } });
  return { year, period, lightsOn, lightsByArea: tasks.lightsByArea, lightsByUnit: tasks.lightsByUnit, onTimeByMonth: tasks.onTimeByMonth, attendanceByGroup, secrecy };
}
