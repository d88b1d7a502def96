/**
 * Personal data checks, run only where the scan found a run of digits or an '@'.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 17 digits, then a check character computed from them (ISO 7064 MOD 11-2), and a real birth date. */
export function isResidentIdNumber(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  if (ID_CHECK[sum % 11] !== id[17]!.toUpperCase()) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
}

/** The check character an ID number's first 17 digits call for (for tests and fixtures). */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export type PersonalKind = 'id_number' | 'mobile' | 'landline' | 'bank_card' | 'email';

export interface PersonalHit {
  kind: PersonalKind;
  start: number;
  end: number;
  reason: string;
}

const isDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
const digitValue = (c: number) => (c >= 0xff10 ? c - 0xff10 : c - 0x30);
const isAsciiWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

interface Piece {
  digits: string;
  /** Original offset of each digit. */
  at: number[];
}

function classify(text: string, piece: Piece): PersonalHit | null {
  const { digits, at } = piece;
  const start = at[0]!;
  const end = at[at.length - 1]! + 1;
  const before = start > 0 ? text.charCodeAt(start - 1) : 0;
  const afterCode = end < text.length ? text.charCodeAt(end) : 0;
  if (isAsciiWord(before) && !isDigit(before)) return null; // part of an identifier such as ABC1234567

  // Resident identity number: 18 characters, the last may be X.
  if (digits.length === 17 && (afterCode === 0x58 || afterCode === 0x78)) {
    if (isResidentIdNumber(`${digits}X`)) {
      return { kind: 'id_number', start, end: end + 1, reason: 'A PRC resident identity number (checksum valid).' };
    }
    return null;
  }
  if (isAsciiWord(afterCode) && !isDigit(afterCode)) return null;
  if (digits.length === 18 && isResidentIdNumber(digits)) {
    return { kind: 'id_number', start, end, reason: 'A PRC resident identity number (checksum valid).' };
  }
  // Mobile: 1[3-9] and nine more digits, perhaps after +86 / 86.
  let mobile = digits;
  let mobileStart = start;
  if (digits.length === 13 && digits.startsWith('86')) {
    mobile = digits.slice(2);
    mobileStart = at[2]!;
  }
  if (mobile.length === 11 && /^1[3-9]\d{9}$/.test(mobile)) {
    return { kind: 'mobile', start: mobileStart, end, reason: 'A mobile telephone number.' };
  }
  // Landline with its area code (0 + 2–3 digits, then 7–8 digits), or a 400/800 service number.
  if ((/^0[1-9]\d{8,10}$/.test(digits) && digits.length >= 10) || /^[48]00\d{7}$/.test(digits)) {
    return { kind: 'landline', start, end, reason: 'A landline telephone number with its area code.' };
  }
  if (digits.length >= 16 && digits.length <= 19 && luhnValid(digits)) {
    return { kind: 'bank_card', start, end, reason: `A bank card number (${digits.length} digits, Luhn check valid).` };
  }
  return null;
}

/** Checks one run of digits (which may have single separators inside) for personal numbers. */
export function checkDigitRun(text: string, runStart: number, runEnd: number, out: PersonalHit[]): void {
  const whole: Piece = { digits: '', at: [] };
  const pieces: Piece[] = [];
  let current: Piece = { digits: '', at: [] };
  for (let i = runStart; i < runEnd; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const d = String.fromCharCode(48 + digitValue(c));
      whole.digits += d;
      whole.at.push(i);
      current.digits += d;
      current.at.push(i);
    } else if (current.digits.length > 0) {
      pieces.push(current);
      current = { digits: '', at: [] };
    }
  }
  if (current.digits.length > 0) pieces.push(current);
  const hit = classify(text, whole);
  if (hit) {
    out.push(hit);
    return;
  }
  // Two numbers side by side ("13812345678 13912345678"): try each group, then each pair of neighbours.
  if (pieces.length < 2) return;
  for (let i = 0; i < pieces.length; i++) {
    const single = pieces[i]!.digits.length >= 7 ? classify(text, pieces[i]!) : null;
    if (single) {
      out.push(single);
      continue;
    }
    const next = pieces[i + 1];
    if (next) {
      const joined = classify(text, { digits: pieces[i]!.digits + next.digits, at: [...pieces[i]!.at, ...next.at] });
      if (joined) {
        out.push(joined);
        i++;
      }
    }
  }
}

const isLocalChar = (c: number) => isAsciiWord(c) || c === 0x2e || c === 0x25 || c === 0x2b || c === 0x2d;
const isDomainChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d;

/** An e-mail address around the '@' at `at`. */
export function checkEmail(text: string, at: number): PersonalHit | null {
  let s = at;
  while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) s--;
  while (s < at && text.charCodeAt(s) === 0x2e) s++;
  let e = at + 1;
  while (e < text.length && isDomainChar(text.charCodeAt(e))) e++;
  while (e > at + 1 && (text.charCodeAt(e - 1) === 0x2e || text.charCodeAt(e - 1) === 0x2d)) e--;
  if (s === at) return null;
  const domain = text.slice(at + 1, e);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/.test(domain)) return null;
  return { kind: 'email', start: s, end: e, reason: 'An e-mail address.' };
}
