import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import type { Executor, Trx } from '../../db/database.ts';
import { contains, paginate, type ListParams } from '../../db/paging.ts';
import type { PublicationReview, PublicationReviewFinding } from '../../db/tables.ts';
import { writeAudited } from '../../db/write.ts';
import { conflict, notFound, unprocessable } from '../../errors.ts';
import { newId, now } from '../../ids.ts';
import type { Actor } from '../../security/actor.ts';
import type { Level } from '../../security/levels.ts';
import { assertMayClassify, authorize, can, canRead, readableLevels } from '../../security/policy.ts';
import { mayRead } from '../../security/knowable.ts';
import { auditListRead, guardRead } from '../../security/reads.ts';
import { findCopiedText } from './fingerprints.ts';
import { currentScanner } from './keywords.ts';
import { sortFindings, type Finding } from './scanner.ts';

/** The register describes drafts meant for the public; it is kept at internal level (it quotes excerpts and names sources). */
export const REVIEW_LEVEL: Level = 'internal';
export const OUTCOMES = ['publish', 'do_not_publish', 'refer_up'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A finding as the scan makes it, with the copied text's source level kept for the presenter. */
export interface ScanFinding extends Finding {
  sourceLevel?: Level;
}

/**
 * Every pass over a draft: marks and level words, keywords, personal data (one pass of the
 * automaton), then text copied from indexed records. Sources are kept here with their level; what
 * the actor may see of them is decided by presentFinding.
 */
export async function scanDraft(ctx: Context, text: string): Promise<ScanFinding[]> {
  const scanner = await currentScanner(ctx);
  const findings: ScanFinding[] = scanner.scan(text);
  for (const span of await findCopiedText(ctx.database.db, text)) {
    findings.push({
      kind: 'copied_text',
      start: span.start,
      end: span.end,
      excerpt: text.slice(span.start, span.end),
      reason: 'Reuses the text of a record above public.',
      source: { type: span.source.type, id: span.source.id, level: span.source.level },
      sourceLevel: span.source.level,
    });
  }
  return sortFindings(findings) as ScanFinding[];
}

/**
 * Only sources the actor may read (clearance, and for state secrets the knowable scope) are named;
 * for others the finding stays, without the source, saying whom to ask.
 */
export async function presentFinding(db: Executor, actor: Actor, f: ScanFinding): Promise<Finding> {
  const { sourceLevel, source, ...rest } = f;
  if (!source) return rest;
  if (sourceLevel && (await mayRead(db, actor, source.type, { id: source.id, level: sourceLevel }))) return { ...rest, source };
  return { ...rest, reason: 'Reuses the text of a record above public that is outside what you may read; refer the draft to someone cleared for it.' };
}

export const hasStarMark = (findings: readonly Finding[]) => findings.some((f) => f.kind === 'mark');

export async function reviewText(ctx: Context, actor: Actor, text: string) {
  authorize(actor, 'secrecy.review');
  const findings = await scanDraft(ctx, text);
  const presented: Finding[] = [];
  for (const f of findings) presented.push(await presentFinding(ctx.database.db, actor, f));
  return { sha256: sha256(text), length: text.length, hasStarMark: hasStarMark(findings), findings: presented };
}

export interface ReviewInput {
  title: string;
  text: string;
  draftedBy?: string | null | undefined;
}

export type ReviewWithFindings = PublicationReview & { findings: PublicationReviewFinding[] };

/** Registers a review of one draft: who reviewed, the draft's SHA-256, and every finding. One review per draft. */
export async function createReview(ctx: Context, actor: Actor, input: ReviewInput): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review');
  assertMayClassify(actor, REVIEW_LEVEL, ctx.settings.ceiling);
  const digest = sha256(input.text);
  const findings = await scanDraft(ctx, input.text);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    const existing = await trx.selectFrom('publication_reviews').select('id').where('draft_sha256', '=', digest).executeTakeFirst();
    if (existing) throw conflict(`This draft was already reviewed (review ${existing.id}); one review per item. Change the draft to review it again.`, { reviewId: existing.id });
    const stamp = now();
    const review = await trx
      .insertInto('publication_reviews')
      .values({
        id,
        title: input.title,
        draft_sha256: digest,
        draft_length: input.text.length,
        has_star_mark: hasStarMark(findings) ? 1 : 0,
        drafted_by: input.draftedBy ?? null,
        reviewer_id: actor.id,
        reviewer_name: actor.name,
        approver_id: null,
        approver_name: null,
        outcome: null,
        basis: null,
        decided_at: null,
        level: REVIEW_LEVEL,
        created_at: stamp,
        updated_at: stamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const rows = findings.map((f, seq) => ({
      id: newId(),
      review_id: id,
      seq,
      kind: f.kind,
      start_offset: f.start,
      end_offset: f.end,
      excerpt: f.excerpt,
      reason: f.reason,
      source_type: f.source?.type ?? null,
      source_id: f.source?.id ?? null,
      source_level: f.sourceLevel ?? null,
      resolved: 0,
      resolution_note: null,
      resolved_by_id: null,
      resolved_by_name: null,
      resolved_at: null,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('publication_review_findings').values(rows.slice(i, i + 200)).execute();
    const saved = await trx.selectFrom('publication_review_findings').selectAll().where('review_id', '=', id).orderBy('seq').execute();
    return {
      result: { ...review, findings: saved },
      audit: { action: 'publication_review.create', objectType: 'publication_review', objectId: id, level: REVIEW_LEVEL, detail: { title: input.title, sha256: digest, findings: rows.length } },
    };
  });
}

const SORTABLE = { createdAt: 'created_at', title: 'title', outcome: 'outcome', decidedAt: 'decided_at' };

export async function listReviews(ctx: Context, actor: Actor, params: ListParams, filters: { outcome?: string | undefined } = {}) {
  authorize(actor, 'secrecy.review');
  let query = ctx.database.db.selectFrom('publication_reviews').where('level', 'in', readableLevels(actor));
  if (params.q) query = query.where(contains('title', params.q));
  if (filters.outcome === 'pending') query = query.where('outcome', 'is', null);
  else if (filters.outcome) query = query.where('outcome', '=', filters.outcome as Outcome);
  const page = await paginate(query, (qb) => qb.selectAll(), { ...params, order: params.sort ? params.order : 'desc' }, SORTABLE, { sort: 'createdAt', idColumn: 'id' });
  const items = page.items as PublicationReview[];
  await auditListRead(ctx, actor, 'publication_review', 'list', items);
  return { ...page, items };
}

export async function getReview(ctx: Context, actor: Actor, id: string): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review');
  const row = await ctx.database.db.selectFrom('publication_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  const review = await guardRead(ctx, actor, 'publication_review', id, row);
  const findings = await ctx.database.db.selectFrom('publication_review_findings').selectAll().where('review_id', '=', id).orderBy('seq').execute();
  return { ...review, findings };
}

async function loadReview(trx: Trx, actor: Actor, id: string): Promise<PublicationReview> {
  const row = await trx.selectFrom('publication_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canRead(actor, row)) throw notFound('review', id);
  return row;
}

/** Resolves one finding with a note saying why it does not stop publication (or what was changed). */
export async function resolveFinding(ctx: Context, actor: Actor, reviewId: string, findingId: string, note: string): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review');
  await writeAudited(ctx, actor, async (trx) => {
    const review = await loadReview(trx, actor, reviewId);
    if (review.reviewer_id !== actor.id && !can(actor, 'secrecy.review.decide')) {
      throw unprocessable('not_reviewer', 'Only the reviewer of this draft, or someone who decides reviews, may resolve its findings.');
    }
    if (review.outcome) throw conflict(`This review was already decided (${review.outcome}); its findings can no longer change.`);
    const finding = await trx
      .selectFrom('publication_review_findings')
      .selectAll()
      .where('id', '=', findingId)
      .where('review_id', '=', reviewId)
      .executeTakeFirst();
    if (!finding) throw notFound('finding', findingId);
    if (finding.resolved) throw conflict(`This finding was already resolved by ${finding.resolved_by_name} on ${finding.resolved_at}.`);
    const stamp = now();
    await trx
      .updateTable('publication_review_findings')
      .set({ resolved: 1, resolution_note: note, resolved_by_id: actor.id, resolved_by_name: actor.name, resolved_at: stamp })
      .where('id', '=', findingId)
      .execute();
    await trx.updateTable('publication_reviews').set({ updated_at: stamp }).where('id', '=', reviewId).execute();
    return {
      result: undefined,
      audit: { action: 'publication_review.resolve_finding', objectType: 'publication_review', objectId: reviewId, level: review.level, detail: { findingId, kind: finding.kind, note } },
    };
  });
  return getReviewUnaudited(ctx, reviewId);
}

async function getReviewUnaudited(ctx: Context, id: string): Promise<ReviewWithFindings> {
  const review = await ctx.database.db.selectFrom('publication_reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const findings = await ctx.database.db.selectFrom('publication_review_findings').selectAll().where('review_id', '=', id).orderBy('seq').execute();
  return { ...review, findings };
}

/**
 * The approver's decision. Publish only when every finding is resolved, and never for a draft that
 * carries a ★ mark (resolved or not). A decision is final.
 */
export async function decideReview(ctx: Context, actor: Actor, id: string, input: { outcome: Outcome; basis: string }): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review.decide');
  await writeAudited(ctx, actor, async (trx) => {
    const review = await loadReview(trx, actor, id);
    if (review.outcome) throw conflict(`This review was already decided: ${review.outcome} by ${review.approver_name} on ${review.decided_at}.`);
    if (input.outcome === 'publish') {
      if (review.has_star_mark) {
        throw unprocessable('star_mark', 'This draft carries a state-secret ★ mark; anything carrying a ★ mark is never published. Decide do_not_publish or refer_up.');
      }
      const open = await trx
        .selectFrom('publication_review_findings')
        .select(['seq', 'kind', 'excerpt'])
        .where('review_id', '=', id)
        .where('resolved', '=', 0)
        .orderBy('seq')
        .execute();
      if (open.length > 0) {
        throw unprocessable(
          'unresolved_findings',
          `This draft cannot be published while ${open.length} finding(s) are unresolved: ` +
            open.slice(0, 5).map((f) => `${f.kind} "${f.excerpt.slice(0, 20)}"`).join(', ') +
            (open.length > 5 ? ', …' : '') +
            '. Resolve each with a note, or decide do_not_publish or refer_up.',
          { unresolved: open.length },
        );
      }
    }
    const stamp = now();
    await trx
      .updateTable('publication_reviews')
      .set({ outcome: input.outcome, basis: input.basis, approver_id: actor.id, approver_name: actor.name, decided_at: stamp, updated_at: stamp })
      .where('id', '=', id)
      .execute();
    return {
      result: undefined,
      audit: { action: 'publication_review.decide', objectType: 'publication_review', objectId: id, level: review.level, detail: { outcome: input.outcome, basis: input.basis } },
    };
  });
  return getReviewUnaudited(ctx, id);
}
