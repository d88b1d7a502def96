import type { Context } from '../../context.ts';
import type { Executor, Trx } from '../../db/database.ts';
import { now } from '../../ids.ts';
import type { Level } from '../../security/levels.ts';
import { foldWithOffsets } from './normalize.ts';

/**
 * Fingerprints of the text of records above public, so that a draft reusing a sentence of internal
 * minutes is caught. Text is folded as the scanner reads it (simplified characters, half-width,
 * lower case, no spaces or punctuation); every run of K folded characters is hashed, and
 * winnowing keeps the smallest hash of every window of W consecutive hashes (Schleimer, Wilkerson
 * and Aiken, 2003). Any copied run of at least K + W - 1 folded characters shares at least one
 * kept hash with its source, whatever surrounds it.
 */
export const K = 12;
export const W = 8;
/** A reported span must weigh this much: a CJK character counts 1, any other folded character ¼ (an English word of five letters ≈ one character). */
const MIN_SPAN_WEIGHT = K;
/** A hash found in more records than this is boilerplate ("市委理论学习中心组…"), not evidence of copying. */
const MAX_RECORDS_PER_HASH = 20;
const CHUNK = 400;
const B = 0x01000193;

export interface Winnowed {
  hashes: Int32Array;
  /** Folded index of the first character of each kept k-gram. */
  positions: Int32Array;
  count: number;
  /** Original offset of each folded character, and the folded characters themselves. */
  offsets: Int32Array;
  units: Uint16Array;
  length: number;
}

export function winnow(text: string): Winnowed {
  const { units, offsets, length } = foldWithOffsets(text);
  const grams = Math.max(0, length - K + 1);
  const all = new Int32Array(grams);
  if (grams > 0) {
    let bk = 1;
    for (let i = 1; i < K; i++) bk = Math.imul(bk, B);
    let h = 0;
    for (let i = 0; i < K; i++) h = (Math.imul(h, B) + units[i]!) | 0;
    all[0] = h;
    for (let i = 1; i < grams; i++) {
      h = (Math.imul((h - Math.imul(units[i - 1]!, bk)) | 0, B) + units[i + K - 1]!) | 0;
      all[i] = h;
    }
  }
  const hashes = new Int32Array(grams);
  const positions = new Int32Array(grams);
  let count = 0;
  let last = -1;
  const windows = Math.max(grams > 0 ? 1 : 0, grams - W + 1);
  for (let w = 0; w < windows; w++) {
    let min = w;
    const end = Math.min(grams, w + W);
    for (let j = w + 1; j < end; j++) if (all[j]! <= all[min]!) min = j;
    if (min !== last) {
      hashes[count] = all[min]!;
      positions[count] = min;
      count++;
      last = min;
    }
  }
  return { hashes, positions, count, offsets, units, length };
}

export interface RecordText {
  type: string;
  id: string;
  level: Level;
  text: string;
}

/**
 * Keeps the fingerprints of a record's text, replacing any kept before. Capabilities call it in the
 * transaction that writes the text; a public record (or empty text) keeps none.
 */
