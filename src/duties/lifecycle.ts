import type { Context } from '../context.ts';
import type { Trx } from '../db/database.ts';
import type { Updateable } from 'kysely';
import type { DutyTask, DutyTaskTable } from '../db/duty-tables.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { authorize, can } from '../security/policy.ts';
import { assertHandler, assertKnown, assertState, handles, loadTaskForWrite, tasksQuery, unitsOf } from './access.ts';
import { recordTaskEvent, type TaskEventInput } from './events.ts';
import { notifyTaskPeople } from './notify-task.ts';
import type { NotificationKind } from '../notify/kinds.ts';
import { chinaDay, periodsOf } from './lights.ts';
import type { AssignInput, CompleteInput, FileInput, InstructionInput, ReportInput, VerifyInput } from './schemas.ts';
import { getTask, refreshProgress, today } from './tasks.ts';
import type { TaskDetailView } from './views.ts';
import { OPEN_STATES, WORKING_STATES, type TaskState } from './vocabulary.ts';
import { workingCalendar, workingDaysUntil } from './working-days.ts';
import { guardRead } from '../security/reads.ts';

/**
 * The lifecycle of a task (docs/duties-api.md): each step is one audited transaction that checks
 * the actor's role and person, the task's state, and records the step on the timeline.
 */
type Step = (trx: Trx, task: DutyTask) => Promise<{ event: TaskEventInput; detail?: Record<string, unknown>; extraEvents?: TaskEventInput[] }>;

const NOTIFIED_EVENTS: Partial<Record<string, NotificationKind>> = { assigned: 'task_assigned', reminded: 'task_reminder', instruction: 'task_instruction', sent_back: 'task_sent_back' };

async function step(ctx: Context, actor: Actor, id: string, action: string, run: Step): Promise<TaskDetailView> {
  await writeAudited(ctx, actor, async (trx) => {
    const task = await loadTaskForWrite(trx, actor, id);
    const { event, detail, extraEvents } = await run(trx, task);
    await recordTaskEvent(trx, actor, id, event);
    for (const extra of extraEvents ?? []) await recordTaskEvent(trx, actor, id, extra);
    // Everyone on the task hears of an assignment, a reminder, an instruction or a send-back (inbox and e-mail), in this transaction.
    const notice = NOTIFIED_EVENTS[event.kind];
    if (notice) await notifyTaskPeople(ctx, trx, { taskId: id, kind: notice, actor });
    return { result: undefined, audit: { action: `duty_task.${action}`, objectType: 'duty_task', objectId: id, level: task.level, detail: { from: task.state, ...(detail ?? {}) } } };
  });
  return getTask(ctx, actor, id);
}

const setState = (trx: Trx, id: string, values: Updateable<DutyTaskTable>) =>
  trx.updateTable('duty_tasks').set({ ...values, updated_at: now() }).where('id', '=', id).execute();

/** 交办: the office gives the task to a lead leader, lead unit and its responsible person with a deadline. */
export function assignTask(ctx: Context, actor: Actor, id: string, input: AssignInput): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  return step(ctx, actor, id, 'assign', async (trx, task) => {
    assertState(task, ['registered', 'returned'], 'assigned');
    await assertKnown(trx, actor, 'person', input.leadLeaderPersonId, 'lead leader');
    await assertKnown(trx, actor, 'unit', input.leadUnitId, 'lead unit');
    await assertKnown(trx, actor, 'person', input.responsiblePersonId, 'responsible person');
    const leadUnit = input.leadUnitId ?? task.lead_unit_id;
    const responsible = input.responsiblePersonId ?? task.responsible_person_id;
    if (!leadUnit || !responsible) throw unprocessable('assignee_required');
    const deadline = input.deadline ?? task.deadline;
    if (deadline < today()) throw unprocessable('deadline_passed', { deadline });
    await setState(trx, id, {
      state: 'assigned',
      lead_leader_person_id: input.leadLeaderPersonId ?? task.lead_leader_person_id,
      lead_unit_id: leadUnit,
      responsible_person_id: responsible,
      deadline,
      assigned_at: now(),
      accepted_at: null,
    });
    const extraEvents: TaskEventInput[] = deadline !== task.deadline ? [{ kind: 'deadline_changed', note: input.note ?? null, detail: { oldDeadline: task.deadline, newDeadline: deadline } }] : [];
    return { event: { kind: 'assigned', note: input.note ?? null, detail: { leadUnitId: leadUnit, responsiblePersonId: responsible, deadline } }, detail: { leadUnitId: leadUnit, responsiblePersonId: responsible, deadline }, extraEvents };
  });
}

