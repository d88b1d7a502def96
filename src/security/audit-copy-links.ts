import { hash } from 'node:crypto';
import { parseCopyLine } from '../db/copy-text.ts';
import { eventHash, type ChainedFields } from './audit-chain.ts';

/** The columns a PostgreSQL verification copies, in the order `linksFromCopy` reads them. */
export const COPIED_COLUMNS = 'prev_hash, hash, seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail';

/** One event's place in the chain, with its hash as recomputed from the stored prev_hash and fields. */
export interface CheckedLink {
  seq: number;
  prev_hash: string;
  hash: string;
  /** SHA-256 of the stored prev_hash followed by the event's canonical form (canonicalEvent), in hex. */
  computed: string;
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const HEX_DIGITS = Buffer.from('0123456789abcdef');
// A SHA-256 hash in hex, as prev_hash and hash are stored.
const HEX_LENGTH = 64;
// COPY's escapes that JSON writes alike: \b \f \n \r \t \\ (COPY's \v is JSON's \u000b).
const SAME_ESCAPE = new Uint8Array(256);
for (const c of 'bfnrt\\') SAME_ESCAPE[c.charCodeAt(0)] = 1;
// Bytes a field's COPY text and its JSON string share as they are: all but control characters, the quote and the backslash.
const PLAIN = new Uint8Array(256).fill(1);
for (let b = 0; b < 0x20; b++) PLAIN[b] = 0;
PLAIN[QUOTE] = 0;
PLAIN[BACKSLASH] = 0;

/** A reusable buffer for the text an event's hash covers: one allocation a verification, not one an event. */
let scratch = Buffer.allocUnsafe(64 * 1024);
/** Views of scratch's first n bytes, by n: the hash takes a view, and making one an event was a tenth of the time. */
let views: Buffer[] = [];

function scratchFor(bytes: number): Buffer {
  if (scratch.length < bytes) {
    scratch = Buffer.allocUnsafe(bytes * 2);
    views = [];
  }
  return scratch;
}

function viewOf(n: number): Buffer {
  return (views[n] ??= scratch.subarray(0, n));
}

/**
 * The links of whole lines of COPY text of COPIED_COLUMNS (`chunk` ends with a newline), each hashed
 * from the bytes as they arrived. A field's COPY text is its JSON string's content but for a few bytes,
 * so the canonical form (`[seq,"at",…,"detail"]`, JSON.stringify's escaping) is written byte by byte
 * into one buffer and hashed there, without making the fields JavaScript strings and encoding them
 * back to UTF-8: splitting the fields and JSON.stringify were 40% of a verification's time in JavaScript
 * (the hash itself a fifth).
 * A line this does not expect (an escape COPY does not write, a seq that is not a plain number) is
 * decoded field by field and hashed as eventHash does.
 */
export function linksFromCopy(chunk: Buffer, previous?: CheckedLink): CheckedLink[] {
  const links: CheckedLink[] = [];
  let last = previous;
  for (let start = 0; start < chunk.length; ) {
    let link = linkFromBytes(chunk, start, last?.hash);
    if (link) {
      start = lineEnd + 1;
    } else {
      const end = chunk.indexOf(NEWLINE, start);
      link = decodedLink(chunk.toString('utf8', start, end));
      start = end + 1;
    }
    links.push(link);
    last = link;
  }
  return links;
}

/** Where the line linkFromBytes read last ended (its newline): one pass finds it, a second would cost as much. */
let lineEnd = 0;

/** The position of the next tab in the line from `from`, or -1 at its end (no native call: three a line would cost more than the scan). */
function nextTab(chunk: Buffer, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const byte = chunk[i]!;
    if (byte === TAB) return i;
    if (byte === NEWLINE) return -1;
  }
  return -1;
}

/**
 * The link of the line at `start`, hashed from its bytes; undefined for a line this does not expect.
 * `previousHash`, the hash of the line before, is reused as this line's prev_hash when the bytes are
 * the same, rather than making another string of them.
 */
