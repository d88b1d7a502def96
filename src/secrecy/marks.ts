import { LEVEL_LABELS, levelRank, type Level } from '../security/levels.ts';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { MessageParams } from '../i18n/render.ts';
import { foldTable, isSpaceLike } from './review/normalize.ts';

/**
 * State-secret marks (国家秘密标志): level + ★ + period.
 *
 *   秘密★10年          years from the issue date
 *   机密★6个月         months from the issue date
 *   绝密★长期          long-term
 *   机密★2027年12月31日 until a calendar date
 *   秘密★会议开始前     until a condition is met
 *   机密★              the default period of the level (绝密 30 years, 机密 20, 秘密 10)
 *
 * The parser reads a mark the way people type it: spaces and invisible characters anywhere
 * (`机 密 ★ 十 年`), full-width digits, traditional characters (`機密★`), a star typed as ☆, * or ＊,
 * Chinese numerals (`十年`, `二十年`, `六个月`, `二〇二七年十二月三十一日`) and leading zeros. What it
 * returns is rendered in one canonical form (Arabic numerals without leading zeros, ★ U+2605, no
 * spaces), so `renderMark(parseMark(renderMark(m))) === renderMark(m)` and a stored mark is always
 * written the same way. Anything else is refused with a message saying what was expected; a text
 * that reads as a number of years or months is never taken as a condition.
 */
export const MARK_LEVELS = ['mimi', 'jimi', 'juemi'] as const;
export type MarkLevel = (typeof MARK_LEVELS)[number];

export type Period =
  | { kind: 'default' }
  | { kind: 'years'; years: number }
  | { kind: 'months'; months: number }
  | { kind: 'long_term' }
  | { kind: 'until'; date: string }
  | { kind: 'condition'; condition: string };

export interface Mark {
  level: MarkLevel;
  period: Period;
}

export const STAR = '★';
export const DEFAULT_YEARS: Record<MarkLevel, number> = { juemi: 30, jimi: 20, mimi: 10 };
export const MAX_YEARS = 100;
export const MAX_MONTHS = 1200;
export const MAX_CONDITION_LENGTH = 100;

const LEVEL_BY_WORD: Record<string, MarkLevel> = { 秘密: 'mimi', 机密: 'jimi', 绝密: 'juemi' };

export class MarkError extends AppError {
  /** `problem` is the catalogue's words for what is wrong; the message adds how a mark is written. */
  constructor(input: string, problem: MessageKey, params: MessageParams = {}) {
    super(422, 'not_a_mark', { ...params, input, problem }, { code: 'invalid_mark', details: { input } });
  }
}

// Numbers in periods: Arabic digits or Chinese numerals.
const NUM = '(\\d+|[〇零一二两三四五六七八九十百千]+)';
const YEARS = new RegExp(`^${NUM}年$`);
const MONTHS = new RegExp(`^${NUM}个月$`);
const DATE = new RegExp(`^(\\d{4}|[〇零一二三四五六七八九]{4})年${NUM}月${NUM}日$`);
/** Number forms that are not a period the parser can read ("0年", "6月"): refused, not taken as conditions. */
const NUMBERISH = /^[\d〇零一二两三四五六七八九十百千]+(年|个月|月)([\d〇零一二两三四五六七八九十百千]+月[\d〇零一二两三四五六七八九十百千]+日)?$/;

/** Characters typed in place of ★. */
const STAR_LIKE = new Set([...'★☆*＊⋆✩✪✫✬✭✮✯✰✱✲✳✶✷✸✹⭐⭑⭒']);
export const isStarLike = (ch: string): boolean => STAR_LIKE.has(ch);

/**
 * A mark as typed, folded to how it is written: spaces and invisible characters dropped, full-width
 * digits and letters made half-width, traditional characters simplified (機密 → 机密, 個月 → 个月),
 * any star typed for ★ made ★. Other punctuation stays (a condition may need it).
 */