/** 签收: the lead unit takes the task on; after the set working days it is late, which the event keeps. */
export function acceptTask(ctx: Context, actor: Actor, id: string, note: string | null): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'accept', async (trx, task) => {
    await assertHandler(trx, actor, task, 'accept this task');
    assertState(task, ['assigned'], 'accepted');
    const calendar = await workingCalendar(trx);
    const late = task.assigned_at ? workingDaysUntil(calendar, chinaDay(task.assigned_at), today()) > ctx.settings.dutiesAcceptDays : false;
    await setState(trx, id, { state: 'accepted', accepted_at: now() });
    return { event: { kind: 'accepted', note, detail: { late } }, detail: { late } };
  });
}

/** 退回交办: the lead unit gives the task back with its reason (not theirs, or not as assigned). */
export function returnTask(ctx: Context, actor: Actor, id: string, reason: string): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'return', async (trx, task) => {
    await assertHandler(trx, actor, task, 'return this task');
    assertState(task, ['assigned'], 'returned');
    await setState(trx, id, { state: 'returned' });
    return { event: { kind: 'returned', note: reason }, detail: { reason } };
  });
}

const MAX_FILE_BYTES = 1024 * 1024;

async function saveFiles(trx: Trx, task: DutyTask, reportId: string, files: readonly FileInput[]): Promise<void> {
  for (const file of files) {
    const bytes = Buffer.from(file.contentBase64, 'base64');
    if (bytes.length === 0) throw unprocessable('empty_file', { name: file.name });
    if (bytes.length > MAX_FILE_BYTES) throw unprocessable('file_too_large', { name: file.name, size: bytes.length }, { name: file.name, size: bytes.length });
    await trx
      .insertInto('duty_files')
      .values({ id: newId(), task_id: task.id, report_id: reportId, name: file.name, media_type: file.mediaType, size: bytes.length, content: bytes.toString('base64'), level: task.level, created_at: now() })
      .execute();
  }
}

/**
 * The period a report answers: the one named, else the earliest period already begun without a
 * report (a late report fills the period it is late for), else the current one.
 */
async function periodFor(trx: Trx, task: DutyTask, named: string | null | undefined, day: string): Promise<{ period: string | null; late: boolean }> {
  const periods = periodsOf(await workingCalendar(trx), task);
  if (periods.length === 0) return { period: named ?? null, late: false };
  const reported = new Set((await trx.selectFrom('duty_reports').select('period').where('task_id', '=', task.id).where('kind', '=', 'progress').execute()).map((r) => r.period));
  const unreported = periods.filter((p) => !reported.has(p.period));
  const chosen = named ? periods.find((p) => p.period === named) : (unreported[0] ?? periods.find((p) => p.due >= day) ?? periods.at(-1));
  if (!chosen) throw unprocessable('unknown_period', { named, periods: periods.map((p) => p.period) }, { periods: periods.map((p) => p.period) });
  return { period: chosen.period, late: day > chosen.due };
}

/** 反馈: a progress report with percent, narrative and evidence for a reporting period. */
export function reportProgress(ctx: Context, actor: Actor, id: string, input: ReportInput): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'report', async (trx, task) => {
    await assertHandler(trx, actor, task, 'report on this task');
    assertState(task, WORKING_STATES, 'reported on');
    const { period, late } = await periodFor(trx, task, input.period, today());
    const reportId = newId();
    await trx
      .insertInto('duty_reports')
      .values({ id: reportId, task_id: id, kind: 'progress', period, percent: input.percent, narrative: input.narrative, reported_by: actor.name, reporter_person_id: actor.personId, reported_at: now(), late: late ? 1 : 0, level: task.level })
      .execute();
    await saveFiles(trx, task, reportId, input.files ?? []);
    await setState(trx, id, { state: 'in_progress' });
    const progress = await refreshProgress(trx, id);
    return { event: { kind: 'reported', note: null, detail: { reportId, period, percent: input.percent, late, files: (input.files ?? []).length } }, detail: { reportId, period, percent: input.percent, late, progress } };
  });
}

