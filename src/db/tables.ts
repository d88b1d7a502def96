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
