import { sql } from 'kysely';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { paginate, type ListParams } from '../db/paging.ts';
import type { Notification } from '../db/tables.ts';
import { writeAudited } from '../db/write.ts';
import { notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { findUser } from '../org/accounts.ts';
import type { Actor } from '../security/actor.ts';
import { auditListRead } from '../security/reads.ts';
import { actorOf } from '../security/sessions.ts';
import type { NotificationKind } from './kinds.ts';
import { safeLinks, type LinkedType } from './links.ts';
import { queueMail } from './outbox.ts';

/**
 * A notification says "this happened to a record you are on" and nothing more of the record: its
 * row is internal whatever the record's level, and what it shows of the record is decided for each
 * reader when it is read (src/notify/links.ts).
 */
export const NOTIFICATION_LEVEL = 'internal' as const;

export interface NotifyInput {
  recipientUserIds: readonly string[];
  kind: NotificationKind;
  objectType: LinkedType;
  objectId: string;
  /** Who caused it (a reminder's sender); null for the scheduler. */
  actorName?: string | null;
  /** Senders that must notify once (a scheduler step) give a key; a second notification with it is not made. */
  dedupeKey?: string;
}

/**
 * Puts notifications in the inboxes of the named users, inside the caller's transaction (so they
 * exist exactly when the write that caused them does), and queues their e-mail when SMTP is set up.
 * Users who may not read the record, and disabled accounts, are skipped: a notification must not
 * tell anyone of a record they may not know. Returns the users notified.
 */
export async function notifyUsers(ctx: Context, trx: Executor, input: NotifyInput): Promise<string[]> {
  const notified: string[] = [];
  for (const userId of new Set(input.recipientUserIds)) {
    const user = await findUser(trx, userId);
    if (!user || user.disabled) continue;
    const reader = actorOf(user, 'session', null);
    const link = (await safeLinks(trx, reader, [input])).get(`${input.objectType}:${input.objectId}`);
    if (!link || link.title === null) continue;
    const id = newId();
    const inserted = await trx
      .insertInto('notifications')
      .values({
        id,
        recipient_user_id: userId,
        kind: input.kind,
        object_type: input.objectType,
        object_id: input.objectId,
        dedupe_key: input.dedupeKey ?? null,
        actor_name: input.actorName ?? null,
        level: NOTIFICATION_LEVEL,
        created_at: now(),
        read_at: null,
      })
      .onConflict((oc) => oc.columns(['recipient_user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
    notified.push(userId);
    if (ctx.settings.smtpUrl) await queueMail(ctx, trx, { notificationId: id, user, kind: input.kind, link, actorName: input.actorName ?? null });
  }
  return notified;
}

/** The accounts linked to these people (each person may have an account; most have none). */
export async function usersOfPeople(db: Executor, personIds: readonly (string | null | undefined)[]): Promise<string[]> {
  const ids = [...new Set(personIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('person_id', 'in', ids).where('disabled', '=', 0).execute();
  return rows.map((r) => r.id);
}

/** The accounts holding one of these roles (the supervision office, say). */
export async function usersWithRole(db: Executor, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .distinct()
    .where('user_roles.role', 'in', [...roles])
    .where('users.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

export type ShownNotification = Notification & { path: string | null; title: string | null };

/** The reader's own notifications, unread first and newest first within each. */
export async function listNotifications(ctx: Context, actor: Actor, params: Pick<ListParams, 'page' | 'pageSize'>, filters: { unread?: boolean | undefined }) {
  let query = ctx.database.db.selectFrom('notifications').where('recipient_user_id', '=', actor.id ?? '');
  if (filters.unread) query = query.where('read_at', 'is', null);
  const page = await paginate(
    query,
    (qb) => qb.selectAll('notifications').orderBy(sql`case when notifications.read_at is null then 0 else 1 end`),
    { ...params, order: 'desc' },
    { createdAt: 'notifications.created_at' },
    { sort: 'createdAt', idColumn: 'notifications.id' },
  );
  const rows = page.items as Notification[];
  const links = await safeLinks(ctx.database.db, actor, rows.map((r) => ({ objectType: r.object_type, objectId: r.object_id })));
  await auditListRead(ctx, actor, 'notification', 'list', rows);
  const items: ShownNotification[] = rows.map((r) => {
    const link = links.get(`${r.object_type}:${r.object_id}`);
    return { ...r, path: link && link.title !== null ? link.path : null, title: link?.title ?? null };
  });
  return { ...page, items };
}

export async function unreadCount(ctx: Context, actor: Actor): Promise<number> {
  const row = await ctx.database.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_user_id', '=', actor.id ?? '')
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one of the reader's own notifications read; anyone else's is "not found", like one that does not exist. */
export async function markRead(ctx: Context, actor: Actor, id: string): Promise<void> {
  await writeAudited(ctx, actor, async (trx) => {
    const row = await trx.selectFrom('notifications').select(['id', 'read_at', 'level']).where('id', '=', id).where('recipient_user_id', '=', actor.id ?? '').executeTakeFirst();
    if (!row) throw notFound('notification', id);
    if (row.read_at === null) await trx.updateTable('notifications').set({ read_at: now() }).where('id', '=', id).where('read_at', 'is', null).execute();
    return { result: undefined, audit: { action: 'notification.read', objectType: 'notification', objectId: id, level: row.level } };
  });
}

export async function markAllRead(ctx: Context, actor: Actor): Promise<number> {
  return writeAudited(ctx, actor, async (trx) => {
    const result = await trx.updateTable('notifications').set({ read_at: now() }).where('recipient_user_id', '=', actor.id ?? '').where('read_at', 'is', null).executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    return { result: count, audit: { action: 'notification.read_all', objectType: 'notification', level: NOTIFICATION_LEVEL, detail: { count } } };
  });
}