/** 办结报告: the lead unit reports the task done, with evidence; the office verifies it next. */
export function completeTask(ctx: Context, actor: Actor, id: string, input: CompleteInput): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'complete', async (trx, task) => {
    await assertHandler(trx, actor, task, 'report this task completed');
    assertState(task, WORKING_STATES, 'reported completed');
    const reportId = newId();
    const late = today() > task.deadline;
    await trx
      .insertInto('duty_reports')
      .values({ id: reportId, task_id: id, kind: 'completion', period: null, percent: 100, narrative: input.narrative, reported_by: actor.name, reporter_person_id: actor.personId, reported_at: now(), late: late ? 1 : 0, level: task.level })
      .execute();
    await saveFiles(trx, task, reportId, input.files ?? []);
    await setState(trx, id, { state: 'completion_reported', completed_at: now(), completion_reported_by: actor.id, progress: 100 });
    return { event: { kind: 'completion_reported', detail: { reportId, late, files: (input.files ?? []).length } }, detail: { reportId, late } };
  });
}

/** 核查: the office accepts the completion, or sends it back (退回) with reasons, which reopens the task. */
export function verifyTask(ctx: Context, actor: Actor, id: string, input: VerifyInput): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  return step(ctx, actor, id, input.outcome === 'accept' ? 'verify' : 'send_back', async (trx, task) => {
    assertState(task, ['completion_reported'], 'verified');
    if (task.completion_reported_by === actor.id || (actor.personId && actor.personId === task.responsible_person_id)) {
      throw forbidden('verifier_not_separate');
    }
    if (input.outcome === 'accept') {
      await setState(trx, id, { state: 'verified', verified_at: now(), sent_back: 0 });
      return { event: { kind: 'verified', note: input.reason ?? null } };
    }
    if (!input.reason) throw new AppError(422, 'return_reason_required', {}, { code: 'reason_required' });
    await setState(trx, id, { state: 'in_progress', sent_back: 1, completed_at: null, completion_reported_by: null });
    await refreshProgress(trx, id);
    return { event: { kind: 'sent_back', note: input.reason }, detail: { reason: input.reason } };
  });
}

/** 销号: a verified task is closed. */
export function closeTask(ctx: Context, actor: Actor, id: string, note: string | null): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  return step(ctx, actor, id, 'close', async (trx, task) => {
    assertState(task, ['verified'], 'closed');
    await setState(trx, id, { state: 'closed', closed_at: now(), progress: 100 });
    return { event: { kind: 'closed', note } };
  });
}

/** 延期申请: the lead unit asks, before the deadline, for a later one with a reason. */
export function requestExtension(ctx: Context, actor: Actor, id: string, input: { newDeadline: string; reason: string }): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'extension_request', async (trx, task) => {
    await assertHandler(trx, actor, task, 'ask for an extension');
    assertState(task, ['assigned', 'accepted', 'in_progress'], 'extended');
    if (today() > task.deadline) throw new AppError(422, 'deadline_passed_extension', { deadline: task.deadline }, { code: 'deadline_passed' });
    if (input.newDeadline <= task.deadline) throw unprocessable('not_later', { deadline: task.deadline });
    const pending = await trx.selectFrom('duty_extensions').select('id').where('task_id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('extension_pending');
    const extensionId = newId();
    await trx
      .insertInto('duty_extensions')
      .values({ id: extensionId, task_id: id, old_deadline: task.deadline, new_deadline: input.newDeadline, reason: input.reason, state: 'pending', requested_by: actor.id ?? actor.name, requester_person_id: actor.personId, requested_at: now(), decided_by: null, decided_at: null, decision_note: null, level: task.level })
      .execute();
    return { event: { kind: 'extension_requested', note: input.reason, detail: { extensionId, oldDeadline: task.deadline, newDeadline: input.newDeadline } }, detail: { extensionId, newDeadline: input.newDeadline } };
  });
}

