import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // Who a unit named in a knowable scope brings in: one row per position the secrecy office decided
  // on (approved or refused). A unit row in knowable_scope no longer admits anyone by itself.
  // Existing unit scopes get no rows here on purpose: nobody approved those memberships, so their
  // people appear as pending for the secrecy officer instead of keeping access unapproved.
  await db.schema
    .createTable('knowable_members')
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('position_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The position's end date as it stood when approved: extending the position later needs a new approval.
    .addColumn('until', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('knowable_members_pk', ['object_type', 'object_id', 'position_id'])
    .execute();
  await db.schema.createIndex('knowable_members_person').on('knowable_members').columns(['person_id', 'status']).execute();
}