export function normalizeMarkText(input: string): string {
  const fold = foldTable();
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    const c = input.charCodeAt(i);
    if (isSpaceLike(c) || c === 0x0a || c === 0x0d) continue;
    if (STAR_LIKE.has(ch)) out += STAR;
    else if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c >= 0x2e80 && fold[c]! >= 0x2e80) out += String.fromCharCode(fold[c]!);
    else out += ch;
  }
  return out;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A number written in Arabic digits or Chinese numerals: 5, 05, 十, 二十, 二十五, 一百零五, or digit by
 * digit (二〇二七). Null when it is neither, or ambiguous (一百五 may mean 150 or 105).
 */
export function readNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const chars = [...text];
  if (chars.length === 0) return null;
  if (chars.every((c) => c in CN_DIGITS)) return Number(chars.map((c) => CN_DIGITS[c]).join(''));
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  let zero = false;
  for (const c of chars) {
    const d = CN_DIGITS[c];
    if (d === 0) {
      if (digit !== null || lastUnit === Infinity || zero) return null;
      zero = true;
    } else if (d !== undefined) {
      if (digit !== null) return null;
      digit = d;
    } else {
      const unit = CN_UNITS[c];
      if (unit === undefined || unit >= lastUnit || zero) return null;
      total += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    }
  }
  if (digit !== null) {
    if (lastUnit >= 100 && !zero) return null;
    total += digit;
  }
  return total;
}

export function isMarkLevel(level: Level): level is MarkLevel {
  return (MARK_LEVELS as readonly string[]).includes(level);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/** A condition must not read as one of the other forms, so that parsing what was rendered gives it back. */
/** What is wrong with a condition as the end of a period (a catalogue key; its `{max}` is MAX_CONDITION_LENGTH), or null. */
export function conditionProblem(condition: string): MessageKey | null {
  if (condition.length === 0) return 'mark_period_empty';
  if ([...condition].some(isStarLike)) return 'mark_one_star';
  if (normalizeMarkText(condition) !== condition) return 'mark_condition_unnormalized';
  if (condition.length > MAX_CONDITION_LENGTH) return 'mark_condition_too_long';
  if (condition === '长期' || YEARS.test(condition) || MONTHS.test(condition) || DATE.test(condition) || NUMBERISH.test(condition)) {
    return 'mark_numbers_period';
  }
  return null;
}

function periodNumber(input: string, written: string, unit: 'years' | 'months' | 'year' | 'month' | 'day'): number {
  const n = readNumber(written);
  if (n === null) throw new MarkError(input, 'mark_not_a_number', { written, unit });
  return n;
}

function parsePeriod(input: string, text: string): Period {
  if (text === '') return { kind: 'default' };
  if (text === '长期') return { kind: 'long_term' };
  let m = YEARS.exec(text);
  if (m) {
    const years = periodNumber(input, m[1]!, 'years');
    if (years < 1) throw new MarkError(input, 'mark_min_years');
    if (years > MAX_YEARS) throw new MarkError(input, 'mark_max_years', { years, max: MAX_YEARS });
    return { kind: 'years', years };
  }
  m = MONTHS.exec(text);
  if (m) {
    const months = periodNumber(input, m[1]!, 'months');
    if (months < 1) throw new MarkError(input, 'mark_min_months');
    if (months > MAX_MONTHS) throw new MarkError(input, 'mark_max_months', { months, max: MAX_MONTHS });
    return { kind: 'months', months };
  }
  m = DATE.exec(text);
  if (m) {
    const [y, mo, d] = [periodNumber(input, m[1]!, 'year'), periodNumber(input, m[2]!, 'month'), periodNumber(input, m[3]!, 'day')];
    if (y < 1000 || !isCalendarDate(y, mo, d)) throw new MarkError(input, 'mark_not_calendar_date', { text });
    return { kind: 'until', date: isoOf(y, mo, d) };
  }
  const problem = conditionProblem(text);
  if (problem) throw new MarkError(input, problem, { max: MAX_CONDITION_LENGTH });
  return { kind: 'condition', condition: text };
}

export function parseMark(input: string): Mark {
  const text = normalizeMarkText(input);
  const star = text.indexOf(STAR);
  if (star < 0) throw new MarkError(input, 'mark_no_star');
  const word = text.slice(0, star);
  const level = LEVEL_BY_WORD[word];
  if (!level) throw new MarkError(input, 'mark_not_level', { word });
  return { level, period: parsePeriod(input, text.slice(star + 1)) };
}

/** Like parseMark, but answers null instead of throwing. */
export function tryParseMark(input: string): Mark | null {
  try {
    return parseMark(input);
  } catch (error) {
    if (error instanceof MarkError) return null;
    throw error;
  }
}

export function renderPeriod(period: Period): string {
  switch (period.kind) {
    case 'default':
      return '';
    case 'years':
      return `${period.years}年`;
    case 'months':
      return `${period.months}个月`;
    case 'long_term':
      return '长期';
    case 'until': {
      const [y, m, d] = period.date.split('-').map(Number) as [number, number, number];
      return `${y}年${m}月${d}日`;
    }
    case 'condition':
      return period.condition;
  }
}

/** Renders a mark; refuses a mark that could not be parsed back to itself. */
export function renderMark(mark: Mark): string {
  const text = `${LEVEL_LABELS[mark.level].zh}${STAR}${renderPeriod(mark.period)}`;
  const p = mark.period;
  const invalid =
    (p.kind === 'years' && !(Number.isInteger(p.years) && p.years >= 1 && p.years <= MAX_YEARS)) ||
    (p.kind === 'months' && !(Number.isInteger(p.months) && p.months >= 1 && p.months <= MAX_MONTHS)) ||
    (p.kind === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(p.date)) ||
    (p.kind === 'condition' && conditionProblem(p.condition) !== null);
  if (invalid) parseMark(text); // throws the parser's message for the same text
  return text;
}

/** English description, for the web app and the API's reasons. */
export function describeMark(mark: Mark): string {
  const level = LEVEL_LABELS[mark.level].en;
  const p = mark.period;
  switch (p.kind) {
    case 'default':
      return `${level}, default period (${DEFAULT_YEARS[mark.level]} years)`;
    case 'years':
      return `${level}, ${p.years} year(s)`;
    case 'months':
      return `${level}, ${p.months} month(s)`;
    case 'long_term':
      return `${level}, long-term`;
    case 'until':
      return `${level}, until ${p.date}`;
    case 'condition':
      return `${level}, until: ${p.condition}`;
  }
}

// ---------------------------------------------------------------------------------------------
// End of the period

export type PeriodEnd = { kind: 'date'; date: string } | { kind: 'long_term' } | { kind: 'condition'; condition: string };

function parseIsoDate(date: string, what: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parts = m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]) : null;
  if (!parts || !isCalendarDate(...parts)) throw new AppError(400, 'date_not_iso', { what, date });
  return parts;
}

