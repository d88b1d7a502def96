import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // The role a news release gives a person it names as there (host, participant, speaker); null
  // for attendance recorded by hand. An imported session records only the people its release names.
  await db.schema.alterTable('session_attendance').addColumn('role', 'text').execute();
  // "市委常委依次作交流发言": a speech given in turn by a group the release names rather than by
  // named people; the speaker is then empty and this holds the group as the release writes it.
  await db.schema.alterTable('speeches').addColumn('collective', 'text').execute();
}
