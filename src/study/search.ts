import { stemmer } from 'stemmer';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf, type Level } from '../security/levels.ts';
import { markOf } from '../security/marks.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { auditRead } from '../security/audit.ts';
import { sessionsQuery } from './access.ts';

/**
 * Full-text search over study records, the same on SQLite and PostgreSQL: the application
 * tokenizes (Chinese by Intl.Segmenter words plus character bigrams of every Han run, so a
 * segmentation that differs between index and query still matches; Latin words lower-cased and
 * Porter-stemmed) and keeps the terms in `search_terms`, updated in the transaction of each write.
 */

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
const LATIN_WORDS = /[[\p{L}\p{N}]--\p{Script=Han}]+/gv;
const STOPWORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were which with will we our us'.split(' '),
);

function latinTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (STOPWORDS.has(lower)) return null;
  if (lower.length === 1 && !/\p{N}/u.test(lower)) return null;
  return /^\p{L}+$/u.test(lower) ? stemmer(lower) : lower;
}

/** Terms of a text with their counts. */
export function tokenize(text: string): Map<string, number> {
  const words = new Map<string, number>();
  const bump = (map: Map<string, number>, term: string) => map.set(term, (map.get(term) ?? 0) + 1);
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue;
    if (HAN.test(segment)) {
      for (const run of segment.match(HAN_RUNS) ?? []) bump(words, run);
      for (const latin of segment.match(LATIN_WORDS) ?? []) {
        const term = latinTerm(latin);
        if (term) bump(words, term);
      }
    } else {
      for (const latin of segment.match(LATIN_WORDS) ?? []) {
        const term = latinTerm(latin);
        if (term) bump(words, term);
      }
    }
  }
  const bigrams = new Map<string, number>();
  for (const run of text.match(HAN_RUNS) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) bump(bigrams, chars[i]! + chars[i + 1]!);
  }
  // A two-character word is also a bigram: count it once, at the larger of the two counts.
  for (const [term, n] of bigrams) words.set(term, Math.max(words.get(term) ?? 0, n));
  return words;
}

export type RecordType = 'session' | 'theme' | 'speech' | 'minutes' | 'conclusion';
export interface IndexedField {
  field: string;
  text: string | null | undefined;
  weight: number;
}

/** Replaces the index entries of one record, inside the caller's transaction. */
export async function indexRecord(
  trx: Executor,
  entry: { type: RecordType; id: string; sessionId: string; level: Level; fields: IndexedField[] },
): Promise<void> {
  await trx.deleteFrom('search_terms').where('record_type', '=', entry.type).where('record_id', '=', entry.id).execute();
  const rows = entry.fields.flatMap((f) =>
    [...tokenize(f.text ?? '')].map(([term, count]) => ({
      term,
      record_type: entry.type,
      record_id: entry.id,
      session_id: entry.sessionId,
      field: f.field,
      weight: f.weight * count,
      level: entry.level,
    })),
  );
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('search_terms').values(rows.slice(i, i + 200)).execute();
}

export async function unindexRecord(trx: Executor, type: RecordType, id: string): Promise<void> {
  await trx.deleteFrom('search_terms').where('record_type', '=', type).where('record_id', '=', id).execute();
}

/** Field weights: a theme or a conclusion says more about what a session is about than a long speech text. */
export const WEIGHTS = { theme: 5, speechTitle: 3, conclusion: 2, place: 2, organizingBody: 1, speechText: 1, minutes: 1 } as const;

export function sessionFields(s: { place: string | null; organizing_body: string | null }): IndexedField[] {
  return [
    { field: 'place', text: s.place, weight: WEIGHTS.place },
    { field: 'organizingBody', text: s.organizing_body, weight: WEIGHTS.organizingBody },
  ];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A short excerpt of `text` around its first match, HTML-escaped, with <mark> around every match;
 * null when nothing in the text matches.
 */
export function snippet(text: string, query: string, width = 160): string | null {
  const queryTerms = tokenize(query);
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(LATIN_WORDS)) {
    const term = latinTerm(match[0]);
    if (term && queryTerms.has(term)) ranges.push([match.index, match.index + match[0].length]);
  }
  const hanNeedles = [...queryTerms.keys()].filter((t) => HAN.test(t));
  for (const needle of hanNeedles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) ranges.push([at, at + needle.length]);
  }
  if (ranges.length === 0) return null;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const first = merged[0]!;
  let start = Math.max(0, first[0] - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [a, b] of merged) {
    if (b <= start || a >= end) continue;
    const from = Math.max(a, start);
    const to = Math.min(b, end);
    out += escapeHtml(text.slice(at, from)) + '<mark>' + escapeHtml(text.slice(from, to)) + '</mark>';
    at = to;
  }
  out += escapeHtml(text.slice(at, end)) + (end < text.length ? '…' : '');
  return out;
}

export interface SearchHit {
  type: RecordType;
  id: string;
  sessionId: string;
  sessionDate: string;
  groupName: string;
  groupNameEn: string | null;
  field: string;
  score: number;
  snippet: string;
  level: Level;
  mark: string | null;
}

