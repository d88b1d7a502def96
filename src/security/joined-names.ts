import type { Executor } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { knownRows } from './reads.ts';

/** Record kinds whose names other records show beside their own (custodian, owner, unit, scope). */
export type NamedType = 'person' | 'unit' | 'study_group';

/**
 * A name shown on another record. A record the reader may not know is `hidden`, with no name: the
 * page shows "a unit you may not know" instead. Missing and hidden records look the same.
 */
export interface JoinedName {
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}

export interface JoinedRef {
  type: NamedType;
  id: string | null | undefined;
}

/** What an export writes for a hidden name (exports carry no catalogue, so both languages are here). */
export const HIDDEN_NAME_TEXT: Record<NamedType, string> = {
  person: '（无权知悉的人员 a person you may not know）',
  unit: '（无权知悉的单位 a unit you may not know）',
  study_group: '（无权知悉的学习组 a study group you may not know）',
};

const NONE: JoinedName = { name: null, nameEn: null, hidden: false };
const HIDDEN: JoinedName = { name: null, nameEn: null, hidden: true };

/**
 * The one way a record shows the names of people, units and groups it refers to: each name passes
 * the same visibility rule as its own record (level, knowable scope, hidden parents). Gather every
 * reference of a page first, then look names up with the returned function (no reference: no name,
 * not hidden).
 */
export async function joinedNames(db: Executor, actor: Actor, refs: Iterable<JoinedRef>, read: readonly NamesRead[] = []): Promise<(type: NamedType, id: string | null | undefined) => JoinedName> {
  const wanted: Record<NamedType, Set<string>> = { person: new Set(), unit: new Set(), study_group: new Set() };
  for (const ref of refs) if (ref.id) wanted[ref.type].add(ref.id);
  const names = new Map<string, JoinedName>();
  // What was read beforehand is not asked again; an id asked for and not answered stays hidden.
  for (const { type, ids, rows } of read) {
    for (const id of ids) wanted[type].delete(id);
    for (const r of rows) names.set(`${type}:${r.id}`, { name: r.name, nameEn: r.name_en, hidden: false });
  }
  // The kinds side by side (on PostgreSQL, round trips on pooled connections at once).
  await Promise.all(
    (Object.keys(wanted) as NamedType[]).map(async (type) => {
      for (const [id, r] of await knownRows(db, actor, type, wanted[type], ['name', 'name_en'])) names.set(`${type}:${id}`, { name: r.name, nameEn: r.name_en, hidden: false });
    }),
  );
  return (type, id) => (id ? (names.get(`${type}:${id}`) ?? HIDDEN) : NONE);
}

/** Names of people or units read with a page's other reads (`knownNamesQuery` through readTogether), for joinedNames. */
export interface NamesRead {
  type: 'person' | 'unit';
  ids: readonly string[];
  rows: readonly { id: string; name: string; name_en: string | null }[];
}
