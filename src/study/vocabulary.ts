/** The fixed vocabularies of study sessions, with labels in both languages for the pages and exports. */
type Labels<K extends string> = Record<K, { zh: string; en: string }>;

export const HALF_DAYS = ['morning', 'afternoon', 'evening'] as const;
export type HalfDay = (typeof HALF_DAYS)[number];
export const HALF_DAY_LABELS: Labels<HalfDay> = {
  morning: { zh: '上午', en: 'Morning' },
  afternoon: { zh: '下午', en: 'Afternoon' },
  evening: { zh: '晚上', en: 'Evening' },
};

export const SESSION_FORMS = ['concentrated_study', 'thematic_discussion', 'expert_lecture', 'documentary', 'field_study'] as const;
export type SessionForm = (typeof SESSION_FORMS)[number];
export const SESSION_FORM_LABELS: Labels<SessionForm> = {
  concentrated_study: { zh: '集中学习', en: 'Concentrated study' },
  thematic_discussion: { zh: '专题研讨', en: 'Thematic discussion' },
  expert_lecture: { zh: '专家辅导', en: 'Expert lecture' },
  documentary: { zh: '观看专题片', en: 'Documentary' },
  field_study: { zh: '现场教学', en: 'Field study' },
};

export const SESSION_STATUSES = ['planned', 'held', 'minutes_approved', 'archived'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Labels<SessionStatus> = {
  planned: { zh: '计划', en: 'Planned' },
  held: { zh: '已举行', en: 'Held' },
  minutes_approved: { zh: '纪要已审定', en: 'Minutes approved' },
  archived: { zh: '已归档', en: 'Archived' },
};
/** Once the minutes are approved the record is locked: changes become revisions with a reason. */
export const LOCKED_STATUSES: readonly SessionStatus[] = ['minutes_approved', 'archived'];
/** Sessions that took place, for ledgers and plan coverage. */
export const HELD_STATUSES: readonly SessionStatus[] = ['held', 'minutes_approved', 'archived'];

export const ATTENDANCE_STATUSES = ['present', 'on_leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Labels<AttendanceStatus> = {
  present: { zh: '出席', en: 'Present' },
  on_leave: { zh: '请假', en: 'On leave' },
  absent: { zh: '缺席', en: 'Absent' },
};

export const SPEECH_KINDS = ['host_speech', 'key_speech', 'exchange'] as const;
export type SpeechKind = (typeof SPEECH_KINDS)[number];
export const SPEECH_KIND_LABELS: Labels<SpeechKind> = {
  host_speech: { zh: '主持讲话', en: 'Host speech' },
  key_speech: { zh: '重点发言', en: 'Key speech' },
  exchange: { zh: '交流发言', en: 'Exchange' },
};

export const CONCLUSION_KINDS = ['finding', 'requirement'] as const;
export type ConclusionKind = (typeof CONCLUSION_KINDS)[number];
export const CONCLUSION_KIND_LABELS: Labels<ConclusionKind> = {
  finding: { zh: '会议指出', en: 'The meeting pointed out' },
  requirement: { zh: '会议强调', en: 'The meeting emphasized' },
};

/** Hours counted for a session with only a half-day and no times. */
export const HALF_DAY_HOURS = 3;