/** One search box over sessions, themes, speeches, minutes and conclusions, through the access policy. */
export async function searchStudy(ctx: Context, actor: Actor, q: string, limit = 50): Promise<{ items: SearchHit[]; total: number; terms: string[] }> {
  authorize(actor, 'study.read');
  const terms = [...tokenize(q).keys()];
  if (terms.length === 0) return { items: [], total: 0, terms };
  const { db } = ctx.database;
  const levels = readableLevels(actor);
  const matches = await sessionsQuery(db, actor)
    .innerJoin('search_terms', 'search_terms.session_id', 'study_sessions.id')
    .where('search_terms.level', 'in', levels)
    .where('search_terms.term', 'in', terms)
    .select((eb) => [
      'search_terms.record_type',
      'search_terms.record_id',
      'search_terms.session_id',
      'search_terms.level',
      'study_sessions.date',
      'study_groups.name as group_name',
      'study_groups.name_en as group_name_en',
      eb.fn.sum<number>('search_terms.weight').as('score'),
      eb.fn.count<number>('search_terms.term').distinct().as('matched'),
    ])
    .groupBy(['search_terms.record_type', 'search_terms.record_id', 'search_terms.session_id', 'search_terms.level', 'study_sessions.date', 'study_groups.name', 'study_groups.name_en'])
    .orderBy('matched', 'desc')
    .orderBy('score', 'desc')
    .orderBy('study_sessions.date', 'desc')
    .orderBy('search_terms.record_id')
    .limit(limit)
    .execute();
  const texts = await textsOf(db, levels, matches.map((m) => ({ type: m.record_type as RecordType, id: m.record_id })));
  const items: SearchHit[] = [];
  for (const m of matches) {
    const fields = texts.get(`${m.record_type}:${m.record_id}`) ?? [];
    let best: { field: string; snippet: string } | null = null;
    for (const f of fields) {
      const s = f.text ? snippet(f.text, q) : null;
      if (s) {
        best = { field: f.field, snippet: s };
        break;
      }
    }
    if (!best) continue;
    items.push({
      type: m.record_type as RecordType,
      id: m.record_id,
      sessionId: m.session_id,
      sessionDate: m.date,
      groupName: m.group_name,
      groupNameEn: m.group_name_en,
      field: best.field,
      score: Math.round(Number(m.score) * 100) / 100,
      snippet: best.snippet,
      level: m.level,
      mark: markOf(m.level),
    });
  }
  const above = items.filter((i) => i.level !== 'public');
  if (above.length) {
    await auditRead(ctx.database, actor, {
      action: 'study.search',
      objectType: 'study_session',
      level: highestOf(above.map((i) => i.level)),
      detail: { q, ids: above.map((i) => i.id) },
    });
  }
  return { items, total: items.length, terms };
}

async function textsOf(db: Executor, levels: Level[], refs: { type: RecordType; id: string }[]) {
  const out = new Map<string, { field: string; text: string | null }[]>();
  const ids = (type: RecordType) => refs.filter((r) => r.type === type).map((r) => r.id);
  const put = (type: RecordType, id: string, fields: { field: string; text: string | null }[]) => out.set(`${type}:${id}`, fields);
  if (ids('session').length) {
    const rows = await db.selectFrom('study_sessions').select(['id', 'place', 'organizing_body']).where('id', 'in', ids('session')).where('level', 'in', levels).execute();
    for (const r of rows) put('session', r.id, [{ field: 'place', text: r.place }, { field: 'organizingBody', text: r.organizing_body }]);
  }
  if (ids('theme').length) {
    const rows = await db.selectFrom('session_themes').select(['id', 'text', 'text_zh', 'text_en']).where('id', 'in', ids('theme')).where('level', 'in', levels).execute();
    for (const r of rows) put('theme', r.id, [{ field: 'text', text: r.text }, { field: 'text_zh', text: r.text_zh }, { field: 'text_en', text: r.text_en }]);
  }
  if (ids('speech').length) {
    const rows = await db.selectFrom('speeches').select(['id', 'title', 'text']).where('id', 'in', ids('speech')).where('level', 'in', levels).execute();
    for (const r of rows) put('speech', r.id, [{ field: 'title', text: r.title }, { field: 'text', text: r.text }]);
  }
  if (ids('minutes').length) {
    const rows = await db.selectFrom('session_minutes').select(['id', 'text']).where('id', 'in', ids('minutes')).where('level', 'in', levels).execute();
    for (const r of rows) put('minutes', r.id, [{ field: 'text', text: r.text }]);
  }
  if (ids('conclusion').length) {
    const rows = await db.selectFrom('conclusions').select(['id', 'text', 'text_zh', 'text_en']).where('id', 'in', ids('conclusion')).where('level', 'in', levels).execute();
    for (const r of rows) put('conclusion', r.id, [{ field: 'text', text: r.text }, { field: 'text_zh', text: r.text_zh }, { field: 'text_en', text: r.text_en }]);
  }
  return out;
}
