import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database, Trx } from '../../db/database.ts';
import { contains, paginate, type ListParams } from '../../db/paging.ts';
import type { SecrecyKeyword, SecrecyKeywordList } from '../../db/tables.ts';
import { writeAudited } from '../../db/write.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import { newId, now } from '../../ids.ts';
import type { Actor } from '../../security/actor.ts';
import type { Level } from '../../security/levels.ts';
import { assertMayClassify, authorize, canRead } from '../../security/policy.ts';
import { auditListRead, guardRead } from '../../security/reads.ts';
import { MAX_PATTERN_LENGTH } from './matcher.ts';
import { foldString } from './normalize.ts';
import { buildScanner, type KeywordEntry, type ReviewScanner } from './scanner.ts';

/** Keyword lists are the secrecy office's working material: internal, whatever words they hold. */
export const KEYWORD_LIST_LEVEL: Level = 'internal';
const CHUNK = 500;

export interface KeywordListInput {
  name: string;
  description?: string | null | undefined;
  active?: boolean | undefined;
  terms?: string[] | undefined;
}

const LIST_SORTABLE = { name: 'name', createdAt: 'created_at', updatedAt: 'updated_at', termCount: 'term_count' };
const TERM_SORTABLE = { term: 'term', createdAt: 'created_at' };

export async function listKeywordLists(ctx: Context, actor: Actor, params: ListParams) {
  authorize(actor, 'secrecy.keywords');
  let query = ctx.database.db.selectFrom('secrecy_keyword_lists');
  if (params.q) query = query.where(contains('name', params.q));
  const page = await paginate(query, (qb) => qb.selectAll(), params, LIST_SORTABLE, { sort: 'name', idColumn: 'id' });
  const items = (page.items as SecrecyKeywordList[]).filter((l) => canRead(actor, l));
  await auditListRead(ctx, actor, 'keyword_list', 'list', items);
  return { ...page, items };
}

export async function getKeywordList(ctx: Context, actor: Actor, id: string): Promise<SecrecyKeywordList> {
  authorize(actor, 'secrecy.keywords');
  const row = await ctx.database.db.selectFrom('secrecy_keyword_lists').selectAll().where('id', '=', id).executeTakeFirst();
  return guardRead(ctx, actor, 'keyword_list', id, row);
}

async function loadList(trx: Trx, actor: Actor, id: string): Promise<SecrecyKeywordList> {
  const row = await trx.selectFrom('secrecy_keyword_lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canRead(actor, row)) throw notFound('keyword_list', id);
  return row;
}

/** Trims, folds and de-duplicates terms; refuses one the scanner could not use, naming it. */
export function cleanTerms(terms: readonly string[]): { term: string; folded: string }[] {
  const out = new Map<string, { term: string; folded: string }>();
  for (const raw of terms) {
    const term = raw.trim();
    if (term === '') continue;
    const folded = foldString(term);
    if (folded.length === 0) throw badRequest('keyword_only_punctuation', { term });
    if (folded.length > MAX_PATTERN_LENGTH) {
      throw badRequest('keyword_too_long', { term: term.slice(0, 30), max: MAX_PATTERN_LENGTH });
    }
    if (!out.has(folded)) out.set(folded, { term, folded });
  }
  return [...out.values()];
}

async function insertTerms(trx: Trx, listId: string, terms: { term: string; folded: string }[]): Promise<number> {
  const existing = new Set(
    (await trx.selectFrom('secrecy_keywords').select('folded').where('list_id', '=', listId).execute()).map((r) => r.folded),
  );
  const fresh = terms.filter((t) => !existing.has(t.folded));
  const stamp = now();
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await trx
      .insertInto('secrecy_keywords')
      .values(fresh.slice(i, i + CHUNK).map((t) => ({ id: newId(), list_id: listId, term: t.term, folded: t.folded, created_at: stamp })))
      .execute();
  }
  return fresh.length;
}

async function touchList(trx: Trx, listId: string): Promise<SecrecyKeywordList> {
  const count = await trx.selectFrom('secrecy_keywords').select((eb) => eb.fn.countAll().as('n')).where('list_id', '=', listId).executeTakeFirst();
  return trx
    .updateTable('secrecy_keyword_lists')
    .set({ term_count: Number(count?.n ?? 0), revision: sql`revision + 1`, updated_at: now() })
    .where('id', '=', listId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function assertNameFree(trx: Trx, name: string, except?: string): Promise<void> {
  let query = trx.selectFrom('secrecy_keyword_lists').select('id').where('name', '=', name);
  if (except) query = query.where('id', '!=', except);
  if (await query.executeTakeFirst()) throw conflict('keyword_list_name_taken', { name });
}

export async function createKeywordList(ctx: Context, actor: Actor, input: KeywordListInput): Promise<SecrecyKeywordList> {
  authorize(actor, 'secrecy.keywords');
  assertMayClassify(actor, KEYWORD_LIST_LEVEL, ctx.settings.ceiling);
  const terms = cleanTerms(input.terms ?? []);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await assertNameFree(trx, input.name);
    const stamp = now();
    await trx
      .insertInto('secrecy_keyword_lists')
      .values({ id, name: input.name, description: input.description ?? null, active: input.active === false ? 0 : 1, level: KEYWORD_LIST_LEVEL, created_at: stamp, updated_at: stamp })
      .execute();
    const added = await insertTerms(trx, id, terms);
    const list = await touchList(trx, id);
    return { result: list, audit: { action: 'keyword_list.create', objectType: 'keyword_list', objectId: id, level: list.level, detail: { name: input.name, added } } };
  });
}

