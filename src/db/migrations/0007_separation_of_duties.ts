import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // Failed password checks, per account and address, so one address cannot lock the owner out
  // from another; `lockouts` counts the locks so far, for the back-off.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_failure_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_failures_pk', ['user_id', 'address'])
    .execute();

  // A token minted without a second factor carries at most internal clearance.
  await db.schema.alterTable('api_tokens').addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // A change of classified-post grade is asked for by one person and decided by another.
  await db.schema
    .createTable('clearance_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('granted_on', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clearance_requests_person').on('clearance_requests').columns(['person_id', 'status']).execute();
}
