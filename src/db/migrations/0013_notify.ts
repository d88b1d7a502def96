import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Notifications (issue 10): the in-app inbox, the e-mail outbox, and the supervision steps the
 * duties scheduler has taken.
 *
 * A notification holds no text: it names its kind and the record it is about, and the title shown is
 * worked out when it is read, through the access policy, for whoever reads it. An e-mail leaves the
 * system, so its text is written once when it is queued and never holds anything above internal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    // Set by senders that must notify once (a scheduler step): a second insert with the same key is ignored.
    .addColumn('dedupe_key', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['recipient_user_id', 'read_at', 'created_at']).execute();
  await db.schema.createIndex('notifications_once').on('notifications').columns(['recipient_user_id', 'dedupe_key']).unique().execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.references('notifications.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // A sender claims a message before sending it, so two processes do not send it at the same time;
    // a claim that runs out (a process that died mid-send) is taken again: at least once.
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['sent_at', 'failed_at', 'next_attempt_at']).execute();

  await db.schema
    .createTable('supervision_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    // What the step is about: the deadline or the reporting period it fired for, so a new deadline
    // (an extension) or the next period fires again while the same one never does.
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('fired_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_steps_once').on('supervision_steps').columns(['task_id', 'step', 'step_key']).unique().execute();
}