export async function updateKeywordList(ctx: Context, actor: Actor, id: string, patch: Partial<Omit<KeywordListInput, 'terms'>>): Promise<SecrecyKeywordList> {
  authorize(actor, 'secrecy.keywords');
  if (patch.name === undefined && patch.description === undefined && patch.active === undefined) {
    throw badRequest('nothing_to_change');
  }
  return writeAudited(ctx, actor, async (trx) => {
    await loadList(trx, actor, id);
    if (patch.name !== undefined) await assertNameFree(trx, patch.name, id);
    await trx
      .updateTable('secrecy_keyword_lists')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
      })
      .where('id', '=', id)
      .execute();
    const list = await touchList(trx, id);
    return { result: list, audit: { action: 'keyword_list.update', objectType: 'keyword_list', objectId: id, level: list.level, detail: { ...patch } } };
  });
}

export async function deleteKeywordList(ctx: Context, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'secrecy.keywords');
  await writeAudited(ctx, actor, async (trx) => {
    const list = await loadList(trx, actor, id);
    await trx.deleteFrom('secrecy_keywords').where('list_id', '=', id).execute();
    await trx.deleteFrom('secrecy_keyword_lists').where('id', '=', id).execute();
    return { result: undefined, audit: { action: 'keyword_list.delete', objectType: 'keyword_list', objectId: id, level: list.level, detail: { name: list.name, terms: list.term_count } } };
  });
}

export async function listKeywords(ctx: Context, actor: Actor, listId: string, params: ListParams) {
  const list = await getKeywordList(ctx, actor, listId);
  let query = ctx.database.db.selectFrom('secrecy_keywords').where('list_id', '=', list.id);
  if (params.q) query = query.where((eb) => eb.or([contains('term', params.q!), contains('folded', foldString(params.q!))]));
  const page = await paginate(query, (qb) => qb.selectAll(), params, TERM_SORTABLE, { sort: 'term', idColumn: 'id' });
  return { ...page, items: page.items as SecrecyKeyword[] };
}

/** Adds terms to a list; terms it already holds (as the scanner reads them) are skipped. */
export async function addKeywords(ctx: Context, actor: Actor, listId: string, terms: readonly string[]) {
  authorize(actor, 'secrecy.keywords');
  const clean = cleanTerms(terms);
  return writeAudited(ctx, actor, async (trx) => {
    await loadList(trx, actor, listId);
    const added = await insertTerms(trx, listId, clean);
    const list = await touchList(trx, listId);
    return {
      result: { list, added, skipped: terms.length - added },
      audit: { action: 'keyword_list.add_terms', objectType: 'keyword_list', objectId: listId, level: list.level, detail: { added, submitted: terms.length } },
    };
  });
}

/** Replaces every term of a list (an import of the office's current list). */
export async function replaceKeywords(ctx: Context, actor: Actor, listId: string, terms: readonly string[]) {
  authorize(actor, 'secrecy.keywords');
  const clean = cleanTerms(terms);
  return writeAudited(ctx, actor, async (trx) => {
    const before = await loadList(trx, actor, listId);
    await trx.deleteFrom('secrecy_keywords').where('list_id', '=', listId).execute();
    const added = await insertTerms(trx, listId, clean);
    const list = await touchList(trx, listId);
    return {
      result: { list, added, skipped: terms.length - added },
      audit: { action: 'keyword_list.replace_terms', objectType: 'keyword_list', objectId: listId, level: list.level, detail: { before: before.term_count, after: added } },
    };
  });
}

export async function deleteKeyword(ctx: Context, actor: Actor, listId: string, keywordId: string): Promise<void> {
  authorize(actor, 'secrecy.keywords');
  await writeAudited(ctx, actor, async (trx) => {
    await loadList(trx, actor, listId);
    const row = await trx.selectFrom('secrecy_keywords').selectAll().where('id', '=', keywordId).where('list_id', '=', listId).executeTakeFirst();
    if (!row) throw notFound('keyword', keywordId);
    await trx.deleteFrom('secrecy_keywords').where('id', '=', keywordId).execute();
    const list = await touchList(trx, listId);
    return { result: undefined, audit: { action: 'keyword_list.delete_term', objectType: 'keyword_list', objectId: listId, level: list.level, detail: { term: row.term } } };
  });
}

// ---------------------------------------------------------------------------------------------
// The compiled scanner, rebuilt when any list changes (also in another process sharing the database).

const cache = new WeakMap<Database, { signature: string; scanner: ReviewScanner }>();

async function signature(database: Database): Promise<string> {
  const row = await database.db
    .selectFrom('secrecy_keyword_lists')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('revision').as('r'), eb.fn.max('updated_at').as('u')])
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}:${Number(row?.r ?? 0)}:${row?.u ?? ''}`;
}

/** The scanner for the active keyword lists, compiled once per change of the lists. */
export async function currentScanner(ctx: Context): Promise<ReviewScanner> {
  const sig = await signature(ctx.database);
  const cached = cache.get(ctx.database);
  if (cached && cached.signature === sig) return cached.scanner;
  const rows = await ctx.database.db
    .selectFrom('secrecy_keywords')
    .innerJoin('secrecy_keyword_lists', 'secrecy_keyword_lists.id', 'secrecy_keywords.list_id')
    .select(['secrecy_keywords.term', 'secrecy_keywords.list_id', 'secrecy_keyword_lists.name'])
    .where('secrecy_keyword_lists.active', '=', 1)
    .execute();
  const entries: KeywordEntry[] = rows.map((r) => ({ term: r.term, listId: r.list_id, listName: r.name }));
  const scanner = buildScanner(entries);
  cache.set(ctx.database, { signature: sig, scanner });
  return scanner;
}
