/** The words of duties (docs/duties-api.md): task states, sources, reporting frequencies, lights. */
export const TASK_STATES = ['registered', 'assigned', 'accepted', 'returned', 'in_progress', 'completion_reported', 'verified', 'closed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_LABELS: Record<TaskState, { zh: string; en: string }> = {
  registered: { zh: '已立项', en: 'Registered' },
  assigned: { zh: '已交办', en: 'Assigned' },
  accepted: { zh: '已签收', en: 'Accepted' },
  returned: { zh: '已退回交办', en: 'Returned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  completion_reported: { zh: '已报办结', en: 'Completion reported' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已销号', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** States in which the lead unit works on the task: reports fall due, the deadline counts. */
export const WORKING_STATES: readonly TaskState[] = ['accepted', 'in_progress'];
/** States before completion: the deadline can be missed and extended. */
export const OPEN_STATES: readonly TaskState[] = ['registered', 'assigned', 'accepted', 'returned', 'in_progress'];
export const FINISHED_STATES: readonly TaskState[] = ['closed', 'cancelled'];

export const SOURCE_KINDS = ['requirement', 'finding', 'instruction', 'annual_item', 'meeting', 'manual'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_KIND_LABELS: Record<SourceKind, { zh: string; en: string }> = {
  requirement: { zh: '会议要求', en: 'Session requirement' },
  finding: { zh: '会议指出', en: 'Session finding' },
  instruction: { zh: '领导批示', en: "Leader's instruction" },
  annual_item: { zh: '年度重点工作', en: 'Annual key work item' },
  meeting: { zh: '其他会议决定', en: "Another meeting's decision" },
  manual: { zh: '手工立项', en: 'Entered by hand' },
};
/** Sources that link to a study session's conclusion. */
export const CONCLUSION_SOURCES: readonly SourceKind[] = ['requirement', 'finding'];

export const REPORT_FREQUENCIES = ['once', 'weekly', 'monthly', 'quarterly', 'dates'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export const LIGHTS = ['green', 'yellow', 'red', 'grey'] as const;
export type Light = (typeof LIGHTS)[number];

export const LIGHT_REASONS = ['overdue', 'sent_back', 'report_overdue', 'accept_overdue', 'deadline_soon', 'report_soon', 'behind_plan'] as const;
export type LightReason = (typeof LIGHT_REASONS)[number];

export const AREA_LEADER_ROLES = ['first_responsible', 'directly_responsible', 'own_field'] as const;
export type AreaLeaderRole = (typeof AREA_LEADER_ROLES)[number];

export const HOLIDAY_KINDS = ['holiday', 'workday'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export const EXTENSION_STATES = ['pending', 'approved', 'refused'] as const;
