import type { ExpressionBuilder } from 'kysely';
import type { Context } from '../context.ts';
import type { Tables } from '../db/tables.ts';
import { lockChain, type Executor, type Trx } from '../db/database.ts';
import type { DutyTask } from '../db/duty-tables.ts';
import { namedColumns } from '../db/columns.ts';
import { contains, paginate, paginateByKey } from '../db/paging.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { readsScope, scopeNewRecord, visibilityKey } from '../security/knowable.ts';
import { atMost, type Level } from '../security/levels.ts';
import { assertMayClassify, authorize, can, canRead } from '../security/policy.ts';
import { auditListRead, guardRead } from '../security/reads.ts';
import { sessionsQuery } from '../study/access.ts';
import { assertKnown, assertState, loadTaskForWrite, tasksQuery, unitsOf } from './access.ts';
import { recordTaskEvent } from './events.ts';
import { chinaDay } from './lights.ts';
import { taskInput, taskPatch, type TaskInput, type TaskListQuery, type TaskPatch } from './schemas.ts';
import { lightSettings, lightsOf, viewTaskDetail, viewTasks, type TaskDetailView, type TaskView } from './views.ts';
import { CONCLUSION_SOURCES, FINISHED_STATES, WORKING_STATES, type SourceKind, type TaskState } from './vocabulary.ts';

/** Tasks (督办事项): registering, editing and reading them; the lifecycle steps are in lifecycle.ts. */

export const today = (asOf?: string) => asOf ?? chinaDay(new Date());

/** Progress rolls up from subtasks and milestones by weight; without either, the latest report's percent. */
export async function refreshProgress(trx: Trx, taskId: string): Promise<number> {
  const subtasks = await trx.selectFrom('duty_subtasks').select(['weight', 'progress']).where('task_id', '=', taskId).execute();
  const milestones = await trx.selectFrom('duty_milestones').select(['weight', 'done']).where('task_id', '=', taskId).execute();
  const parts = [...subtasks.map((s) => ({ weight: s.weight, progress: s.progress })), ...milestones.map((m) => ({ weight: m.weight, progress: m.done ? 100 : 0 }))];
  const total = parts.reduce((s, p) => s + p.weight, 0);
  let progress: number;
  if (total > 0) progress = Math.round(parts.reduce((s, p) => s + p.weight * p.progress, 0) / total);
  else {
    const last = await trx.selectFrom('duty_reports').select('percent').where('task_id', '=', taskId).orderBy('reported_at', 'desc').limit(1).executeTakeFirst();
    progress = last?.percent ?? 0;
  }
  await trx.updateTable('duty_tasks').set({ progress }).where('id', '=', taskId).execute();
  return progress;
}

