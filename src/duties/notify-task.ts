import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { notifyUsers, usersOfPeople, usersWithRole } from '../notify/notifications.ts';
import type { NotificationKind } from '../notify/kinds.ts';
import type { Actor } from '../security/actor.ts';
import { taskPeople } from './events.ts';
import { chinaDay } from './lights.ts';

/** The role of the supervision office (督查室), told when a task is escalated. */
export const OFFICE_ROLES = ['supervisor'] as const;

/**
 * The head of each unit on `day`: whoever holds the unit's first-listed current position (units list
 * their head first, as a unit's leadership is listed). A unit with no current position has none.
 */
export async function unitHeads(db: Executor, unitIds: readonly (string | null | undefined)[], day: string): Promise<string[]> {
  const heads: string[] = [];
  for (const unitId of new Set(unitIds.filter((u): u is string => Boolean(u)))) {
    const head = await db
      .selectFrom('positions')
      .select('person_id')
      .where('unit_id', '=', unitId)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', day)]))
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
      .orderBy('sort_order')
      .orderBy('start_date')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (head) heads.push(head.person_id);
  }
  return heads;
}

/** The accounts of the supervision office. */
export const officeUsers = (db: Executor) => usersWithRole(db, OFFICE_ROLES);

/**
 * Notifies everyone on a task of something done to it (a reminder 催办, a leader's instruction 批示, an
 * assignment, a completion report sent back), inside the transaction of that write: the lead
 * leader, the responsible person, the heads of the lead and cooperating units and the people
 * responsible for its subtasks, except whoever did it, and only those who may read the task.
 */
export async function notifyTaskPeople(ctx: Context, trx: Executor, input: { taskId: string; kind: NotificationKind; actor: Actor }): Promise<string[]> {
  const people = await taskPeople(trx, input.taskId);
  const day = chinaDay(new Date());
  const subtaskPeople = await trx.selectFrom('duty_subtasks').select('responsible_person_id').where('task_id', '=', input.taskId).execute();
  const personIds = [
    people.leadLeaderPersonId,
    people.responsiblePersonId,
    ...(await unitHeads(trx, [people.leadUnitId, ...people.cooperatingUnitIds], day)),
    ...subtaskPeople.map((s) => s.responsible_person_id),
  ];
  const recipients = (await usersOfPeople(trx, personIds)).filter((id) => id !== input.actor.id);
  return notifyUsers(ctx, trx, { recipientUserIds: recipients, kind: input.kind, objectType: 'duty_task', objectId: input.taskId, actorName: input.actor.kind === 'user' ? input.actor.name : null });
}