export async function indexRecordText(trx: Trx, _ctx: Context, record: RecordText): Promise<{ fingerprints: number }> {
  await removeRecordText(trx, record);
  if (record.level === 'public' || record.text.trim() === '') return { fingerprints: 0 };
  const w = winnow(record.text);
  const seen = new Set<string>();
  const rows: { record_type: string; record_id: string; hash: number; pos: number }[] = [];
  for (let i = 0; i < w.count; i++) {
    const key = `${w.hashes[i]}:${w.positions[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ record_type: record.type, record_id: record.id, hash: w.hashes[i]!, pos: w.positions[i]! });
  }
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('secrecy_fingerprints').values(rows.slice(i, i + CHUNK)).execute();
  await trx
    .insertInto('secrecy_text_sources')
    .values({ record_type: record.type, record_id: record.id, level: record.level, text_length: record.text.length, fingerprint_count: rows.length, indexed_at: now() })
    .execute();
  return { fingerprints: rows.length };
}

/** Forgets a record's fingerprints (when the record is deleted or made public). */
export async function removeRecordText(trx: Trx, record: { type: string; id: string }): Promise<void> {
  await trx.deleteFrom('secrecy_fingerprints').where('record_type', '=', record.type).where('record_id', '=', record.id).execute();
  await trx.deleteFrom('secrecy_text_sources').where('record_type', '=', record.type).where('record_id', '=', record.id).execute();
}

export interface CopiedSpan {
  start: number;
  end: number;
  source: { type: string; id: string; level: Level };
}

/** Spans of `text` that reuse the text of an indexed record, one per source and run. */
export async function findCopiedText(db: Executor, text: string): Promise<CopiedSpan[]> {
  const w = winnow(text);
  if (w.count === 0) return [];
  const draftPositions = new Map<number, number[]>();
  for (let i = 0; i < w.count; i++) {
    const list = draftPositions.get(w.hashes[i]!);
    if (list) list.push(w.positions[i]!);
    else draftPositions.set(w.hashes[i]!, [w.positions[i]!]);
  }
  const distinct = [...draftPositions.keys()];
  const hits: { record_type: string; record_id: string; hash: number }[] = [];
  for (let i = 0; i < distinct.length; i += CHUNK) {
    const rows = await db
      .selectFrom('secrecy_fingerprints')
      .select(['record_type', 'record_id', 'hash'])
      .distinct()
      .where('hash', 'in', distinct.slice(i, i + CHUNK))
      .execute();
    hits.push(...rows.map((r) => ({ ...r, hash: Number(r.hash) })));
  }
  const recordsPerHash = new Map<number, number>();
  for (const h of hits) recordsPerHash.set(h.hash, (recordsPerHash.get(h.hash) ?? 0) + 1);
  const bySource = new Map<string, { type: string; id: string; positions: number[] }>();
  for (const h of hits) {
    if (recordsPerHash.get(h.hash)! > MAX_RECORDS_PER_HASH) continue;
    const key = `${h.record_type}\u0000${h.record_id}`;
    let entry = bySource.get(key);
    if (!entry) bySource.set(key, (entry = { type: h.record_type, id: h.record_id, positions: [] }));
    entry.positions.push(...draftPositions.get(h.hash)!);
  }
  if (bySource.size === 0) return [];

  const levels = new Map<string, Level>();
  const sources = [...bySource.values()];
  for (let i = 0; i < sources.length; i += CHUNK) {
    const chunk = sources.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('secrecy_text_sources')
      .select(['record_type', 'record_id', 'level'])
      .where((eb) => eb.or(chunk.map((s) => eb.and([eb('record_type', '=', s.type), eb('record_id', '=', s.id)]))))
      .execute();
    for (const r of rows) levels.set(`${r.record_type}\u0000${r.record_id}`, r.level);
  }

  const spans: CopiedSpan[] = [];
  for (const [key, source] of bySource) {
    const level = levels.get(key);
    if (!level) continue;
    const positions = [...new Set(source.positions)].sort((a, b) => a - b);
    let runStart = -1;
    let runEnd = -1; // folded, exclusive
    const flush = () => {
      if (runStart < 0) return;
      let weight = 0;
      for (let p = runStart; p < runEnd; p++) weight += w.units[p]! >= 0x2e80 ? 1 : 0.25;
      if (weight >= MIN_SPAN_WEIGHT) {
        spans.push({ start: w.offsets[runStart]!, end: w.offsets[runEnd - 1]! + 1, source: { type: source.type, id: source.id, level } });
      }
    };
    for (const p of positions) {
      if (runStart >= 0 && p <= runEnd) runEnd = Math.max(runEnd, p + K);
      else {
        flush();
        runStart = p;
        runEnd = p + K;
      }
    }
    flush();
  }
  return spans.sort((a, b) => a.start - b.start);
}