async function nextCode(trx: Trx, ctx: Context, year: string): Promise<string> {
  // Two registrations at once on PostgreSQL would read the same last code: the year's numbering is
  // taken under a lock held to the end of the transaction (SQLite has one writer already).
  await lockChain(trx, ctx.database.dialect, `duty_task_code:${year}`);
  const prefix = `DB-${year}-`;
  const last = await trx.selectFrom('duty_tasks').select('code').where('code', 'like', `${prefix}%`).orderBy('code', 'desc').limit(1).executeTakeFirst();
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

interface SourceRow {
  source_kind: SourceKind;
  source_conclusion_id: string | null;
  source_session_id: string | null;
  source_text: string | null;
  source_date: string | null;
}

/**
 * A conclusion source must be a conclusion of a session the actor may read, and the task takes at
 * least its level (a task made from a conclusion repeats it).
 */
async function resolveSource(db: Executor, actor: Actor, source: TaskInput['source'], level: Level): Promise<SourceRow> {
  const kind = source?.kind ?? 'manual';
  if (CONCLUSION_SOURCES.includes(kind)) {
    if (!source?.conclusionId) throw new AppError(422, 'conclusion_source_required', {}, { code: 'source_required' });
    const conclusion = await db.selectFrom('conclusions').select(['id', 'session_id', 'kind', 'text', 'level']).where('id', '=', source.conclusionId).executeTakeFirst();
    const session = conclusion && canRead(actor, conclusion) ? await sessionsQuery(db, actor).select('study_sessions.id').where('study_sessions.id', '=', conclusion.session_id).executeTakeFirst() : undefined;
    if (!conclusion || !session) throw unprocessable('unknown_source', { conclusionId: source.conclusionId });
    if (!atMost(conclusion.level, level)) {
      throw unprocessable('level_below_source', { level: conclusion.level }, { level: conclusion.level });
    }
    return { source_kind: conclusion.kind === 'finding' ? 'finding' : 'requirement', source_conclusion_id: conclusion.id, source_session_id: conclusion.session_id, source_text: null, source_date: null };
  }
  if (kind === 'instruction' && (!source?.text || !source.date)) {
    throw new AppError(422, 'instruction_source_required', {}, { code: 'source_required' });
  }
  return { source_kind: kind, source_conclusion_id: null, source_session_id: null, source_text: source?.text ?? null, source_date: source?.date ?? null };
}

async function assertRefs(trx: Trx, actor: Actor, input: Partial<Pick<TaskInput, 'leadLeaderPersonId' | 'leadUnitId' | 'responsiblePersonId' | 'cooperatingUnitIds' | 'areaId' | 'subtasks'>>): Promise<void> {
  await assertKnown(trx, actor, 'person', input.leadLeaderPersonId, 'lead leader');
  await assertKnown(trx, actor, 'unit', input.leadUnitId, 'lead unit');
  await assertKnown(trx, actor, 'person', input.responsiblePersonId, 'responsible person');
  for (const u of input.cooperatingUnitIds ?? []) await assertKnown(trx, actor, 'unit', u, 'cooperating unit');
  for (const s of input.subtasks ?? []) {
    await assertKnown(trx, actor, 'unit', s.unitId, 'subtask unit');
    await assertKnown(trx, actor, 'person', s.responsiblePersonId, 'subtask responsible person');
  }
  if (input.areaId) {
    const area = await trx.selectFrom('duty_areas').select(['id', 'level']).where('id', '=', input.areaId).executeTakeFirst();
    if (!area || !canRead(actor, area)) throw unprocessable('unknown_area', { areaId: input.areaId });
  }
}

type ParsedTask = ReturnType<typeof taskInput.parse>;

async function writeLists(trx: Trx, taskId: string, level: Level, input: Partial<Pick<ParsedTask, 'milestones' | 'subtasks' | 'cooperatingUnitIds'>>): Promise<void> {
  const stamp = now();
  if (input.cooperatingUnitIds) {
    await trx.deleteFrom('duty_task_units').where('task_id', '=', taskId).execute();
    const units = [...new Set(input.cooperatingUnitIds)];
    if (units.length > 0) await trx.insertInto('duty_task_units').values(units.map((unit_id) => ({ task_id: taskId, unit_id }))).execute();
  }
  if (input.milestones) {
    await trx.deleteFrom('duty_milestones').where('task_id', '=', taskId).execute();
    for (const [i, m] of input.milestones.entries()) {
      await trx.insertInto('duty_milestones').values({ id: newId(), task_id: taskId, title: m.title, due_date: m.dueDate, weight: m.weight, done: 0, done_at: null, sort_order: i, level, created_at: stamp, updated_at: stamp }).execute();
    }
  }
  if (input.subtasks) {
    // A subtask kept (same unit and title) keeps its progress.
    const before = await trx.selectFrom('duty_subtasks').select(['unit_id', 'title', 'progress']).where('task_id', '=', taskId).execute();
    await trx.deleteFrom('duty_subtasks').where('task_id', '=', taskId).execute();
    for (const [i, s] of input.subtasks.entries()) {
      const progress = before.find((b) => b.unit_id === s.unitId && b.title === s.title)?.progress ?? 0;
      await trx
        .insertInto('duty_subtasks')
        .values({ id: newId(), task_id: taskId, unit_id: s.unitId, title: s.title, weight: s.weight, progress, responsible_person_id: s.responsiblePersonId ?? null, sort_order: i, level, created_at: stamp, updated_at: stamp })
        .execute();
    }
  }
}

/** Registers a task (立项) inside the caller's transaction; returns its id. */
export async function insertTask(trx: Trx, ctx: Context, actor: Actor, input: ParsedTask): Promise<string> {
  const source = await resolveSource(trx, actor, input.source, input.level);
  await assertRefs(trx, actor, input);
  if (input.reportFrequency === 'dates' && input.reportDates.length === 0) throw unprocessable('report_dates_required');
  const id = newId();
  const stamp = now();
  await trx
    .insertInto('duty_tasks')
    .values({
      id,
      code: await nextCode(trx, ctx, input.deadline.slice(0, 4)),
      title: input.title,
      content: input.content,
      level: input.level,
      state: 'registered',
      area_id: input.areaId ?? null,
      ...source,
      lead_leader_person_id: input.leadLeaderPersonId ?? null,
      lead_unit_id: input.leadUnitId ?? null,
      responsible_person_id: input.responsiblePersonId ?? null,
      deadline: input.deadline,
      original_deadline: input.deadline,
      report_frequency: input.reportFrequency,
      report_dates: input.reportFrequency === 'dates' ? JSON.stringify([...new Set(input.reportDates)].sort()) : null,
      assigned_at: null,
      accepted_at: null,
      completed_at: null,
      verified_at: null,
      closed_at: null,
      cancelled_at: null,
      cancel_requested_by: null,
      cancel_requested_by_person: null,
      cancel_requested_at: null,
      cancel_reason: null,
      completion_reported_by: null,
      created_by: actor.id,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  await writeLists(trx, id, input.level, input);
  await scopeNewRecord(trx, actor, 'duty_task', id, input.level);
  await refreshProgress(trx, id);
  await recordTaskEvent(trx, actor, id, { kind: 'registered', detail: { sourceKind: source.source_kind, deadline: input.deadline } });
  return id;
}

export async function createTask(ctx: Context, actor: Actor, raw: TaskInput): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  const input = taskInput.parse(raw);
  assertMayClassify(actor, input.level, ctx.settings.ceiling);
  const id = await writeAudited(ctx, actor, async (trx) => {
    const taskId = await insertTask(trx, ctx, actor, input);
    return { result: taskId, audit: { action: 'duty_task.create', objectType: 'duty_task', objectId: taskId, level: input.level, detail: { title: input.title, sourceKind: input.source?.kind ?? 'manual', deadline: input.deadline } } };
  });
  return getTask(ctx, actor, id);
}

const CHILD_TABLES = ['duty_milestones', 'duty_subtasks', 'duty_events', 'duty_reports', 'duty_files', 'duty_extensions'] as const;

export async function updateTask(ctx: Context, actor: Actor, id: string, raw: TaskPatch): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  const patch = taskPatch.parse(raw);
  if (patch.level) assertMayClassify(actor, patch.level, ctx.settings.ceiling);
  await writeAudited(ctx, actor, async (trx) => {
    const task = await loadTaskForEdit(trx, actor, id);
    const level = patch.level ?? task.level;
    if (patch.level && task.source_conclusion_id) {
      const conclusion = await trx.selectFrom('conclusions').select('level').where('id', '=', task.source_conclusion_id).executeTakeFirst();
      if (conclusion && !atMost(conclusion.level, level)) {
        throw unprocessable('level_below_source', { level: conclusion.level }, { level: conclusion.level });
      }
    }
    await assertRefs(trx, actor, patch);
    const deadlineChanged = patch.deadline !== undefined && patch.deadline !== task.deadline;
    if (deadlineChanged && !patch.reason) throw new AppError(422, 'deadline_reason_required', {}, { code: 'reason_required' });
    const frequency = patch.reportFrequency ?? task.report_frequency;
    const dates = patch.reportDates ?? (task.report_dates ? (JSON.parse(task.report_dates) as string[]) : []);
    if (frequency === 'dates' && dates.length === 0) throw unprocessable('report_dates_required');
    await trx
      .updateTable('duty_tasks')
      .set({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.content !== undefined && { content: patch.content }),
        level,
        ...(patch.areaId !== undefined && { area_id: patch.areaId ?? null }),
        ...(patch.leadLeaderPersonId !== undefined && { lead_leader_person_id: patch.leadLeaderPersonId ?? null }),
        ...(patch.leadUnitId !== undefined && { lead_unit_id: patch.leadUnitId ?? null }),
        ...(patch.responsiblePersonId !== undefined && { responsible_person_id: patch.responsiblePersonId ?? null }),
        ...(patch.deadline !== undefined && { deadline: patch.deadline }),
        report_frequency: frequency,
        report_dates: frequency === 'dates' ? JSON.stringify([...new Set(dates)].sort()) : null,
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    if (level !== task.level) {
      // The parts repeat the task's level, so they are read under the same rule.
      for (const table of CHILD_TABLES) await trx.updateTable(table).set({ level }).where('task_id', '=', id).execute();
      await scopeNewRecord(trx, actor, 'duty_task', id, level);
    }
    await writeLists(trx, id, level, patch);
    await refreshProgress(trx, id);
    const { reason, ...changed } = patch;
    await recordTaskEvent(trx, actor, id, { kind: 'updated', detail: { fields: Object.keys(changed).filter((k) => k !== 'deadline') } });
    if (deadlineChanged) await recordTaskEvent(trx, actor, id, { kind: 'deadline_changed', note: reason, detail: { oldDeadline: task.deadline, newDeadline: patch.deadline } });
    return {
      result: undefined,
      audit: { action: 'duty_task.update', objectType: 'duty_task', objectId: id, level: level === task.level ? level : (atMost(level, task.level) ? task.level : level), detail: { fields: Object.keys(changed), ...(deadlineChanged && { oldDeadline: task.deadline, newDeadline: patch.deadline, reason }) } },
    };
  });
  return getTask(ctx, actor, id);
}

async function loadTaskForEdit(trx: Trx, actor: Actor, id: string): Promise<DutyTask> {
  const task = await loadTaskForWrite(trx, actor, id);
  assertState(task, ['registered', 'assigned', 'accepted', 'returned', 'in_progress', 'completion_reported', 'verified'], 'edited');
  return task;
}

/** Only a task still registered (never assigned) may be deleted; later ones are cancelled with approval. */
export async function deleteTask(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'duties.supervise');
  await writeAudited(ctx, actor, async (trx) => {
      const task = await loadTaskForWrite(trx, actor, id);
    assertState(task, ['registered'], 'deleted (cancel it instead)');
    await trx.deleteFrom('knowable_scope').where('object_type', '=', 'duty_task').where('object_id', '=', id).execute();
    await trx.deleteFrom('duty_tasks').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'duty_task.delete', objectType: 'duty_task', objectId: id, level: task.level, detail: { code: task.code, title: task.title } } };
  });
}

