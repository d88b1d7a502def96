/**
 * Browser-side text helpers of the study pages: search snippets (escaped text with <mark>), source
 * spans of an imported release, and reordering lists. Nothing here produces HTML: callers render
 * the segments as React text, so only the highlighting survives.
 */

export interface Segment {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

/** Turns HTML entities of escaped text back into characters (numeric ones too). */
export function unescapeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower]!;
    if (lower.startsWith('#x')) {
      const code = Number.parseInt(lower.slice(2), 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (lower.startsWith('#')) {
      const code = Number.parseInt(lower.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return whole;
  });
}

/**
 * Splits a search snippet (escaped text in which matches are wrapped in <mark>…</mark>) into
 * plain and marked segments. Only <mark> and </mark> are honoured; any other tag is dropped and its
 * text kept, so nothing the snippet holds can become markup.
 */
export function snippetSegments(snippet: string): Segment[] {
  const segments: Segment[] = [];
  let marked = false;
  const push = (raw: string) => {
    const text = unescapeEntities(raw.replace(/<\/?[a-z][^>]*>/gi, ''));
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.marked === marked) last.text += text;
    else segments.push({ text, marked });
  };
  let rest = snippet;
  for (;;) {
    const m = /<(\/?)mark(?:\s[^>]*)?>/i.exec(rest);
    if (!m) break;
    push(rest.slice(0, m.index));
    marked = m[1] !== '/';
    rest = rest.slice(m.index + m[0].length);
  }
  push(rest);
  return segments;
}

export type Span = readonly [number, number];

export interface SpanSegment {
  text: string;
  start: number;
  end: number;
  /** Keys of the spans covering this piece of text (empty for plain text). */
  keys: string[];
}

/**
 * Cuts a text at the edges of the given spans (start inclusive, end exclusive), so every piece
 * knows which spans cover it. Spans outside the text are clipped; empty ones are ignored.
 */
export function spanSegments(text: string, spans: readonly { key: string; span: Span | null | undefined }[]): SpanSegment[] {
  const valid = spans
    .filter((s): s is { key: string; span: Span } => !!s.span)
    .map((s) => ({ key: s.key, start: Math.max(0, Math.min(text.length, s.span[0])), end: Math.max(0, Math.min(text.length, s.span[1])) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set<number>([0, text.length]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: SpanSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    segments.push({ text: text.slice(start, end), start, end, keys: valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.key) });
  }
  return segments;
}

/** Moves the item at `from` to position `to` (both 0-based), answering a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length || from === to) return next;
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** The ids in their new order after dragging `dragged` onto `target`; null when nothing changes. */
export function reorderIds(ids: readonly string[], dragged: string, target: string): string[] | null {
  const from = ids.indexOf(dragged);
  const to = ids.indexOf(target);
  if (from < 0 || to < 0 || from === to) return null;
  return moveItem(ids, from, to);
}
