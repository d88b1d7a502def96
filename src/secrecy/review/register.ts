import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import { lockChain, transact, type Executor, type Trx } from '../../db/database.ts';
import { contains, paginate, type ListParams } from '../../db/paging.ts';
import type { PublicationReview, PublicationReviewFinding } from '../../db/tables.ts';
import { writeAudited } from '../../db/write.ts';
import { AppError, conflict, notFound, unprocessable } from '../../errors.ts';
import { newId, now } from '../../ids.ts';
import type { Actor } from '../../security/actor.ts';
import { appendAudit, auditRead } from '../../security/audit.ts';
import { CHAIN_LOCK } from '../../security/audit-chain.ts';
import { highestOf, type Level } from '../../security/levels.ts';
import { assertMayClassify, authorize, can, canRead, readableLevels } from '../../security/policy.ts';
import { mayRead } from '../../security/knowable.ts';
import { auditListRead, guardRead } from '../../security/reads.ts';
import { findCopiedText } from './fingerprints.ts';
import { currentScanner } from './keywords.ts';
import { sortFindings, type Finding, type FindingKind } from './scanner.ts';

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
 * What a reader who may not know a finding's source is told instead: that the draft matches a
 * record they may not read, and nothing else: no span, no excerpt, no similarity, no source.
 */
export interface ReferUpFinding {
  kind: 'copied_text';
  code: 'refer_up';
  severity: 'block';
  reason: string;
}
export type PresentedFinding = Finding | ReferUpFinding;

export const REFER_UP_REASON = 'Refer up: matches a record you may not read. Someone cleared to read it must review this draft.';
const referUp = (): ReferUpFinding => ({ kind: 'copied_text', code: 'refer_up', severity: 'block', reason: REFER_UP_REASON });

/**
 * Review scans per person per rolling minute (the scan of a draft, and the registration of a
 * review, which scans again). Enough for someone editing a draft and checking it again; far too few
 * to learn, guess by guess, what a record one may not read says. Counted from the audit log, so the
 * limit holds across every process sharing the database.
 */
export const SCANS_PER_MINUTE = 10;
const SCAN_WINDOW_MS = 60_000;
const SCAN_ACTIONS = ['publication_review.scan', 'publication_review.create'];

/**
 * Every pass over a draft: marks and level words, keywords, personal data (one pass of the
 * automaton), then passages copied from indexed records. Sources are kept here with their level; what
 * the actor may see of them is decided by presentFindings.
 */
export async function scanDraft(ctx: Context, text: string): Promise<ScanFinding[]> {
  const scanner = await currentScanner(ctx);
  const findings: ScanFinding[] = scanner.scan(text);
  for (const passage of await findCopiedText(ctx.database.db, text)) {
    const percent = Math.round(passage.similarity * 100);
    const { parent, ...own } = passage.source;
    findings.push({
      kind: 'copied_text',
      code: 'copied_text',
      severity: 'block',
      start: passage.start,
      end: passage.end,
      excerpt: text.slice(passage.start, passage.end),
      reason: `A passage ${percent}% similar to the text of a record above public (${own.type.replace(/_/g, ' ')}).`,
      params: { similarity: percent, sourceType: own.type },
      source: { ...own, ...(parent.type !== own.type || parent.id !== own.id ? { parent } : {}) },
      sourceLevel: passage.source.level,
    });
  }
  return sortFindings(findings) as ScanFinding[];
}

/** Whether the actor may know the record a finding's text came from: `mayRead` on the record whose scope governs it. */
export async function mayKnowSource(db: Executor, actor: Actor, f: Pick<ScanFinding, 'source' | 'sourceLevel'>): Promise<boolean> {
  if (!f.source) return true;
  const governing = f.source.parent ?? f.source;
  return mayRead(db, actor, governing.type, { id: governing.id, level: (f.sourceLevel ?? f.source.level) as Level });
}

/**
 * Findings as one reader may see them. Sources the reader may read are named with the span and the
 * similarity; every match of a source they may not read is folded into one "refer up" finding at the
 * end, which says only that (where, how much, from what and how many would answer, guess by guess,
 * what the record says).
 */
export async function presentFindings(db: Executor, actor: Actor, findings: readonly ScanFinding[]): Promise<PresentedFinding[]> {
  const shown: PresentedFinding[] = [];
  let hidden = false;
  for (const f of findings) {
    const { sourceLevel: _level, ...rest } = f;
    if (await mayKnowSource(db, actor, f)) shown.push(rest);
    else hidden = true;
  }
  if (hidden) shown.push(referUp());
  return shown;
}

export const hasStarMark = (findings: readonly Finding[]) => findings.some((f) => f.kind === 'mark');

