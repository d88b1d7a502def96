import type { PublicationReview, ScanFinding } from '../api/secrecy.ts';
import { spanSegments, type SpanSegment } from './richtext.ts';

/** The key of a finding in the highlighted draft: its index in the list. */
export const findingKey = (index: number) => `f${index}`;

/**
 * Cuts the draft at the edges of every finding's span so each piece knows which findings cover it.
 * Findings whose span does not fit the text (an edited draft) are dropped rather than misplaced.
 */
export function findingSegments(text: string, findings: readonly Pick<ScanFinding, 'start' | 'end'>[]): SpanSegment[] {
  return spanSegments(
    text,
    findings.map((f, i) => ({ key: findingKey(i), span: f.end <= text.length && f.start < f.end ? ([f.start, f.end] as const) : null })),
  );
}

/** True when the finding's excerpt is still what the draft holds at its span (the draft was not edited since). */
export function spanMatches(text: string, f: Pick<ScanFinding, 'start' | 'end' | 'excerpt'>): boolean {
  return text.slice(f.start, f.end) === f.excerpt;
}

/** Kinds that carry personal data, for the colour of the highlight. */
const SEVERE = new Set(['mark', 'level_word', 'copied_text']);
export const findingTone = (kind: string): 'severe' | 'warn' => (SEVERE.has(kind) ? 'severe' : 'warn');

export type PublishProblem = 'decided' | 'star_mark' | 'unresolved' | null;

/**
 * Why "publish" cannot be chosen for a review, mirroring the API: a decided review is final, a
 * draft with a ★ mark is never published, and every finding must be resolved first.
 */
export function publishProblem(review: Pick<PublicationReview, 'outcome' | 'hasStarMark' | 'findings' | 'unresolved'>): PublishProblem {
  if (review.outcome) return 'decided';
  if (review.hasStarMark) return 'star_mark';
  const open = review.unresolved ?? review.findings?.filter((f) => !f.resolved).length ?? 0;
  return open > 0 ? 'unresolved' : null;
}

/** Unresolved findings of a review. */
export const unresolvedCount = (review: Pick<PublicationReview, 'findings' | 'unresolved'>) =>
  review.unresolved ?? review.findings?.filter((f) => !f.resolved).length ?? 0;

/**
 * Keywords pasted as text: one per line, or separated by commas, 、 or semicolons; trimmed, empty
 * and repeated ones dropped (the server skips ones already on the list).
 */
export function parseTerms(pasted: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of pasted.split(/[\r\n,，、;；\t]+/)) {
    const term = raw.trim();
    if (!term || seen.has(term)) continue;
    seen.add(term);
    out.push(term);
  }
  return out;
}
