import type { Context } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { DutyEvent, DutyExtension, DutyMilestone, DutyReport, DutySubtask, DutyTask } from '../db/duty-tables.ts';
import { sessionsQuery } from '../study/access.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames, type JoinedName, type JoinedRef, type NamedType, type NamesRead } from '../security/joined-names.ts';
import { knownNamesQuery } from '../security/reads.ts';
import { can, canRead, readableLevels } from '../security/policy.ts';
import { handles, unitsOf } from './access.ts';
import { lightOf, type LightResult, type LightSettings } from './lights.ts';
import { CONCLUSION_SOURCES, OPEN_STATES, WORKING_STATES, type SourceKind, type TaskState } from './vocabulary.ts';
import { calendarOf, type Calendar } from './working-days.ts';
import { CHUNK } from '../db/chunks.ts';
import { isIn, readTogether, type ReadsOf } from '../db/together.ts';

/**
 * Tasks as a reader sees them: each with its light for the day, the names it shows (as far as the
 * reader may know them), its area, and its source link only where the reader may read the session.
 */
export type NameOf = (type: NamedType, id: string | null | undefined) => JoinedName;

export interface TaskView {
  task: DutyTask;
  light: LightResult;
  cooperating: string[];
  area: { id: string; name: string; name_en: string | null } | null;
  /** The source session and conclusion, when the reader may read them. */
  sourceLink: { sessionId: string; conclusionId: string | null } | null;
  nameOf: NameOf;
}

export function lightSettings(ctx: Context) {
  return { acceptDays: ctx.settings.dutiesAcceptDays, yellowDays: ctx.settings.dutiesYellowDays };
}

/** What lightsOf reads, when the caller has it already (a task's detail reads its milestones and reports whole). */
export interface LightInputs {
  calendar?: Calendar;
  reports?: readonly Pick<DutyReport, 'task_id' | 'period' | 'kind'>[];
  milestones?: readonly Pick<DutyMilestone, 'task_id' | 'due_date' | 'weight'>[];
}

/** Which of lightReads' reads the caller makes itself (given, or to be given once read with the rest). */
type LightInputsGiven = { [K in keyof LightInputs]?: unknown };

/** The reads the lights of a chunk of tasks need, but for those the caller has (readTogether runs them). */
function lightReads(database: Database, ids: readonly string[], given: LightInputsGiven) {
  const db = database.db;
  return {
    ...(!given.calendar && { holidays: db.selectFrom('duty_holidays').select(['day', 'kind']) }),
    ...(!given.reports && { reports: db.selectFrom('duty_reports').select(['task_id', 'period', 'kind']).where(isIn(database.dialect, 'task_id', ids)).where('kind', '=', 'progress') }),
    ...(!given.milestones && { milestones: db.selectFrom('duty_milestones').select(['task_id', 'due_date', 'weight']).where(isIn(database.dialect, 'task_id', ids)) }),
  };
}

type LightReadResults = Partial<ReadsOf<ReturnType<typeof lightReads>>>;

/** Lights of a chunk's tasks, from what lightReads read and what the caller gave. */
function lightsFrom(rows: readonly DutyTask[], today: string, settings: LightSettings, given: LightInputs, read: LightReadResults, lights: Map<string, LightResult>): void {
  const calendar = given.calendar ?? calendarOf(read.holidays ?? []);
  // Grouped by task first: matching each task against every report is quadratic over a year's tasks.
  const periodsOf = new Map<string, Set<string>>();
  for (const r of given.reports ?? read.reports ?? []) if (r.period && r.kind === 'progress') periodsOf.set(r.task_id, (periodsOf.get(r.task_id) ?? new Set()).add(r.period));
  const milestonesOf = new Map<string, Pick<DutyMilestone, 'task_id' | 'due_date' | 'weight'>[]>();
  for (const m of given.milestones ?? read.milestones ?? []) {
    const list = milestonesOf.get(m.task_id);
    if (list) list.push(m);
    else milestonesOf.set(m.task_id, [m]);
  }
  for (const task of rows) lights.set(task.id, lightOf(task, calendar, today, settings, periodsOf.get(task.id) ?? new Set(), milestonesOf.get(task.id) ?? []));
}

/** Lights of tasks for a day, from their reports and milestones (no names: the scheduler and list filters use this). */
export async function lightsOf(database: Database, rows: readonly DutyTask[], today: string, settings: LightSettings, given: LightInputs = {}): Promise<Map<string, LightResult>> {
  const lights = new Map<string, LightResult>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const read = await readTogether(database, lightReads(database, chunk.map((r) => r.id), given));
    lightsFrom(chunk, today, settings, given, read, lights);
  }
  return lights;
}

/** The ids a chunk of tasks refers to, which a view of them looks up. */
interface TaskRefs {
  tasks: string[];
  areas: string[];
  sessions: string[];
  conclusions: string[];
  people: string[];
  units: string[];
}

