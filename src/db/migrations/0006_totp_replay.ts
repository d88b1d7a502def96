import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // The last TOTP time step accepted for each user: a code is good once (RFC 6238 §5.2).
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}
