import { SKIP_AT, SKIP_NUMBER_SEPARATOR, foldTable, skipKind } from './normalize.ts';

/**
 * Aho–Corasick over folded text, written for this scanner rather than taken from npm: the matcher
 * must read the original string through a folding table (full-width, traditional, case, skipped
 * punctuation) and report spans in the original offsets, and the same pass also collects digit runs
 * and '@' positions for the personal-data checks. A general package would need a folded copy of the
 * text and a second pass to map offsets back; this one walks the string once, by char code, with
 * typed arrays and no allocation per character.
 *
 * Layout: the alphabet is compacted to the code units that occur in some pattern (plus the ten
 * digits), and the trie is a double array (base/check): the child of node n on symbol s is at
 * base[n] + s when check[base[n] + s] === n. One probe per transition and no search, which matters
 * because Chinese keyword lists give the first levels of the trie many children. Failure links as
 * usual, and an output link to the nearest suffix node that ends a pattern.
 */

/** Symbols 0..2 are the skip kinds from normalize.ts; 3 is "in no pattern"; 4..13 are the digits. */
const SYM_NONE = 3;
const SYM_DIGIT0 = 4;
const FIRST_FREE_SYM = 14;
/** A pattern may be at most this long after folding (and the position ring must hold one pattern). */
export const MAX_PATTERN_LENGTH = 64;
const RING = 64;
const RING_MASK = RING - 1;
/** More skipped characters than this in a row end any partial match (a keyword is not spread over a paragraph). */
export const MAX_GAP = 3;
const MIN_DIGIT_RUN = 7;

export interface CompiledMatcher {
  /** Folded text of each pattern. */
  readonly patterns: readonly string[];
  readonly sym: Uint16Array;
  readonly base: Int32Array;
  readonly check: Int32Array;
  readonly fail: Int32Array;
  /** Pattern ending at a node, or -1. */
  readonly term: Int32Array;
  readonly outLink: Int32Array;
  readonly emit: Uint8Array;
  readonly patternLength: Int32Array;
  readonly nodeCount: number;
  /** Depth of each slot (capped at 255): the scan leaves the automaton when it is back at depth 0 or 1. */
  readonly depth: Uint8Array;
  /** Bit set of hashed (first, second) symbol pairs that begin some pattern: the root-level filter. */
  readonly startPairs: Int32Array;
  /** Symbols from here up are ordinary pattern characters (not digits, not one-character patterns). */
  readonly firstOrdinary: number;
  /**
   * What a step of the automaton reads, four int32 per slot so one cache line serves a step:
   * [base, check, fail, depth << 1 | emit]. The separate arrays above are for building.
   */
  readonly cells: Int32Array;
}

const PAIR_BITS = 19;
const PAIR_SHIFT = 32 - PAIR_BITS;
const pairHash = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> PAIR_SHIFT;

/**
 * Compiles folded patterns (see foldString). Empty patterns and duplicates are the caller's to
 * avoid; a pattern's index is its id in the scan results.
 */