const present = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))];

function refsOf(rows: readonly DutyTask[]): TaskRefs {
  return {
    tasks: rows.map((r) => r.id),
    areas: present(rows.map((r) => r.area_id)),
    sessions: present(rows.map((r) => r.source_session_id)),
    conclusions: present(rows.map((r) => r.source_conclusion_id)),
    people: present(rows.flatMap((r) => [r.lead_leader_person_id, r.responsible_person_id])),
    units: present(rows.map((r) => r.lead_unit_id)),
  };
}

/** What a view of tasks reads beside the rows: the lights' inputs but those given, cooperating units, areas, sessions, conclusions and names. */
function taskViewReads(ctx: Context, actor: Actor, refs: TaskRefs, given: LightInputsGiven) {
  const { db, dialect } = ctx.database;
  return {
    ...lightReads(ctx.database, refs.tasks, given),
    cooperating: db.selectFrom('duty_task_units').select(['task_id', 'unit_id']).where(isIn(dialect, 'task_id', refs.tasks)),
    ...(refs.areas.length > 0 && { areas: db.selectFrom('duty_areas').select(['id', 'name', 'name_en']).where(isIn(dialect, 'id', refs.areas)).where('level', 'in', readableLevels(actor)) }),
    ...(refs.sessions.length > 0 && { sessions: sessionsQuery(db, actor).select('study_sessions.id').where(isIn(dialect, 'study_sessions.id', refs.sessions)) }),
    ...(refs.conclusions.length > 0 && { conclusions: db.selectFrom('conclusions').select(['id', 'level']).where(isIn(dialect, 'id', refs.conclusions)) }),
    ...(refs.people.length > 0 && { people: knownNamesQuery(ctx.database, actor, 'person', refs.people) }),
    ...(refs.units.length > 0 && { units: knownNamesQuery(ctx.database, actor, 'unit', refs.units) }),
  };
}

type TaskViewRead = ReadsOf<ReturnType<typeof taskViewReads>>;

interface ViewOptions {
  /** References beyond the tasks' own whose names the page shows too (a task's subtasks). */
  extraRefs?: JoinedRef[];
  lightInputs?: LightInputs;
  /** taskViewReads of all the rows, read already with the caller's own reads (a task's page). */
  read?: TaskViewRead;
}

export async function viewTasks(ctx: Context, actor: Actor, rows: readonly DutyTask[], today: string, options: ViewOptions = {}): Promise<TaskView[]> {
  const lightInputs = options.lightInputs ?? {};
  const parts: { rows: readonly DutyTask[]; refs: TaskRefs; read: TaskViewRead }[] = [];
  if (options.read) parts.push({ rows, refs: refsOf(rows), read: options.read });
  else {
    // The light's reads and the view's in one round trip a chunk (PostgreSQL; SQLite reads them in turn).
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const refs = refsOf(chunk);
      parts.push({ rows: chunk, refs, read: await readTogether(ctx.database, taskViewReads(ctx, actor, refs, lightInputs)) });
    }
  }
  const lights = new Map<string, LightResult>();
  const cooperating: { task_id: string; unit_id: string }[] = [];
  const areas: { id: string; name: string; name_en: string | null }[] = [];
  const knownSessions = new Set<string>();
  const knownConclusions = new Set<string>();
  const names: NamesRead[] = [];
  for (const { rows: chunk, refs, read } of parts) {
    names.push({ type: 'person', ids: refs.people, rows: read.people ?? [] }, { type: 'unit', ids: refs.units, rows: read.units ?? [] });
    lightsFrom(chunk, today, lightSettings(ctx), lightInputs, read, lights);
    cooperating.push(...read.cooperating);
    areas.push(...(read.areas ?? []));
    for (const s of read.sessions ?? []) knownSessions.add(s.id);
    for (const c of read.conclusions ?? []) if (canRead(actor, c)) knownConclusions.add(c.id);
  }
  const nameOf = await joinedNames(ctx.database.db, actor, [
    ...rows.flatMap((r) => [
      { type: 'person' as const, id: r.lead_leader_person_id },
      { type: 'person' as const, id: r.responsible_person_id },
      { type: 'unit' as const, id: r.lead_unit_id },
    ]),
    ...cooperating.map((c) => ({ type: 'unit' as const, id: c.unit_id })),
    ...(options.extraRefs ?? []),
  ], names);
  return rows.map((task) => ({
    task,
    light: lights.get(task.id)!,
    cooperating: cooperating.filter((c) => c.task_id === task.id).map((c) => c.unit_id),
    area: areas.find((a) => a.id === task.area_id) ?? null,
    sourceLink:
      task.source_session_id && knownSessions.has(task.source_session_id)
        ? { sessionId: task.source_session_id, conclusionId: task.source_conclusion_id && knownConclusions.has(task.source_conclusion_id) ? task.source_conclusion_id : null }
        : null,
    nameOf,
  }));
}