/** Adds calendar months; a day that the target month lacks falls to its last day (29 Feb + 1 year = 28 Feb). */
function addMonths([y, m, d]: [number, number, number], months: number): string {
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return isoOf(ty, tm, Math.min(d, last));
}

/**
 * The day a secret's period ends, counted from its issue date (保密期限自标明的制发之日起计算): N years or
 * N months later on the same day of the month (or the month's last day when it has fewer days), the
 * date written in the mark, or — for 长期 and conditions — no calendar day at all.
 */
export function periodEnd(mark: Mark | string, issued: string): PeriodEnd {
  const m = typeof mark === 'string' ? parseMark(mark) : mark;
  const issue = parseIsoDate(issued, 'issue date');
  const p = m.period;
  switch (p.kind) {
    case 'default':
      return { kind: 'date', date: addMonths(issue, DEFAULT_YEARS[m.level] * 12) };
    case 'years':
      return { kind: 'date', date: addMonths(issue, p.years * 12) };
    case 'months':
      return { kind: 'date', date: addMonths(issue, p.months) };
    case 'until':
      if (p.date < isoOf(...issue)) {
        throw new AppError(422, 'mark_ends_before_issue', { mark: renderMark(m), issued }, { code: 'invalid_mark' });
      }
      return { kind: 'date', date: p.date };
    case 'long_term':
      return { kind: 'long_term' };
    case 'condition':
      return { kind: 'condition', condition: p.condition };
  }
}

/** Convenience: the end as YYYY-MM-DD, or null for 长期 and conditions. */
export function periodEndDate(mark: Mark | string, issued: string): string | null {
  const end = periodEnd(mark, issued);
  return end.kind === 'date' ? end.date : null;
}

