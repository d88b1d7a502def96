import type { Generated, Selectable } from 'kysely';
import type { Level } from '../security/levels.ts';

/** The assessment tables (migration 0018_assessment); timestamps ISO text, days YYYY-MM-DD. */
type Timestamp = string;

export interface AssessmentSchemeTable {
  id: string;
  year: number;
  title: string;
  full_score: number;
  level: Level;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssessmentIndicatorTable {
  id: string;
  scheme_id: string;
  area: string;
  name: string;
  kind: string;
  weight: number;
  params: string;
  sort_order: Generated<number>;
}

export interface AssessmentSubjectTable {
  scheme_id: string;
  subject_type: string;
  subject_id: string;
}

export interface AssessmentAdjustmentTable {
  id: string;
  scheme_id: string;
  subject_type: string;
  subject_id: string;
  kind: string;
  points: number;
  reason: string;
  evidence: string;
  on_day: string;
  entered_by: string | null;
  entered_by_name: string;
  level: Level;
  created_at: Timestamp;
}

export interface AssessmentPublicationTable {
  id: string;
  scheme_id: string;
  year: number;
  version: number;
  reason: string | null;
  result: string;
  prev_hash: string;
  hash: string;
  published_by: string | null;
  published_by_name: string;
  published_at: Timestamp;
  level: Level;
}

export interface AssessmentTables {
  assessment_schemes: AssessmentSchemeTable;
  assessment_indicators: AssessmentIndicatorTable;
  assessment_subjects: AssessmentSubjectTable;
  assessment_adjustments: AssessmentAdjustmentTable;
  assessment_publications: AssessmentPublicationTable;
}

export type AssessmentScheme = Selectable<AssessmentSchemeTable>;
export type AssessmentIndicator = Selectable<AssessmentIndicatorTable>;
export type AssessmentAdjustment = Selectable<AssessmentAdjustmentTable>;
export type AssessmentPublication = Selectable<AssessmentPublicationTable>;
