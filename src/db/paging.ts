import { AliasNode, IdentifierNode, SelectionNode, SelectQueryNode, sql, type CompiledQuery, type KyselyPlugin, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { badRequest } from '../errors.ts';
import type { Database, Executor } from './database.ts';
import { readCompiled } from './prepared.ts';

export const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.string().optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().trim().max(200).optional(),
});
export type ListParams = z.infer<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  /** Exact up to COUNT_CAP; beyond it COUNT_CAP with `totalCapped` true (shown as "10,000+"). */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/**
 * Counting every match costs a walk over all of them (100k people: tens of milliseconds per
 * request); past this many, a list says "more than" instead, which is all a page bar needs.
 */
export const COUNT_CAP = 10_000;

/**
 * Case-insensitive "contains" on both dialects. Wildcards in the text are escaped (SQLite has no
 * default LIKE escape character, hence the explicit ESCAPE), so a search for "50%" finds "50%".
 */
export function contains(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * Runs `select count(*) as n from (<the query>) as counted` in place of the query, on the query's own
 * executor (the database or the caller's transaction), which a builder does not otherwise give out.
 */
const COUNT_OF_QUERY: KyselyPlugin = {
  transformQuery({ node }) {
    if (!SelectQueryNode.is(node)) return node;
    const outer = SelectQueryNode.createFrom([AliasNode.create(node, IdentifierNode.create('counted'))]);
    return SelectQueryNode.cloneWithSelections(outer, [SelectionNode.create(AliasNode.create(sql`count(*)`.toOperationNode(), IdentifierNode.create('n')))]);
  },
  transformResult: async ({ result }) => result,
};

// The builders are generic over any table set; each caller's own query keeps its types.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyQuery = SelectQueryBuilder<any, any, object>;
type Select<Row> = (qb: AnyQuery) => SelectQueryBuilder<any, any, Row>;
interface Defaults {
  sort: string;
  idColumn: string;
}

/** The column a list sorts on: `sortable` maps the API's sort keys to columns, so a client can sort only by what a list offers. */
function sortColumn(params: ListParams, sortable: Record<string, string>, defaults: Defaults): string {
  const sortKey = params.sort ?? defaults.sort;
  // Own keys only: "constructor" or "__proto__" would otherwise find Object.prototype's members.
  const column = Object.hasOwn(sortable, sortKey) ? sortable[sortKey] : undefined;
  if (typeof column !== 'string') {
    throw badRequest('invalid_sort', { sortKey, sortable: Object.keys(sortable) });
  }
  return column;
}

// Ties break on the id column for a stable order across pages.
function pageQuery<Row>(filtered: AnyQuery, select: Select<Row>, column: string, order: ListParams['order'], defaults: Defaults, limit: number, offset: number) {
  return select(filtered).orderBy(column, order).orderBy(defaults.idColumn, 'asc').limit(limit).offset(offset);
}

/**
 * PostgreSQL finds a page by its ids first: the rows skipped by the offset are walked in the sort index
 * alone (the list indexes hold sort column, id and level, all the visibility filter reads), and only
 * the page's own rows are read in full. `select … offset N` reads a whole table row for every skipped
 * one (offset 50,000 of 100k people: ~50 ms, even vacuumed). One statement: its plan is the generic
 * one, made once per connection (src/db/database.ts); left to choose, PostgreSQL planned it anew at
 * every execution, which cost more than the round trip that two statements (ids, then rows) took.
 */
function pageByIds<Row>(filtered: AnyQuery, select: Select<Row>, column: string, order: ListParams['order'], defaults: Defaults, limit: number, offset: number) {
  const ids = filtered.select(defaults.idColumn).orderBy(column, order).orderBy(defaults.idColumn, 'asc').limit(limit).offset(offset);
  // `= any(array(…))`, not `in (…)`: with the limit a parameter, the generic plan of `in` expects a
  // tenth of the table from the subquery and joins it by reading all of it (1M tasks: 260 ms a page);
  // an array is expected to hold a few ids, looked up in the primary key.
  return select(filtered)
    .where(sql<SqlBool>`${sql.ref(defaults.idColumn)} = any(array(${ids}))`)
    .orderBy(column, order)
    .orderBy(defaults.idColumn, 'asc');
}

// One walk over COUNT_CAP + 1 matches at most tells both the exact count below the cap and whether there are more.
function countQuery(filtered: AnyQuery) {
  return filtered.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).withPlugin(COUNT_OF_QUERY);
}

/** The page's answer from its rows and, when it had to be asked, the capped count. */
async function pageOf<Row>(items: Row[], params: ListParams, count: () => Promise<number | string | undefined>): Promise<Page<Row>> {
  const offset = (params.page - 1) * params.pageSize;
  // A page that is not full is the last one, so it already tells the total; count only otherwise.
  if (items.length < params.pageSize && (items.length > 0 || offset === 0)) {
    return { items, total: offset + items.length, totalCapped: false, page: params.page, pageSize: params.pageSize };
  }
  const total = Number((await count()) ?? 0);
  return total > COUNT_CAP
    ? { items, total: COUNT_CAP, totalCapped: true, page: params.page, pageSize: params.pageSize }
    : { items, total, totalCapped: false, page: params.page, pageSize: params.pageSize };
}

/** Counts and pages one filtered query. */
export async function paginate<Row>(filtered: AnyQuery, select: Select<Row>, params: ListParams, sortable: Record<string, string>, defaults: Defaults): Promise<Page<Row>> {
  const column = sortColumn(params, sortable, defaults);
  const offset = (params.page - 1) * params.pageSize;
  const items = await pageQuery(filtered, select, column, params.order, defaults, params.pageSize, offset).execute();
  return pageOf(items, params, async () => ((await countQuery(filtered).executeTakeFirst()) as { n: number | string } | undefined)?.n);
}

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
}
interface CompiledList {
  /** The page (on PostgreSQL by its ids, pageByIds), with limit and offset to be given last. */
  page: Compiled;
  count: Compiled;
}
// Per database handle: the compiled text names the handle's schema on PostgreSQL.
const compiledLists = new WeakMap<Executor, Map<string, CompiledList>>();
const COMPILED_LISTS_MAX = 1000;