export function compileMatcher(patterns: readonly string[]): CompiledMatcher {
  const fold = foldTable();
  const symOfUnit = new Map<number, number>();
  let nextSym = FIRST_FREE_SYM;
  const symFor = (unit: number): number => {
    if (unit >= 0x30 && unit <= 0x39) return SYM_DIGIT0 + unit - 0x30;
    let s = symOfUnit.get(unit);
    if (s === undefined) {
      s = nextSym++;
      symOfUnit.set(unit, s);
    }
    return s;
  };

  // One-character patterns get the lowest symbols, so the scan's fast loop leaves on them with the
  // same single comparison that sends skipped characters and digits to the general path.
  for (const pattern of patterns) if (pattern.length === 1) symFor(pattern.charCodeAt(0));
  const firstOrdinary = nextSym;

  // Plain trie first (a Map of children per node).
  const children: Map<number, number>[] = [new Map()];
  const termOf: number[] = [-1];
  const patternLength = new Int32Array(patterns.length);
  patterns.forEach((pattern, index) => {
    if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
      throw new Error(`pattern ${index} must have 1 to ${MAX_PATTERN_LENGTH} characters after folding`);
    }
    patternLength[index] = pattern.length;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const s = symFor(pattern.charCodeAt(i));
      let next = children[node]!.get(s);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        termOf.push(-1);
        children[node]!.set(s, next);
      }
      node = next;
    }
    if (termOf[node] === -1) termOf[node] = index;
  });
  if (nextSym > 0xffff) throw new Error('too many distinct characters in the patterns');

  // Double array, placed in BFS order. position[trieNode] is the node's slot. `skip` finds the next
  // free slot in near-constant time (union-find with path compression), so placing 40,000 nodes
  // does not scan the used part of the array again and again.
  let size = Math.max(1024, (children.length + nextSym) * 2);
  let base = new Int32Array(size);
  let check = new Int32Array(size).fill(-1);
  let skip = Int32Array.from({ length: size + 1 }, (_, i) => i);
  const grow = (needed: number) => {
    if (needed < size) return;
    let bigger = size;
    while (bigger <= needed) bigger *= 2;
    const b = new Int32Array(bigger);
    b.set(base);
    const c = new Int32Array(bigger).fill(-1);
    c.set(check);
    const k = new Int32Array(bigger + 1);
    k.set(skip.subarray(0, size));
    for (let i = size; i <= bigger; i++) k[i] = i;
    base = b;
    check = c;
    skip = k;
    size = bigger;
  };
  const freeFrom = (from: number): number => {
    grow(from + 1);
    let p = from;
    while (skip[p] !== p) p = skip[p]!;
    // Path compression.
    let q = from;
    while (skip[q] !== q) {
      const next = skip[q]!;
      skip[q] = p;
      q = next;
    }
    return p;
  };
  const take = (slot: number) => {
    skip[slot] = slot + 1;
  };
  const position = new Int32Array(children.length);
  check[0] = -2; // the root's slot is taken
  take(0);
  const queue: number[] = [0];
  let used = 1;
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    const kids = children[node]!;
    if (kids.size === 0) continue;
    const syms = [...kids.keys()].sort((x, y) => x - y);
    const first = syms[0]!;
    const last = syms[syms.length - 1]!;
    let p = freeFrom(first + 1);
    let b: number;
    for (;;) {
      b = p - first;
      grow(b + last + 1);
      let fits = true;
      for (let j = 1; j < syms.length; j++) {
        if (check[b + syms[j]!] !== -1) {
          fits = false;
          break;
        }
      }
      if (fits) break;
      p = freeFrom(p + 1);
    }
    const at = position[node]!;
    base[at] = b;
    for (const c of syms) {
      const child = kids.get(c)!;
      position[child] = b + c;
      check[b + c] = at;
      take(b + c);
      queue.push(child);
      used = Math.max(used, b + c + 1);
    }
  }
  // Every base + symbol must stay inside the arrays, so a probe never reads past the end.
  grow(used + nextSym + 1);
  const slots = size;

  const term = new Int32Array(slots).fill(-1);
  for (let node = 0; node < children.length; node++) term[position[node]!] = termOf[node]!;
  const fail = new Int32Array(slots);
  const outLink = new Int32Array(slots).fill(-1);
  const emit = new Uint8Array(slots);
  const step = (node: number, s: number): number => {
    for (;;) {
      const t = base[node]! + s;
      if (check[t] === node) return t;
      if (node === 0) return 0;
      node = fail[node]!;
    }
  };
  for (const node of queue) {
    const at = position[node]!;
    for (const [s, child] of children[node]!) {
      const slot = position[child]!;
      const f = at === 0 ? 0 : step(fail[at]!, s);
      fail[slot] = f;
      outLink[slot] = term[f]! >= 0 ? f : outLink[f]!;
      emit[slot] = term[slot]! >= 0 || outLink[slot]! >= 0 ? 1 : 0;
    }
  }

  // Code unit -> symbol, folding included, in one lookup.
  const sym = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const f = fold[c]!;
    if (f === 0) sym[c] = skipKind(c);
    else if (f >= 0x30 && f <= 0x39) sym[c] = SYM_DIGIT0 + f - 0x30;
    else sym[c] = symOfUnit.get(f) ?? SYM_NONE;
  }
  // Brackets may sit inside a telephone number: (0571)8888 6666.
  for (const c of [0x28, 0x29, 0xff08, 0xff09]) sym[c] = SKIP_NUMBER_SEPARATOR;

  const depth = new Uint8Array(slots);
  for (const node of queue) {
    for (const [, child] of children[node]!) depth[position[child]!] = Math.min(255, depth[position[node]!]! + 1);
  }
  const startPairs = new Int32Array(1 << (PAIR_BITS - 5));
  for (const pattern of patterns) {
    if (pattern.length < 2) continue;
    const h = pairHash(symFor(pattern.charCodeAt(0)), symFor(pattern.charCodeAt(1)));
    startPairs[h >>> 5]! |= 1 << (h & 31);
  }

  const cells = new Int32Array(slots * 4);
  for (let t = 0; t < slots; t++) {
    cells[4 * t] = base[t]!;
    cells[4 * t + 1] = check[t]!;
    cells[4 * t + 2] = fail[t]!;
    cells[4 * t + 3] = (depth[t]! << 1) | emit[t]!;
  }

  return { patterns, sym, base, check, fail, term, outLink, emit, patternLength, nodeCount: children.length, depth, startPairs, firstOrdinary, cells };
}

