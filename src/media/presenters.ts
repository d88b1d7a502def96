import type { MediaRelease, MediaReleaseVersion } from '../db/media-tables.ts';
import type { PublicationReview } from '../db/tables.ts';
import { markOf } from '../security/marks.ts';

type ReviewSummary = PublicationReview & { open: number };

/** One version as the app shows it; the review's standing only where the reader may read the register. */
export function presentVersion(v: MediaReleaseVersion, reviews: ReadonlyMap<string, ReviewSummary>) {
  const review = v.review_id ? reviews.get(v.review_id) : undefined;
  return {
    id: v.id,
    version: Number(v.version),
    title: v.title,
    body: v.body,
    sha256: v.text_sha256,
    state: v.state,
    changeNote: v.change_note,
    draftedBy: v.drafted_by_name,
    draftedById: v.drafted_by_id,
    reviewId: v.review_id,
    reviewedSha256: v.reviewed_sha256,
    reviewedAt: v.reviewed_at,
    /** Whether the review covers this text as it is now. */
    reviewCurrent: Boolean(v.reviewed_sha256) && v.reviewed_sha256 === v.text_sha256,
    review: review
      ? {
          id: review.id,
          reviewer: review.reviewer_name,
          outcome: review.outcome,
          decidedBy: review.approver_name,
          decidedAt: review.decided_at,
          hasStarMark: review.has_star_mark === 1,
          openFindings: review.open,
        }
      : null,
    approvedBy: v.approved_by_name,
    approvedAt: v.approved_at,
    scheduledAt: v.scheduled_at,
    publishedBy: v.published_by_name,
    publishedAt: v.published_at,
    supersededAt: v.superseded_at,
    level: v.level,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

export function presentRelease(release: MediaRelease, versions: readonly MediaReleaseVersion[], reviews: ReadonlyMap<string, ReviewSummary>) {
  const latest = versions.find((v) => v.version === release.latest_version);
  return {
    id: release.id,
    slug: release.slug,
    title: latest?.title ?? '',
    language: release.language,
    sessionId: release.session_id,
    source: release.source,
    author: release.author_name,
    authorId: release.author_id,
    level: release.level,
    mark: markOf(release.level),
    state: release.state,
    latestVersion: Number(release.latest_version),
    liveVersion: release.live_version === null ? null : Number(release.live_version),
    publicPath: release.live_version !== null && !release.retracted_at && release.level === 'public' ? `/public/releases/${release.slug ?? release.id}` : null,
    firstPublishedAt: release.first_published_at,
    retractedAt: release.retracted_at,
    retractedBy: release.retracted_by_name,
    retractReason: release.retract_reason,
    createdAt: release.created_at,
    updatedAt: release.updated_at,
    versions: versions.map((v) => presentVersion(v, reviews)),
  };
}

export function presentListItem(row: MediaRelease & { title: string; published_at: string | null; scheduled_at: string | null }) {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    language: row.language,
    author: row.author_name,
    level: row.level,
    mark: markOf(row.level),
    state: row.state,
    latestVersion: Number(row.latest_version),
    liveVersion: row.live_version === null ? null : Number(row.live_version),
    publishedAt: row.published_at,
    scheduledAt: row.scheduled_at,
    retractedAt: row.retracted_at,
    updatedAt: row.updated_at,
  };
}
