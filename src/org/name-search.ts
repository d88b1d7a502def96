import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/database.ts';
import { contains } from '../db/paging.ts';

// A one- or two-character query starting more trigrams than this is looked for without the index.
const MAX_PREFIX_TERMS = 500;

/**
 * The filter "name or English name contains q" for people, through the name index of migration
 * 0014 (FTS5 trigrams on SQLite, one- and two-character pieces in a GIN index on PostgreSQL). The
 * index narrows the rows; the plain case-insensitive LIKE of `contains` still decides, so results
 * are exactly those of the unindexed filter.
 */
export async function personNameContains(
  database: Database,
  q: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<(eb: ExpressionBuilder<any, any>) => Expression<SqlBool>> {
  const exact = (eb: ExpressionBuilder<any, any>) => eb.or([contains('people.name', q), contains('people.name_en', q)]); // eslint-disable-line @typescript-eslint/no-explicit-any
  const lower = q.toLowerCase();
  const chars = [...lower];
  if (chars.length === 0) return exact;

  if (database.dialect === 'postgres') {
    const pieces = chars.length === 1 ? chars : [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
    const indexed = sql<SqlBool>`remit_grams(lower(people.name) || ' ' || lower(coalesce(people.name_en, ''))) @> array[${sql.join(pieces)}]::text[]`;
    return (eb) => eb.and([indexed, exact(eb)]);
  }

  const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
  let match: string;
  if (chars.length >= 3) {
    match = phrase(lower);
  } else {
    // Every occurrence of a short query begins a trigram (the index pads each text), so the rows
    // are those holding any trigram that starts with it.
    const terms = await sql<{ term: string }>`select term from people_names_terms where term >= ${lower} and term < ${lower + '\u{10FFFF}'} limit ${MAX_PREFIX_TERMS + 1}`.execute(database.db);
    if (terms.rows.length > MAX_PREFIX_TERMS) return exact;
    if (terms.rows.length === 0) return (eb) => eb.and([sql<SqlBool>`0 = 1`, exact(eb)]);
    match = terms.rows.map((t) => phrase(t.term)).join(' OR ');
  }
  const indexed = sql<SqlBool>`people.rowid in (select rowid from people_names where people_names match ${match})`;
  return (eb) => eb.and([indexed, exact(eb)]);
}
