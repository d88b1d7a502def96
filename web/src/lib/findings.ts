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
    findings.map((f, i) => ({
      key: findingKey(i),
      span: f.start !== undefined && f.end !== undefined && f.end <= text.length && f.start < f.end ? ([f.start, f.end] as const) : null,
    })),
  );
}

/**
 * True when the finding's excerpt is still what the draft holds at its span (the draft was not
 * edited since). A finding without a span ("refer up") says nothing about the draft's text.
 */
export function spanMatches(text: string, f: Pick<ScanFinding, 'start' | 'end' | 'excerpt'>): boolean {
  if (f.start === undefined || f.end === undefined) return true;
  return text.slice(f.start, f.end) === f.excerpt;
}

/** Marks, level words and copied text are shown as severe; personal data and keywords as a warning colour; a dismissible warning always as one. */
const SEVERE = new Set(['mark', 'level_word', 'copied_text']);
export const findingTone = (kind: string, severity: 'block' | 'warn' = 'block'): 'severe' | 'warn' => (severity === 'block' && SEVERE.has(kind) ? 'severe' : 'warn');

/** A finding the reader may not see the source of: it says only "refer up". */
export const isReferUp = (f: Pick<ScanFinding, 'code'>) => f.code === 'refer_up';

type Translate = (key: string, options: Record<string, unknown>) => string;

/** The finding's explanation in the reader's language, from the catalogue by its code; the server's text when the catalogue has none. */
export function findingExplanation(t: Translate, f: Pick<ScanFinding, 'code' | 'reason' | 'params'>): string {
  return t(`secrecy.finding.${f.code}`, { ...f.params, defaultValue: f.reason });
}

export type PublishProblem = 'decided' | 'star_mark' | 'unresolved' | null;

/**
 * Why "publish" cannot be chosen for a review, mirroring the API: a decided review is final, a
 * draft with a ★ mark is never published, and every finding must be resolved first.
 */
export function publishProblem(review: Pick<PublicationReview, 'outcome' | 'hasStarMark' | 'findings' | 'unresolved'>): PublishProblem {
  if (review.outcome) return 'decided';
  if (review.hasStarMark) return 'star_mark';
  return unresolvedCount(review) > 0 ? 'unresolved' : null;
}

/** Unresolved blocking findings of a review (open warnings do not stop publishing). */
export const unresolvedCount = (review: Pick<PublicationReview, 'findings' | 'unresolved'>) =>
  review.unresolved ?? review.findings?.filter((f) => !f.resolved && f.severity !== 'warn').length ?? 0;

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