/** The office or the task's lead leader approves or refuses an extension; approval moves the deadline, kept in the history. */
export async function decideExtension(ctx: Context, actor: Actor, extensionId: string, approve: boolean, note: string | null): Promise<TaskDetailView> {
  const extension = await ctx.database.db.selectFrom('duty_extensions').selectAll().where('id', '=', extensionId).executeTakeFirst();
  const visible = extension && (await tasksQuery(ctx.database.db, actor).select('duty_tasks.id').where('duty_tasks.id', '=', extension.task_id).executeTakeFirst());
  if (!extension || !visible) throw notFound('extension_request', extensionId);
  return step(ctx, actor, extension.task_id, approve ? 'extension_approve' : 'extension_refuse', async (trx, task) => {
    const current = await trx.selectFrom('duty_extensions').selectAll().where('id', '=', extensionId).executeTakeFirstOrThrow();
    if (current.state !== 'pending') throw conflict('extension_already_decided', { state: current.state });
    const leadLeader = actor.personId !== null && actor.personId === task.lead_leader_person_id;
    if (!can(actor, 'duties.supervise') && !leadLeader) throw forbidden('extension_decider_only');
    if (current.requested_by === actor.id || (actor.personId && current.requester_person_id === actor.personId)) throw forbidden('extension_own_request');
    await trx.updateTable('duty_extensions').set({ state: approve ? 'approved' : 'refused', decided_by: actor.name, decided_at: now(), decision_note: note }).where('id', '=', extensionId).execute();
    const extraEvents: TaskEventInput[] = [];
    if (approve) {
      await setState(trx, task.id, { deadline: current.new_deadline });
      extraEvents.push({ kind: 'deadline_changed', note: current.reason, detail: { oldDeadline: task.deadline, newDeadline: current.new_deadline, extensionId } });
    }
    return {
      event: { kind: approve ? 'extension_approved' : 'extension_refused', note, detail: { extensionId, newDeadline: current.new_deadline } },
      detail: { extensionId, approve, oldDeadline: task.deadline, newDeadline: current.new_deadline },
      extraEvents,
    };
  });
}

/** 撤销: the office or the lead leader asks to cancel a task; a leader other than the requester approves. */
export function requestCancellation(ctx: Context, actor: Actor, id: string, reason: string): Promise<TaskDetailView> {
  return step(ctx, actor, id, 'cancel_request', async (trx, task) => {
    const leadLeader = actor.personId !== null && actor.personId === task.lead_leader_person_id;
    if (!can(actor, 'duties.supervise') && !leadLeader) throw forbidden('cancel_requester_only');
    assertState(task, [...OPEN_STATES, 'completion_reported', 'verified'], 'cancelled');
    if (task.cancel_requested_at) throw conflict('cancellation_pending');
    await setState(trx, id, { cancel_requested_by: actor.id, cancel_requested_by_person: actor.personId, cancel_requested_at: now(), cancel_reason: reason });
    return { event: { kind: 'cancel_requested', note: reason }, detail: { reason } };
  });
}

export function decideCancellation(ctx: Context, actor: Actor, id: string, approve: boolean, note: string | null): Promise<TaskDetailView> {
  authorize(actor, 'duties.instruct');
  return step(ctx, actor, id, approve ? 'cancel' : 'cancel_refuse', async (trx, task) => {
    if (!task.cancel_requested_at) throw conflict('no_cancellation_request');
    if (task.cancel_requested_by === actor.id || (actor.personId && task.cancel_requested_by_person === actor.personId)) throw forbidden('cancellation_own_request');
    const clear = { cancel_requested_by: null, cancel_requested_by_person: null, cancel_requested_at: null };
    if (approve) await setState(trx, id, { ...clear, state: 'cancelled', cancelled_at: now() });
    else await setState(trx, id, { ...clear, cancel_reason: null });
    return { event: { kind: approve ? 'cancel_approved' : 'cancel_refused', note, detail: { reason: task.cancel_reason } }, detail: { reason: task.cancel_reason } };
  });
}

/** 催办: the office reminds the unit; logged on the task (notifications deliver it). */
export function remindTask(ctx: Context, actor: Actor, id: string, note: string | null): Promise<TaskDetailView> {
  authorize(actor, 'duties.supervise');
  return step(ctx, actor, id, 'remind', async (_trx, task) => {
    assertState(task, ['assigned', 'accepted', 'in_progress'], 'reminded');
    return { event: { kind: 'reminded', note } };
  });
}

