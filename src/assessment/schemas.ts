import { z } from 'zod';
import { ADJUSTMENT_KINDS, AREAS, INDICATOR_KINDS, SUBJECT_TYPES } from './kinds.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give a day as YYYY-MM-DD.');
const points = z.number().finite();

export const indicatorInput = z.object({
  area: z.enum(AREAS).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(INDICATOR_KINDS),
  weight: points,
  params: z.record(z.string(), z.unknown()).optional(),
});

export const schemeInput = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(200),
  fullScore: points,
  indicators: z.array(indicatorInput).max(100),
  unitIds: z.array(z.string().min(1).max(100)).max(5_000).default([]),
  leaderPersonIds: z.array(z.string().min(1).max(100)).max(20_000).default([]),
});
export type SchemeInput = z.infer<typeof schemeInput>;

export const schemePatch = schemeInput.omit({ year: true }).partial();
export type SchemePatch = z.infer<typeof schemePatch>;

export const adjustmentInput = z.object({
  subjectType: z.enum(SUBJECT_TYPES),
  subjectId: z.string().min(1).max(100),
  kind: z.enum(ADJUSTMENT_KINDS),
  points: points,
  reason: z.string().trim().min(1).max(1000),
  evidence: z.string().trim().min(1).max(2000),
  onDay: day,
});
export type AdjustmentInput = z.infer<typeof adjustmentInput>;

export const adjustmentDelete = z.object({ reason: z.string().trim().min(1).max(1000) });

export const scoresQuery = z.object({
  subjectType: z.enum(SUBJECT_TYPES).default('unit'),
  asOf: day.optional(),
});
export const subjectParams = z.object({ id: z.string().min(1).max(100), subjectType: z.enum(SUBJECT_TYPES), subjectId: z.string().min(1).max(100) });
export const compareQuery = z.object({ subjectType: z.enum(SUBJECT_TYPES).default('unit'), a: z.string().min(1).max(100), b: z.string().min(1).max(100), asOf: day.optional() });
export const trendQuery = z.object({ subjectType: z.enum(SUBJECT_TYPES).default('unit'), subjectId: z.string().min(1).max(100) });
export const publishInput = z.object({ reason: z.string().trim().max(1000).optional() });
export const dashboardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), asOf: day.optional() });