export function linkFromBytes(chunk: Buffer, start: number, previousHash: string | undefined): CheckedLink | undefined {
  // A stored hash is 64 hex digits: its tab is looked for there first, then scanned for.
  const afterPrev = chunk[start + HEX_LENGTH] === TAB ? start + HEX_LENGTH : nextTab(chunk, start);
  const afterHash = afterPrev < 0 ? -1 : chunk[afterPrev + 1 + HEX_LENGTH] === TAB ? afterPrev + 1 + HEX_LENGTH : nextTab(chunk, afterPrev + 1);
  if (afterHash < 0) return undefined;
  // The canonical form never grows a byte by more than six (a control character as \u00xx).
  const out = scratchFor(afterPrev - start + 2 + (chunk.length - afterHash) * 6);
  let n = chunk.copy(out, 0, start, afterPrev);
  out[n++] = 0x5b; // [
  let seq = 0;
  let i = afterHash + 1;
  for (; chunk[i] !== TAB; i++) {
    const digit = chunk[i]! - ZERO;
    if (digit < 0 || digit > 9 || (digit === 0 && i === afterHash + 1)) return undefined;
    seq = seq * 10 + digit;
    out[n++] = chunk[i]!;
  }
  if (i === afterHash + 1 || !Number.isSafeInteger(seq)) return undefined;
  // Fields from `at` to `detail`: each a tab before it; the line ends at its newline.
  for (;;) {
    out[n++] = 0x2c; // ,
    i++;
    const first = chunk[i];
    if (first === BACKSLASH && chunk[i + 1] === 0x4e /* N */ && (chunk[i + 2] === TAB || chunk[i + 2] === NEWLINE)) {
      out[n++] = 0x6e; // n
      out[n++] = 0x75; // u
      out[n++] = 0x6c; // l
      out[n++] = 0x6c; // l
      i += 2;
    } else {
      out[n++] = QUOTE;
      for (;;) {
        let byte = chunk[i]!;
        // Plain bytes, as they are: the line's newline ends the run at the latest.
        while (PLAIN[byte] === 1) {
          out[n++] = byte;
          byte = chunk[++i]!;
        }
        if (byte === TAB || byte === NEWLINE) break;
        if (byte === QUOTE) {
          out[n++] = BACKSLASH;
          out[n++] = QUOTE;
        } else if (byte === BACKSLASH) {
          const escaped = chunk[++i]!;
          if (SAME_ESCAPE[escaped] === 1) {
            out[n++] = BACKSLASH;
            out[n++] = escaped;
          } else if (escaped === 0x76 /* v */) {
            n = controlEscape(out, n, 0x0b);
          } else {
            return undefined;
          }
        } else if (byte < 0x20) {
          n = controlEscape(out, n, byte);
        } else {
          // Past the chunk's end: a line without its newline.
          return undefined;
        }
        i++;
      }
      out[n++] = QUOTE;
    }
    if (chunk[i] === NEWLINE) break;
  }
  out[n++] = 0x5d; // ]
  lineEnd = i;
  const link = {
    seq,
    prev_hash: previousHash !== undefined && linksBack(chunk, start, afterPrev, previousHash) ? previousHash : chunk.toString('latin1', start, afterPrev),
    hash: chunk.toString('latin1', afterPrev + 1, afterHash),
    computed: hash('sha256', viewOf(n), 'hex'),
  };
  lastRead = { chunk, hashAt: afterPrev + 1, hashEnd: afterHash, hash: link.hash };
  return link;
}

/** The line linkFromBytes read last: where its stored hash is in its chunk, and that hash as a string. */
let lastRead: { chunk: Buffer; hashAt: number; hashEnd: number; hash: string } | undefined;

/**
 * Whether bytes [start, end) of `chunk` are `previousHash`. When previousHash is the stored hash of
 * the line linkFromBytes read last, in the same chunk, the bytes are compared with that line's in one
 * native call; else character by character.
 */
function linksBack(chunk: Buffer, start: number, end: number, previousHash: string): boolean {
  if (lastRead?.chunk === chunk && lastRead.hash === previousHash && lastRead.hashEnd - lastRead.hashAt === end - start) return chunk.compare(chunk, lastRead.hashAt, lastRead.hashEnd, start, end) === 0;
  return sameText(chunk, start, end, previousHash);
}

/** Whether bytes [start, end) of `chunk` are `text` (a hash: ASCII), compared here rather than made a string. */
function sameText(chunk: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (chunk[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** \u00xx, as JSON.stringify writes a control character without a short escape. */
function controlEscape(out: Buffer, n: number, byte: number): number {
  out[n++] = BACKSLASH;
  out[n++] = 0x75; // u
  out[n++] = ZERO;
  out[n++] = ZERO;
  out[n++] = HEX_DIGITS[byte >> 4]!;
  out[n++] = HEX_DIGITS[byte & 15]!;
  return n;
}

function decodedLink(line: string): CheckedLink {
  const [prev_hash, stored, seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail] = parseCopyLine(line);
  const fields = { seq, at, actor_id, actor_name, action, object_type, object_id, level, request_id, detail } as ChainedFields;
  return { seq: Number(seq), prev_hash: prev_hash as string, hash: stored as string, computed: eventHash(prev_hash as string, fields) };
}
