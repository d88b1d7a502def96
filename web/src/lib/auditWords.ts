import type { TFunction } from 'i18next';
import en from '../i18n/en.json';

/** The codes under a nested catalogue section, joined back with dots ("knowable.member.approve"). */
function codesOf(section: object, prefix = ''): string[] {
  return Object.entries(section).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : codesOf(v as object, `${prefix}${k}.`)));
}

// Both catalogues hold the same keys (catalogues.test.ts), so either lists the codes that have words;
// test/i18n/audit-words.test.ts checks that every code the server writes is among them.
/** Every audit action code the catalogues word, in code order (related acts stay together). */
export const AUDIT_ACTIONS: readonly string[] = codesOf(en.audit.actions).sort();
/** Every audit object type the catalogues word. */
export const AUDIT_OBJECT_TYPES: readonly string[] = Object.keys(en.audit.objectTypes).sort();

const actionSet = new Set(AUDIT_ACTIONS);
const typeSet = new Set(AUDIT_OBJECT_TYPES);

/** The action in the reader's words, or null for a code the catalogues do not know (shown as code). */
export function auditActionWords(t: TFunction, code: string): string | null {
  return actionSet.has(code) ? t(`audit.actions.${code}`) : null;
}

/** The object type in the reader's words, or null for an unknown one. */
export function auditTypeWords(t: TFunction, type: string | null): string | null {
  return type != null && typeSet.has(type) ? t(`audit.objectTypes.${type}`) : null;
}