/**
 * Lists (by key) whose capped count last came to more than COUNT_CAP, and when. Such a list shows
 * "more than 10,000", whichever page is read, until it is counted again: for CAPPED_COUNT_MS it is
 * not, which spares every page of a large list a walk over 10,001 matches (PostgreSQL, 1M tasks:
 * 2.4 ms of a page's 6). Counts at or below the cap are exact and never kept.
 */
const cappedCounts = new WeakMap<Executor, Map<string, number>>();
const CAPPED_COUNT_MS = 10_000;

/**
 * PostgreSQL: exact counts (at most COUNT_CAP) by key, each with the version its table had when it
 * was counted (migration 0022). A count is reused while the version is the same, which every process
 * sees change in the transaction that writes the table.
 */
const exactCounts = new WeakMap<Executor, Map<string, { version: number; n: number }>>();
// PostgreSQL only (migration 0022), so the text is written out rather than typed through Kysely's tables.
const LIST_VERSION = 'select version from list_versions where name = $1';

function perHandle<V>(cache: WeakMap<Executor, Map<string, V>>, executor: Executor): Map<string, V> {
  let map = cache.get(executor);
  if (!map) {
    map = new Map();
    cache.set(executor, map);
  }
  return map;
}

/** A compiled query's text and its parameters without the last `trailing` ones (limit, offset). */
function withoutTrailing(query: CompiledQuery, trailing: readonly number[]): Compiled {
  const tail = query.parameters.slice(-trailing.length);
  if (tail.length !== trailing.length || tail.some((value, i) => value !== trailing[i])) {
    throw new Error(`compiled list query does not end with its ${trailing.length} paging parameters: ${query.sql}`);
  }
  return { sql: query.sql, parameters: query.parameters.slice(0, -trailing.length) };
}

/**
 * `paginate` for the busiest lists: the page and count queries are built and compiled by Kysely the
 * first time `key` is seen with a sort and order, then run as SQL text with the page's limit and
 * offset (building and compiling them cost more than SQLite takes to count a short list). `key` must
 * name everything `filtered` depends on: the reader's visibility (`visibilityKey`) and any filter.
 */
export async function paginateByKey<Row>(
  database: Database,
  key: string,
  filtered: () => AnyQuery,
  select: Select<Row>,
  params: ListParams,
  sortable: Record<string, string>,
  defaults: Defaults,
  /** The table whose version tells when its count may be reused: only when `filtered` reads nothing but that table's rows. */
  counted?: 'people' | 'duty_tasks',
): Promise<Page<Row>> {
  const column = sortColumn(params, sortable, defaults);
  const listKey = `${key}\u0000${column}\u0000${params.order}`;
  const executor = database.db;
  const lists = perHandle(compiledLists, executor);
  let compiled = lists.get(listKey);
  if (!compiled) {
    const query = filtered();
    const count = withoutTrailing(countQuery(query).compile(), [COUNT_CAP + 1]);
    // SQLite skips the offset's rows in the index without reading them (a deferred seek), and the
    // detour by ids would only add a lookup and a sort per page: 0.35 against 0.23 ms at 100k people.
    compiled = { page: withoutTrailing((database.dialect === 'postgres' ? pageByIds : pageQuery)(query, select, column, params.order, defaults, 1, 0).compile(), [1, 0]), count };
    if (lists.size >= COMPILED_LISTS_MAX) lists.clear();
    lists.set(listKey, compiled);
  }
  const { page, count } = compiled;
  const offset = (params.page - 1) * params.pageSize;
  const items = await readCompiled<Row>(database, page.sql, [...page.parameters, params.pageSize, offset]);
  return pageOf(items, params, async () => {
    // The count does not depend on the sort: one entry per key. Inside a transaction the list is
    // counted as that transaction sees it.
    const capped = executor.isTransaction ? undefined : perHandle(cappedCounts, executor);
    const countedAt = capped?.get(key);
    if (countedAt !== undefined && Date.now() - countedAt < CAPPED_COUNT_MS) return COUNT_CAP + 1;
    // The version is read before the count: a write between the two leaves a newer count under an
    // older version, which the next reader, seeing the newer version, counts again.
    const exact = capped && counted && database.dialect === 'postgres' ? perHandle(exactCounts, executor) : undefined;
    const version = exact ? Number((await readCompiled<{ version: number | string }>(database, LIST_VERSION, [counted]))[0]?.version) : undefined;
    const kept = exact?.get(key);
    if (kept && kept.version === version) return kept.n;
    const n = Number((await readCompiled<{ n: number | string }>(database, count.sql, [...count.parameters, COUNT_CAP + 1]))[0]?.n ?? 0);
    if (capped) {
      if (n > COUNT_CAP) {
        if (capped.size >= COMPILED_LISTS_MAX) capped.clear();
        capped.set(key, Date.now());
      } else capped.delete(key);
    }
    if (exact && version !== undefined && !Number.isNaN(version) && n <= COUNT_CAP) {
      if (exact.size >= COMPILED_LISTS_MAX) exact.clear();
      exact.set(key, { version, n });
    }
    return n;
  });
}
