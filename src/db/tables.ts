import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Level } from '../security/levels.ts';

/** Timestamps are ISO-8601 UTC text and dates are YYYY-MM-DD text on both dialects, so they sort and compare alike. */
type Timestamp = string;
type Flag = number;

export interface UnitTable {
  id: string;
  parent_id: string | null;
  name: string;
  name_en: string | null;
  kind: string;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonTable {
  id: string;
  name: string;
  name_en: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionTable {
  id: string;
  person_id: string;
  unit_id: string;
  title: string;
  title_en: string | null;
  rank: string | null;
  start_date: string | null;
  end_date: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudyGroupTable {
  id: string;
  unit_id: string;
  name: string;
  name_en: string | null;
  description: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudyGroupMemberTable {
  group_id: string;
  person_id: string;
  role: string;
  sort_order: Generated<number>;
  joined_on: string | null;
  left_on: string | null;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  clearance: Level;
  person_id: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<Flag>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<Flag>;
  locale: string | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditEventTable {
  seq: number | string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string | null;
  level: Level;
  request_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

// Study (issue 4): plans, sessions and what is recorded about them, the search index, calendar feeds.
export interface StudyPlanTable {
  id: string;
  group_id: string;
  year: number;
  title: string;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlanThemeTable {
  id: string;
  plan_id: string;
  title: string;
  planned_month: number | null;
  required_sessions: Generated<number>;
  hours_per_member: number | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudySessionTable {
  id: string;
  group_id: string;
  date: string;
  half_day: string | null;
  start_time: string | null;
  end_time: string | null;
  place: string | null;
  form: string;
  host_person_id: string | null;
  status: string;
  organizing_body: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionThemeTable {
  id: string;
  session_id: string;
  text: string;
  sort_order: Generated<number>;
  plan_theme_id: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudyMaterialTable {
  id: string;
  session_id: string;
  title: string;
  link: string | null;
  body: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionAttendanceTable {
  session_id: string;
  person_id: string;
  status: string;
  reason: string | null;
  approved_by: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionObserverTable {
  id: string;
  session_id: string;
  name: string;
  title: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionGuidanceTable {
  id: string;
  session_id: string;
  body: string;
  text: string | null;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpeechTable {
  id: string;
  session_id: string;
  speaker_person_id: string | null;
  title: string;
  text: string;
  kind: string;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionMinutesTable {
  id: string;
  session_id: string;
  text: string;
  approved_by: string | null;
  approved_by_id: string | null;
  approved_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConclusionTable {
  id: string;
  session_id: string;
  kind: string;
  text: string;
  sort_order: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionRevisionTable {
  id: string;
  session_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  reason: string;
  action: string;
  detail: string;
  level: Level;
}

export interface SearchTermTable {
  term: string;
  record_type: string;
  record_id: string;
  session_id: string;
  field: string;
  weight: number;
  level: Level;
}

export interface CalendarFeedTable {
  id: string;
  user_id: string;
  scope: string;
  target_id: string;
  name: string;
  max_level: Level;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface Tables {
  units: UnitTable;
  people: PersonTable;
  positions: PositionTable;
  study_groups: StudyGroupTable;
  study_group_members: StudyGroupMemberTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  study_plans: StudyPlanTable;
  plan_themes: PlanThemeTable;
  study_sessions: StudySessionTable;
  session_themes: SessionThemeTable;
  study_materials: StudyMaterialTable;
  session_attendance: SessionAttendanceTable;
  session_observers: SessionObserverTable;
  session_guidance: SessionGuidanceTable;
  speeches: SpeechTable;
  session_minutes: SessionMinutesTable;
  conclusions: ConclusionTable;
  session_revisions: SessionRevisionTable;
  search_terms: SearchTermTable;
  calendar_feeds: CalendarFeedTable;
}

export type Unit = Selectable<UnitTable>;
export type Person = Selectable<PersonTable>;
export type Position = Selectable<PositionTable>;
export type StudyGroup = Selectable<StudyGroupTable>;
export type StudyGroupMember = Selectable<StudyGroupMemberTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type StudyPlan = Selectable<StudyPlanTable>;
export type PlanTheme = Selectable<PlanThemeTable>;
export type StudySession = Selectable<StudySessionTable>;
export type SessionTheme = Selectable<SessionThemeTable>;
export type StudyMaterial = Selectable<StudyMaterialTable>;
export type SessionAttendance = Selectable<SessionAttendanceTable>;
export type SessionObserver = Selectable<SessionObserverTable>;
export type SessionGuidance = Selectable<SessionGuidanceTable>;
export type Speech = Selectable<SpeechTable>;
export type SessionMinutes = Selectable<SessionMinutesTable>;
export type Conclusion = Selectable<ConclusionTable>;
export type SessionRevision = Selectable<SessionRevisionTable>;
export type CalendarFeed = Selectable<CalendarFeedTable>;