export async function getTask(ctx: Context, actor: Actor, id: string, asOf?: string): Promise<TaskDetailView> {
  authorize(actor, 'duties.read');
  const row = await tasksQuery(ctx.database.db, actor).selectAll().where('duty_tasks.id', '=', id).executeTakeFirst();
  const task = await guardRead(ctx, actor, 'duty_task', id, row);
  return viewTaskDetail(ctx, actor, task, today(asOf));
}

const SORTABLE: Record<string, 'duty_tasks.deadline' | 'duty_tasks.created_at' | 'duty_tasks.title' | 'duty_tasks.state' | 'duty_tasks.progress' | 'duty_tasks.code'> = { deadline: 'duty_tasks.deadline', createdAt: 'duty_tasks.created_at', title: 'duty_tasks.title', state: 'duty_tasks.state', progress: 'duty_tasks.progress', code: 'duty_tasks.code' };
const TASK_COLUMNS = namedColumns<DutyTask, 'duty_tasks'>('duty_tasks', {
  id: true,
  code: true,
  title: true,
  content: true,
  level: true,
  state: true,
  area_id: true,
  source_kind: true,
  source_conclusion_id: true,
  source_session_id: true,
  source_text: true,
  source_date: true,
  lead_leader_person_id: true,
  lead_unit_id: true,
  responsible_person_id: true,
  deadline: true,
  original_deadline: true,
  report_frequency: true,
  report_dates: true,
  progress: true,
  sent_back: true,
  assigned_at: true,
  accepted_at: true,
  completed_at: true,
  verified_at: true,
  closed_at: true,
  cancelled_at: true,
  cancel_requested_by: true,
  cancel_requested_by_person: true,
  cancel_requested_at: true,
  cancel_reason: true,
  completion_reported_by: true,
  created_by: true,
  created_at: true,
  updated_at: true,
});
/** Above this many matches a light filter, which is worked out per task, asks for narrower filters. */
const LIGHT_FILTER_LIMIT = 5000;

