import { AliasNode, IdentifierNode, SelectionNode, SelectQueryNode, sql, type KyselyPlugin, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { badRequest } from '../errors.ts';

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

/**
 * Counts and pages one filtered query. `sortable` maps the API's sort keys to columns, so a client
 * can only sort by what a list offers; ties break on the id column for a stable order across pages.
 */
// The builder is generic over any table set; each caller's own query keeps its types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function paginate<Row>(
  filtered: SelectQueryBuilder<any, any, object>,
  select: (qb: SelectQueryBuilder<any, any, object>) => SelectQueryBuilder<any, any, Row>,
  params: ListParams,
  sortable: Record<string, string>,
  defaults: { sort: string; idColumn: string },
): Promise<Page<Row>> {
  const sortKey = params.sort ?? defaults.sort;
  // Own keys only: "constructor" or "__proto__" would otherwise find Object.prototype's members.
  const column = Object.hasOwn(sortable, sortKey) ? sortable[sortKey] : undefined;
  if (typeof column !== 'string') {
    throw badRequest('invalid_sort', { sortKey, sortable: Object.keys(sortable) });
  }
  const offset = (params.page - 1) * params.pageSize;
  const items = await select(filtered)
    .orderBy(column, params.order)
    .orderBy(defaults.idColumn, 'asc')
    .limit(params.pageSize)
    .offset(offset)
    .execute();
  // A page that is not full is the last one, so it already tells the total; count only otherwise.
  if (items.length < params.pageSize && (items.length > 0 || offset === 0)) {
    return { items, total: offset + items.length, totalCapped: false, page: params.page, pageSize: params.pageSize };
  }
  // One walk over COUNT_CAP + 1 matches at most tells both the exact count below the cap and whether
  // there are more.
  const counted = (await filtered.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).withPlugin(COUNT_OF_QUERY).executeTakeFirst()) as { n: number | string } | undefined;
  const total = Number(counted?.n ?? 0);
  return total > COUNT_CAP
    ? { items, total: COUNT_CAP, totalCapped: true, page: params.page, pageSize: params.pageSize }
    : { items, total, totalCapped: false, page: params.page, pageSize: params.pageSize };
}
