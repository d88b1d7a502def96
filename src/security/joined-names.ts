import type { Executor } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { knownIds } from './reads.ts';

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

const CHUNK = 500;
const TABLES = { person: 'people', unit: 'units', study_group: 'study_groups' } as const;
const NONE: JoinedName = { name: null, nameEn: null, hidden: false };
const HIDDEN: JoinedName = { name: null, nameEn: null, hidden: true };

/**
 * The one way a record shows the names of people, units and groups it refers to: each name passes
 * the same visibility rule as its own record (level, knowable scope, hidden parents). Gather every
 * reference of a page first, then look names up with the returned function (no reference: no name,
 * not hidden).
 */
export async function joinedNames(db: Executor, actor: Actor, refs: Iterable<JoinedRef>): Promise<(type: NamedType, id: string | null | undefined) => JoinedName> {
  const wanted: Record<NamedType, Set<string>> = { person: new Set(), unit: new Set(), study_group: new Set() };
  for (const ref of refs) if (ref.id) wanted[ref.type].add(ref.id);
  const names = new Map<string, JoinedName>();
  for (const type of Object.keys(wanted) as NamedType[]) {
    const known = [...(await knownIds(db, actor, type, wanted[type]))];
    for (let i = 0; i < known.length; i += CHUNK) {
      // The three tables share id, name and name_en; the cast names one of them for the query builder.
      const rows = await db.selectFrom(TABLES[type] as 'units').select(['id', 'name', 'name_en']).where('id', 'in', known.slice(i, i + CHUNK)).execute();
      for (const r of rows) names.set(`${type}:${r.id}`, { name: r.name, nameEn: r.name_en, hidden: false });
    }
  }
  return (type, id) => (id ? (names.get(`${type}:${id}`) ?? HIDDEN) : NONE);
}
