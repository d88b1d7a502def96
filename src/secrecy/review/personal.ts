/**
 * Personal data checks, run only where the scan found a run of digits or an '@'.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * First two digits of a resident identity number: the province-level division of GB/T 2260 (11
 * Beijing … 65 Xinjiang), 71 Taiwan, 81 Hong Kong, 82 Macao, and 83, which residence permits for
 * Taiwan residents use.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** The parts of an 18-character identity number that can be checked, each on its own. */
export interface IdNumberChecks {
  region: boolean;
  birthDate: boolean;
  checkDigit: boolean;
}

/** GB 11643-1999: a real province code, a real birth date not in the future, and the check character (ISO 7064 MOD 11-2). */
export function checkIdNumber(id: string, today: Date = new Date()): IdNumberChecks | null {
  if (!/^\d{17}[\dXx]$/.test(id)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  return {
    region: PROVINCE_CODES.has(id.slice(0, 2)),
    birthDate: y >= 1900 && birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d && birth.getTime() <= today.getTime(),
    checkDigit: ID_CHECK[sum % 11] === id[17]!.toUpperCase(),
  };
}

export function isResidentIdNumber(id: string): boolean {
  const checks = checkIdNumber(id);
  return !!checks && checks.region && checks.birthDate && checks.checkDigit;
}

/** Region and birth date hold but the check character does not: most likely an identity number with a typing error. */
export function isMistypedIdNumber(id: string): boolean {
  const checks = checkIdNumber(id);
  return !!checks && checks.region && checks.birthDate && !checks.checkDigit;
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
  /** The explanation's stable key (see Finding.code). */
  code: string;
  severity: 'block' | 'warn';
  start: number;
  end: number;
  reason: string;
}

const hit = (kind: PersonalKind, start: number, end: number, reason: string, code: string = kind, severity: 'block' | 'warn' = 'block'): PersonalHit => ({
  kind,
  code,
  severity,
  start,
  end,
  reason,
});
const ID_REASON = 'A PRC resident identity number (region, birth date and check digit valid).';
const MISTYPED_ID_REASON =
  'Probably a PRC resident identity number with a typing error (region and birth date valid, check digit wrong). Dismiss this warning if it is not an identity number.';

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
    if (isResidentIdNumber(`${digits}X`)) return hit('id_number', start, end + 1, ID_REASON);
    if (isMistypedIdNumber(`${digits}X`)) return hit('id_number', start, end + 1, MISTYPED_ID_REASON, 'id_number_check_digit', 'warn');
    return null;
  }
  if (isAsciiWord(afterCode) && !isDigit(afterCode)) return null;
  if (digits.length === 18 && isResidentIdNumber(digits)) return hit('id_number', start, end, ID_REASON);
  // Mobile: 1[3-9] and nine more digits, perhaps after +86 / 86.
  let mobile = digits;
  let mobileStart = start;
  if (digits.length === 13 && digits.startsWith('86')) {
    mobile = digits.slice(2);
    mobileStart = at[2]!;
  }
  if (mobile.length === 11 && /^1[3-9]\d{9}$/.test(mobile)) return hit('mobile', mobileStart, end, 'A mobile telephone number.');
  // Landline with its area code (0 + 2–3 digits, then 7–8 digits), or a 400/800 service number.
  if ((/^0[1-9]\d{8,10}$/.test(digits) && digits.length >= 10) || /^[48]00\d{7}$/.test(digits)) {
    return hit('landline', start, end, 'A landline telephone number with its area code.');
  }
  if (digits.length >= 16 && digits.length <= 19 && luhnValid(digits)) {
    return hit('bank_card', start, end, `A bank card number (${digits.length} digits, Luhn check valid).`);
  }
  // Checked after the bank card: a number that passes Luhn is a card, whatever its first digits.
  if (digits.length === 18 && isMistypedIdNumber(digits)) return hit('id_number', start, end, MISTYPED_ID_REASON, 'id_number_check_digit', 'warn');
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
  return hit('email', s, e, 'An e-mail address.');
}
