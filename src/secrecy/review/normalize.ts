import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/**
 * Character folding for the review scanner. Every UTF-16 code unit maps to one code unit, or to a
 * "skip" class, so a match in the folded text maps straight back to offsets in the original:
 *
 * - full-width ASCII forms (Ａ-Ｚ, ０-９, ＠…) fold to half-width, and the ideographic space to a space;
 * - Latin letters fold to lower case;
 * - traditional characters fold to simplified through OpenCC's character table (TSCharacters),
 *   with Taiwan and Hong Kong variant forms first taken to OpenCC's standard traditional form;
 * - whitespace, punctuation and symbols are skipped, so "敏 感·词" is read as "敏感词", and so are
 *   invisible characters (zero-width spaces, joiners, combining marks), so "机\u200b密" is "机密".
 *
 * The ceiling guard reads request text through the same table (src/security/ceiling.ts asks the
 * scanner), so what the review would call a mark is what the guard refuses.
 *
 * Why OpenCC (the opencc-js package): it is the maintained, widely used conversion table for
 * Chinese (the same data as the C++ OpenCC project), ships as plain data with no dependencies, and
 * is released regularly; writing our own table of thousands of pairs would be worse. Only its
 * one-character-to-one-character entries are used: phrase conversion would change lengths and
 * break the mapping back to offsets, and for matching keywords the character level is enough.
 */

const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\p{Zs}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u;

export const SKIP_OTHER = 0;
/** Skipped, but may sit inside a number (138 1234 5678, 0571-8888 6666). */
export const SKIP_NUMBER_SEPARATOR = 1;
/** Skipped for keywords; marks a place where an e-mail address may be. */
export const SKIP_AT = 2;

function parseDictionary(text: string, into: Map<number, number>): void {
  for (const entry of text.split('|')) {
    const space = entry.indexOf(' ');
    if (space < 0) continue;
    const from = entry.slice(0, space);
    const rest = entry.slice(space + 1);
    const to = rest.split(' ')[0] ?? '';
    // One BMP code unit to one BMP code unit only, so offsets survive.
    if (from.length !== 1 || to.length !== 1) continue;
    const f = from.charCodeAt(0);
    const t = to.charCodeAt(0);
    if (f >= 0xd800 && f <= 0xdfff) continue;
    if (t >= 0xd800 && t <= 0xdfff) continue;
    if (!into.has(f)) into.set(f, t);
  }
}

let cachedFold: Uint16Array | null = null;

/**
 * fold[c] is the folded code unit, or 0 for a character that is skipped. (U+0000 itself is skipped,
 * so 0 is free to mean "skip".) The three skip kinds are told apart by skipKind().
 */
export function foldTable(): Uint16Array {
  if (cachedFold) return cachedFold;
  const fold = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) fold[c] = c;

  const traditional = new Map<number, number>();
  parseDictionary(TSCharacters, traditional);
  const variants = new Map<number, number>();
  parseDictionary(TWVariantsRev, variants);
  parseDictionary(HKVariantsRev, variants);
  for (const [from, to] of traditional) fold[from] = to;
  for (const [from, standard] of variants) {
    // A variant folds only when its standard traditional form has a simplified form (台 -> 臺 -> 台,
    // but 么 stays 么 although OpenCC lists 幺 as its Taiwan form).
    if (traditional.has(from)) continue;
    const simplified = traditional.get(standard);
    if (simplified !== undefined) fold[from] = simplified;
  }

  // Kangxi radicals and CJK compatibility ideographs look like ordinary characters: read them as those.
  for (const [from, to] of [[0x2f00, 0x2fdf], [0xf900, 0xfaff]] as const) {
    for (let c = from; c <= to; c++) {
      const unified = String.fromCharCode(c).normalize('NFKC');
      if (unified.length === 1 && unified.charCodeAt(0) !== c) fold[c] = fold[unified.charCodeAt(0)]!;
    }
  }

  for (let c = 0xff01; c <= 0xff5e; c++) fold[c] = c - 0xfee0;
  for (let c = 0x41; c <= 0x5a; c++) fold[c] = c + 0x20;
  for (let c = 0xff21; c <= 0xff3a; c++) fold[c] = c - 0xfee0 + 0x20;

  const skip = (from: number, to: number) => {
    for (let c = from; c <= to; c++) fold[c] = 0;
  };
  skip(0x00, 0x2f);
  skip(0x3a, 0x40);
  skip(0x5b, 0x60);
  skip(0x7b, 0xbf);
  fold[0xaa] = 0xaa; // ª º µ are letters
  fold[0xb5] = 0xb5;
  fold[0xba] = 0xba;
  skip(0xd7, 0xd7);
  skip(0xf7, 0xf7);
  skip(0x2000, 0x2bff); // general punctuation, symbols, arrows, ★
  skip(0x3000, 0x303f); // CJK punctuation
  fold[0x3005] = 0x3005; // 々
  fold[0x3007] = 0x3007; // 〇
  skip(0x30fb, 0x30fb); // ・
  skip(0xfe10, 0xfe1f);
  skip(0xfe30, 0xfe6f);
  skip(0xfeff, 0xfeff);
  skip(0xff01, 0xff0f);
  skip(0xff1a, 0xff20);
  skip(0xff3b, 0xff40);
  skip(0xff5b, 0xff65);
  // Invisible characters that could be slipped between the characters of a word to hide it:
  // format characters (zero-width space and joiners, bidi controls, soft hyphen), combining marks,
  // variation selectors, every kind of space, and the Hangul fillers that render as blanks.
  for (let c = 0x80; c < 0x10000; c++) if (INVISIBLE.test(String.fromCharCode(c))) fold[c] = 0;
  cachedFold = fold;
  return fold;
}

/** Which kind of skip a character that folds to 0 is. */
export function skipKind(c: number): number {
  if (c === 0x40 || c === 0xff20) return SKIP_AT;
  if (c === 0x20 || c === 0x2d || c === 0x3000 || c === 0xa0 || c === 0xff0d || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013) {
    return SKIP_NUMBER_SEPARATOR;
  }
  return SKIP_OTHER;
}

/** Folds a string the way the scanner reads it, dropping skipped characters (for keywords and fingerprints). */
export function foldString(text: string): string {
  const fold = foldTable();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const f = fold[text.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}

/** Folded code units with the original offset of each, for fingerprinting. */
export function foldWithOffsets(text: string): { units: Uint16Array; offsets: Int32Array; length: number } {
  const fold = foldTable();
  const units = new Uint16Array(text.length);
  const offsets = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const f = fold[text.charCodeAt(i)]!;
    if (f === 0) continue;
    units[n] = f;
    offsets[n] = i;
    n++;
  }
  return { units, offsets, length: n };
}

let cachedSpaceLike: Uint8Array | null = null;

/**
 * Spaces (but not line breaks) and invisible characters: what may sit between the characters of a
 * spaced-out level word or mark ("机 密 ★", "秘\u3000密", "机\u200b密").
 */
export function isSpaceLike(c: number): boolean {
  if (!cachedSpaceLike) {
    const table = new Uint8Array(0x10000);
    table[0x09] = 1;
    table[0x20] = 1;
    for (let u = 0x80; u < 0x10000; u++) if (INVISIBLE.test(String.fromCharCode(u)) && u !== 0x2028 && u !== 0x2029) table[u] = 1;
    cachedSpaceLike = table;
  }
  return cachedSpaceLike[c] === 1;
}
