import { z } from 'zod';
import { LEVELS } from '../security/levels.ts';
import { GROUP_ROLES, UNIT_KINDS } from './vocabulary.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write dates as YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a calendar date.');
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const level = z.enum(LEVELS);

export const unitInput = z.object({
  parentId: z.string().nullish(),
  name: z.string().trim().min(1, 'A unit needs a name.').max(200),
  nameEn: optionalText(200),
  kind: z.enum(UNIT_KINDS),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  level: level.optional(),
});
export const unitPatch = unitInput.partial();

export const personInput = z.object({
  name: z.string().trim().min(1, 'A person needs a name.').max(100),
  nameEn: optionalText(100),
  email: z.email('Not an e-mail address.').nullish().or(z.literal('')).transform((v) => v || null),
  phone: optionalText(40),
  note: optionalText(2000),
  level: level.optional(),
});
export const personPatch = personInput.partial();

export const positionInput = z
  .object({
    personId: z.string().min(1),
    unitId: z.string().min(1),
    title: z.string().trim().min(1, 'A position needs a title.').max(200),
    titleEn: optionalText(200),
    rank: optionalText(100),
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    level: level.optional(),
  });
export const positionPatch = positionInput.partial();

export const groupInput = z.object({
  unitId: z.string().min(1),
  name: z.string().trim().min(1, 'A study group needs a name.').max(200),
  nameEn: optionalText(200),
  description: optionalText(4000),
  level: level.optional(),
});
export const groupPatch = groupInput.partial();

export const memberInput = z.object({
  role: z.enum(GROUP_ROLES),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  joinedOn: isoDate.nullish(),
  leftOn: isoDate.nullish(),
});

export const dateSchema = isoDate;

// Services take the schemas' input shape, so callers other than routes (the demo loader, tests,
// other capabilities) may leave optional fields out; routes pass the parsed, trimmed values.
export type UnitInput = z.input<typeof unitInput>;
export type PersonInput = z.input<typeof personInput>;
export type PositionInput = z.input<typeof positionInput>;
export type GroupInput = z.input<typeof groupInput>;
export type MemberInput = z.input<typeof memberInput>;
