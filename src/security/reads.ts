import type { Selectable } from 'kysely';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import { notFound } from '../errors.ts';
import type { Actor } from './actor.ts';
import { auditRead } from './audit.ts';
import { highestOf, type Level } from './levels.ts';
import { mayRead } from './knowable.ts';

/**
 * The single-record read path: a record the actor may not read is answered exactly like one that
 * does not exist, and a read above public is audited.
 */
export async function guardRead<T extends { id: string; level: Level }>(
  ctx: Context,
  actor: Actor,
  objectType: string,
  id: string,
  row: T | undefined,
): Promise<T> {
  if (!row || !(await mayRead(ctx.database.db, actor, objectType, row))) throw notFound(objectType.replace(/_/g, ' '), id);
  await auditRead(ctx.database, actor, { action: `${objectType}.read`, objectType, objectId: row.id, level: row.level });
  return row;
}

/** A list or export that returned records above public leaves one event naming them. */
export async function auditListRead(
  ctx: Context,
  actor: Actor,
  objectType: string,
  action: 'list' | 'export',
  rows: readonly { id: string; level: Level }[],
): Promise<void> {
  const above = rows.filter((r) => r.level !== 'public');
  if (above.length === 0) return;
  await auditRead(ctx.database, actor, {
    action: `${objectType}.${action}`,
    objectType,
    level: highestOf(above.map((r) => r.level)),
    detail: { ids: above.map((r) => r.id) },
  });
}

type LevelledTable = 'units' | 'people' | 'positions' | 'study_groups';
const OBJECT_TYPES: Record<LevelledTable, string> = { units: 'unit', people: 'person', positions: 'position', study_groups: 'study_group' };

/** Loads a record to change it, inside the write's transaction; one the actor cannot read is "not found". */
export async function loadForWrite<T extends LevelledTable>(
  db: Executor,
  actor: Actor,
  table: T,
  id: string,
): Promise<Selectable<Tables[T]>> {
  // One query shape serves the four tables; the cast names which row type it returns.
  const row = (await db.selectFrom(table as 'units').selectAll().where('id', '=', id).executeTakeFirst()) as
    | Selectable<Tables[T]>
    | undefined;
  const objectType = OBJECT_TYPES[table];
  if (!row || !(await mayRead(db, actor, objectType, row as { id: string; level: Level }))) throw notFound(objectType.replace(/_/g, ' '), id);
  return row;
}