export interface ReportView {
  id: string;
  kind: string;
  period: string | null;
  percent: number;
  narrative: string;
  reported_by: string;
  reported_at: string;
  late: number;
  files: { id: string; name: string; media_type: string; size: number }[];
}

export interface Permissions {
  edit: boolean;
  assign: boolean;
  accept: boolean;
  report: boolean;
  complete: boolean;
  verify: boolean;
  close: boolean;
  extend: boolean;
  decideExtension: boolean;
  remind: boolean;
  instruct: boolean;
  cancel: boolean;
  decideCancel: boolean;
}

export interface TaskDetailView extends TaskView {
  milestones: DutyMilestone[];
  subtasks: DutySubtask[];
  events: DutyEvent[];
  reports: ReportView[];
  extensions: DutyExtension[];
  may: Permissions;
}

/** What the actor may do next with the task, for the page's buttons; the services check the same again. */
export function permissionsFor(actor: Actor, task: DutyTask, myUnits: readonly string[], pendingExtension: DutyExtension | undefined): Permissions {
  const state = task.state as TaskState;
  const supervise = can(actor, 'duties.supervise');
  const handler = can(actor, 'duties.handle') && handles(task, actor.personId, myUnits);
  const leadLeader = actor.personId !== null && actor.personId === task.lead_leader_person_id;
  const finished = state === 'closed' || state === 'cancelled';
  return {
    edit: supervise && !finished,
    assign: supervise && (state === 'registered' || state === 'returned'),
    accept: handler && state === 'assigned',
    report: handler && WORKING_STATES.includes(state),
    complete: handler && WORKING_STATES.includes(state),
    verify: supervise && state === 'completion_reported' && task.completion_reported_by !== actor.id && task.responsible_person_id !== actor.personId,
    close: supervise && state === 'verified',
    extend: handler && OPEN_STATES.includes(state) && state !== 'registered' && !pendingExtension,
    decideExtension: Boolean(pendingExtension) && (supervise || leadLeader) && pendingExtension!.requested_by !== actor.id,
    remind: supervise && ['assigned', 'accepted', 'in_progress'].includes(state),
    instruct: (can(actor, 'duties.instruct') || supervise) && state !== 'cancelled',
    cancel: (supervise || leadLeader) && !finished && !task.cancel_requested_at,
    decideCancel: can(actor, 'duties.instruct') && Boolean(task.cancel_requested_at) && task.cancel_requested_by !== actor.id,
  };
}

export async function viewTaskDetail(ctx: Context, actor: Actor, task: DutyTask, today: string): Promise<TaskDetailView> {
  const db = ctx.database.db;
  // The task's lists and its view's reads in one round trip on PostgreSQL (readTogether), beside the
  // reader's units; the lights take the milestones and reports from here rather than reading them again.
  const [{ milestones, subtasks, events, reports, files, extensions, ...viewRead }, myUnits] = await Promise.all([
    readTogether(ctx.database, {
      // The view's reads but the lights' milestones and reports, which are read whole below.
      ...taskViewReads(ctx, actor, refsOf([task]), { milestones: true, reports: true }),
      milestones: db.selectFrom('duty_milestones').selectAll().where('task_id', '=', task.id).orderBy('sort_order').orderBy('due_date'),
      subtasks: db.selectFrom('duty_subtasks').selectAll().where('task_id', '=', task.id).orderBy('sort_order'),
      events: db.selectFrom('duty_events').selectAll().where('task_id', '=', task.id).orderBy('at').orderBy('id'),
      reports: db.selectFrom('duty_reports').selectAll().where('task_id', '=', task.id).orderBy('reported_at'),
      files: db.selectFrom('duty_files').select(['id', 'report_id', 'name', 'media_type', 'size']).where('task_id', '=', task.id).orderBy('created_at'),
      extensions: db.selectFrom('duty_extensions').selectAll().where('task_id', '=', task.id).orderBy('requested_at'),
    }),
    unitsOf(db, actor.personId),
  ]);
  const extraRefs = subtasks.flatMap((s) => [
    { type: 'unit' as const, id: s.unit_id },
    { type: 'person' as const, id: s.responsible_person_id },
  ]);
  const [view] = await viewTasks(ctx, actor, [task], today, { extraRefs, lightInputs: { milestones, reports }, read: viewRead });
  const pending = extensions.find((e) => e.state === 'pending');
  return {
    ...view!,
    milestones,
    subtasks,
    events,
    reports: reports.map((r) => ({ ...r, files: files.filter((f) => f.report_id === r.id) })),
    extensions,
    may: permissionsFor(actor, task, myUnits, pending),
  };
}

export const isConclusionSource = (kind: string) => CONCLUSION_SOURCES.includes(kind as SourceKind);
