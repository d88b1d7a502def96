import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Level } from '../security/levels.ts';
import type { AssessmentTables } from './assessment-tables.ts';
import type { DutyTables } from './duty-tables.ts';
import type { MediaTables } from './media-tables.ts';
import type { WebhookTables } from './webhook-tables.ts';

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
  totp_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<Flag>;
  locale: string | null;
  password_changed_at: Timestamp;
  /** 1 while the password is one an administrator set (src/db/migrations/0016_own_password.ts). */
  password_by_admin: Generated<Flag>;
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
  second_factor: Generated<Flag>;
}

export interface SignInFailureTable {
  user_id: string;
  address: string;
  failures: Generated<number>;
  lockouts: Generated<number>;
  locked_until: Timestamp | null;
  last_failure_at: Timestamp | null;
  updated_at: Timestamp;
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
  /** The text in Chinese and in English, where the record carries both (migration 0017). */
  text_zh: Generated<string | null>;
  text_en: Generated<string | null>;
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
  /** The role an imported release gives the person (host, participant, speaker); null when recorded by hand. */
  role: Generated<string | null>;
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
  /** A group that spoke in turn ("市委常委"), when the speech has no single speaker. */
  collective: Generated<string | null>;
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
  text_zh: Generated<string | null>;
  text_en: Generated<string | null>;
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

export interface KnowableScopeTable {
  object_type: string;
  object_id: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  reason: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface KnowableRequestTable {
  id: string;
  object_type: string;
  object_id: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

/** A decision on one position through which a unit in a knowable scope would bring its holder in. */
export interface KnowableMemberTable {
  object_type: string;
  object_id: string;
  unit_id: string;
  position_id: string;
  person_id: string;
  status: 'approved' | 'refused';
  until: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
  note: string | null;
}

// Secrecy records (issue 5): grades, carriers register, declassification jobs, letters, inspections, training.
export interface ClearanceTable {
  person_id: string;
  grade: string;
  highest_level: Level;
  granted_on: string;
  granted_by: string;
  basis: string;
  recorded_by: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClearanceRequestTable {
  id: string;
  person_id: string;
  grade: string;
  granted_on: string;
  granted_by: string;
  basis: string;
  status: string;
  requested_by: string;
  requested_by_name: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  level: Level;
}

export interface ClearanceHistoryTable {
  id: string;
  person_id: string;
  grade: string;
  highest_level: Level;
  granted_on: string;
  granted_by: string;
  basis: string;
  account_clearance: Level | null;
  recorded_by: string | null;
  recorded_by_name: string;
  level: Level;
  created_at: Timestamp;
}

export interface CarrierTable {
  id: string;
  title: string;
  number: string | null;
  carrier_level: Level;
  mark: string;
  original_mark: string;
  issued_on: string;
  period_end: string | null;
  custodian_person_id: string | null;
  location: string | null;
  copies: Generated<number>;
  received_on: string | null;
  state: string;
  state_on: string | null;
  state_witness: string | null;
  declassified_on: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CarrierScopeTable {
  carrier_id: string;
  subject_type: string;
  subject_id: string;
  approved_by: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface SecrecyJobTable {
  name: string;
  leased_until: Timestamp | null;
  leased_by: string | null;
  last_run_at: Timestamp | null;
}

export interface SecrecyAlertTable {
  id: string;
  kind: string;
  carrier_id: string;
  person_id: string | null;
  due_on: string;
  message: string;
  read_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
}

export interface CarrierReviewTable {
  id: string;
  carrier_id: string;
  year: number;
  status: string;
  decision: string | null;
  new_mark: string | null;
  note: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LetterTemplateTable {
  id: string;
  year: number;
  version: number;
  title: string;
  text: string;
  hash: string;
  created_by: string | null;
  level: Level;
  created_at: Timestamp;
}

export interface LetterTable {
  id: string;
  year: number;
  person_id: string;
  role: string;
  unit_id: string | null;
  template_id: string;
  status: string;
  issued_at: Timestamp;
  signed_at: Timestamp | null;
  signed_template_id: string | null;
  signed_hash: string | null;
  signed_by: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionTemplateTable {
  id: string;
  name: string;
  items: string;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionCampaignTable {
  id: string;
  year: number;
  title: string;
  template_id: string;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionUnitTable {
  campaign_id: string;
  unit_id: string;
  status: string;
  submitted_at: Timestamp | null;
}

export interface InspectionAnswerTable {
  campaign_id: string;
  unit_id: string;
  item_code: string;
  answer: string;
  evidence: string | null;
  answered_by: string | null;
  answered_at: Timestamp;
}

export interface InspectionFindingTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  item_code: string | null;
  description: string;
  severity: string;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RectificationTable {
  id: string;
  finding_id: string;
  owner_person_id: string;
  deadline: string;
  status: string;
  evidence: string | null;
  closed_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingRecordTable {
  id: string;
  person_id: string;
  course: string;
  date: string;
  hours: number;
  provider: string | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SecrecyKeywordListTable {
  id: string;
  name: string;
  description: string | null;
  active: Generated<Flag>;
  /** Bumped on every change to the list or its keywords, so scanners know to reload. */
  revision: Generated<number>;
  term_count: Generated<number>;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SecrecyKeywordTable {
  id: string;
  list_id: string;
  term: string;
  /** The term as the scanner reads it (see src/secrecy/review/normalize.ts); unique within a list. */
  folded: string;
  created_at: Timestamp;
}

export interface SecrecyTextSourceTable {
  record_type: string;
  record_id: string;
  level: Level;
  text_length: number;
  fingerprint_count: number;
  indexed_at: Timestamp;
  /** The record whose knowable scope decides who may know the text (a speech's session); the record itself otherwise (0009). */
  parent_type: string;
  parent_id: string;
  /** SHA-256 of the indexed text, so an unchanged text is not indexed again (0009). */
  text_sha256: string | null;
}

export interface SecrecyFingerprintTable {
  record_type: string;
  record_id: string;
  hash: number;
  pos: number;
}

export interface PublicationReviewTable {
  id: string;
  title: string;
  draft_sha256: string;
  draft_length: number;
  has_star_mark: Flag;
  drafted_by: string | null;
  reviewer_id: string | null;
  reviewer_name: string;
  approver_id: string | null;
  approver_name: string | null;
  outcome: 'publish' | 'do_not_publish' | 'refer_up' | null;
  basis: string | null;
  decided_at: Timestamp | null;
  level: Level;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PublicationReviewFindingTable {
  id: string;
  review_id: string;
  seq: number;
  kind: string;
  start_offset: number;
  end_offset: number;
  excerpt: string;
  reason: string;
  source_type: string | null;
  source_id: string | null;
  source_level: Level | null;
  /** The level the finding is kept at: its source's level for copied text, the review's otherwise (0009). */
  level: Generated<Level>;
  /** Stable key of the explanation, and the values it names as JSON (0009). */
  code: string | null;
  params: string | null;
  /** 1: stops publication until resolved; 0: a warning that may be dismissed (0009). */
  blocking: Generated<Flag>;
  resolved: Generated<Flag>;
  resolution_note: string | null;
  resolved_by_id: string | null;
  resolved_by_name: string | null;
  resolved_at: Timestamp | null;
}

// Notifications (issue 10): the inbox, the e-mail outbox, and the duties scheduler's steps taken.
export interface NotificationTable {
  id: string;
  recipient_user_id: string;
  kind: string;
  object_type: string;
  object_id: string;
  dedupe_key: string | null;
  actor_name: string | null;
  level: Level;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface MailOutboxTable {
  id: string;
  notification_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
}

export interface SupervisionStepTable {
  id: string;
  task_id: string;
  step: string;
  step_key: string;
  recipients: number;
  fired_on: string;
  created_at: Timestamp;
}

export interface Tables extends DutyTables, AssessmentTables, MediaTables, WebhookTables {
  knowable_scope: KnowableScopeTable;
  knowable_requests: KnowableRequestTable;
  knowable_members: KnowableMemberTable;
  units: UnitTable;
  people: PersonTable;
  positions: PositionTable;
  study_groups: StudyGroupTable;
  study_group_members: StudyGroupMemberTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  sign_in_failures: SignInFailureTable;
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
  clearances: ClearanceTable;
  clearance_history: ClearanceHistoryTable;
  clearance_requests: ClearanceRequestTable;
  carriers: CarrierTable;
  carrier_scope: CarrierScopeTable;
  secrecy_jobs: SecrecyJobTable;
  secrecy_alerts: SecrecyAlertTable;
  carrier_reviews: CarrierReviewTable;
  letter_templates: LetterTemplateTable;
  letters: LetterTable;
  inspection_templates: InspectionTemplateTable;
  inspection_campaigns: InspectionCampaignTable;
  inspection_units: InspectionUnitTable;
  inspection_answers: InspectionAnswerTable;
  inspection_findings: InspectionFindingTable;
  rectifications: RectificationTable;
  training_records: TrainingRecordTable;
  secrecy_keyword_lists: SecrecyKeywordListTable;
  secrecy_keywords: SecrecyKeywordTable;
  secrecy_text_sources: SecrecyTextSourceTable;
  secrecy_fingerprints: SecrecyFingerprintTable;
  publication_reviews: PublicationReviewTable;
  publication_review_findings: PublicationReviewFindingTable;
  notifications: NotificationTable;
  mail_outbox: MailOutboxTable;
  supervision_steps: SupervisionStepTable;
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
export type Clearance = Selectable<ClearanceTable>;
export type ClearanceHistory = Selectable<ClearanceHistoryTable>;
export type ClearanceRequest = Selectable<ClearanceRequestTable>;
export type Carrier = Selectable<CarrierTable>;
export type SecrecyAlert = Selectable<SecrecyAlertTable>;
export type CarrierReview = Selectable<CarrierReviewTable>;
export type LetterTemplate = Selectable<LetterTemplateTable>;
export type Letter = Selectable<LetterTable>;
export type InspectionTemplate = Selectable<InspectionTemplateTable>;
export type InspectionCampaign = Selectable<InspectionCampaignTable>;
export type InspectionFinding = Selectable<InspectionFindingTable>;
export type Rectification = Selectable<RectificationTable>;
export type TrainingRecord = Selectable<TrainingRecordTable>;
export type SecrecyKeywordList = Selectable<SecrecyKeywordListTable>;
export type SecrecyKeyword = Selectable<SecrecyKeywordTable>;
export type PublicationReview = Selectable<PublicationReviewTable>;
export type PublicationReviewFinding = Selectable<PublicationReviewFindingTable>;
export type Notification = Selectable<NotificationTable>;
export type MailOutboxMessage = Selectable<MailOutboxTable>;
