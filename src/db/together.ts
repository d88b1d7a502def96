import { sql, type InferResult, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database, DialectName } from './database.ts';
import { readCompiled } from './prepared.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRead = SelectQueryBuilder<any, any, any>;
export type ReadsOf<Q extends Record<string, AnyRead>> = { [K in keyof Q]: InferResult<Q[K]> };

/**
 * Independent reads asked for in one round trip. On PostgreSQL each read is aggregated to a JSON
 * array of its rows, in its own order, and all of them come back as the columns of one row of one
 * named statement (parsed and planned once a pooled connection: `readCompiled`). A round trip costs
 * both processes system calls, and planning costs PostgreSQL more than running these short reads:
 * on the machines here the socket writes alone were a quarter of Remit's time on the task list,
 * and PostgreSQL looked up the sizes of a dozen files for every statement it planned. SQLite runs in
 * this process, where a query costs no round trip: the reads run one after another there.
 *
 * For the statement's text to stay the same from one call to the next, lists of ids in the reads go
 * through `isIn`, not `in (…)`. JSON carries what these reads hold (text, integers, null) as they
 * are, but not binary data; a bigint beyond 2^53 loses precision, as the driver's parsing of int8 does here.
 */
export async function readTogether<Q extends Record<string, AnyRead>>(database: Database, reads: Q): Promise<ReadsOf<Q>> {
  const names = Object.keys(reads) as (keyof Q & string)[];
  const out = {} as Record<string, unknown>;
  if (database.dialect === 'sqlite') {
    // Each as a statement prepared on the serving connection (readCompiled): Kysely's executor costs
    // about as much as one of these short reads.
    for (const name of names) {
      const compiled = reads[name]!.compile();
      out[name] = await readCompiled(database, compiled.sql, compiled.parameters);
    }
    return out as ReadsOf<Q>;
  }
  if (names.length === 0) return out as ReadsOf<Q>;
  // json_agg over a sorted subquery takes its rows in that order (the subquery is sorted before the
  // aggregate reads it). coalesce: json_agg of no rows is null, not [].
  const compiled = database.db
    .selectNoFrom(names.map((name) => sql<unknown[]>`(select coalesce(json_agg(agg), '[]') from ${reads[name]!.as('agg')})`.as(name)))
    .compile();
  const [row] = await readCompiled<Record<string, unknown>>(database, compiled.sql, compiled.parameters);
  return row as ReadsOf<Q>;
}

/**
 * `column in (ids)`, written so the statement's text does not depend on how many ids there are: on
 * PostgreSQL `column = any($n)` with the ids as one array parameter (readTogether's statements are
 * prepared once), on SQLite `in (…)`.
 */
export function isIn(dialect: DialectName, column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  return dialect === 'postgres' ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]})` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`;
}
