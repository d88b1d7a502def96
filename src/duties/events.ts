import type { Executor, Trx } from '../db/database.ts';
import type { DutyEvent, DutyTask } from '../db/duty-tables.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';

/**
 * The task's timeline: every step, report, reminder, instruction, extension and change of deadline
 * is an event, written in the transaction of the change it records. Other capabilities (the
 * supervision scheduler, notifications) add their own kinds and listen for these.
 */
export interface TaskEventInput {
  kind: string;
  note?: string | null;
  detail?: Record<string, unknown>;
}

export type TaskEventListener = (trx: Trx, event: DutyEvent, task: DutyTask) => Promise<void>;

const listeners: TaskEventListener[] = [];

/** Runs `listener` inside the transaction of every event recorded from now on (e.g. to notify the people on the task). */
export function onTaskEvent(listener: TaskEventListener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

/** Appends an event to a task's timeline inside the caller's transaction; the caller audits the change. */
export async function recordTaskEvent(trx: Trx, actor: Actor, taskId: string, input: TaskEventInput): Promise<DutyEvent> {
  const task = await trx.selectFrom('duty_tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
  // One action can record several events within a millisecond; the timeline is ordered by time, so
  // each event is stamped after the task's last one and the order they happened in is the order shown.
  const last = await trx.selectFrom('duty_events').select('at').where('task_id', '=', taskId).orderBy('at', 'desc').limit(1).executeTakeFirst();
  const stamp = now();
  const event: DutyEvent = {
    id: newId(),
    task_id: taskId,
    at: last && stamp <= last.at ? new Date(Date.parse(last.at) + 1).toISOString() : stamp,
    actor_id: actor.id,
    actor_name: actor.name,
    kind: input.kind,
    note: input.note ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
    level: task.level,
  };
  await trx.insertInto('duty_events').values(event).execute();
  for (const listener of listeners) await listener(trx, event, task);
  return event;
}

export interface TaskPeople {
  leadLeaderPersonId: string | null;
  responsiblePersonId: string | null;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  /** People holding a current position in the lead unit or a cooperating unit. */
  unitPersonIds: string[];
}

/** Everyone on a task, for notifying them (a leader's instruction notifies everyone on it). */
export async function taskPeople(db: Executor, taskId: string): Promise<TaskPeople> {
  const task = await db.selectFrom('duty_tasks').select(['lead_leader_person_id', 'responsible_person_id', 'lead_unit_id']).where('id', '=', taskId).executeTakeFirstOrThrow();
  const cooperating = (await db.selectFrom('duty_task_units').select('unit_id').where('task_id', '=', taskId).execute()).map((r) => r.unit_id);
  const units = [...(task.lead_unit_id ? [task.lead_unit_id] : []), ...cooperating];
  const day = now().slice(0, 10);
  const holders =
    units.length === 0
      ? []
      : await db
          .selectFrom('positions')
          .select('person_id')
          .where('unit_id', 'in', units)
          .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', day)]))
          .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
          .execute();
  return {
    leadLeaderPersonId: task.lead_leader_person_id,
    responsiblePersonId: task.responsible_person_id,
    leadUnitId: task.lead_unit_id,
    cooperatingUnitIds: cooperating,
    unitPersonIds: [...new Set(holders.map((h) => h.person_id))],
  };
}
