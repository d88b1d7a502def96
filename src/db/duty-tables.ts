import type { Generated, Selectable } from 'kysely';
import type { Level } from '../security/levels.ts';

/** The duties tables (migration 0012_duties, docs/duties-api.md); dates YYYY-MM-DD, timestamps ISO text. */
type Timestamp = string;
type Flag = number;

export interface DutyAreaTable {
  id: string;
  name: string;
  name_en: string | null;
  description: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DutyAreaLeaderTable {
  area_id: string;
  person_id: string;
  role: string;
  sort_order: Generated<number>;
}

export interface DutyAreaUnitTable {
  area_id: string;
  unit_id: string;
}

export interface DutyTaskTable {
  id: string;
  code: string;
  title: string;
  content: string;
  level: Level;
  state: string;
  area_id: string | null;
  source_kind: string;
  source_conclusion_id: string | null;
  source_session_id: string | null;
  source_text: string | null;
  source_date: string | null;
  lead_leader_person_id: string | null;
  lead_unit_id: string | null;
  responsible_person_id: string | null;
  deadline: string;
  original_deadline: string;
  report_frequency: string;
  report_dates: string | null;
  progress: Generated<number>;
  sent_back: Generated<Flag>;
  assigned_at: Timestamp | null;
  accepted_at: Timestamp | null;
  completed_at: Timestamp | null;
  verified_at: Timestamp | null;
  closed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_requested_by: string | null;
  cancel_requested_by_person: string | null;
  cancel_requested_at: Timestamp | null;
  cancel_reason: string | null;
  completion_reported_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DutyTaskUnitTable {
  task_id: string;
  unit_id: string;
}

export interface DutyMilestoneTable {
  id: string;
  task_id: string;
  title: string;
  due_date: string;
  weight: Generated<number>;
  done: Generated<Flag>;
  done_at: Timestamp | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DutySubtaskTable {
  id: string;
  task_id: string;
  unit_id: string;
  title: string;
  weight: Generated<number>;
  progress: Generated<number>;
  responsible_person_id: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DutyEventTable {
  id: string;
  task_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  kind: string;
  note: string | null;
  detail: string | null;
  level: Level;
}

export interface DutyReportTable {
  id: string;
  task_id: string;
  kind: string;
  period: string | null;
  percent: number;
  narrative: string;
  reported_by: string;
  reporter_person_id: string | null;
  reported_at: Timestamp;
  late: Generated<Flag>;
  level: Level;
}

export interface DutyFileTable {
  id: string;
  task_id: string;
  report_id: string;
  name: string;
  media_type: string;
  size: number;
  content: string;
  level: Level;
  created_at: Timestamp;
}

export interface DutyExtensionTable {
  id: string;
  task_id: string;
  old_deadline: string;
  new_deadline: string;
  reason: string;
  state: string;
  requested_by: string;
  requester_person_id: string | null;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  level: Level;
}

export interface DutyHolidayTable {
  day: string;
  kind: string;
  name: string;
}

export interface DutyTables {
  duty_areas: DutyAreaTable;
  duty_area_leaders: DutyAreaLeaderTable;
  duty_area_units: DutyAreaUnitTable;
  duty_tasks: DutyTaskTable;
  duty_task_units: DutyTaskUnitTable;
  duty_milestones: DutyMilestoneTable;
  duty_subtasks: DutySubtaskTable;
  duty_events: DutyEventTable;
  duty_reports: DutyReportTable;
  duty_files: DutyFileTable;
  duty_extensions: DutyExtensionTable;
  duty_holidays: DutyHolidayTable;
}

export type DutyArea = Selectable<DutyAreaTable>;
export type DutyTask = Selectable<DutyTaskTable>;
export type DutyMilestone = Selectable<DutyMilestoneTable>;
export type DutySubtask = Selectable<DutySubtaskTable>;
export type DutyEvent = Selectable<DutyEventTable>;
export type DutyReport = Selectable<DutyReportTable>;
export type DutyExtension = Selectable<DutyExtensionTable>;
export type DutyHoliday = Selectable<DutyHolidayTable>;
