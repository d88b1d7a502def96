import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Lists and name search at scale (issue 13: 100k people).
 *
 * Lists order by a column and break ties on the id, and filter on the level; an index on (column,
 * id, level) lets the database walk the page in order instead of sorting every visible row, and
 * skip the rows before an offset (and count up to the cap) from the index alone.
 *
 * Name search ("contains", any script, any length) gets an index on each dialect; the query still
 * rechecks the plain LIKE on the rows the index names, so the index only has to find a superset:
 * - SQLite: an FTS5 trigram table over name and name_en, kept by triggers (so rows written by any
 *   code path, imports and tests included, are indexed). Each text is stored with two padding
 *   characters after it, so every occurrence of a one- or two-character query begins some trigram:
 *   short queries look up the trigrams that start with them (src/org/name-search.ts).
 *   The table is keyed by people's rowid, which only VACUUM renumbers; Remit never runs VACUUM
 *   (backups copy pages); after one the index would need rebuilding.
 * - PostgreSQL: a GIN index over the one- and two-character pieces of the lower-cased names, a core
 *   feature. pg_trgm's trigram index serves LIKE only for queries of three characters or more, and
 *   Chinese names are mostly searched by two (a surname and a character, or a given name).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.dropIndex('people_name').execute();
  for (const [table, columns] of [
    ['people', ['name', 'id', 'level']],
    ['people', ['name_en', 'id', 'level']],
    ['people', ['created_at', 'id', 'level']],
    ['units', ['sort_order', 'id', 'level']],
    ['units', ['name', 'id', 'level']],
    ['positions', ['sort_order', 'id', 'level']],
    ['study_groups', ['name', 'id', 'level']],
    ['study_sessions', ['date', 'id', 'level']],
    ['carriers', ['created_at', 'id', 'level']],
  ] as const) {
    await db.schema.createIndex(`${table}_${columns.join('_')}`).on(table).columns([...columns]).execute();
  }

  if (postgres) {
    // Every one- and two-character piece of a text: a query of one character looks for itself,
    // a longer one for all of its two-character pieces, which GIN intersects.
    await sql`create function remit_grams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct g), '{}') from (
        select substr(t, i, 1) as g from generate_series(1, length(t)) as i
        union all
        select substr(t, i, 2) from generate_series(1, length(t) - 1) as i
      ) pieces
    $$`.execute(db);
    await sql`create index people_name_grams on people using gin (remit_grams(lower(name) || ' ' || lower(coalesce(name_en, ''))))`.execute(db);
    return;
  }

  await sql`create virtual table people_names using fts5(name, name_en, tokenize = 'trigram', content = '', contentless_delete = 1)`.execute(db);
  await sql`create virtual table people_names_terms using fts5vocab(people_names, 'row')`.execute(db);
  await sql`insert into people_names (rowid, name, name_en)
    select rowid, name || char(1, 1), coalesce(name_en, '') || char(1, 1) from people`.execute(db);
  await sql`create trigger people_names_insert after insert on people begin
    insert into people_names (rowid, name, name_en) values (new.rowid, new.name || char(1, 1), coalesce(new.name_en, '') || char(1, 1));
  end`.execute(db);
  await sql`create trigger people_names_update after update of name, name_en on people begin
    delete from people_names where rowid = old.rowid;
    insert into people_names (rowid, name, name_en) values (new.rowid, new.name || char(1, 1), coalesce(new.name_en, '') || char(1, 1));
  end`.execute(db);
  await sql`create trigger people_names_delete after delete on people begin
    delete from people_names where rowid = old.rowid;
  end`.execute(db);
}
