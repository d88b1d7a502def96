import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import type { Executor } from '../../db/database.ts';
import { now } from '../../ids.ts';
import type { Level } from '../../security/levels.ts';
import { foldWithOffsets } from './normalize.ts';
import { textsOf } from './text-sources.ts';

/**
 * Fingerprints of the text of records above public, so that a draft reusing their text is caught.
 * Text is folded as the scanner reads it (simplified characters, half-width, lower case, no spaces
 * or punctuation); every run of K folded characters is hashed, and winnowing keeps the smallest hash
 * of every window of W consecutive hashes (Schleimer, Wilkerson and Aiken, 2003). Any copied run of
 * at least K + W - 1 folded characters shares at least one kept hash with its source, whatever
 * surrounds it.
 *
 * Which texts are fingerprinted, and under which record, is said in text-sources.ts. Services that
 * write those texts call `refreshFingerprints(trx, owner)` in the same transaction (and
 * `dropFingerprints` when the owner is deleted), so the index never lags behind the records.
 */
export const K = 12;
export const W = 8;
/** A reported span must weigh this much: a CJK character counts 1, any other folded character ¼ (an English word of five letters ≈ one character). */
const MIN_SPAN_WEIGHT = K;
/** A hash found in more records than this is boilerplate ("市委理论学习中心组…"), not evidence of copying. */
const MAX_RECORDS_PER_HASH = 20;
/**
 * Matches of one source at most this many folded characters apart are one passage: an edited copy
 * (a word changed here, a clause dropped there) reads as one finding, "passage 78% similar", not as
 * ten fragments. 40 characters is about one sentence of the kind a writer rewrites.
 */
export const MERGE_GAP = 40;
const CHUNK = 400;
const B = 0x01000193;

