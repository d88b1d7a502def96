import type { Selectable } from 'kysely';
import type { Context } from '../context.ts';
import type { Database, Executor } from '../db/database.ts';
import { isIn } from '../db/together.ts';
import type { Tables } from '../db/tables.ts';
import { notFound } from '../errors.ts';
import type { Actor } from './actor.ts';
import { auditRead } from './audit.ts';
import { highestOf, type Level } from './levels.ts';
import { mayRead, visibleTo } from './knowable.ts';

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
  if (!row || !(await mayRead(ctx.database.db, actor, objectType, row))) throw notFound(objectType, id);
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
  // One pass: this runs for every list page.
  const ids: string[] = [];
  let level: Level = 'public';
  for (const row of rows) {
    if (row.level === 'public') continue;
    ids.push(row.id);
    if (level !== row.level) level = highestOf([level, row.level]);
  }
  if (ids.length === 0) return;
  await auditRead(ctx.database, actor, { action: `${objectType}.${action}`, objectType, level, detail: { ids } });
}

type LevelledTable = 'units' | 'people' | 'positions' | 'study_groups' | 'study_sessions';

/** The record kinds whose visibility follows their parents, each with its table and the parents it names. */
export type KnowableType = 'unit' | 'person' | 'position' | 'study_group' | 'study_session';

const KINDS: Record<KnowableType, { table: LevelledTable; parents: readonly { column: string; type: KnowableType }[] }> = {
  unit: { table: 'units', parents: [] },
  person: { table: 'people', parents: [] },
  // A position names a person and a unit; a group sits in a unit; a session belongs to a group. The
  // list queries join the same parents (positionsQuery, groupsQuery, sessionsQuery).
  position: { table: 'positions', parents: [{ column: 'person_id', type: 'person' }, { column: 'unit_id', type: 'unit' }] },
  study_group: { table: 'study_groups', parents: [{ column: 'unit_id', type: 'unit' }] },
  study_session: { table: 'study_sessions', parents: [{ column: 'group_id', type: 'study_group' }] },
};
const TYPE_OF: Record<LevelledTable, KnowableType> = { units: 'unit', people: 'person', positions: 'position', study_groups: 'study_group', study_sessions: 'study_session' };

const CHUNK = 500;

/**
 * Which of the given records the actor may know: each passes the visibility filter at its own level
 * and scope, and so do the parents it names (a position in a hidden unit is hidden). Ids that do not
 * exist are simply not in the answer, so "hidden" and "missing" look the same to every caller.
 */
export async function knownIds(db: Executor, actor: Actor, type: KnowableType, ids: Iterable<string | null | undefined>): Promise<Set<string>> {
  return new Set((await knownRows(db, actor, type, ids, [])).keys());
}

/**
 * The records of `knownIds`, each with the `columns` asked for, read in the same query that decides
 * whether the actor may know it (a page's joined names take one round trip a kind, not two).
 */
export async function knownRows<Column extends string>(
  db: Executor,
  actor: Actor,
  type: KnowableType,
  ids: Iterable<string | null | undefined>,
  columns: readonly Column[],
): Promise<Map<string, Record<Column, string | null>>> {
  const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  const known = new Map<string, Record<Column, string | null>>();
  const { parents } = KINDS[type];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = (await knownQuery(db, actor, type, columns).where('id', 'in', unique.slice(i, i + CHUNK)).execute()) as unknown as Record<string, string>[];
    let visible = rows;
    for (const parent of parents) {
      const parentsKnown = await knownIds(db, actor, parent.type, visible.map((r) => r[parent.column]));
      visible = visible.filter((r) => parentsKnown.has(r[parent.column]!));
    }
    for (const r of visible) known.set(r.id!, r as Record<Column, string | null>);
  }
  return known;
}

/**
 * The query of knownRows before its ids: the kind's rows visible to the actor at their level and
 * scope, with id, the parent columns named in KINDS and the columns asked for. One query shape over
 * the levelled tables (the cast names one of them for the query builder).
 */
function knownQuery(db: Executor, actor: Actor, type: KnowableType, columns: readonly string[]) {
  const { table, parents } = KINDS[type];
  return db
    .selectFrom(table as 'positions')
    .select(['id', ...parents.map((p) => p.column as 'person_id'), ...(columns as unknown as 'person_id'[])])
    .where(visibleTo(actor, type, `${table}.id`, `${table}.level`));
}

/**
 * knownRows' read of the names of `ids`, for a page that reads them with its other reads
 * (readTogether): whole only for kinds that name no parents (people, units), whose visibility is
 * their own level and scope alone.
 */
export function knownNamesQuery(database: Database, actor: Actor, type: 'person' | 'unit', ids: readonly string[]) {
  if (KINDS[type].parents.length > 0) throw new Error(`the names of ${type} records depend on their parents: read them with knownRows`);
  return knownQuery(database.db, actor, type, ['name', 'name_en'])
    .where(isIn(database.dialect, `${KINDS[type].table}.id`, ids))
    .$castTo<{ id: string; name: string; name_en: string | null }>();
}

/** Whether the actor may know one record (and the parents it names). */
export async function mayKnow(db: Executor, actor: Actor, type: KnowableType, id: string | null | undefined): Promise<boolean> {
  return Boolean(id) && (await knownIds(db, actor, type, [id])).has(id!);
}

/**
 * Loads a record to change it, inside the write's transaction. It must be visible exactly as a read
 * would show it (its level, its scope, and the parents it names); otherwise it is "not found", the
 * same answer as for a record that does not exist.
 */
export async function loadForWrite<T extends LevelledTable>(
  db: Executor,
  actor: Actor,
  table: T,
  id: string,
): Promise<Selectable<Tables[T]>> {
  // One query shape serves the levelled tables; the cast names which row type it returns.
  const row = (await db.selectFrom(table as 'units').selectAll().where('id', '=', id).executeTakeFirst()) as
    | Selectable<Tables[T]>
    | undefined;
  const objectType = TYPE_OF[table];
  if (!row || !(await mayKnow(db, actor, objectType, id))) throw notFound(objectType, id);
  return row;
}
