import { z } from 'zod';
import { listQuerySchema } from '../db/paging.ts';
import { dateSchema } from '../org/schemas.ts';
import { LEVELS } from '../security/levels.ts';
import { AREA_LEADER_ROLES, HOLIDAY_KINDS, LIGHTS, REPORT_FREQUENCIES, SOURCE_KINDS, TASK_STATES } from './vocabulary.ts';

/** Request shapes of /api/duties (docs/duties-api.md). Services take the input shape, so other callers may leave optional fields out. */
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

export const areaInput = z.object({
  name: text(200),
  nameEn: optionalText(200),
  description: optionalText(4000),
  // An area names leaders and units; it holds no secret, so it stays at internal or below.
  level: z.enum(['public', 'internal']).default('internal'),
  leaders: z.array(z.object({ personId: id, role: z.enum(AREA_LEADER_ROLES) })).max(100).default([]),
  unitIds: z.array(id).max(200).default([]),
});
export const areaPatch = areaInput.partial();
export type AreaInput = z.input<typeof areaInput>;
export type AreaPatch = z.input<typeof areaPatch>;

const milestoneInput = z.object({ title: text(500), dueDate: dateSchema, weight: z.number().int().min(1).max(1000).default(1) });
const subtaskInput = z.object({ unitId: id, title: text(500), weight: z.number().int().min(1).max(1000).default(1), responsiblePersonId: id.nullish() });

export const sourceInput = z.object({
  kind: z.enum(SOURCE_KINDS),
  conclusionId: id.nullish(),
  text: optionalText(20000),
  date: dateSchema.nullish(),
});

export const taskInput = z.object({
  title: text(500),
  content: z.string().trim().max(20000).default(''),
  level: z.enum(LEVELS).default('internal'),
  areaId: id.nullish(),
  source: sourceInput.optional(),
  leadLeaderPersonId: id.nullish(),
  leadUnitId: id.nullish(),
  responsiblePersonId: id.nullish(),
  cooperatingUnitIds: z.array(id).max(100).default([]),
  deadline: dateSchema,
  reportFrequency: z.enum(REPORT_FREQUENCIES).default('monthly'),
  reportDates: z.array(dateSchema).max(366).default([]),
  milestones: z.array(milestoneInput).max(100).default([]),
  subtasks: z.array(subtaskInput).max(100).default([]),
});
export type TaskInput = z.input<typeof taskInput>;

export const taskPatch = taskInput
  .omit({ source: true })
  .partial()
  .extend({ reason: optionalText(2000) });
export type TaskPatch = z.input<typeof taskPatch>;

export const assignInput = z.object({
  leadLeaderPersonId: id.nullish(),
  leadUnitId: id.nullish(),
  responsiblePersonId: id.nullish(),
  deadline: dateSchema.nullish(),
  note: optionalText(2000),
});
export type AssignInput = z.input<typeof assignInput>;

export const noteInput = z.object({ note: optionalText(2000) });
export const reasonInput = z.object({ reason: text(2000) });

/** Evidence travels as base64 in the JSON body; the service checks the decoded size. */
export const fileInput = z.object({
  name: text(255),
  mediaType: z.string().trim().min(3).max(127).regex(/^[\w.+-]+\/[\w.+-]+$/, 'Give a media type such as application/pdf or image/png.'),
  contentBase64: z.string().max(1_500_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Send the file content as base64.'),
});
export type FileInput = z.input<typeof fileInput>;

export const reportInput = z.object({
  percent: z.number().int().min(0).max(100),
  narrative: text(20000),
  period: z.string().trim().regex(/^\d{4}-(W\d{2}|Q[1-4]|\d{2}|\d{2}-\d{2})$/, 'Name the period as 2023-W05, 2023-02, 2023-Q1 or a date.').nullish(),
  files: z.array(fileInput).max(5).default([]),
});
export type ReportInput = z.input<typeof reportInput>;

export const completeInput = z.object({ narrative: text(20000), files: z.array(fileInput).max(5).default([]) });
export type CompleteInput = z.input<typeof completeInput>;

export const verifyInput = z.object({ outcome: z.enum(['accept', 'send_back']), reason: optionalText(2000) });
export type VerifyInput = z.input<typeof verifyInput>;

export const extensionInput = z.object({ newDeadline: dateSchema, reason: text(2000) });
export const decisionInput = z.object({ approve: z.boolean(), note: optionalText(2000) });
export const instructionInput = z.object({ text: text(4000), date: dateSchema, leaderPersonId: id.nullish() });
export type InstructionInput = z.input<typeof instructionInput>;
export const milestoneDoneInput = z.object({ done: z.boolean() });
export const subtaskProgressInput = z.object({ progress: z.number().int().min(0).max(100) });

export const asOfQuery = z.object({ asOf: dateSchema.optional() });

export const taskListQuery = listQuerySchema.extend({
  /** An area's id, or `none` for tasks filed under no area. */
  areaId: id.optional(),
  unitId: id.optional(),
  /** The lead unit only (unitId also finds tasks the unit cooperates on or has a subtask of). */
  leadUnitId: id.optional(),
  leaderPersonId: id.optional(),
  state: z.enum(TASK_STATES).optional(),
  light: z.enum(LIGHTS).optional(),
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  deadlineFrom: dateSchema.optional(),
  deadlineTo: dateSchema.optional(),
  asOf: dateSchema.optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const MINE = ['responsible', 'unit', 'leader', 'to_accept', 'to_verify', 'to_report', 'overdue'] as const;
export const mineQuery = z.object({ as: z.enum(MINE).default('responsible'), asOf: dateSchema.optional() });

export const fromSessionInput = z.object({
  sessionId: id,
  conclusionIds: z.array(id).min(1).max(50),
  level: z.enum(LEVELS).nullish(),
  areaId: id.nullish(),
  deadline: dateSchema,
  leadLeaderPersonId: id.nullish(),
  leadUnitId: id.nullish(),
  responsiblePersonId: id.nullish(),
  reportFrequency: z.enum(REPORT_FREQUENCIES).default('monthly'),
});
export type FromSessionInput = z.input<typeof fromSessionInput>;

const holiday = z.object({ day: dateSchema, kind: z.enum(HOLIDAY_KINDS), name: text(100) });
export const holidayInput = holiday;
export const holidayYearInput = z.object({ items: z.array(holiday).max(366) });
export const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const dayParams = z.object({ day: dateSchema });
export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
