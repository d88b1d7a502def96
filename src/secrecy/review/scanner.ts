import { STAR, describeMark, tryParseMark } from '../marks.ts';
import { MAX_PATTERN_LENGTH, compileMatcher, scanRaw, type CompiledMatcher } from './matcher.ts';
import { foldString } from './normalize.ts';
import { checkDigitRun, checkEmail, type PersonalHit } from './personal.ts';

export const FINDING_KINDS = [
  'mark',
  'level_word',
  'keyword',
  'id_number',
  'mobile',
  'landline',
  'bank_card',
  'email',
  'copied_text',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingSource {
  type: string;
  id: string;
  level: string;
}

export interface Finding {
  kind: FindingKind;
  /** UTF-16 offsets into the submitted text; end is exclusive. */
  start: number;
  end: number;
  excerpt: string;
  reason: string;
  source?: FindingSource;
}

export interface KeywordEntry {
  listId: string;
  listName: string;
  term: string;
}

/** What one pattern of the automaton stands for: a built-in marking word, keyword entries, or both. */
interface PatternInfo {
  builtin: 'zh_level' | 'en_level' | null;
  word: string;
  keywords: KeywordEntry[];
  /** The keyword finding's reason, made once per pattern. */
  reason?: string;
}

function keywordReason(pattern: PatternInfo): string {
  if (pattern.reason === undefined) {
    const lists = [...new Set(pattern.keywords.map((e) => e.listName))];
    const terms = [...new Set(pattern.keywords.map((e) => e.term))];
    pattern.reason = `Matches the keyword ${terms.map((t) => `"${t}"`).join(' / ')} on the list ${lists.map((l) => `"${l}"`).join(', ')}.`;
  }
  return pattern.reason;
}

const ZH_LEVEL_WORDS = ['秘密', '机密', '绝密'];

export interface ReviewScanner {
  readonly keywordCount: number;
  scan(text: string): Finding[];
}

/** Compiles the keyword lists together with the built-in marking words into one automaton. */
export function buildScanner(entries: readonly KeywordEntry[]): ReviewScanner {
  const patterns: string[] = [];
  const info: PatternInfo[] = [];
  const indexOf = new Map<string, number>();
  const slot = (folded: string): PatternInfo => {
    let index = indexOf.get(folded);
    if (index === undefined) {
      index = patterns.length;
      indexOf.set(folded, index);
      patterns.push(folded);
      info.push({ builtin: null, word: folded, keywords: [] });
    }
    return info[index]!;
  };
  for (const word of ZH_LEVEL_WORDS) slot(word).builtin = 'zh_level';
  for (const word of ['secret', 'confidential']) slot(word).builtin = 'en_level';
  let keywordCount = 0;
  for (const entry of entries) {
    const folded = foldString(entry.term);
    if (folded.length === 0 || folded.length > MAX_PATTERN_LENGTH) continue;
    keywordCount++;
    slot(folded).keywords.push(entry);
  }
  const matcher = compileMatcher(patterns);
  return { keywordCount, scan: (text) => scanText(matcher, info, text) };
}

function scanText(matcher: CompiledMatcher, info: readonly PatternInfo[], text: string): Finding[] {
  const raw = scanRaw(matcher, text);
  const findings: Finding[] = [];
  const excerpt = (start: number, end: number) => text.slice(start, end);
  const h = raw.hits.data;
  for (let j = 0; j < raw.hits.length; j += 3) {
    const p = h[j]!;
    const start = h[j + 1]!;
    const end = h[j + 2]!;
    const pattern = info[p]!;
    if (pattern.keywords.length > 0 && wordBoundariesHold(text, matcher.patterns[p]!, start, end)) {
      findings.push({ kind: 'keyword', start, end, excerpt: excerpt(start, end), reason: keywordReason(pattern) });
    }
    if (pattern.builtin === 'zh_level') {
      const finding = zhLevelFinding(text, pattern.word, start, end);
      if (finding) findings.push(finding);
    } else if (pattern.builtin === 'en_level') {
      const finding = enLevelFinding(text, start, end);
      if (finding) findings.push(finding);
    }
  }
  const personal: PersonalHit[] = [];
  const d = raw.digitRuns.data;
  for (let j = 0; j < raw.digitRuns.length; j += 2) checkDigitRun(text, d[j]!, d[j + 1]!, personal);
  for (let j = 0; j < raw.ats.length; j++) {
    const email = checkEmail(text, raw.ats.data[j]!);
    if (email) personal.push(email);
  }
  for (const hit of personal) findings.push({ kind: hit.kind, start: hit.start, end: hit.end, excerpt: excerpt(hit.start, hit.end), reason: hit.reason });
  // Each pattern has one slot, so a span is found at most once per kind: no duplicates to remove.
  return sortFindings(findings);
}

const byPosition = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(byPosition);
}

const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isLatinish = (c: number) => isAsciiAlnum(c) || (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);

/** A keyword that begins or ends with a Latin letter or digit must begin or end a word: "ass" is not found in "class". */
function wordBoundariesHold(text: string, folded: string, start: number, end: number): boolean {
  if (isAsciiAlnum(folded.charCodeAt(0)) && start > 0 && isLatinish(text.charCodeAt(start - 1))) return false;
  if (isAsciiAlnum(folded.charCodeAt(folded.length - 1)) && end < text.length && isLatinish(text.charCodeAt(end))) return false;
  return true;
}

const SPACES = new Set([0x20, 0x09, 0x3000, 0xa0]);
const OPENERS = '【[（(〔［<《「『〈';
const CLOSERS = '】]）)〕］>》」』〉';
const PERIOD_STOPS = new Set([...'，。；、：:;,.!?！？）)】]」』》〉"“”\'‘’']);

