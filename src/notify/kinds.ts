/**
 * What a notification says happened, in both languages. The words are the whole message: a
 * notification holds no text of its record, only a link to it (src/notify/links.ts).
 */
export const NOTIFICATION_KINDS = [
  'task_assigned',
  'task_due_soon',
  'task_overdue',
  'task_escalated',
  'task_report_due',
  'task_report_overdue',
  'task_reminder',
  'task_instruction',
  'task_sent_back',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, { zh: string; en: string }> = {
  task_assigned: { zh: '交办了督办事项', en: 'A task was assigned' },
  task_due_soon: { zh: '督办事项即将到期', en: 'A task falls due soon' },
  task_overdue: { zh: '督办事项已逾期', en: 'A task is overdue' },
  task_escalated: { zh: '督办事项逾期未办结，提请督办', en: 'A task is long overdue and escalated to you' },
  task_report_due: { zh: '进展情况即将到报送时间', en: 'A progress report falls due soon' },
  task_report_overdue: { zh: '进展情况逾期未报送', en: 'A progress report is overdue' },
  task_reminder: { zh: '督查室催办', en: 'The supervision office sent a reminder' },
  task_instruction: { zh: '督办事项有新的领导批示', en: "A leader's instruction was added to a task" },
  task_sent_back: { zh: '办结报告被退回', en: 'A completion report was sent back' },
};

export type Language = 'zh-CN' | 'en';

/** A user's language for messages that leave the app (e-mail): zh-CN unless they chose English. */
export function languageOf(locale: string | null | undefined): Language {
  return locale === 'en' ? 'en' : 'zh-CN';
}
