import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { DutyEvent, DutyExtension, DutyMilestone, DutySubtask, DutyTask } from '../db/duty-tables.ts';
import { sessionsQuery } from '../study/access.ts';
import type { Actor } from '../security/actor.ts';
import { joinedNames, type JoinedName, type NamedType } from '../security/joined-names.ts';
import { can, canRead, readableLevels } from '../security/policy.ts';
import { handles, unitsOf } from './access.ts';
import { lightOf, type LightResult } from './lights.ts';
import { CONCLUSION_SOURCES, OPEN_STATES, WORKING_STATES, type SourceKind, type TaskState } from './vocabulary.ts';
import { workingCalendar, type Calendar } from './working-days.ts';
import { inChunks } from '../db/chunks.ts';

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

/** Lights of tasks for a day, from their reports and milestones (no names: the scheduler and list filters use this). */
export async function lightsOf(db: Executor, rows: readonly DutyTask[], today: string, settings: { acceptDays: number; yellowDays: number }, calendar?: Calendar): Promise<Map<string, LightResult>> {
  const ids = rows.map((r) => r.id);
  const [cal, reports, milestones] = await Promise.all([
    calendar ?? workingCalendar(db),
    inChunks(ids, (chunk) => db.selectFrom('duty_reports').select(['task_id', 'period']).where('task_id', 'in', chunk).where('kind', '=', 'progress').execute()),
    inChunks(ids, (chunk) => db.selectFrom('duty_milestones').select(['task_id', 'due_date', 'weight']).where('task_id', 'in', chunk).execute()),
  ]);
  // Grouped by task first: matching each task against every report is quadratic over a year's tasks.
  const periodsOf = new Map<string, Set<string>>();
  for (const r of reports) if (r.period) periodsOf.set(r.task_id, (periodsOf.get(r.task_id) ?? new Set()).add(r.period));
  const milestonesOf = new Map<string, (typeof milestones)[number][]>();
  for (const m of milestones) {
    const list = milestonesOf.get(m.task_id);
    if (list) list.push(m);
    else milestonesOf.set(m.task_id, [m]);
  }
  const lights = new Map<string, LightResult>();
  for (const task of rows) lights.set(task.id, lightOf(task, cal, today, settings, periodsOf.get(task.id) ?? new Set(), milestonesOf.get(task.id) ?? []));
  return lights;
}

export async function viewTasks(ctx: Context, actor: Actor, rows: readonly DutyTask[], today: string, extraRefs: { type: NamedType; id: string | null }[] = []): Promise<TaskView[]> {
  const db = ctx.database.db;
  const ids = rows.map((r) => r.id);
  const areaIds = [...new Set(rows.map((r) => r.area_id).filter((a): a is string => Boolean(a)))];
  const sessionIds = [...new Set(rows.map((r) => r.source_session_id).filter((s): s is string => Boolean(s)))];
  const conclusionIds = [...new Set(rows.map((r) => r.source_conclusion_id).filter((c): c is string => Boolean(c)))];
  // Independent reads asked for at once (on PostgreSQL, round trips side by side on pooled connections).
  const [lights, cooperating, areas, sessions, conclusions] = await Promise.all([
    lightsOf(db, rows, today, lightSettings(ctx)),
    inChunks(ids, (chunk) => db.selectFrom('duty_task_units').select(['task_id', 'unit_id']).where('task_id', 'in', chunk).execute()),
    inChunks(areaIds, (chunk) => db.selectFrom('duty_areas').select(['id', 'name', 'name_en']).where('id', 'in', chunk).where('level', 'in', readableLevels(actor)).execute()),
    inChunks(sessionIds, (chunk) => sessionsQuery(db, actor).select('study_sessions.id').where('study_sessions.id', 'in', chunk).execute()),
    inChunks(conclusionIds, (chunk) => db.selectFrom('conclusions').select(['id', 'level']).where('id', 'in', chunk).execute()),
  ]);
  const knownSessions = new Set(sessions.map((s) => s.id));
  const knownConclusions = new Set(conclusions.filter((c) => canRead(actor, c)).map((c) => c.id));
  const nameOf = await joinedNames(db, actor, [
    ...rows.flatMap((r) => [
      { type: 'person' as const, id: r.lead_leader_person_id },
      { type: 'person' as const, id: r.responsible_person_id },
      { type: 'unit' as const, id: r.lead_unit_id },
    ]),
    ...cooperating.map((c) => ({ type: 'unit' as const, id: c.unit_id })),
    ...extraRefs,
  ]);
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
  // Asked for at once: on PostgreSQL each goes to a pooled connection of its own, and the page waits
  // for one round trip instead of six in a row (SQLite answers them one after another either way).
  const [milestones, subtasks, events, reports, files, extensions] = await Promise.all([
    db.selectFrom('duty_milestones').selectAll().where('task_id', '=', task.id).orderBy('sort_order').orderBy('due_date').execute(),
    db.selectFrom('duty_subtasks').selectAll().where('task_id', '=', task.id).orderBy('sort_order').execute(),
    db.selectFrom('duty_events').selectAll().where('task_id', '=', task.id).orderBy('at').orderBy('id').execute(),
    db.selectFrom('duty_reports').selectAll().where('task_id', '=', task.id).orderBy('reported_at').execute(),
    db.selectFrom('duty_files').select(['id', 'report_id', 'name', 'media_type', 'size']).where('task_id', '=', task.id).orderBy('created_at').execute(),
    db.selectFrom('duty_extensions').selectAll().where('task_id', '=', task.id).orderBy('requested_at').execute(),
  ]);
  const [view] = await viewTasks(ctx, actor, [task], today, [
    ...subtasks.flatMap((s) => [
      { type: 'unit' as const, id: s.unit_id },
      { type: 'person' as const, id: s.responsible_person_id },
    ]),
  ]);
  const pending = extensions.find((e) => e.state === 'pending');
  return {
    ...view!,
    milestones,
    subtasks,
    events,
    reports: reports.map((r) => ({ ...r, files: files.filter((f) => f.report_id === r.id) })),
    extensions,
    may: permissionsFor(actor, task, await unitsOf(db, actor.personId), pending),
  };
}

export const isConclusionSource = (kind: string) => CONCLUSION_SOURCES.includes(kind as SourceKind);
