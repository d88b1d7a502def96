import { SOURCE_KIND_LABELS, TASK_STATE_LABELS } from '../duties/vocabulary.ts';
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
  taskState: TASK_STATE_LABELS,
  taskSource: SOURCE_KIND_LABELS,
  light: { green: { zh: '绿灯', en: 'Green' }, yellow: { zh: '黄灯', en: 'Yellow' }, red: { zh: '红灯', en: 'Red' }, grey: { zh: '灰灯', en: 'Grey' } },
  reportFrequency: {
    once: { zh: '一次', en: 'Once' },
    weekly: { zh: '每周', en: 'Weekly' },
    monthly: { zh: '每月', en: 'Monthly' },
    quarterly: { zh: '每季度', en: 'Quarterly' },
    dates: { zh: '指定日期', en: 'On set dates' },
  },
  bulletinGroup: { area: { zh: '责任制', en: 'Responsibility area' }, unit: { zh: '牵头单位', en: 'Lead unit' }, total: { zh: '合计', en: 'Total' } },
  carrierState: { held: { zh: '在管', en: 'Held' }, returned: { zh: '已清退', en: 'Returned' }, destroyed: { zh: '已销毁', en: 'Destroyed' } },
  severity: { low: { zh: '轻微', en: 'Low' }, medium: { zh: '一般', en: 'Medium' }, high: { zh: '严重', en: 'High' } },
  rectificationStatus: { open: { zh: '待整改', en: 'Open' }, in_progress: { zh: '整改中', en: 'In progress' }, closed: { zh: '已销号', en: 'Closed' } },
  letterStatus: { issued: { zh: '未签署', en: 'Not signed' }, signed: { zh: '已签署', en: 'Signed' } },
  letterRole: { leader: { zh: '领导', en: 'Leader' }, unit_head: { zh: '单位负责人', en: 'Head of unit' } },
  /** What stands in an export for a name the reader may not know. */
  hiddenName: {
    person: { zh: '（无权知悉的人员）', en: '(a person you may not know)' },
    unit: { zh: '（无权知悉的单位）', en: '(a unit you may not know)' },
    study_group: { zh: '（无权知悉的学习组）', en: '(a study group you may not know)' },
  },
} as const satisfies Record<string, Record<string, Bilingual>>;
export type Vocabulary = keyof typeof CODED_VALUES;

/** A name in the reader's language: the English name when there is one, else the name as recorded. */
export function named(name: string | null | undefined, nameEn?: string | null): Bilingual | null {
  if (name === null || name === undefined || name === '') return null;
  return { zh: name, en: nameEn || name };
}

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
  if (asked === 'zh' || asked === 'zh-CN') return 'zh';
  if (asked === 'en') return 'en';
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}