/** 批示: a leader's instruction on the task (a leader's own, or recorded by the office naming the leader). */
export function addInstruction(ctx: Context, actor: Actor, id: string, input: InstructionInput): Promise<TaskDetailView> {
  const leader = can(actor, 'duties.instruct');
  if (!leader && !can(actor, 'duties.supervise')) throw forbidden('instruction_leader_only');
  return step(ctx, actor, id, 'instruct', async (trx, task) => {
    if ((task.state as TaskState) === 'cancelled') throw conflict('task_cancelled');
    const leaderPersonId = input.leaderPersonId ?? (leader ? actor.personId : null);
    if (!leaderPersonId) throw unprocessable('leader_required');
    await assertKnown(trx, actor, 'person', leaderPersonId, 'leader');
    return { event: { kind: 'instruction', note: input.text, detail: { leaderPersonId, date: input.date } }, detail: { leaderPersonId, date: input.date } };
  });
}

export async function setMilestoneDone(ctx: Context, actor: Actor, milestoneId: string, done: boolean): Promise<TaskDetailView> {
  const milestone = await ctx.database.db.selectFrom('duty_milestones').select(['id', 'task_id', 'title']).where('id', '=', milestoneId).executeTakeFirst();
  const visible = milestone && (await tasksQuery(ctx.database.db, actor).select('duty_tasks.id').where('duty_tasks.id', '=', milestone.task_id).executeTakeFirst());
  if (!milestone || !visible) throw notFound('milestone', milestoneId);
  return step(ctx, actor, milestone.task_id, 'milestone', async (trx, task) => {
    if (!can(actor, 'duties.supervise')) await assertHandler(trx, actor, task, 'mark milestones');
    assertState(task, WORKING_STATES, 'updated');
    await trx.updateTable('duty_milestones').set({ done: done ? 1 : 0, done_at: done ? now() : null, updated_at: now() }).where('id', '=', milestoneId).execute();
    const progress = await refreshProgress(trx, task.id);
    return { event: { kind: 'milestone', note: milestone.title, detail: { milestoneId, done, progress } }, detail: { milestoneId, done, progress } };
  });
}

/** A subtask's progress, reported by its unit (or the lead unit); the task's progress rolls up. */
export async function setSubtaskProgress(ctx: Context, actor: Actor, subtaskId: string, value: number): Promise<TaskDetailView> {
  const subtask = await ctx.database.db.selectFrom('duty_subtasks').selectAll().where('id', '=', subtaskId).executeTakeFirst();
  const visible = subtask && (await tasksQuery(ctx.database.db, actor).select('duty_tasks.id').where('duty_tasks.id', '=', subtask.task_id).executeTakeFirst());
  if (!subtask || !visible) throw notFound('subtask', subtaskId);
  return step(ctx, actor, subtask.task_id, 'subtask', async (trx, task) => {
    const units = await unitsOf(trx, actor.personId);
    const own = actor.personId !== null && (subtask.responsible_person_id === actor.personId || units.includes(subtask.unit_id));
    if (!can(actor, 'duties.handle') || !(own || handles(task, actor.personId, units))) throw forbidden('subtask_reporter_only');
    assertState(task, WORKING_STATES, 'updated');
    await trx.updateTable('duty_subtasks').set({ progress: value, updated_at: now() }).where('id', '=', subtaskId).execute();
    await setState(trx, task.id, { state: 'in_progress' });
    const progress = await refreshProgress(trx, task.id);
    return { event: { kind: 'subtask', note: subtask.title, detail: { subtaskId, progress: value, taskProgress: progress } }, detail: { subtaskId, progress: value } };
  });
}

/** One evidence file, to a reader of its task. */
export async function readFile(ctx: Context, actor: Actor, fileId: string) {
  authorize(actor, 'duties.read');
  const db = ctx.database.db;
  const file = await db.selectFrom('duty_files').selectAll().where('id', '=', fileId).executeTakeFirst();
  const visible = file && (await tasksQuery(db, actor).select('duty_tasks.id').where('duty_tasks.id', '=', file.task_id).executeTakeFirst());
  const row = await guardRead(ctx, actor, 'duty_file', fileId, visible ? file : undefined);
  return { name: row.name, mediaType: row.media_type, bytes: Buffer.from(row.content, 'base64') };
}
