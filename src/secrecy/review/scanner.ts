import { STAR, describeMark, isStarLike, parseMark, renderMark, tryParseMark, type Mark } from '../marks.ts';
import { MAX_PATTERN_LENGTH, compileMatcher, scanRaw, type CompiledMatcher } from './matcher.ts';
import { foldString, foldTable, isSpaceLike } from './normalize.ts';
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
  /** The record whose knowable scope decides who may know this text (a speech's session), when not the record itself. */
  parent?: { type: string; id: string };
}

/** A blocking finding stops publication until resolved; a warning may be dismissed and does not. */
export type Severity = 'block' | 'warn';

export interface Finding {
  kind: FindingKind;
  /**
   * Stable key of the explanation, for the web's catalogue (secrecy.finding.<code>); `reason` is the
   * same explanation in English, and `params` the values it names.
   */
  code: string;
  severity: Severity;
  /** UTF-16 offsets into the submitted text; end is exclusive. */
  start: number;
  end: number;
  excerpt: string;
  reason: string;
  params?: Record<string, string | number>;
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
  /** The keyword finding's reason and values, made once per pattern. */
  reason?: string;
  params?: { terms: string; lists: string };
}

function keywordReason(pattern: PatternInfo): string {
  if (pattern.reason === undefined) {
    const lists = [...new Set(pattern.keywords.map((e) => e.listName))];
    const terms = [...new Set(pattern.keywords.map((e) => e.term))];
    pattern.reason = `Matches the keyword ${terms.map((t) => `"${t}"`).join(' / ')} on the list ${lists.map((l) => `"${l}"`).join(', ')}.`;
    pattern.params = { terms: terms.join(' / '), lists: lists.join(', ') };
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
      findings.push({
        kind: 'keyword',
        code: 'keyword',
        severity: 'block',
        start,
        end,
        excerpt: excerpt(start, end),
        reason: keywordReason(pattern),
        params: pattern.params!,
      });
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
  for (const hit of personal) {
    findings.push({ kind: hit.kind, code: hit.code, severity: hit.severity, start: hit.start, end: hit.end, excerpt: excerpt(hit.start, hit.end), reason: hit.reason });
  }
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

const OPENERS = '【[（(〔［<《「『〈';
const CLOSERS = '】]）)〕］>》」』〉';
const PERIOD_STOPS = new Set([...'，。；、：:;,.!?！？）)】]」』》〉"“”\'‘’']);
/** How far after ★ a period is looked for. */
const MAX_PERIOD_LENGTH = 40;
/** The last character of N年, N个月, a date, or 长期. */
const PERIOD_ENDINGS = new Set(['年', '月', '日', '期']);

function skipSpacesForward(text: string, i: number): number {
  while (i < text.length && isSpaceLike(text.charCodeAt(i))) i++;
  return i;
}
function skipSpacesBack(text: string, i: number): number {
  while (i > 0 && isSpaceLike(text.charCodeAt(i - 1))) i--;
  return i;
}

const isLineBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';
const ASTERISKS = new Set(['*', '＊']);

/** The line around [start, end) with the word cut out and brackets, stars and spaces removed: empty when the word stands alone. */
function standsAlone(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !isLineBreak(text[a - 1])) a--;
  let b = end;
  while (b < text.length && !isLineBreak(text[b])) b++;
  for (const [from, to] of [[a, start], [end, b]] as const) {
    for (let i = from; i < to; i++) {
      const ch = text[i]!;
      if (!isSpaceLike(text.charCodeAt(i)) && !isStarLike(ch) && !OPENERS.includes(ch) && !CLOSERS.includes(ch) && ch !== '/') return false;
    }
  }
  return true;
}

function bracketed(text: string, start: number, end: number): boolean {
  const before = skipSpacesBack(text, start);
  const after = skipSpacesForward(text, end);
  if (before === 0 || after >= text.length) return false;
  const open = OPENERS.indexOf(text[before - 1]!);
  return open >= 0 && CLOSERS[open] === text[after];
}

/** The label before a level word, spaces and punctuation aside, is 密级 ("密级：机 密", "密 級 ： 秘密"). */
function afterLevelLabel(text: string, start: number): boolean {
  return foldString(text.slice(Math.max(0, start - 12), start)).endsWith('密级');
}

/**
 * A ★ (or a star typed for it) after the level word, spaces allowed. An asterisk is a star only
 * alone: "**机密**" and "*机密*" are Markdown emphasis, not marks.
 */
function starAfter(text: string, start: number, end: number): number {
  const at = skipSpacesForward(text, end);
  const ch = text[at];
  if (ch === undefined || !isStarLike(ch)) return -1;
  if (ASTERISKS.has(ch)) {
    if (ASTERISKS.has(text[at + 1] ?? '')) return -1;
    const before = skipSpacesBack(text, start);
    if (before > 0 && ASTERISKS.has(text[before - 1]!)) return -1;
  }
  return at;
}

/**
 * The mark starting at the level word: the longest text after ★ that reads as a period of years,
 * months, 长期 or a date, spaces and Chinese numerals allowed (`★ 十 年`, `★5 年`); failing that, a
 * condition up to the next space or punctuation; failing that, the bare mark (the default period).
 */
function readMarkAfter(text: string, word: string, starAt: number): { mark: Mark; end: number } {
  const after = skipSpacesForward(text, starAt + 1);
  let stop = after;
  while (stop < text.length && stop - after < MAX_PERIOD_LENGTH && !isLineBreak(text[stop]) && !PERIOD_STOPS.has(text[stop]!)) stop++;
  const following = text.slice(after, stop);
  const trimmedEnd = (len: number) => skipSpacesBack(text, after + len);
  // Only prefixes ending where a period can end are tried, so a draft full of marks costs a few
  // parses per mark, not one per character.
  for (let len = following.length; len > 0; len--) {
    if (!PERIOD_ENDINGS.has(following[len - 1]!)) continue;
    const mark = tryParseMark(`${word}${STAR}${following.slice(0, len)}`);
    if (mark && mark.period.kind !== 'condition') return { mark, end: trimmedEnd(len) };
  }
  let conditionLength = 0;
  while (conditionLength < following.length && !isSpaceLike(following.charCodeAt(conditionLength))) conditionLength++;
  const condition = conditionLength > 0 ? tryParseMark(`${word}${STAR}${following.slice(0, conditionLength)}`) : null;
  if (condition) return { mark: condition, end: after + conditionLength };
  return { mark: parseMark(`${word}${STAR}`), end: starAt + 1 };
}

function zhLevelFinding(text: string, word: string, start: number, end: number): Finding | null {
  // Spread out only by spaces or invisible characters ("机 密", "秘\u3000密", "机\u200b密"); across
  // punctuation it is two words ("奥秘，密切").
  for (let i = start + 1; i < end - 1; i++) if (!isSpaceLike(text.charCodeAt(i))) return null;
  const starAt = starAfter(text, start, end);
  if (starAt >= 0) {
    const { mark, end: markEnd } = readMarkAfter(text, word, starAt);
    const written = renderMark(mark);
    return {
      kind: 'mark',
      code: 'mark',
      severity: 'block',
      start,
      end: markEnd,
      excerpt: text.slice(start, markEnd),
      reason: `A state-secret mark (${describeMark(mark)}). Anything carrying a ★ mark is never published.`,
      params: { mark: written },
    };
  }
  if (afterLevelLabel(text, skipSpacesBack(text, start)) || bracketed(text, start, end) || standsAlone(text, start, end)) {
    const shown = text.slice(start, end);
    return {
      kind: 'level_word',
      code: 'level_word',
      severity: 'block',
      start,
      end,
      excerpt: shown,
      reason: `"${shown}" is written as a classification marking (in a heading, brackets, or after 密级). State secrets may not be published.`,
      params: { word },
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
    code: 'level_word',
    severity: 'block',
    start: s,
    end: stop,
    excerpt: text.slice(s, stop),
    reason: `"${text.slice(s, stop)}" is written as a classification marking. Classified material may not be published.`,
    params: { word: text.slice(s, stop) },
  };
}

/** Every character the folding reads as 密, the last character of every level word (秘密, 机密, 绝密). */
let miCharacters: RegExp | null = null;
let builtinScanner: ReviewScanner | null = null;

/**
 * The first state-secret ★ mark in a text, read exactly as the review reads it (traditional forms,
 * full-width, spaces and invisible characters between the characters, a star typed as ☆, * or ＊), or
 * null. The ceiling guard asks here, so the guard and the review agree on what a mark is.
 */
export function findStarMark(text: string): Finding | null {
  if (!miCharacters) {
    const fold = foldTable();
    const mi = '密'.charCodeAt(0);
    const chars: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (fold[c] === mi) chars.push(String.fromCharCode(c));
    miCharacters = new RegExp(`[${chars.join('')}]`);
  }
  if (!miCharacters.test(text)) return null;
  builtinScanner ??= buildScanner([]);
  return builtinScanner.scan(text).find((f) => f.kind === 'mark') ?? null;
}
