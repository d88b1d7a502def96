import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { addDays } from '../secrecy/records-common.ts';

/**
 * The records an assessment year is computed from, read once for every unit and leader (a year of
 * 100,000 tasks is a handful of queries, not one per subject) and indexed by who they count for.
 * Read with the system's eyes: a score is the same whoever asks; what a reader may know of the
 * records behind it is decided when the breakdown is shown (src/assessment/drilldown.ts).
 */
export interface Period {
  year: number;
  /** First and last day counted, YYYY-MM-DD (the last is the year's end, or the day asked for). */
  from: string;
  to: string;
}

export interface TaskFact { id: string; unitId: string | null; leaderId: string | null; deadline: string; state: string; completedDay: string | null; verifiedDay: string | null; sentBack: number }
export interface LateReportFact { id: string; taskId: string; unitId: string | null; leaderId: string | null; day: string }
export interface AttendanceFact { sessionId: string; personId: string; status: string }
export interface SpeechFact { id: string; sessionId: string; personId: string }
export interface ThemeFact { id: string; groupId: string; required: number; sessionIds: string[] }
export interface LetterFact { id: string; personId: string; unitId: string | null; signedDay: string | null }
export interface InspectionFact { campaignId: string; unitId: string; submitted: boolean }
export interface RectificationFact { id: string; unitId: string; ownerId: string; deadline: string; closedDay: string | null }
export interface ReviewFact { id: string; reviewerPersonId: string | null; blocking: number; unresolved: number }
export interface TrainingFact { id: string; personId: string; hours: number }

export interface Facts {
  period: Period;
  tasks: TaskFact[];
  lateReports: LateReportFact[];
  attendance: AttendanceFact[];
  speeches: SpeechFact[];
  themes: ThemeFact[];
  letters: LetterFact[];
  inspections: InspectionFact[];
  rectifications: RectificationFact[];
  reviews: ReviewFact[];
  training: TrainingFact[];
  peopleOfUnit: Map<string, Set<string>>;
  unitsOfPerson: Map<string, Set<string>>;
  groupsOfUnit: Map<string, Set<string>>;
  groupsOfPerson: Map<string, Set<string>>;
}

const HELD = ['held', 'minutes_approved', 'archived'];
const OPEN_STATES_EXCLUDED = ['registered', 'cancelled'];
const FINISHED = ['completion_reported', 'verified', 'closed'];

/**
 * A stored instant as the day it was in China (periods end on local days). China keeps UTC+8 all
 * year, so shifting by eight hours gives the same day as localDay's Intl formatter at a fraction of
 * its cost, which matters over a year of 100,000 tasks.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const dayOf = (at: string | null): string | null => (at ? new Date(Date.parse(at) + CHINA_OFFSET_MS).toISOString().slice(0, 10) : null);

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

export function periodOf(year: number, asOf: string | undefined, today: string): Period {
  const yearEnd = `${year}-12-31`;
  const end = asOf ?? (today < yearEnd ? today : yearEnd);
  return { year, from: `${year}-01-01`, to: end < yearEnd ? end : yearEnd };
}

/** Who held a position in which unit at any time in the period: a person's records count for each such unit. */
export function positionsDuring(db: Executor, period: Pick<Period, 'from' | 'to'>): Promise<{ person_id: string; unit_id: string }[]> {
  return db
    .selectFrom('positions')
    .select(['person_id', 'unit_id'])
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', period.to)]))
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', period.from)]))
    .execute();
}

