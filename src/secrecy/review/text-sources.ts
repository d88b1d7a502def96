import type { Executor } from '../../db/database.ts';
import { highestOf } from '../../security/levels.ts';
import type { RecordRef, RecordText } from './fingerprints.ts';

/**
 * Which texts the review fingerprints, and under which record. Every text above public is a source:
 * a draft that reuses it is flagged, and the reader is told where it came from only if they may
 * read that record (need-to-know is decided by `mayRead` on the text's parent: the session for a
 * speech, the record itself otherwise).
 *
 * An owner groups the texts that change together: a study session owns its themes, materials,
 * observers, guidance, speeches, conclusions, leave reasons and minutes, each kept at the higher of
 * its own level and the session's (a part is known only with its session); a secrecy record owns its
 * free text. The minutes keep the session as their own record (type study_session), as before.
 */
type Loader = (db: Executor, id: string) => Promise<RecordText[]>;

const joined = (...parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p && p.trim() !== '').join('\n');

async function sessionTexts(db: Executor, sessionId: string): Promise<RecordText[]> {
  const session = await db.selectFrom('study_sessions').select(['id', 'level']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) return [];
  const parent = { type: 'study_session', id: sessionId };
  const texts: RecordText[] = [];
  const add = (type: string, id: string, level: RecordText['level'], text: string) =>
    texts.push({ type, id, level: highestOf([session.level, level]), text, parent });
  for (const r of await db.selectFrom('session_themes').select(['id', 'level', 'text', 'text_zh', 'text_en']).where('session_id', '=', sessionId).execute()) {
    add('session_theme', r.id, r.level, joined(r.text, r.text_zh, r.text_en));
  }
  for (const r of await db.selectFrom('study_materials').select(['id', 'level', 'title', 'body']).where('session_id', '=', sessionId).execute()) {
    add('study_material', r.id, r.level, joined(r.title, r.body));
  }
  for (const r of await db.selectFrom('session_observers').select(['id', 'level', 'name', 'title']).where('session_id', '=', sessionId).execute()) {
    add('session_observer', r.id, r.level, joined(r.name, r.title));
  }
  for (const r of await db.selectFrom('session_guidance').select(['id', 'level', 'body', 'text']).where('session_id', '=', sessionId).execute()) {
    add('session_guidance', r.id, r.level, joined(r.body, r.text));
  }
  for (const r of await db.selectFrom('speeches').select(['id', 'level', 'title', 'text']).where('session_id', '=', sessionId).execute()) add('speech', r.id, r.level, joined(r.title, r.text));
  for (const r of await db.selectFrom('conclusions').select(['id', 'level', 'text', 'text_zh', 'text_en']).where('session_id', '=', sessionId).execute()) {
    add('conclusion', r.id, r.level, joined(r.text, r.text_zh, r.text_en));
  }
  for (const r of await db
    .selectFrom('session_attendance')
    .select(['person_id', 'level', 'reason'])
    .where('session_id', '=', sessionId)
    .where('reason', 'is not', null)
    .execute()) {
    add('session_attendance', `${sessionId}:${r.person_id}`, r.level, r.reason ?? '');
  }
  const minutes = await db.selectFrom('session_minutes').select(['level', 'text']).where('session_id', '=', sessionId).executeTakeFirst();
  if (minutes) add('study_session', sessionId, minutes.level, minutes.text);
  return texts;
}

/** A secrecy record with free text in some columns of one row. */
function rowText<T extends 'carriers' | 'carrier_reviews' | 'inspection_findings' | 'rectifications' | 'letter_templates'>(
  type: string,
  table: T,
  columns: readonly string[],
): Loader {
  return async (db, id) => {
    // One query shape over the five tables; each has id and level and the named text columns.
    const row = (await db
      .selectFrom(table as 'carriers')
      .select(['id', 'level', ...(columns as 'title'[])])
      .where('id', '=', id)
      .executeTakeFirst()) as (Record<string, string | null> & { level: RecordText['level'] }) | undefined;
    return row ? [{ type, id, level: row.level, text: joined(...columns.map((c) => row[c])) }] : [];
  };
}

const LOADERS: Record<string, Loader> = {
  study_session: sessionTexts,
  carrier: rowText('carrier', 'carriers', ['title', 'location']),
  carrier_review: rowText('carrier_review', 'carrier_reviews', ['note']),
  inspection_finding: rowText('inspection_finding', 'inspection_findings', ['description']),
  rectification: rowText('rectification', 'rectifications', ['evidence']),
  letter_template: rowText('letter_template', 'letter_templates', ['title', 'text']),
};

/** The kinds of owner whose texts are fingerprinted. */
export const TEXT_OWNERS = Object.keys(LOADERS);

/** Every fingerprinted text kept under one owner, as the database holds it now. */
export async function textsOf(db: Executor, owner: RecordRef): Promise<RecordText[]> {
  const load = LOADERS[owner.type];
  if (!load) throw new Error(`No texts are fingerprinted under records of type ${owner.type}; known: ${TEXT_OWNERS.join(', ')}.`);
  return load(db, owner.id);
}

/** Every owner of each kind, for indexing records written before their texts were fingerprinted. */
export async function everyOwner(db: Executor): Promise<RecordRef[]> {
  const owners: RecordRef[] = [];
  const tables = { study_session: 'study_sessions', carrier: 'carriers', carrier_review: 'carrier_reviews', inspection_finding: 'inspection_findings', rectification: 'rectifications', letter_template: 'letter_templates' } as const;
  for (const [type, table] of Object.entries(tables)) {
    for (const r of await db.selectFrom(table as 'carriers').select('id').execute()) owners.push({ type, id: r.id });
  }
  return owners;
}