function skipSpacesForward(text: string, i: number): number {
  while (i < text.length && SPACES.has(text.charCodeAt(i))) i++;
  return i;
}
function skipSpacesBack(text: string, i: number): number {
  while (i > 0 && SPACES.has(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The line around [start, end) with the word cut out and brackets, stars and spaces removed: empty when the word stands alone. */
function standsAlone(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && text[a - 1] !== '\n' && text[a - 1] !== '\r') a--;
  let b = end;
  while (b < text.length && text[b] !== '\n' && text[b] !== '\r') b++;
  const rest = (text.slice(a, start) + text.slice(end, b)).replace(/[\s【】[\]（）()〔〕［］<>《》「」『』〈〉★☆/]/g, '');
  return rest.length === 0;
}

function bracketed(text: string, start: number, end: number): boolean {
  const before = skipSpacesBack(text, start);
  const after = skipSpacesForward(text, end);
  if (before === 0 || after >= text.length) return false;
  const open = OPENERS.indexOf(text[before - 1]!);
  return open >= 0 && CLOSERS[open] === text[after];
}

function zhLevelFinding(text: string, word: string, start: number, end: number): Finding | null {
  if (end - start !== word.length) return null; // spread out ("秘 密"): not a marking
  let after = skipSpacesForward(text, end);
  const star = text[after];
  if (star === STAR || star === '☆') {
    after++;
    let stop = after;
    while (stop < text.length && stop - after < 40 && !SPACES.has(text.charCodeAt(stop)) && text[stop] !== '\n' && text[stop] !== '\r' && !PERIOD_STOPS.has(text[stop]!)) stop++;
    // The longest prefix of what follows that makes a valid mark (a condition may be followed by text).
    const following = text.slice(after, stop);
    let mark = null;
    let markEnd = after;
    for (let len = following.length; len >= 0 && !mark; len--) {
      mark = tryParseMark(`${word}${STAR}${following.slice(0, len)}`);
      if (mark) markEnd = after + len;
    }
    const shown = text.slice(start, markEnd);
    return {
      kind: 'mark',
      start,
      end: markEnd,
      excerpt: shown,
      reason: mark
        ? `A state-secret mark (${describeMark(mark)}). Anything carrying a ★ mark is never published.`
        : 'A state-secret level followed by ★. Anything carrying a ★ mark is never published.',
    };
  }
  const before = skipSpacesBack(text, start);
  const label = text.slice(Math.max(0, before - 3), before).replace(/[:：]$/, '');
  if (label.endsWith('密级') || bracketed(text, start, end) || standsAlone(text, start, end)) {
    return {
      kind: 'level_word',
      start,
      end,
      excerpt: text.slice(start, end),
      reason: `"${text.slice(start, end)}" is written as a classification marking (in a heading, brackets, or after 密级). State secrets may not be published.`,
    };
  }
  return null;
}

const isUpper = (s: string) => s === s.toUpperCase() && s !== s.toLowerCase();
const isTitle = (s: string) => s.length > 1 && isUpper(s[0]!) && s.slice(1) === s.slice(1).toLowerCase();

function wordBefore(text: string, start: number): { word: string; start: number } | null {
  const e = skipSpacesBack(text, start);
  let s = e;
  while (s > 0 && isAsciiAlnum(text.charCodeAt(s - 1))) s--;
  return s < e ? { word: text.slice(s, e), start: s } : null;
}
function wordAfter(text: string, end: number): string | null {
  const s = skipSpacesForward(text, end);
  let e = s;
  while (e < text.length && isAsciiAlnum(text.charCodeAt(e))) e++;
  return s < e ? text.slice(s, e) : null;
}

/**
 * English markings: TOP SECRET / Top Secret anywhere; SECRET or CONFIDENTIAL in capitals inside
 * ordinary text, or any case when followed by "//", in brackets, or alone on a line. The words in
 * an ordinary sentence ("secretary", "confidentiality work", "a secret ballot") are not markings.
 */
function enLevelFinding(text: string, start: number, end: number): Finding | null {
  const word = text.slice(start, end);
  if (!/^[A-Za-z]+$/.test(word)) return null;
  if (start > 0 && isLatinish(text.charCodeAt(start - 1))) return null;
  if (end < text.length && isLatinish(text.charCodeAt(end))) return null;
  const prev = wordBefore(text, start);
  const top = prev && prev.word.toLowerCase() === 'top' && word.toLowerCase() === 'secret' ? prev : null;
  const s = top ? top.start : start;
  const afterIndex = skipSpacesForward(text, end);
  const slashes = text.startsWith('//', afterIndex);
  let marking = false;
  if (top && ((isUpper(top.word) && isUpper(word)) || (isTitle(top.word) && isTitle(word)))) marking = true;
  else if (slashes || bracketed(text, s, end) || standsAlone(text, s, end)) marking = true;
  else if (isUpper(word)) {
    // Capitals inside ordinary text; not inside a heading written all in capitals.
    const neighbours = [top ? wordBefore(text, top.start)?.word : prev?.word, wordAfter(text, end)].filter((w): w is string => !!w && w.length > 1);
    marking = !neighbours.some((w) => isUpper(w));
  }
  if (!marking) return null;
  let stop = end;
  if (slashes) {
    stop = afterIndex + 2;
    while (stop < text.length && /[A-Za-z/]/.test(text[stop]!)) stop++;
  }
  return {
    kind: 'level_word',
    start: s,
    end: stop,
    excerpt: text.slice(s, stop),
    reason: `"${text.slice(s, stop)}" is written as a classification marking. Classified material may not be published.`,
  };
}
