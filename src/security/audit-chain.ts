import { hash } from 'node:crypto';
import type { AuditEvent } from '../db/tables.ts';

// The hash chain itself, with no other import: the audit thread (audit-thread.ts) loads it too.

export const GENESIS = '0'.repeat(64);

/** The name of the lock every process takes to append to the chain (PostgreSQL: an advisory lock). */
export const CHAIN_LOCK = 'remit.audit';

/** Keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    // Lists of ids (list reads) are the common large case: nothing in them to sort.
    if (value.every((v) => typeof v === 'string')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  // The default sort orders by UTF-16 code units, as `<` on strings does; every read audits a
  // detail, so this builds the text in one pass without intermediate entry lists.
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `{${out}}`;
}

export type ChainedFields = Omit<AuditEvent, 'prev_hash' | 'hash'>;

/** An event with everything but its place in the chain, fixed when the request made it. */
export type UnchainedEvent = Omit<ChainedFields, 'seq'>;

/** The text an event's hash covers: a JSON list of its seq (as a number) and its nine fields, in this order. */
export function canonicalEvent(e: ChainedFields): string {
  // Every field is a string, a number or null, so plain JSON of the list is its canonical form.
  return JSON.stringify([Number(e.seq), e.at, e.actor_id, e.actor_name, e.action, e.object_type, e.object_id, e.level, e.request_id, e.detail]);
}

export function eventHash(prevHash: string, e: ChainedFields): string {
  return hashLink(prevHash, canonicalEvent(e));
}

/** One link: SHA-256 of the previous hash followed by the event's canonical form, in hex. */
export function hashLink(prevHash: string, canonical: string): string {
  // The one-shot hash is the same digest as createHash().update(prevHash).update(canonical), with
  // no hash object to build per event.
  return hash('sha256', prevHash + canonical, 'hex');
}

/** Links events after the last one in the chain (`last` undefined: the chain is empty). */
export function chainAfter(last: { seq: number | string; hash: string } | undefined, events: readonly UnchainedEvent[]): AuditEvent[] {
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS;
  const rows: AuditEvent[] = [];
  for (const event of events) {
    const fields: ChainedFields = { seq: ++seq, ...event };
    const hash = eventHash(prevHash, fields);
    rows.push({ ...fields, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  return rows;
}
