import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // 1 while the account's password is one someone else set (created, reset or relinked by an
  // administrator); a responsibility letter is signed only with a password the person chose.
  // Existing accounts start at 1: nobody can tell who chose their passwords.
  await db.schema.alterTable('users').addColumn('password_by_admin', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}
