/** The year-end assessment (考核): shapes of /api/duties/assessment (src/assessment/routes.ts). */
export interface Text2 {
  zh: string;
  en: string;
}

export interface SchemeSummary {
  id: string;
  year: number;
  title: string;
  fullScore: number;
}

export interface Subject {
  type: 'unit' | 'leader';
  id: string | null;
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}

export interface AreaScore {
  area: string;
  weight: number;
  points: number;
  label?: Text2;
}

export interface Ranking {
  scheme: SchemeSummary;
  period: { from: string; to: string };
  subjectType: 'unit' | 'leader';
  areas: { area: string; label: Text2; weight: number }[];
  items: { rank: number; subject: Subject; total: number; indicatorPoints: number; bonus: number; deduction: number; byArea: AreaScore[] }[];
  stats: { count: number; mean: number | null; max: number | null; min: number | null };
  distribution: { from: number; to: number; count: number }[];
  published: { version: number; hash: string; publishedAt: string } | null;
}

export interface ShownRecord {
  type: string;
  id: string | null;
  hidden: boolean;
  title: string | null;
  path: string | null;
  effect: string;
  value: number | null;
  person: { name: string | null; nameEn: string | null; hidden: boolean } | null;
}

export interface ShownIndicator {
  indicatorId: string;
  kind: string;
  area: string;
  areaLabel: Text2;
  name: string;
  shape: 'rate' | 'deduction';
  formula: Text2;
  weight: number;
  params: Record<string, unknown>;
  inputs: Record<string, number>;
  rate: number | null;
  points: number;
  noData: boolean;
  records: ShownRecord[];
}

export interface Breakdown {
  scheme: SchemeSummary;
  period: { from: string; to: string };
  subject: Subject;
  rank: number;
  of: number;
  total: number;
  indicatorPoints: number;
  bonus: number;
  deduction: number;
  byArea: AreaScore[];
  indicators: ShownIndicator[];
  adjustments: { id: string; kind: string; points: number; reason: string; evidence: string; onDay: string; enteredByName: string }[];
}

export interface Publication {
  version: number;
  reason: string | null;
  hash: string;
  prevHash: string;
  publishedByName: string;
  publishedAt: string;
  intact: boolean;
}

/** A dashboard row's label: a known unit, area or group; the one folded row of hidden ones; or none. */
export interface DashboardKey {
  id: string | null;
  name: string | null;
  nameEn: string | null;
  hidden: boolean;
}

export type LightCounts = { green: number; yellow: number; red: number; grey: number; total: number };

export interface SecrecyRow {
  key: DashboardKey;
  letters: number;
  lettersOnTime: number;
  inspections: number;
  inspectionsDone: number;
  rectifications: number;
  rectificationsOnTime: number;
  reviews: number | null;
  reviewsClosed: number | null;
  trainingHours: number;
}

/** GET /api/duties/assessment/dashboard?year= (src/assessment/dashboard.ts). */
export interface Dashboard {
  year: number;
  period: { from: string; to: string };
  lightsOn: string;
  lightsByArea: (LightCounts & { key: DashboardKey })[];
  lightsByUnit: (LightCounts & { key: DashboardKey })[];
  onTimeByMonth: { month: string; from: string; to: string; due: number; onTime: number; rate: number | null }[];
  attendanceByGroup: { key: DashboardKey; sessions: number; present: number; absent: number; onLeave: number; rate: number | null }[];
  secrecy: { letterDue: string; units: SecrecyRow[] } | null;
}

/** GET …/kinds: each indicator kind with its area, shape, words, formula and default settings. */
export interface KindInfo {
  kind: string;
  area: string;
  shape: 'rate' | 'deduction';
  label: Text2;
  formula: Text2;
  params: Record<string, number | string>;
}

export interface Kinds {
  areas: { area: string; label: Text2 }[];
  items: KindInfo[];
}

/** GET …/schemes/:id: a scheme with its indicators and the units and leaders it assesses. */
export interface SchemeDetail extends SchemeSummary {
  indicators: { id: string; area: string; name: string; kind: string; weight: number; params: Record<string, number | string> }[];
  units: { id: string | null; name: string | null; nameEn: string | null; hidden: boolean }[];
  leaders: { id: string | null; name: string | null; nameEn: string | null; hidden: boolean }[];
}
