import type { Executor } from '../db/database.ts';
import type { DutyTask } from '../db/duty-tables.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { visibleTo } from '../security/knowable.ts';
import { can } from '../security/policy.ts';
import { mayKnow } from '../security/reads.ts';
import type { TaskState } from './vocabulary.ts';

/** The one list filter every duties query starts from: the task's level and its knowable scope. */
export function tasksQuery(db: Executor, actor: Actor) {
  return db.selectFrom('duty_tasks').where(visibleTo(actor, 'duty_task', 'duty_tasks.id', 'duty_tasks.level'));
}

/** Loads a task to change it, inside the write's transaction; one the actor may not read is "not found". */
export async function loadTaskForWrite(db: Executor, actor: Actor, id: string): Promise<DutyTask> {
  const row = await tasksQuery(db, actor).selectAll().where('duty_tasks.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('duty_task', id);
  return row;
}

/** Units where the person holds a position today. */
export async function unitsOf(db: Executor, personId: string | null): Promise<string[]> {
  if (!personId) return [];
  const day = now().slice(0, 10);
  const rows = await db
    .selectFrom('positions')
    .select('unit_id')
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', day)]))
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
    .execute();
  return [...new Set(rows.map((r) => r.unit_id))];
}

/** Who handles a task for its lead unit: its responsible person, or a person holding a position in the lead unit today. */
export function handles(task: Pick<DutyTask, 'responsible_person_id' | 'lead_unit_id'>, personId: string | null, myUnits: readonly string[]): boolean {
  if (!personId) return false;
  return task.responsible_person_id === personId || (task.lead_unit_id !== null && myUnits.includes(task.lead_unit_id));
}

export async function assertHandler(db: Executor, actor: Actor, task: DutyTask, what: string): Promise<void> {
  if (!can(actor, 'duties.handle')) throw forbidden('roles_do_not_allow_task', { roles: actor.roles.length ? actor.roles : ['none'], what });
  if (!handles(task, actor.personId, await unitsOf(db, actor.personId))) {
    throw forbidden(actor.personId ? 'not_task_handler' : 'not_task_handler_unlinked', { what });
  }
}

export function assertState(task: DutyTask, allowed: readonly TaskState[], what: string): void {
  if (allowed.includes(task.state as TaskState)) return;
  throw conflict('task_state_refused', { state: task.state, what, allowed }, { state: task.state, allowed });
}

/** A person or unit named in a request exists and the actor may know it; a hidden one is answered like a missing one. */
export async function assertKnown(db: Executor, actor: Actor, type: 'person' | 'unit', id: string | null | undefined, field: string): Promise<void> {
  if (!id) return;
  if (!(await mayKnow(db, actor, type, id))) throw badRequest('referenced_record_missing', { field, id }, { field });
}