/** A growable list of int32 records, so the scan allocates only when a buffer fills. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Int32Array(capacity);
  }
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) this.grow();
    const d = this.data;
    d[this.length] = a;
    d[this.length + 1] = b;
    d[this.length + 2] = c;
    this.length += 3;
  }
  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) this.grow();
    this.data[this.length] = a;
    this.data[this.length + 1] = b;
    this.length += 2;
  }
  push1(a: number): void {
    if (this.length + 1 > this.data.length) this.grow();
    this.data[this.length++] = a;
  }
  private grow(): void {
    const bigger = new Int32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }
}

export interface RawScan {
  /** Triples: pattern id, start offset, end offset (exclusive) in the original text. */
  hits: IntList;
  /** Pairs: start, end of runs of at least 7 digits that may have single spaces, hyphens or brackets inside. */
  digitRuns: IntList;
  /** Offsets of '@' (or full-width '＠'). */
  ats: IntList;
}

/** Scratch space for codeUnits, reused between scans (the scan is synchronous, so one is enough). */
let scratch: Buffer | null = null;
const KEEP_SCRATCH_BYTES = 64 * 1024 * 1024;

/**
 * The string's UTF-16 code units as a typed array, written natively into reused scratch memory
 * (Buffer#write with 'utf16le'): reading a Uint16Array in the loop is cheaper than charCodeAt, and
 * reusing the memory spares a large allocation per scan. The view is valid until the next call.
 */