export interface Winnowed {
  hashes: Int32Array;
  /** Folded index of the first character of each kept k-gram, ascending. */
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

export interface RecordRef {
  type: string;
  id: string;
}

/** One text of one record, as text-sources.ts reads it. */
export interface RecordText extends RecordRef {
  level: Level;
  text: string;
  /** Whose knowable scope decides who may know the text: the session for its parts; the record itself when absent. */
  parent?: RecordRef;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const keyOf = (r: RecordRef) => `${r.type}\u0000${r.id}`;
const fingerprinted = (record: RecordText) => record.level !== 'public' && record.text.trim() !== '';

/**
 * Keeps the fingerprints of one text, replacing any kept before; a public or empty text keeps none.
 * The source row is written first, so that two transactions indexing the same text take turns on it.
 */
export async function indexRecordText(trx: Executor, _ctx: Context | null, record: RecordText): Promise<{ fingerprints: number }> {
  if (!fingerprinted(record)) {
    await removeRecordText(trx, record);
    return { fingerprints: 0 };
  }
  const parent = record.parent ?? record;
  const source = {
    level: record.level,
    text_length: record.text.length,
    fingerprint_count: 0,
    indexed_at: now(),
    parent_type: parent.type,
    parent_id: parent.id,
    text_sha256: sha256(record.text),
  };
  await trx
    .insertInto('secrecy_text_sources')
    .values({ record_type: record.type, record_id: record.id, ...source })
    .onConflict((oc) => oc.columns(['record_type', 'record_id']).doUpdateSet(source))
    .execute();
  await trx.deleteFrom('secrecy_fingerprints').where('record_type', '=', record.type).where('record_id', '=', record.id).execute();
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
    .updateTable('secrecy_text_sources')
    .set({ fingerprint_count: rows.length })
    .where('record_type', '=', record.type)
    .where('record_id', '=', record.id)
    .execute();
  return { fingerprints: rows.length };
}

/** Forgets one text's fingerprints (when it is deleted or made public). */
export async function removeRecordText(trx: Executor, record: RecordRef): Promise<void> {
  await trx.deleteFrom('secrecy_fingerprints').where('record_type', '=', record.type).where('record_id', '=', record.id).execute();
  await trx.deleteFrom('secrecy_text_sources').where('record_type', '=', record.type).where('record_id', '=', record.id).execute();
}

/**
 * Brings the fingerprints of every text kept under `owner` (a study session with all its parts, a
 * carrier, an inspection finding…) in line with what the database now holds: changed texts are
 * indexed again, unchanged ones (same text, same level) left alone, vanished or public ones dropped.
 * Call it inside the transaction that wrote the texts.
 */
export async function refreshFingerprints(trx: Executor, owner: RecordRef): Promise<void> {
  await syncTexts(trx, owner, await textsOf(trx, owner));
}

/** Drops the fingerprints of every text kept under `owner`; call it inside the transaction that deletes it. */
export async function dropFingerprints(trx: Executor, owner: RecordRef): Promise<void> {
  await syncTexts(trx, owner, []);
}

export async function syncTexts(trx: Executor, owner: RecordRef, texts: readonly RecordText[]): Promise<void> {
  const existing = await trx
    .selectFrom('secrecy_text_sources')
    .select(['record_type', 'record_id', 'level', 'text_sha256'])
    .where('parent_type', '=', owner.type)
    .where('parent_id', '=', owner.id)
    .execute();
  const wanted = new Map(texts.filter(fingerprinted).map((t) => [keyOf(t), { ...t, parent: t.parent ?? owner }]));
  for (const row of existing) {
    if (!wanted.has(keyOf({ type: row.record_type, id: row.record_id }))) await removeRecordText(trx, { type: row.record_type, id: row.record_id });
  }
  const known = new Map(existing.map((row) => [keyOf({ type: row.record_type, id: row.record_id }), row]));
  for (const [key, text] of wanted) {
    const row = known.get(key);
    if (row && row.level === text.level && row.text_sha256 === sha256(text.text)) continue;
    await indexRecordText(trx, null, text);
  }
}

export interface CopiedPassage {
  start: number;
  end: number;
  /** Share (0 to 1) of the passage's fingerprints that are also the source's: 1 for a verbatim copy. */
  similarity: number;
  source: { type: string; id: string; level: Level; parent: RecordRef };
}

/**
 * Passages of `text` that reuse the text of an indexed record, one per source and passage: runs of
 * shared fingerprints of one source, merged when at most MERGE_GAP folded characters apart. The
 * similarity is the share of the draft's fingerprints inside the passage that the source also has.
 */
export async function findCopiedText(db: Executor, text: string): Promise<CopiedPassage[]> {
  const w = winnow(text);
  if (w.count === 0) return [];
  const distinct = [...new Set(w.hashes.subarray(0, w.count))];
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
  const bySource = new Map<string, { type: string; id: string; hashes: Set<number> }>();
  for (const h of hits) {
    if (recordsPerHash.get(h.hash)! > MAX_RECORDS_PER_HASH) continue;
    const key = keyOf({ type: h.record_type, id: h.record_id });
    let entry = bySource.get(key);
    if (!entry) bySource.set(key, (entry = { type: h.record_type, id: h.record_id, hashes: new Set() }));
    entry.hashes.add(h.hash);
  }
  if (bySource.size === 0) return [];

  const described = new Map<string, { level: Level; parent: RecordRef }>();
  const sources = [...bySource.values()];
  for (let i = 0; i < sources.length; i += CHUNK) {
    const chunk = sources.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('secrecy_text_sources')
      .select(['record_type', 'record_id', 'level', 'parent_type', 'parent_id'])
      .where((eb) => eb.or(chunk.map((s) => eb.and([eb('record_type', '=', s.type), eb('record_id', '=', s.id)]))))
      .execute();
    for (const r of rows) described.set(keyOf({ type: r.record_type, id: r.record_id }), { level: r.level, parent: { type: r.parent_type, id: r.parent_id } });
  }

  const passages: CopiedPassage[] = [];
  for (const [key, source] of bySource) {
    const about = described.get(key);
    if (!about) continue;
    for (const [start, end] of passagesOf(w, source.hashes)) {
      let weight = 0;
      for (let p = start; p < end; p++) weight += w.units[p]! >= 0x2e80 ? 1 : 0.25;
      if (weight < MIN_SPAN_WEIGHT) continue;
      passages.push({
        start: w.offsets[start]!,
        end: w.offsets[end - 1]! + 1,
        similarity: similarity(w, source.hashes, start, end),
        source: { type: source.type, id: source.id, level: about.level, parent: about.parent },
      });
    }
  }
  return passages.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Folded [start, end) ranges covered by the draft's fingerprints that the source shares, nearby ranges merged. */
function passagesOf(w: Winnowed, shared: ReadonlySet<number>): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < w.count; i++) {
    if (!shared.has(w.hashes[i]!)) continue;
    const p = w.positions[i]!;
    const last = ranges[ranges.length - 1];
    if (last && p - last[1] <= MERGE_GAP) last[1] = Math.max(last[1], p + K);
    else ranges.push([p, p + K]);
  }
  return ranges;
}

function similarity(w: Winnowed, shared: ReadonlySet<number>, start: number, end: number): number {
  // Positions ascend: find the first fingerprint of the passage by bisection.
  let lo = 0;
  let hi = w.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w.positions[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  let inside = 0;
  let found = 0;
  for (let i = lo; i < w.count && w.positions[i]! + K <= end; i++) {
    inside++;
    if (shared.has(w.hashes[i]!)) found++;
  }
  return inside === 0 ? 1 : Math.round((found / inside) * 100) / 100;
}
