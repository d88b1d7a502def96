import { GROUP_ROLE_LABELS, UNIT_KIND_LABELS } from '../org/vocabulary.ts';
import { LEVEL_LABELS } from '../security/levels.ts';
import { ROLE_LABELS } from '../security/roles.ts';
import {
  ATTENDANCE_LABELS,
  CONCLUSION_KIND_LABELS,
  HALF_DAY_LABELS,
  SESSION_FORM_LABELS,
  SESSION_STATUS_LABELS,
  SPEECH_KIND_LABELS,
} from '../study/vocabulary.ts';

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}
export type Lang = 'zh' | 'en';

/**
 * The one catalogue of coded values the server writes for people to read (exports, documents):
 * each vocabulary's codes with their Chinese and English words, so a file says 下午 or 纪要已审定
 * rather than `afternoon` or `minutes_approved`.
 */
export const CODED_VALUES = {
  level: LEVEL_LABELS,
  role: ROLE_LABELS,
  unitKind: UNIT_KIND_LABELS,
  groupRole: GROUP_ROLE_LABELS,
  halfDay: HALF_DAY_LABELS,
  sessionForm: SESSION_FORM_LABELS,
  sessionStatus: SESSION_STATUS_LABELS,
  attendance: ATTENDANCE_LABELS,
  speechKind: SPEECH_KIND_LABELS,
  conclusionKind: CONCLUSION_KIND_LABELS,
  yesNo: { yes: { zh: '是', en: 'Yes' }, no: { zh: '否', en: 'No' } },
} as const satisfies Record<string, Record<string, Bilingual>>;
export type Vocabulary = keyof typeof CODED_VALUES;

/** The words for a code; a code the catalogue does not know is shown as it is, never dropped. */
export function coded(vocabulary: Vocabulary, code: string | null | undefined): Bilingual | null {
  if (code === null || code === undefined || code === '') return null;
  const words = (CODED_VALUES[vocabulary] as Record<string, Bilingual>)[code];
  return words ?? { zh: code, en: code };
}

/**
 * The reader's language: `?lang=` when given, else the first language of Accept-Language that is
 * Chinese or English, else Chinese (the users work in Chinese).
 */
export function readerLanguage(query: unknown, acceptLanguage: string | undefined): Lang {
  const asked = query && typeof query === 'object' ? (query as { lang?: unknown }).lang : undefined;
  if (asked === 'zh' || asked === 'en') return asked;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}
