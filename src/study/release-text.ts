/**
 * The draft a release is read into, and the text pieces the readers work on. A piece keeps its
 * offset in the source, so every value the importer proposes can point at the words it came from.
 *
 * Everything here runs in time linear in the text: pieces are cut by scanning once, and the
 * regular expressions used on them have no nested or overlapping quantifiers (a release is pasted
 * by a person, and one slow paste must not stall the server's one event loop).
 */

export type Lang = 'zh' | 'en';
export type Span = [number, number];
export type HalfDay = 'morning' | 'afternoon' | 'evening';
export type ConclusionKind = 'finding' | 'requirement';

export interface Field<T> {
  value: T;
  span: Span;
}

/** The session date, and where its year came from: written in the release, or inferred from the publication date. */
export interface DateField extends Field<string> {
  year: { source: 'release' } | { source: 'published'; publishedOn: string } | { source: 'unknown' };
}

export interface DraftPerson {
  name: string;
  titles: string[];
  span: Span;
}

export interface DraftHost extends DraftPerson {
  /** 'host' for hosted / 主持 in the active voice, 'preside' for presided over / chaired / 由…主持. */
  role: 'host' | 'preside';
  /** The host also spoke (并讲话, "and delivered a speech"); `speech` holds the release's words for it. */
  spoke: boolean;
  speech: string | null;
}

/** A named person, or a group as written ("各县（区）委书记") when `named` is false. */
export interface DraftObserver extends DraftPerson {
  named: boolean;
}

export interface DraftConclusion extends Field<string> {
  kind: ConclusionKind;
  /** The paragraph's lead-in as written ("会议强调，", "The meeting emphasized that"), on the sentence it led. */
  leadIn: string | null;
  /** Sentences of one paragraph share a number, so a written release can keep the paragraphs. */
  paragraph: number;
}

export interface DraftSpeech {
  /** The release's own words for the speeches ("交流发言", "made key speeches around the learning theme"). */
  words: Field<string>;
  kind: 'key_speech' | 'exchange';
}

export interface ReleaseDraft {
  language: Lang;
  publishedOn: string | null;
  date: DateField | null;
  halfDay: Field<HalfDay> | null;
  body: Field<string> | null;
  group: Field<string> | null;
  themes: Field<string>[];
  host: DraftHost | null;
  participants: DraftPerson[];
  speakers: DraftPerson[];
  /** How the speakers (or the collective) spoke, in the release's words. */
  speech: DraftSpeech | null;
  /** "市委常委依次作交流发言": the group that spoke in turn, as written. */
  collectiveSpeech: Field<string> | null;
  observers: DraftObserver[];
  guidance: Field<string>[];
  conclusions: DraftConclusion[];
  /** The conclusions by kind, in order (views of `conclusions`). */
  findings: Field<string>[];
  requirements: Field<string>[];
  /** Every individual the release names as being there, once each, in order of first mention. */
  present: string[];
}

export interface Piece {
  text: string;
  start: number;
}

export const spanOf = (p: Piece): Span => [p.start, p.start + p.text.length];
export const piece = (text: string, start: number): Piece => ({ text, start });
export const sub = (p: Piece, from: number, to = p.text.length): Piece => ({ text: p.text.slice(from, to), start: p.start + from });

const TRIM = new Set([' ', '\t', '\r', '\n', '\u3000', '\u00a0', ',', '，', '、', ';', '；', ':', '：']);

/** Trims separators (or the given characters) from both ends, keeping the offset right. */
export function trim(p: Piece, chars: Set<string> = TRIM): Piece {
  let a = 0;
  let b = p.text.length;
  while (a < b && chars.has(p.text[a]!)) a++;
  while (b > a && chars.has(p.text[b - 1]!)) b--;
  return sub(p, a, b);
}
export const SPACE = new Set([' ', '\t', '\r', '\n', '\u3000', '\u00a0']);
export const ENDS = new Set([...TRIM, '。', '.', '！', '!', '？', '?']);

const PAIRS = ['“”', '‘’', '《》', '〈〉', '（）', '()', '「」', '『』', '【】', '[]', '""'];
/** For each character code, 1 + the index of the pair it opens / closes (0: none). */
const OPENS = new Uint8Array(0x10000);
const CLOSES = new Uint8Array(0x10000);
PAIRS.forEach((pair, k) => {
  OPENS[pair.charCodeAt(0)] = k + 1;
  CLOSES[pair.charCodeAt(1)] = k + 1;
});
const APOSTROPHE = '’'.charCodeAt(0);

/**
 * For each character, whether it lies inside a pair of quotation marks or brackets: a quoted title
 * (《关于……，……的意见》, “学思想、强党性，重实践、建新功”) is one thing, whatever separators it holds.
 * An opening mark that is never closed protects nothing (a stray “ must not swallow the rest). A
 * ’ followed by a letter is an apostrophe ("People’s"), not a closing quote. One pass, linear.
 */
export function quoted(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  let opened = 0;
  for (let i = 0; i < text.length && opened === 0; i++) if (OPENS[text.charCodeAt(i)]) opened = 1;
  if (!opened) return inside;
  const depth = new Int32Array(text.length + 1);
  const stackAt = new Int32Array(text.length);
  const stackPair = new Uint8Array(text.length);
  let top = 0;
  const waiting = new Int32Array(PAIRS.length + 1);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const closes = CLOSES[code]!;
    if (closes && waiting[closes]! > 0 && !(code === APOSTROPHE && /\p{L}/u.test(text[i + 1] ?? ''))) {
      // Openers left unclosed inside this pair are dropped; each is popped once, so this stays linear.
      for (;;) {
        top--;
        const pair = stackPair[top]!;
        waiting[pair]!--;
        if (pair === closes) {
          depth[stackAt[top]! + 1]!++;
          depth[i]!--;
          break;
        }
      }
    } else if (OPENS[code]) {
      stackAt[top] = i;
      stackPair[top] = OPENS[code]!;
      top++;
      waiting[OPENS[code]!]!++;
    }
  }
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    d += depth[i]!;
    inside[i] = d > 0 ? 1 : 0;
  }
  return inside;
}

