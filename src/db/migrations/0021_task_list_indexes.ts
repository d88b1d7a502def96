import type { Kysely } from 'kysely';

/*
 * The duties task list at scale (issue 13: 1M tasks), as 0014 did for the other lists: the list sorts
 * by a column, breaks ties on the id and filters on the level, so an index on (column, id, level)
 * walks a page in order instead of reading every task of the first deadlines in full and sorting
 * them by id (1M tasks over two years of deadlines: some 1,400 whole rows a page). The single-column
 * indexes on deadline and state are the leading columns of the new ones, which serve their lookups.
 */
const SORTS = ['deadline', 'created_at', 'title', 'state', 'progress'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of SORTS) {
    await db.schema.createIndex(`duty_tasks_${column}_id_level`).on('duty_tasks').columns([column, 'id', 'level']).execute();
  }
  await db.schema.dropIndex('duty_tasks_deadline').execute();
  await db.schema.dropIndex('duty_tasks_state').execute();
}