function filtered(db: Executor, actor: Actor, f: Omit<TaskListQuery, 'page' | 'pageSize' | 'sort' | 'order' | 'light' | 'asOf'>) {
  let query = tasksQuery(db, actor);
  if (f.q) query = query.where((eb) => eb.or([contains('duty_tasks.title', f.q!), contains('duty_tasks.code', f.q!), contains('duty_tasks.content', f.q!)]));
  if (f.areaId === 'none') query = query.where('duty_tasks.area_id', 'is', null);
  else if (f.areaId) query = query.where('duty_tasks.area_id', '=', f.areaId);
  if (f.leadUnitId) query = query.where('duty_tasks.lead_unit_id', '=', f.leadUnitId);
  if (f.state) query = query.where('duty_tasks.state', '=', f.state);
  if (f.sourceKind) query = query.where('duty_tasks.source_kind', '=', f.sourceKind);
  if (f.leaderPersonId) query = query.where('duty_tasks.lead_leader_person_id', '=', f.leaderPersonId);
  if (f.deadlineFrom) query = query.where('duty_tasks.deadline', '>=', f.deadlineFrom);
  if (f.deadlineTo) query = query.where('duty_tasks.deadline', '<=', f.deadlineTo);
  if (f.unitId) {
    const unitId = f.unitId;
    query = query.where((eb) =>
      eb.or([
        eb('duty_tasks.lead_unit_id', '=', unitId),
        eb.exists(eb.selectFrom('duty_task_units').select('duty_task_units.task_id').whereRef('duty_task_units.task_id', '=', 'duty_tasks.id').where('duty_task_units.unit_id', '=', unitId)),
        eb.exists(eb.selectFrom('duty_subtasks').select('duty_subtasks.task_id').whereRef('duty_subtasks.task_id', '=', 'duty_tasks.id').where('duty_subtasks.unit_id', '=', unitId)),
      ]),
    );
  }
  return query;
}