/** The matches of a global regular expression that are not inside quotation marks or brackets. */
export function* matchesOutside(text: string, re: RegExp): Generator<RegExpExecArray> {
  const inside = quoted(text);
  for (const m of text.matchAll(re)) if (!inside[m.index]) yield m as RegExpExecArray;
}

/** The first `char` at or after `from` that is not inside quotation marks or brackets, or -1. */
export function indexOutside(text: string, char: string, from = 0): number {
  const inside = quoted(text);
  for (let i = text.indexOf(char, from); i >= 0; i = text.indexOf(char, i + 1)) if (!inside[i]) return i;
  return -1;
}

/** The last `char` before `before` that is not inside quotation marks or brackets, or -1. */
export function lastIndexOutside(text: string, char: string, before = text.length): number {
  if (before <= 0) return -1;
  const inside = quoted(text);
  for (let i = text.lastIndexOf(char, before - 1); i >= 0; i = i > 0 ? text.lastIndexOf(char, i - 1) : -1) if (!inside[i]) return i;
  return -1;
}

/**
 * Cuts a piece at every match of a global regular expression, dropping the separators and empty
 * parts; never inside quotation marks or brackets.
 */
export function split(p: Piece, separator: RegExp): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  const inside = quoted(p.text);
  for (const m of p.text.matchAll(separator)) {
    if (inside[m.index]) continue;
    out.push(sub(p, last, m.index));
    last = m.index + m[0].length;
  }
  out.push(sub(p, last));
  return out.map((x) => trim(x)).filter((x) => x.text.length > 0);
}

/** Paragraphs: the non-empty lines of the text. */
export function paragraphs(source: string, from: number): Piece[] {
  const out: Piece[] = [];
  let start = from;
  for (let i = from; i <= source.length; i++) {
    if (i === source.length || source[i] === '\n') {
      const p = trim(piece(source.slice(start, i), start), SPACE);
      if (p.text) out.push(p);
      start = i + 1;
    }
  }
  return out;
}

const ZH_STOPS = new Set(['。', '！', '？']);
const CLOSERS = new Set(['”', '’', '"', "'", '）', ')', '」', '』']);

/**
 * Chinese sentences: cut after 。！？ (and a closing quote right after one), never inside
 * quotation marks or brackets.
 */
export function sentencesZh(p: Piece): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  const t = p.text;
  const inside = quoted(t);
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (ZH_STOPS.has(c) && !inside[i]) {
      let end = i + 1;
      while (end < t.length && (ZH_STOPS.has(t[end]!) || CLOSERS.has(t[end]!))) end++;
      const s = trim(sub(p, start, end), SPACE);
      if (s.text) out.push(s);
      start = end;
      i = end - 1;
    }
  }
  const rest = trim(sub(p, start), SPACE);
  if (rest.text) out.push(rest);
  return out;
}

/** Words after which a full stop does not end an English sentence. */
const ABBREVIATIONS = new Set(['no', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'vs', 'etc', 'co', 'ltd', 'inc', 'u.s', 'p.r', 'e.g', 'i.e']);

/** English sentences: cut after . ! ? followed by a space (or the end), not after an abbreviation or inside quotes. */
export function sentencesEn(p: Piece): Piece[] {
  const out: Piece[] = [];
  const t = p.text;
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '“') inQuote = true;
    else if (c === '”') inQuote = false;
    if ((c !== '.' && c !== '!' && c !== '?') || inQuote) continue;
    let end = i + 1;
    while (end < t.length && (t[end] === '.' || t[end] === '!' || t[end] === '?' || CLOSERS.has(t[end]!))) end++;
    if (end < t.length && !SPACE.has(t[end]!)) continue;
    if (c === '.') {
      let w = i;
      while (w > start && /[A-Za-z.]/.test(t[w - 1]!)) w--;
      const word = t.slice(w, i).toLowerCase();
      if (ABBREVIATIONS.has(word) || /^[a-z]$/.test(word)) continue;
      // "3.5" and "No. 1" never reach here (no space after the point / an abbreviation).
    }
    const s = trim(sub(p, start, end), SPACE);
    if (s.text) out.push(s);
    start = end;
    i = end - 1;
  }
  const rest = trim(sub(p, start), SPACE);
  if (rest.text) out.push(rest);
  return out;
}

export const pad = (n: number) => String(n).padStart(2, '0');

const validDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * The date of a month and day, with the year written in the release or else the latest year in
 * which that day is not after the publication date (a release reports what has happened).
 */
export function resolveDate(year: number | null, month: number, day: number, publishedOn: string | null, span: Span): DateField | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (year !== null) return validDay(year, month, day) ? { value: `${year}-${pad(month)}-${pad(day)}`, span, year: { source: 'release' } } : null;
  if (!publishedOn) return null;
  const [py, pm, pd] = publishedOn.split('-').map(Number) as [number, number, number];
  for (let y = month > pm || (month === pm && day > pd) ? py - 1 : py; y >= py - 8; y--) {
    if (validDay(y, month, day)) return { value: `${y}-${pad(month)}-${pad(day)}`, span, year: { source: 'published', publishedOn } };
  }
  return null;
}

export const HALF_DAY_ZH: Record<string, HalfDay> = { 上午: 'morning', 下午: 'afternoon', 晚上: 'evening', 晚间: 'evening', 晚: 'evening', 傍晚: 'evening' };