export function codeUnits(text: string): Uint16Array {
  const bytes = text.length * 2;
  if (!scratch || scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(Math.max(bytes, 64 * 1024));
  scratch.write(text, 0, bytes, 'utf16le');
  return new Uint16Array(scratch.buffer, scratch.byteOffset, text.length);
}

/** Lets a very large scratch buffer go after a scan of a very large text. */
function releaseScratch(): void {
  if (scratch && scratch.length > KEEP_SCRATCH_BYTES) scratch = null;
}

/**
 * One pass over the text by char code: Aho–Corasick with a filter at the root. At depth 0 or 1 the
 * automaton's next state depends only on the last two characters, so while it is there the scan
 * does not step it: it tests the pair (previous, current) against a bit set of the pairs that begin
 * some pattern, and enters the automaton only on a hit (a few per cent of positions in Chinese
 * prose, even with 10,000 keywords). Inside, it steps the automaton as usual (double array, failure
 * links) until it falls back to depth 1 or 0. Digit runs and '@' are noted on the way for the
 * personal-data checks. Positions go into a ring only while inside, since only those can begin a
 * reported span.
 */
export function scanRaw(m: CompiledMatcher, text: string): RawScan {
  const { sym, term, outLink, patternLength, startPairs, firstOrdinary, cells } = m;
  const hits = new IntList(96);
  const digitRuns = new IntList(32);
  const ats = new IntList(16);
  const ring = new Int32Array(RING);
  const units = codeUnits(text);
  const n = units.length;
  const rootBase = cells[0]!;
  let state = 0; // 0: filtering at the root; otherwise a slot of depth >= 2
  let prevSym = 0; // the last character's symbol while filtering (0: none)
  let prevPos = 0;
  let k = 0; // characters written to the ring
  let gap = 0;
  let dStart = -1;
  let dLast = -1;
  let dCount = 0;

  for (let i = 0; i < n; i++) {
    let s = sym[units[i]!]!;
    if (state === 0 && prevSym !== 0 && dStart < 0) {
      // Fast loop: ordinary characters at the root level whose pair with the previous character
      // begins no pattern. One table lookup, one hash, one bit test per character; anything else
      // (a pair hit, a skipped character, a digit, a one-character pattern) goes to the general path.
      const from = i;
      while (s >= firstOrdinary) {
        const h = Math.imul((prevSym << 16) | s, 0x9e3779b1) >>> PAIR_SHIFT;
        if (((startPairs[h >>> 5]! >>> (h & 31)) & 1) !== 0) break;
        prevSym = s;
        if (++i === n) break;
        s = sym[units[i]!]!;
      }
      if (i === n) break;
      if (i !== from) {
        prevPos = i - 1;
        gap = 0;
      }
    }
    if (s >= FIRST_FREE_SYM) {
      if (dStart >= 0) {
        if (dCount >= MIN_DIGIT_RUN) digitRuns.push2(dStart, dLast + 1);
        dStart = -1;
      }
      gap = 0;
    } else if (s === SYM_NONE) {
      if (dStart >= 0) {
        if (dCount >= MIN_DIGIT_RUN) digitRuns.push2(dStart, dLast + 1);
        dStart = -1;
      }
      state = 0;
      prevSym = 0;
      gap = 0;
      continue;
    } else if (s < SYM_NONE) {
      // Skipped: space, punctuation, symbol; a single separator may sit inside a number.
      if (dStart >= 0 && !(s === SKIP_NUMBER_SEPARATOR && i === dLast + 1)) {
        if (dCount >= MIN_DIGIT_RUN) digitRuns.push2(dStart, dLast + 1);
        dStart = -1;
      }
      if (s === SKIP_AT) ats.push1(i);
      if (++gap > MAX_GAP) {
        state = 0;
        prevSym = 0;
      }
      continue;
    } else {
      // A digit.
      if (dStart < 0) {
        dStart = i;
        dCount = 0;
      }
      dLast = i;
      dCount++;
      gap = 0;
    }

    let node: number;
    if (state === 0) {
      if (prevSym !== 0) {
        const h = Math.imul((prevSym << 16) | s, 0x9e3779b1) >>> PAIR_SHIFT;
        if (((startPairs[h >>> 5]! >>> (h & 31)) & 1) === 0) {
          // Not the start of a pattern of two or more; a one-character pattern may still end here.
          const single = rootBase + s;
          if (cells[4 * single + 1] === 0 && (cells[4 * single + 3]! & 1) === 1) hits.push3(term[single]!, i, i + 1);
          prevSym = s;
          prevPos = i;
          continue;
        }
        // Enter the automaton at the previous character.
        const first = rootBase + prevSym;
        node = cells[4 * first + 1] === 0 ? first : 0;
        ring[k & RING_MASK] = prevPos;
        k++;
      } else {
        node = 0;
      }
    } else {
      node = state;
    }
    for (;;) {
      const t = cells[4 * node]! + s;
      if (cells[4 * t + 1] === node) {
        node = t;
        break;
      }
      if (node === 0) break;
      node = cells[4 * node + 2]!;
    }
    const meta = cells[4 * node + 3]!;
    if (node !== 0) {
      ring[k & RING_MASK] = i;
      k++;
      if ((meta & 1) === 1) {
        let out = term[node]! >= 0 ? node : outLink[node]!;
        while (out >= 0) {
          const p = term[out]!;
          hits.push3(p, ring[(k - patternLength[p]!) & RING_MASK]!, i + 1);
          out = outLink[out]!;
        }
      }
    }
    if (meta >>> 1 <= 1) {
      // Back at the root level: filter again from this character.
      state = 0;
      prevSym = s;
      prevPos = i;
    } else {
      state = node;
    }
  }
  if (dStart >= 0 && dCount >= MIN_DIGIT_RUN) digitRuns.push2(dStart, dLast + 1);
  releaseScratch();
  return { hits, digitRuns, ats };
}
