import type { Executor } from '../../db/database.ts';
import type { PublicationReview, PublicationReviewFinding, SecrecyKeyword, SecrecyKeywordList } from '../../db/tables.ts';
import type { Actor } from '../../security/actor.ts';
import { markOf } from '../../security/marks.ts';
import { REFER_UP_REASON, mayKnowSource, storedAsScan } from './register.ts';

export function presentKeywordList(list: SecrecyKeywordList) {
  return {
    id: list.id,
    name: list.name,
    description: list.description,
    active: list.active === 1,
    termCount: Number(list.term_count),
    revision: Number(list.revision),
    level: list.level,
    mark: markOf(list.level),
    createdAt: list.created_at,
    updatedAt: list.updated_at,
  };
}

export function presentKeyword(keyword: SecrecyKeyword) {
  return { id: keyword.id, listId: keyword.list_id, term: keyword.term, folded: keyword.folded, createdAt: keyword.created_at };
}

/**
 * Stored findings as one reader may see them: a finding whose source the reader may not know says
 * only "refer up" (no span, excerpt, similarity, source or resolution note), and such findings come
 * last, so their place in the list does not tell where in the draft they are.
 */
export async function presentStoredFindings(db: Executor, actor: Actor, rows: readonly PublicationReviewFinding[]) {
  const known = [];
  const hidden = [];
  for (const f of rows) {
    const scan = storedAsScan(f);
    const resolution = { resolved: f.resolved === 1, resolvedBy: f.resolved_by_name, resolvedAt: f.resolved_at };
    if (await mayKnowSource(db, actor, scan)) {
      const { sourceLevel: _level, ...finding } = scan;
      known.push({ id: f.id, ...finding, ...resolution, resolutionNote: f.resolution_note });
    } else {
      hidden.push({ id: f.id, kind: 'copied_text' as const, code: 'refer_up' as const, severity: 'block' as const, reason: REFER_UP_REASON, ...resolution, resolutionNote: null });
    }
  }
  return [...known, ...hidden];
}

export async function presentReview(db: Executor, actor: Actor, review: PublicationReview & { findings?: PublicationReviewFinding[] }) {
  const findings = await presentStoredFindings(db, actor, review.findings ?? []);
  return {
    id: review.id,
    title: review.title,
    draftSha256: review.draft_sha256,
    draftLength: Number(review.draft_length),
    hasStarMark: review.has_star_mark === 1,
    draftedBy: review.drafted_by,
    reviewerId: review.reviewer_id,
    reviewerName: review.reviewer_name,
    approverId: review.approver_id,
    approverName: review.approver_name,
    outcome: review.outcome,
    basis: review.basis,
    decidedAt: review.decided_at,
    level: review.level,
    mark: markOf(review.level),
    createdAt: review.created_at,
    updatedAt: review.updated_at,
    ...(review.findings
      ? {
          findings,
          // Blocking findings still open stop publication; open warnings are only counted.
          unresolved: review.findings.filter((f) => f.resolved !== 1 && f.blocking !== 0).length,
          openWarnings: review.findings.filter((f) => f.resolved !== 1 && f.blocking === 0).length,
        }
      : {}),
  };
}