export interface TaskPage {
  items: TaskView[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export async function listTasks(ctx: Context, actor: Actor, params: TaskListQuery, action: 'list' | 'export' = 'list'): Promise<TaskPage> {
  authorize(actor, 'duties.read');
  const db = ctx.database.db;
  const { page, pageSize, sort, order, light, asOf, ...filters } = params;
  const day = today(asOf);
  let rows: DutyTask[];
  let total: number;
  let totalCapped = false;
  if (light) {
    const key = sort ?? 'deadline';
    const column = Object.hasOwn(SORTABLE, key) ? SORTABLE[key] : undefined;
    if (!column) throw unprocessable('invalid_sort', { sortKey: sort, sortable: Object.keys(SORTABLE) });
    const all = await filtered(db, actor, filters).selectAll().orderBy(column, order).orderBy('duty_tasks.id').limit(LIGHT_FILTER_LIMIT + 1).execute();
    if (all.length > LIGHT_FILTER_LIMIT) throw new AppError(422, 'too_many_for_light', { limit: LIGHT_FILTER_LIMIT }, { code: 'too_many' });
    const lights = await lightsOf(ctx.database, all, day, lightSettings(ctx));
    const matching = all.filter((t) => lights.get(t.id)!.light === light);
    total = matching.length;
    rows = matching.slice((page - 1) * pageSize, page * pageSize);
  } else {
    const listParams = { page, pageSize, sort, order, q: undefined };
    const defaults = { sort: 'deadline', idColumn: 'duty_tasks.id' };
    // The whole list, as most readers open it, is compiled once per reader visibility (as the roster is).
    const result = Object.values(filters).every((value) => value === undefined)
      ? await paginateByKey(ctx.database, `duty_tasks:${visibilityKey(actor)}`, () => tasksQuery(db, actor), (qb) => qb.select(TASK_COLUMNS), listParams, SORTABLE, defaults, readsScope(actor) ? undefined : 'duty_tasks')
      : await paginate(filtered(db, actor, filters), (qb) => qb.select(TASK_COLUMNS), listParams, SORTABLE, defaults);
    rows = result.items as DutyTask[];
    total = result.total;
    totalCapped = 'totalCapped' in result && result.totalCapped === true;
  }
  await auditListRead(ctx, actor, 'duty_task', action, rows);
  return { items: await viewTasks(ctx, actor, rows, day), total, totalCapped, page, pageSize };
}

export type MineKind = 'responsible' | 'unit' | 'leader' | 'to_accept' | 'to_verify' | 'to_report' | 'overdue';
const MINE_LIMIT = 500;

/** "My tasks" for the workbench: as responsible person, lead-unit member or lead leader, and what waits for me. */
export async function myTasks(ctx: Context, actor: Actor, as: MineKind, asOf?: string): Promise<TaskView[]> {
  authorize(actor, 'duties.read');
  const db = ctx.database.db;
  const day = today(asOf);
  const personId = actor.personId ?? '';
  const units = await unitsOf(db, actor.personId);
  let query = tasksQuery(db, actor).where('duty_tasks.state', 'not in', ['closed', 'cancelled']);
  const onTask = (eb: ExpressionBuilder<Tables, 'duty_tasks'>) =>
    eb.or([
      eb('duty_tasks.responsible_person_id', '=', personId),
      eb('duty_tasks.lead_leader_person_id', '=', personId),
      ...(units.length > 0 ? [eb('duty_tasks.lead_unit_id', 'in', units)] : []),
    ]);
  const handlesIt = (eb: ExpressionBuilder<Tables, 'duty_tasks'>) =>
    eb.or([eb('duty_tasks.responsible_person_id', '=', personId), ...(units.length > 0 ? [eb('duty_tasks.lead_unit_id', 'in', units)] : [])]);
  switch (as) {
    case 'responsible':
      query = query.where('duty_tasks.responsible_person_id', '=', personId);
      break;
    case 'unit':
      if (units.length === 0) return [];
      query = query.where('duty_tasks.lead_unit_id', 'in', units);
      break;
    case 'leader':
      query = query.where('duty_tasks.lead_leader_person_id', '=', personId);
      break;
    case 'to_accept':
      query = query.where('duty_tasks.state', '=', 'assigned').where(handlesIt);
      break;
    case 'to_verify':
      if (!can(actor, 'duties.supervise')) return [];
      query = query.where('duty_tasks.state', '=', 'completion_reported');
      break;
    case 'to_report':
      query = query.where('duty_tasks.state', 'in', [...WORKING_STATES]).where(handlesIt);
      break;
    case 'overdue':
      if (!can(actor, 'duties.supervise')) query = query.where(onTask);
      break;
  }
  if (!actor.personId && as !== 'to_verify' && !(as === 'overdue' && can(actor, 'duties.supervise'))) return [];
  let rows = await query.selectAll().orderBy('duty_tasks.deadline').orderBy('duty_tasks.id').limit(MINE_LIMIT).execute();
  if (as === 'to_report' || as === 'overdue') {
    const lights = await lightsOf(ctx.database, rows, day, lightSettings(ctx));
    rows = rows.filter((t) => {
      const l = lights.get(t.id)!;
      return as === 'overdue' ? l.reasons.some((r) => r === 'overdue' || r === 'report_overdue' || r === 'accept_overdue') : l.reasons.some((r) => r === 'report_overdue' || r === 'report_soon' || r === 'deadline_soon');
    });
  }
  await auditListRead(ctx, actor, 'duty_task', 'list', rows);
  return viewTasks(ctx, actor, rows, day);
}

export interface Summary {
  toAccept: number;
  toReport: number;
  toVerify: number;
  overdue: number;
  dueThisWeek: number;
  byLight: Record<'green' | 'yellow' | 'red' | 'grey', number>;
}

/** What waits for the reader (home page and workbench counts). */
export async function summary(ctx: Context, actor: Actor, asOf?: string): Promise<Summary> {
  const day = today(asOf);
  const count = async (k: MineKind) => (await myTasks(ctx, actor, k, day)).length;
  const toAccept = await count('to_accept');
  const toReport = await count('to_report');
  const toVerify = await count('to_verify');
  const overdue = await count('overdue');
  const db = ctx.database.db;
  const open = await tasksQuery(db, actor).selectAll().where('duty_tasks.state', 'not in', ['closed', 'cancelled']).limit(LIGHT_FILTER_LIMIT).execute();
  const lights = await lightsOf(ctx.database, open, day, lightSettings(ctx));
  const byLight = { green: 0, yellow: 0, red: 0, grey: 0 };
  for (const l of lights.values()) byLight[l.light]++;
  byLight.grey = Number((await tasksQuery(db, actor).select((eb) => eb.fn.countAll().as('n')).where('duty_tasks.state', 'in', ['closed', 'cancelled']).executeTakeFirstOrThrow()).n);
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const sunday = new Date(Date.parse(`${day}T00:00:00Z`) + (6 - weekday) * 86_400_000).toISOString().slice(0, 10);
  const dueThisWeek = open.filter((t) => !FINISHED_STATES.includes(t.state as TaskState) && t.deadline >= day && t.deadline <= sunday).length;
  return { toAccept, toReport, toVerify, overdue, dueThisWeek, byLight };
}

/** Sessions' conclusions with the tasks made from them, as far as the reader may see (the link shown both ways). */
export async function conclusionTasks(ctx: Context, actor: Actor, sessionId: string, asOf?: string) {
  authorize(actor, 'duties.read');
  const db = ctx.database.db;
  const session = await sessionsQuery(db, actor).select(['study_sessions.id', 'study_sessions.level']).where('study_sessions.id', '=', sessionId).executeTakeFirst();
  await guardRead(ctx, actor, 'study_session', sessionId, session);
  const conclusions = (await db.selectFrom('conclusions').selectAll().where('session_id', '=', sessionId).orderBy('sort_order').execute()).filter((c) => canRead(actor, c));
  const ids = conclusions.map((c) => c.id);
  const tasks = ids.length === 0 ? [] : await tasksQuery(db, actor).selectAll().where('duty_tasks.source_conclusion_id', 'in', ids).orderBy('duty_tasks.code').execute();
  await auditListRead(ctx, actor, 'duty_task', 'list', tasks);
  const lights = await lightsOf(ctx.database, tasks, today(asOf), lightSettings(ctx));
  return conclusions.map((c) => ({
    conclusion: c,
    tasks: tasks.filter((t) => t.source_conclusion_id === c.id).map((t) => ({ id: t.id, code: t.code, title: t.title, state: t.state, light: lights.get(t.id)!.light, deadline: t.deadline })),
  }));
}