export async function loadFacts(db: Executor, period: Period): Promise<Facts> {
  const { from, to, year } = period;
  // Instants stored in UTC; a local day's span is widened by a day each side and cut by its local day.
  const fromTs = `${addDays(from, -1)}T00:00:00`;
  const toTs = `${addDays(to, 1)}T23:59:59`;
  const inPeriod = (day: string | null) => day !== null && day >= from && day <= to;

  const positions = await positionsDuring(db, period);
  const peopleOfUnit = new Map<string, Set<string>>();
  const unitsOfPerson = new Map<string, Set<string>>();
  for (const p of positions) {
    addTo(peopleOfUnit, p.unit_id, p.person_id);
    addTo(unitsOfPerson, p.person_id, p.unit_id);
  }
  const groupsOfUnit = new Map<string, Set<string>>();
  for (const g of await db.selectFrom('study_groups').select(['id', 'unit_id']).execute()) addTo(groupsOfUnit, g.unit_id, g.id);
  const groupsOfPerson = new Map<string, Set<string>>();
  const members = await db
    .selectFrom('study_group_members')
    .select(['group_id', 'person_id'])
    .where((eb) => eb.or([eb('joined_on', 'is', null), eb('joined_on', '<=', to)]))
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>=', from)]))
    .execute();
  for (const m of members) addTo(groupsOfPerson, m.person_id, m.group_id);

  const sentBack = new Map<string, number>();
  const backRows = await db.selectFrom('duty_events').select(['task_id', sql<number>`count(*)`.as('n')]).where('kind', '=', 'sent_back').groupBy('task_id').execute();
  for (const r of backRows) sentBack.set(r.task_id, Number(r.n));
  const taskRows = await db
    .selectFrom('duty_tasks')
    .select(['id', 'lead_unit_id', 'lead_leader_person_id', 'deadline', 'state', 'completed_at', 'verified_at'])
    .where('state', 'not in', OPEN_STATES_EXCLUDED)
    .where((eb) => eb.or([eb.and([eb('deadline', '>=', from), eb('deadline', '<=', to)]), eb.and([eb('verified_at', '>=', fromTs), eb('verified_at', '<=', toTs)])]))
    .execute();
  const tasks: TaskFact[] = taskRows.map((t) => ({
    id: t.id,
    unitId: t.lead_unit_id,
    leaderId: t.lead_leader_person_id,
    deadline: t.deadline,
    state: t.state,
    // Only a task whose completion stands (reported, verified or closed) has a completion day; one sent back is open again.
    completedDay: FINISHED.includes(t.state) ? dayOf(t.completed_at) : null,
    verifiedDay: dayOf(t.verified_at),
    sentBack: sentBack.get(t.id) ?? 0,
  }));

  const lateRows = await db
    .selectFrom('duty_reports')
    .innerJoin('duty_tasks', 'duty_tasks.id', 'duty_reports.task_id')
    .select(['duty_reports.id', 'duty_reports.task_id', 'duty_reports.reported_at', 'duty_tasks.lead_unit_id', 'duty_tasks.lead_leader_person_id'])
    .where('duty_reports.late', '=', 1)
    .where('duty_reports.reported_at', '>=', fromTs)
    .where('duty_reports.reported_at', '<=', toTs)
    .execute();
  const lateReports = lateRows
    .map((r) => ({ id: r.id, taskId: r.task_id, unitId: r.lead_unit_id, leaderId: r.lead_leader_person_id, day: dayOf(r.reported_at)! }))
    .filter((r) => inPeriod(r.day));

  const attendance = (
    await db
      .selectFrom('session_attendance')
      .innerJoin('study_sessions', 'study_sessions.id', 'session_attendance.session_id')
      .select(['session_attendance.session_id', 'session_attendance.person_id', 'session_attendance.status'])
      .where('study_sessions.status', 'in', HELD)
      .where('study_sessions.date', '>=', from)
      .where('study_sessions.date', '<=', to)
      .execute()
  ).map((a) => ({ sessionId: a.session_id, personId: a.person_id, status: a.status }));

  const speeches = (
    await db
      .selectFrom('speeches')
      .innerJoin('study_sessions', 'study_sessions.id', 'speeches.session_id')
      .select(['speeches.id', 'speeches.session_id', 'speeches.speaker_person_id'])
      .where('speeches.speaker_person_id', 'is not', null)
      .where('study_sessions.status', 'in', HELD)
      .where('study_sessions.date', '>=', from)
      .where('study_sessions.date', '<=', to)
      .execute()
  ).map((s) => ({ id: s.id, sessionId: s.session_id, personId: s.speaker_person_id! }));

  const themeRows = await db
    .selectFrom('plan_themes')
    .innerJoin('study_plans', 'study_plans.id', 'plan_themes.plan_id')
    .select(['plan_themes.id', 'study_plans.group_id', 'plan_themes.required_sessions'])
    .where('study_plans.year', '=', year)
    .execute();
  const coverage = await db
    .selectFrom('session_themes')
    .innerJoin('study_sessions', 'study_sessions.id', 'session_themes.session_id')
    .select(['session_themes.plan_theme_id', 'session_themes.session_id'])
    .where('session_themes.plan_theme_id', 'is not', null)
    .where('study_sessions.status', 'in', HELD)
    .where('study_sessions.date', '>=', from)
    .where('study_sessions.date', '<=', to)
    .execute();
  const sessionsOfTheme = new Map<string, Set<string>>();
  for (const c of coverage) addTo(sessionsOfTheme, c.plan_theme_id!, c.session_id);
  const themes = themeRows.map((t) => ({ id: t.id, groupId: t.group_id, required: Math.max(1, t.required_sessions), sessionIds: [...(sessionsOfTheme.get(t.id) ?? [])] }));

  const letters = (await db.selectFrom('letters').select(['id', 'person_id', 'unit_id', 'signed_at']).where('year', '=', year).execute()).map((l) => ({
    id: l.id,
    personId: l.person_id,
    unitId: l.unit_id,
    signedDay: dayOf(l.signed_at),
  }));

  const inspections = (
    await db
      .selectFrom('inspection_units')
      .innerJoin('inspection_campaigns', 'inspection_campaigns.id', 'inspection_units.campaign_id')
      .select(['inspection_units.campaign_id', 'inspection_units.unit_id', 'inspection_units.status'])
      .where('inspection_campaigns.year', '=', year)
      .execute()
  ).map((i) => ({ campaignId: i.campaign_id, unitId: i.unit_id, submitted: i.status === 'submitted' }));

  const rectifications = (
    await db
      .selectFrom('rectifications')
      .innerJoin('inspection_findings', 'inspection_findings.id', 'rectifications.finding_id')
      .select(['rectifications.id', 'inspection_findings.unit_id', 'rectifications.owner_person_id', 'rectifications.deadline', 'rectifications.closed_at', 'rectifications.status'])
      .where('rectifications.deadline', '>=', from)
      .where('rectifications.deadline', '<=', to)
      .execute()
  ).map((r) => ({ id: r.id, unitId: r.unit_id, ownerId: r.owner_person_id, deadline: r.deadline, closedDay: r.status === 'closed' ? dayOf(r.closed_at) : null }));

  const reviewRows = await db
    .selectFrom('publication_reviews')
    .innerJoin('publication_review_findings as f', 'f.review_id', 'publication_reviews.id')
    .leftJoin('users', 'users.id', 'publication_reviews.reviewer_id')
    .select([
      'publication_reviews.id',
      'publication_reviews.created_at',
      'users.person_id',
      sql<number>`count(*)`.as('blocking'),
      sql<number>`sum(case when f.resolved = 0 then 1 else 0 end)`.as('unresolved'),
    ])
    .where('f.blocking', '=', 1)
    .where('publication_reviews.created_at', '>=', fromTs)
    .where('publication_reviews.created_at', '<=', toTs)
    .groupBy(['publication_reviews.id', 'publication_reviews.created_at', 'users.person_id'])
    .execute();
  const reviews = reviewRows
    .filter((r) => inPeriod(dayOf(r.created_at)))
    .map((r) => ({ id: r.id, reviewerPersonId: r.person_id ?? null, blocking: Number(r.blocking), unresolved: Number(r.unresolved) }));

  const training = (await db.selectFrom('training_records').select(['id', 'person_id', 'hours']).where('date', '>=', from).where('date', '<=', to).execute()).map((t) => ({
    id: t.id,
    personId: t.person_id,
    hours: Number(t.hours),
  }));

  return { period, tasks, lateReports, attendance, speeches, themes, letters, inspections, rectifications, reviews, training, peopleOfUnit, unitsOfPerson, groupsOfUnit, groupsOfPerson };
}
