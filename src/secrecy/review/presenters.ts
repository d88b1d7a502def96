import type { Executor } from '../../db/database.ts';
import type { PublicationReview, PublicationReviewFinding, SecrecyKeyword, SecrecyKeywordList } from '../../db/tables.ts';
import type { Actor } from '../../security/actor.ts';
import { markOf } from '../../security/marks.ts';
import { presentFinding, type ScanFinding } from './register.ts';
import type { FindingKind } from './scanner.ts';

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

export async function presentStoredFinding(db: Executor, actor: Actor, f: PublicationReviewFinding) {
  const scan: ScanFinding = {
    kind: f.kind as FindingKind,
    start: Number(f.start_offset),
    end: Number(f.end_offset),
    excerpt: f.excerpt,
    reason: f.reason,
    ...(f.source_type && f.source_id && f.source_level
      ? { source: { type: f.source_type, id: f.source_id, level: f.source_level }, sourceLevel: f.source_level }
      : {}),
  };
  return {
    id: f.id,
    ...(await presentFinding(db, actor, scan)),
    resolved: f.resolved === 1,
    resolutionNote: f.resolution_note,
    resolvedBy: f.resolved_by_name,
    resolvedAt: f.resolved_at,
  };
}

export async function presentReview(db: Executor, actor: Actor, review: PublicationReview & { findings?: PublicationReviewFinding[] }) {
  const findings = [];
  for (const f of review.findings ?? []) findings.push(await presentStoredFinding(db, actor, f));
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
    ...(review.findings ? { findings, unresolved: review.findings.filter((f) => f.resolved !== 1).length } : {}),
  };
}
