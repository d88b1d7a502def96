import { z } from 'zod';
import { dateSchema } from '../org/schemas.ts';
import { LEVELS } from '../security/levels.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const requiredText = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const year = z.coerce.number().int().min(2000, 'A year from 2000 on.').max(2100, 'A year up to 2100.');

/** Classified-post grades (涉密岗位等级) and the highest level each may know. */
export const POST_GRADES = ['core', 'important', 'general', 'none'] as const;
export type PostGrade = (typeof POST_GRADES)[number];

export const clearanceInput = z.object({
  personId: z.string().min(1),
  grade: z.enum(POST_GRADES),
  grantedOn: dateSchema,
  grantedBy: requiredText(200, 'Say who approved the grade (a person or a body).'),
  basis: requiredText(2000, 'Give the basis for the grade (the post and the approval document).'),
});

export const CARRIER_STATES = ['held', 'returned', 'destroyed'] as const;
export type CarrierState = (typeof CARRIER_STATES)[number];

const scopeSchema = z.object({
  people: z.array(z.string().min(1)).max(500).default([]),
  units: z.array(z.string().min(1)).max(500).default([]),
});

export const carrierInput = z.object({
  title: requiredText(300, 'A carrier needs a title.'),
  number: optionalText(100),
  /** The carrier's own level; it must agree with the mark's level when given. */
  level: z.enum(LEVELS).optional(),
  mark: requiredText(120, 'A carrier needs its state-secret mark, e.g. 秘密★10年.'),
  issuedOn: dateSchema,
  custodianPersonId: z.string().min(1).nullish(),
  location: optionalText(300),
  copies: z.number().int().min(1).max(100_000).default(1),
  receivedOn: dateSchema.nullish(),
  scope: scopeSchema.optional(),
  scopeApprovedBy: optionalText(200),
});

export const carrierPatch = z.object({
  title: requiredText(300, 'A carrier needs a title.').optional(),
  number: optionalText(100),
  custodianPersonId: z.string().min(1).nullish(),
  location: optionalText(300),
  copies: z.number().int().min(1).max(100_000).optional(),
  receivedOn: dateSchema.nullish(),
});

export const carrierStateInput = z.object({
  state: z.enum(['returned', 'destroyed']),
  on: dateSchema,
  witness: requiredText(200, 'Name the witness to the return or destruction.'),
});

export const scopeInput = scopeSchema.extend({
  approvedBy: requiredText(200, 'Adding people or units to who may know needs an approval: say who approved it.'),
});

export const REVIEW_DECISIONS = ['keep', 'change', 'extend', 'declassify'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviewDecisionInput = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  /** The new mark, for change and extend. */
  mark: optionalText(120),
  note: optionalText(2000),
});

export const letterTemplateInput = z.object({
  year,
  title: requiredText(200, 'A template needs a title.'),
  text: requiredText(50_000, 'A template needs its text.'),
});

export const issueLettersInput = z.object({
  year,
  /** Leaders to receive a letter; when left out, every person linked to an account with the leader role. */
  leaders: z.array(z.string().min(1)).max(1000).optional(),
  /** Heads of units, each first responsible for their unit. */
  unitHeads: z.array(z.object({ personId: z.string().min(1), unitId: z.string().min(1) })).max(1000).default([]),
});

export const signLetterInput = z.object({
  password: z.string().min(1, 'Enter your password to sign.').max(200),
  totp: z.string().trim().max(10).optional(),
});

export const inspectionTemplateInput = z.object({
  name: requiredText(200, 'A checklist needs a name.'),
  items: z
    .array(z.object({ code: z.string().trim().min(1).max(40), text: requiredText(1000, 'A checklist item needs its text.') }))
    .min(1, 'A checklist needs at least one item.')
    .max(500)
    .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'Each checklist item needs its own code.'),
});

export const campaignInput = z.object({
  year,
  title: requiredText(200, 'A campaign needs a title.'),
  templateId: z.string().min(1),
  unitIds: z.array(z.string().min(1)).min(1, 'Name at least one unit to inspect.').max(1000),
});

export const ANSWERS = ['yes', 'no', 'not_applicable'] as const;

export const answersInput = z.object({
  answers: z
    .array(z.object({ itemCode: z.string().min(1).max(40), answer: z.enum(ANSWERS), evidence: optionalText(4000) }))
    .min(1)
    .max(500),
  submit: z.boolean().default(false),
});

export const SEVERITIES = ['low', 'medium', 'high'] as const;

export const findingInput = z.object({
  unitId: z.string().min(1),
  itemCode: optionalText(40),
  description: requiredText(4000, 'Describe the finding.'),
  severity: z.enum(SEVERITIES),
  ownerPersonId: z.string().min(1),
  deadline: dateSchema,
});

export const RECTIFICATION_STATES = ['open', 'in_progress', 'closed'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

export const rectificationPatch = z.object({
  status: z.enum(['in_progress', 'closed']),
  evidence: optionalText(8000),
});

export const trainingInput = z.object({
  personId: z.string().min(1),
  course: requiredText(300, 'Name the course.'),
  date: dateSchema,
  hours: z.number().positive('Hours must be more than zero.').max(1000),
  provider: optionalText(300),
});

export const yearQuery = z.object({ year });

export type ClearanceInput = z.input<typeof clearanceInput>;
export type CarrierInput = z.input<typeof carrierInput>;
export type CarrierPatch = z.input<typeof carrierPatch>;
export type CarrierStateInput = z.input<typeof carrierStateInput>;
export type ScopeInput = z.input<typeof scopeInput>;
export type ReviewDecisionInput = z.input<typeof reviewDecisionInput>;
export type LetterTemplateInput = z.input<typeof letterTemplateInput>;
export type IssueLettersInput = z.input<typeof issueLettersInput>;
export type SignLetterInput = z.input<typeof signLetterInput>;
export type InspectionTemplateInput = z.input<typeof inspectionTemplateInput>;
export type CampaignInput = z.input<typeof campaignInput>;
export type AnswersInput = z.input<typeof answersInput>;
export type FindingInput = z.input<typeof findingInput>;
export type RectificationPatch = z.input<typeof rectificationPatch>;
export type TrainingInput = z.input<typeof trainingInput>;
