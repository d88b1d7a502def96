import type { ReleaseDraft } from '../api/study.ts';
import type { Span } from './richtext.ts';

/** Every field of a draft that came from the text, with the key the page uses for it. */
export function draftSpans(draft: ReleaseDraft): { key: string; span: Span | null }[] {
  return [
    { key: 'date', span: draft.date?.span ?? null },
    { key: 'halfDay', span: draft.halfDay?.span ?? null },
    { key: 'group', span: draft.group?.span ?? null },
    { key: 'body', span: draft.body?.span ?? null },
    ...draft.themes.map((x, i) => ({ key: `theme-${i}`, span: x.span })),
    ...(draft.host ? [{ key: 'host', span: draft.host.span }] : []),
    ...draft.participants.map((x, i) => ({ key: `participant-${i}`, span: x.span })),
    ...draft.speakers.map((x, i) => ({ key: `speaker-${i}`, span: x.span })),
    ...(draft.speech ? [{ key: 'speechWords', span: draft.speech.words.span }] : []),
    ...(draft.collectiveSpeech ? [{ key: 'collective', span: draft.collectiveSpeech.span }] : []),
    ...draft.observers.map((x, i) => ({ key: `observer-${i}`, span: x.span })),
    ...draft.guidance.map((x, i) => ({ key: `guidance-${i}`, span: x.span })),
    ...draft.conclusions.map((x, i) => ({ key: `conclusion-${i}`, span: x.span })),
  ];
}

/** The span covering a position that is the shortest (the most specific field). */
export function innermostKey(spans: { key: string; span: Span | null }[], keys: string[]): string | null {
  const length = (k: string) => {
    const s = spans.find((x) => x.key === k)?.span;
    return s ? s[1] - s[0] : Number.MAX_SAFE_INTEGER;
  };
  return [...keys].sort((a, b) => length(a) - length(b))[0] ?? null;
}