// ---------------------------------------------------------------------------------------------
// Records made from others

export interface MarkSource {
  /** The source's mark (object or written form); null or a level below 秘密 when the source is not a state secret. */
  mark: Mark | string | null;
  /** The source's issue date, YYYY-MM-DD. */
  issued: string;
}

export interface Combined {
  /** Null when no source is a state secret. */
  mark: Mark | null;
  /** When the combined period ends, as computed from the sources. */
  end: PeriodEnd | null;
  /** One sentence per decision taken, for the register. */
  basis: string[];
}

/**
 * A compilation, extract, or release drawn from minutes takes the highest level and the longest
 * period of its sources (摘录、汇编 rule). "Longest" is decided on the day each source's period ends,
 * not on the written numbers, because sources are issued on different days:
 *
 * 1. 长期 is longer than everything else.
 * 2. N年, N个月, a date and the bare default are turned into the calendar day they end, counting
 *    from that source's own issue date; the latest day wins.
 * 3. A condition has no calendar day. For comparison it is taken to end no later than the default
 *    period of its level from its issue date (the longest period the law allows for that level
 *    unless otherwise provided). If a condition wins, the result carries the condition; if several
 *    different conditions tie for the latest bound they are all carried, joined with "且" (all of
 *    them must be met). A dated source that ends later than every condition's bound wins.
 * 4. The result is written as an absolute date (YYYY年M月D日) when a dated source wins, because the
 *    compilation's own issue date differs from its sources'; 长期 and conditions are kept as written.
 */
export function combineSources(sources: readonly MarkSource[]): Combined {
  const marked: { mark: Mark; issued: string }[] = [];
  for (const s of sources) {
    if (s.mark === null) continue;
    marked.push({ mark: typeof s.mark === 'string' ? parseMark(s.mark) : s.mark, issued: s.issued });
  }
  if (marked.length === 0) return { mark: null, end: null, basis: ['No source is a state secret.'] };

  let level: MarkLevel = marked[0]!.mark.level;
  for (const s of marked) if (levelRank(s.mark.level) > levelRank(level)) level = s.mark.level;
  const basis = [`Level ${LEVEL_LABELS[level].zh}: the highest level among ${marked.length} marked source(s).`];

  if (marked.some((s) => s.mark.period.kind === 'long_term')) {
    basis.push('Period 长期: at least one source is long-term.');
    return { mark: { level, period: { kind: 'long_term' } }, end: { kind: 'long_term' }, basis };
  }

  let latestDate: string | null = null;
  let latestCondition: { bound: string; conditions: string[] } | null = null;
  for (const s of marked) {
    const end = periodEnd(s.mark, s.issued);
    if (end.kind === 'date') {
      if (latestDate === null || end.date > latestDate) latestDate = end.date;
    } else if (end.kind === 'condition') {
      const bound = addMonths(parseIsoDate(s.issued, 'issue date'), DEFAULT_YEARS[s.mark.level] * 12);
      if (!latestCondition || bound > latestCondition.bound) latestCondition = { bound, conditions: [end.condition] };
      else if (bound === latestCondition.bound && !latestCondition.conditions.includes(end.condition)) latestCondition.conditions.push(end.condition);
    }
  }

  if (latestCondition && (latestDate === null || latestCondition.bound >= latestDate)) {
    const condition = latestCondition.conditions.join('且');
    basis.push(
      `Period "${condition}": a condition, taken to be met no later than ${latestCondition.bound}` +
        (latestDate ? `, which is not before the latest dated end ${latestDate}.` : '.'),
    );
    const period: Period = { kind: 'condition', condition };
    const problem = conditionProblem(condition);
    if (problem) throw new AppError(422, 'conditions_not_combinable', { problem, max: MAX_CONDITION_LENGTH }, { code: 'invalid_mark' });
    return { mark: { level, period }, end: { kind: 'condition', condition }, basis };
  }
  const date = latestDate!;
  basis.push(`Period until ${date}: the latest day on which a source's period ends, counted from each source's issue date.`);
  return { mark: { level, period: { kind: 'until', date } }, end: { kind: 'date', date }, basis };
}
