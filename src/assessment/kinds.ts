import type { Bilingual } from '../http/coded-values.ts';
import { issueMessage } from '../i18n/validation.ts';
import { z } from 'zod';

/**
 * The indicator kinds an assessment scheme is built from. Each says, in both languages, how its
 * result is computed from records; the same text is what the API's "why" shows beside the inputs,
 * so the formula a reader sees is the one this module's code (src/assessment/compute.ts) applies.
 *
 * Two shapes: a rate kind scores weight × rate (rate between 0 and 1); a deduction kind starts from
 * the weight and loses a set number of points per item, never below 0. A rate with no records to
 * count (no task fell due, no session was held) scores the full weight and says so: a unit is not
 * marked down for work it was never given.
 */
export const INDICATOR_KINDS = [
  'duty_on_time',
  'duty_first_pass',
  'duty_overdue_days',
  'duty_late_reports',
  'study_attendance',
  'study_speeches',
  'study_themes',
  'secrecy_letter',
  'secrecy_inspection',
  'secrecy_rectification',
  'secrecy_review',
  'secrecy_training',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const AREAS = ['duties', 'study', 'secrecy'] as const;
export type Area = (typeof AREAS)[number];

type Text = { zh: string; en: string };

export interface KindInfo {
  area: Area;
  shape: 'rate' | 'deduction';
  label: Text;
  formula: Text;
  params: z.ZodObject<z.ZodRawShape>;
}

const none = z.object({}).strict();

export const KINDS: Record<IndicatorKind, KindInfo> = {
  duty_on_time: {
    area: 'duties',
    shape: 'rate',
    label: { zh: '按期办结率', en: 'On-time completion rate' },
    formula: {
      zh: '得分 = 权重 × 按期办结数 ÷ 到期事项数。到期事项：牵头的督办事项（撤销的除外）中截止日期在考核期内的；按期办结：已报办结（含核查通过、销号）且办结报告日期不晚于截止日期（批准延期后的日期）。',
      en: 'Points = weight × tasks completed on time ÷ tasks due. Tasks due: tasks led (cancelled ones excepted) whose deadline falls in the period; on time: completion reported (or verified, closed) on or before the deadline (as extended when an extension was approved).',
    },
    params: none,
  },
  duty_first_pass: {
    area: 'duties',
    shape: 'rate',
    label: { zh: '一次核查通过率', en: 'Verified without being sent back' },
    formula: {
      zh: '得分 = 权重 × 未被退回即核查通过的事项数 ÷ 考核期内核查通过的事项数。被退回一次或多次的事项都不算一次通过（退回次数列在明细中）。',
      en: 'Points = weight × tasks verified without ever being sent back ÷ tasks verified in the period. A task sent back once or more does not count as passing first time (the number of send-backs is listed).',
    },
    params: none,
  },
  duty_overdue_days: {
    area: 'duties',
    shape: 'deduction',
    label: { zh: '逾期天数', en: 'Overdue days' },
    formula: {
      zh: '得分 = 权重 − 每天扣分 × 逾期天数合计，最低 0 分。每个截止日期在考核期内的事项，逾期天数 = 办结报告日期（未办结的为考核截止日）减截止日期的自然日数，不逾期计 0。',
      en: 'Points = weight − points per day × total overdue days, at least 0. For each task whose deadline falls in the period, overdue days = the completion-report day (the end of the period when not completed) minus the deadline, in calendar days, 0 when not late.',
    },
    params: z.object({ pointsPerDay: z.number().positive().max(100).default(0.1) }).strict(),
  },
  duty_late_reports: {
    area: 'duties',
    shape: 'deduction',
    label: { zh: '逾期反馈', en: 'Late progress reports' },
    formula: {
      zh: '得分 = 权重 − 每次扣分 × 考核期内逾期提交的进展反馈次数，最低 0 分。',
      en: 'Points = weight − points per report × progress reports given after their period fell due in the period, at least 0.',
    },
    params: z.object({ pointsPerReport: z.number().positive().max(100).default(0.5) }).strict(),
  },
  study_attendance: {
    area: 'study',
    shape: 'rate',
    label: { zh: '学习出勤率', en: 'Study attendance rate' },
    formula: {
      zh: '得分 = 权重 × 出席次数 ÷ (出席次数 + 缺席次数)。考核期内已举行的集体学习中本单位人员（或本人）的出勤记录；请假（有事由）单独列出，不计入分母。',
      en: 'Points = weight × times present ÷ (times present + times absent), over the attendance of the unit\'s people (or the leader) at sessions held in the period; leave with a reason is listed apart and not counted in the denominator.',
    },
    params: none,
  },
  study_speeches: {
    area: 'study',
    shape: 'rate',
    label: { zh: '交流发言', en: 'Speeches given' },
    formula: {
      zh: '得分 = 权重 × min(1, 发言次数 ÷ (每人应发言次数 × 人数))。发言：考核期内已举行的集体学习中本单位人员（或本人）的发言。',
      en: 'Points = weight × min(1, speeches ÷ (speeches expected per person × people)). Speeches: those given by the unit\'s people (or the leader) at sessions held in the period.',
    },
    params: z.object({ perPerson: z.number().positive().max(50).default(1) }).strict(),
  },
  study_themes: {
    area: 'study',
    shape: 'rate',
    label: { zh: '计划专题完成率', en: 'Plan themes covered' },
    formula: {
      zh: '得分 = 权重 × 已完成专题数 ÷ 年度计划专题数。计划：本单位学习组（领导：所在学习组）当年的学习计划；已完成：考核期内已举行且选了该专题的学习次数达到专题要求的次数。',
      en: 'Points = weight × themes covered ÷ themes in the year\'s plans. Plans: the year\'s plans of the unit\'s study groups (a leader: the groups they belong to); covered: sessions held in the period that took up the theme reach the number the theme requires.',
    },
    params: none,
  },
  secrecy_letter: {
    area: 'secrecy',
    shape: 'rate',
    label: { zh: '保密责任书按时签订', en: 'Responsibility letter signed on time' },
    formula: {
      zh: '得分 = 权重 × 按时签订的责任书数 ÷ 当年下发的责任书数。按时：签订日期不晚于当年的签订截止日（月-日）。单位：本单位的责任书及本单位人员的责任书。',
      en: 'Points = weight × letters signed on time ÷ letters issued for the year. On time: signed on or before the year\'s signing deadline (month-day). A unit: letters issued for the unit and to its people.',
    },
    params: z.object({ dueMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Give the signing deadline as MM-DD, e.g. 03-31.').default('03-31') }).strict(),
  },
  secrecy_inspection: {
    area: 'secrecy',
    shape: 'rate',
    label: { zh: '保密自查完成', en: 'Self-inspection done' },
    formula: {
      zh: '得分 = 权重 × 已提交自查的检查数 ÷ 当年应参加的自查数。领导：其任职单位的自查。',
      en: 'Points = weight × self-inspections submitted ÷ self-inspections of the year the unit takes part in. A leader: those of the units they hold a position in.',
    },
    params: none,
  },
  secrecy_rectification: {
    area: 'secrecy',
    shape: 'rate',
    label: { zh: '整改按期销号', en: 'Rectifications closed by their deadline' },
    formula: {
      zh: '得分 = 权重 × 按期关闭的整改项数 ÷ 截止日期在考核期内的整改项数。单位：本单位自查问题的整改；领导：由其负责的整改。',
      en: 'Points = weight × rectifications closed on or before their deadline ÷ rectifications whose deadline falls in the period. A unit: those of its inspection findings; a leader: those they own.',
    },
    params: none,
  },
  secrecy_review: {
    area: 'secrecy',
    shape: 'rate',
    label: { zh: '发布前审查问题整改', en: 'Pre-publication reviews with findings closed' },
    formula: {
      zh: '得分 = 权重 × 阻断性问题已全部处理的审查数 ÷ 考核期内有阻断性问题的审查数。审查按审查人所在单位（领导：本人审查的）计。',
      en: 'Points = weight × reviews whose blocking findings are all resolved ÷ reviews in the period that had blocking findings. A review counts for its reviewer\'s unit (a leader: the reviews they made).',
    },
    params: none,
  },
  secrecy_training: {
    area: 'secrecy',
    shape: 'rate',
    label: { zh: '保密教育培训学时', en: 'Secrecy training hours' },
    formula: {
      zh: '得分 = 权重 × min(1, 培训学时合计 ÷ (每人应训学时 × 人数))，学时为考核期内的培训记录。',
      en: 'Points = weight × min(1, training hours ÷ (hours expected per person × people)), over training records dated in the period.',
    },
    params: z.object({ hoursPerPerson: z.number().positive().max(1000).default(8) }).strict(),
  },
};

export const AREA_LABELS: Record<Area, Text> = {
  duties: { zh: '督查督办', en: 'Tasks' },
  study: { zh: '理论学习', en: 'Study' },
  secrecy: { zh: '保密工作', en: 'Secrecy work' },
};

export const ADJUSTMENT_KINDS = ['bonus', 'deduction'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export const SUBJECT_TYPES = ['unit', 'leader'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The kind's parameters with their defaults filled in; a wrong one is a 400 naming the indicator. */
export function parseParams(kind: IndicatorKind, params: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; message: string; problem: Bilingual } {
  const parsed = KINDS[kind].params.safeParse(params ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
  // The Chinese names the setting by its path and says what is wrong in the words of field validation.
  const zh = parsed.error.issues.map((i) => issueMessage({ keyword: i.code, instancePath: '', message: i.message, params: { ...i } }, i.path.join('.') || 'params', 'zh')).join('；');
  return { ok: false, message, problem: { en: message, zh } };
}