/** Refuses a scan beyond the per-person limit, with when to try again. */
async function assertScanAllowed(db: Executor, actor: Actor): Promise<void> {
  const recent = await db
    .selectFrom('audit_events')
    .select('at')
    .where('actor_id', '=', actor.id ?? '')
    .where('action', 'in', SCAN_ACTIONS)
    .where('at', '>=', new Date(Date.now() - SCAN_WINDOW_MS).toISOString())
    .orderBy('at', 'desc')
    .limit(SCANS_PER_MINUTE)
    .execute();
  if (recent.length < SCANS_PER_MINUTE || !actor.id) return;
  const oldest = Date.parse(recent[recent.length - 1]!.at);
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest + SCAN_WINDOW_MS - Date.now()) / 1000));
  throw new AppError(429, 'too_many_scans', { limit: SCANS_PER_MINUTE, retryAfterSeconds }, { details: { limit: SCANS_PER_MINUTE, windowSeconds: SCAN_WINDOW_MS / 1000, retryAfterSeconds } });
}

/** What the audit event of a scan says: counts and sources, never the text. */
function scanDetail(text: string, findings: readonly ScanFinding[]) {
  const kinds: Partial<Record<FindingKind, number>> = {};
  for (const f of findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  const sources = findings.flatMap((f) => (f.source ? [{ type: f.source.type, id: f.source.id }] : []));
  return { sha256: sha256(text), length: text.length, findings: findings.length, kinds, ...(sources.length ? { sources } : {}) };
}

/** The audit event names the sources matched, so it is kept at the highest of their levels. */
const scanLevel = (findings: readonly ScanFinding[]): Level => highestOf([REVIEW_LEVEL, ...findings.flatMap((f) => (f.sourceLevel ? [f.sourceLevel] : []))]);

/**
 * Checks a draft without registering it. Limited per person (SCANS_PER_MINUTE) and audited as one
 * event with counts and matched sources, never the text. The limit is checked before the scan and
 * again, under the audit chain's lock, before the event is written, so parallel requests cannot
 * slip past it.
 */
export async function reviewText(ctx: Context, actor: Actor, text: string) {
  authorize(actor, 'secrecy.review');
  await assertScanAllowed(ctx.database.db, actor);
  const findings = await scanDraft(ctx, text);
  await transact(ctx.database, async (trx) => {
    await lockChain(trx, ctx.database.dialect, CHAIN_LOCK);
    await assertScanAllowed(trx, actor);
    await appendAudit(trx, ctx.database, actor, { action: 'publication_review.scan', objectType: 'publication_review', level: scanLevel(findings), detail: scanDetail(text, findings) });
  });
  return { sha256: sha256(text), length: text.length, hasStarMark: hasStarMark(findings), findings: await presentFindings(ctx.database.db, actor, findings) };
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
  await assertScanAllowed(ctx.database.db, actor);
  const digest = sha256(input.text);
  const findings = await scanDraft(ctx, input.text);
  const id = newId();
  return writeAudited(ctx, actor, async (trx) => {
    await lockChain(trx, ctx.database.dialect, CHAIN_LOCK);
    await assertScanAllowed(trx, actor);
    const existing = await trx.selectFrom('publication_reviews').select('id').where('draft_sha256', '=', digest).executeTakeFirst();
    if (existing) throw conflict('draft_already_reviewed', { id: existing.id }, { reviewId: existing.id });
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
      level: f.sourceLevel ? highestOf([REVIEW_LEVEL, f.sourceLevel]) : REVIEW_LEVEL,
      code: f.code,
      params: JSON.stringify({ ...f.params, ...(f.source?.parent ? { parent: f.source.parent } : {}) }),
      blocking: f.severity === 'block' ? 1 : 0,
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
      audit: {
        action: 'publication_review.create',
        objectType: 'publication_review',
        objectId: id,
        level: scanLevel(findings),
        detail: { title: input.title, ...scanDetail(input.text, findings) },
      },
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

/** A stored finding as the scan made it, for the source check and the presenter. */
export function storedAsScan(f: PublicationReviewFinding): ScanFinding {
  const params = f.params ? (JSON.parse(f.params) as Record<string, unknown>) : {};
  const { parent, ...rest } = params as { parent?: { type: string; id: string } } & Record<string, string | number>;
  return {
    kind: f.kind as FindingKind,
    code: f.code ?? f.kind,
    severity: f.blocking === 0 ? 'warn' : 'block',
    start: Number(f.start_offset),
    end: Number(f.end_offset),
    excerpt: f.excerpt,
    reason: f.reason,
    ...(Object.keys(rest).length ? { params: rest } : {}),
    ...(f.source_type && f.source_id && f.source_level
      ? { source: { type: f.source_type, id: f.source_id, level: f.source_level, ...(parent ? { parent } : {}) }, sourceLevel: f.source_level }
      : {}),
  };
}

export async function getReview(ctx: Context, actor: Actor, id: string): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review');
  const row = await ctx.database.db.selectFrom('publication_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  const review = await guardRead(ctx, actor, 'publication_review', id, row);
  const findings = await ctx.database.db.selectFrom('publication_review_findings').selectAll().where('review_id', '=', id).orderBy('seq').execute();
  // A finding is kept at its source's level: reading one above the review's level is a read of that level.
  const above: PublicationReviewFinding[] = [];
  for (const f of findings) if (f.level !== review.level && (await mayKnowSource(ctx.database.db, actor, storedAsScan(f)))) above.push(f);
  if (above.length) {
    await auditRead(ctx.database, actor, {
      action: 'publication_review.read_findings',
      objectType: 'publication_review',
      objectId: id,
      level: highestOf(above.map((f) => f.level)),
      detail: { findings: above.map((f) => f.id) },
    });
  }
  return { ...review, findings };
}

async function loadReview(trx: Trx, actor: Actor, id: string): Promise<PublicationReview> {
  const row = await trx.selectFrom('publication_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canRead(actor, row)) throw notFound('publication_review', id);
  return row;
}

/** Resolves one finding (or dismisses a warning) with a note saying why it does not stop publication, or what was changed. */
export async function resolveFinding(ctx: Context, actor: Actor, reviewId: string, findingId: string, note: string): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review');
  await writeAudited(ctx, actor, async (trx) => {
    const review = await loadReview(trx, actor, reviewId);
    if (review.reviewer_id !== actor.id && !can(actor, 'secrecy.review.decide')) {
      throw unprocessable('not_reviewer');
    }
    if (review.outcome) throw conflict('review_already_decided', { outcome: review.outcome });
    const finding = await trx
      .selectFrom('publication_review_findings')
      .selectAll()
      .where('id', '=', findingId)
      .where('review_id', '=', reviewId)
      .executeTakeFirst();
    if (!finding) throw notFound('finding', findingId);
    if (!(await mayKnowSource(trx, actor, storedAsScan(finding)))) throw unprocessable('refer_up');
    if (finding.resolved) throw conflict('finding_already_resolved', { resolved_by_name: finding.resolved_by_name, resolved_at: finding.resolved_at });
    const stamp = now();
    await trx
      .updateTable('publication_review_findings')
      .set({ resolved: 1, resolution_note: note, resolved_by_id: actor.id, resolved_by_name: actor.name, resolved_at: stamp })
      .where('id', '=', findingId)
      .execute();
    await trx.updateTable('publication_reviews').set({ updated_at: stamp }).where('id', '=', reviewId).execute();
    return {
      result: undefined,
      audit: {
        action: 'publication_review.resolve_finding',
        objectType: 'publication_review',
        objectId: reviewId,
        level: highestOf([review.level, finding.level]),
        detail: { findingId, kind: finding.kind, note },
      },
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
 * The approver's decision. Publish only when every blocking finding is resolved (warnings need not
 * be), and never for a draft that carries a ★ mark (resolved or not). A decision is final.
 */
export async function decideReview(ctx: Context, actor: Actor, id: string, input: { outcome: Outcome; basis: string }): Promise<ReviewWithFindings> {
  authorize(actor, 'secrecy.review.decide');
  await writeAudited(ctx, actor, async (trx) => {
    const review = await loadReview(trx, actor, id);
    if (review.outcome) throw conflict('review_decided_by', { outcome: review.outcome, approver_name: review.approver_name, decided_at: review.decided_at });
    if (input.outcome === 'publish') {
      if (review.has_star_mark) {
        throw unprocessable('star_mark');
      }
      const open = await trx
        .selectFrom('publication_review_findings')
        .selectAll()
        .where('review_id', '=', id)
        .where('resolved', '=', 0)
        .where('blocking', '=', 1)
        .orderBy('seq')
        .execute();
      if (open.length > 0) {
        const named: string[] = [];
        for (const f of open.slice(0, 5)) {
          // A finding whose source the approver may not read is named only as such.
          named.push((await mayKnowSource(trx, actor, storedAsScan(f))) ? `“${f.excerpt.slice(0, 20)}”` : 'hidden_match');
        }
        throw unprocessable('unresolved_findings', { count: open.length, named: open.length > 5 ? [...named, '…'] : named }, { unresolved: open.length });
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
