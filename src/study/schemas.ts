import { z } from 'zod';
import { dateSchema } from '../org/schemas.ts';
import { LEVELS } from '../security/levels.ts';
import { ATTENDANCE_STATUSES, CONCLUSION_KINDS, HALF_DAYS, SESSION_FORMS, SPEECH_KINDS } from './vocabulary.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const level = z.enum(LEVELS);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write times as HH:MM (24-hour).');
const id = z.string().min(1).max(100);
/** A link readers open: web addresses only; javascript: and data: addresses would run in the reader's page. */
const webLink = z.url({ protocol: /^https?$/, error: 'Give a web address starting with http:// or https://.' });

export const planInput = z.object({
  groupId: id,
  year: z.number().int().min(1949).max(2200),
  title: z.string().trim().min(1, 'A study plan needs a title.').max(300),
  level: level.optional(),
});
export const planPatch = planInput.omit({ groupId: true }).partial();

export const planThemeInput = z.object({
  title: z.string().trim().min(1, 'A plan theme needs a title.').max(1000),
  plannedMonth: z.number().int().min(1).max(12).nullish(),
  requiredSessions: z.number().int().min(0).max(100).optional(),
  hoursPerMember: z.number().min(0).max(1000).nullish(),
  level: level.optional(),
});
export const planThemePatch = planThemeInput.partial();

/** The text in the other language(s), for a record kept in Chinese and English (a release is written in one). */
const textZh = optionalText(20_000).optional();
const textEn = optionalText(20_000).optional();

export const themeInput = z.object({
  text: z.string().trim().min(1, 'A study theme needs its text.').max(4000),
  textZh,
  textEn,
  planThemeId: id.nullish(),
  level: level.optional(),
});
export const themePatch = themeInput.partial();

const sessionFields = z.object({
  groupId: id,
  date: dateSchema,
  halfDay: z.enum(HALF_DAYS).nullish(),
  startTime: time.nullish(),
  endTime: time.nullish(),
  place: optionalText(300),
  form: z.enum(SESSION_FORMS).default('concentrated_study'),
  hostPersonId: id.nullish(),
  status: z.enum(['planned', 'held']).optional(),
  organizingBody: optionalText(300),
  level: level.optional(),
});
const timesInOrder = (s: { startTime?: string | null | undefined; endTime?: string | null | undefined }) =>
  !s.startTime || !s.endTime || s.startTime < s.endTime;
export const sessionInput = sessionFields
  .extend({ themes: z.array(themeInput).max(50).optional() })
  .refine((s) => Boolean(s.halfDay) || Boolean(s.startTime && s.endTime), {
    message: 'Give the half-day (morning, afternoon, evening) or both the start and end times.',
    path: ['halfDay'],
  })
  .refine(timesInOrder, { message: 'The session must end after it starts.', path: ['endTime'] });
/** Recording that a planned session took place: its actual date, and when in the day. */
export const heldInput = z
  .object({ date: dateSchema, halfDay: z.enum(HALF_DAYS).nullish(), startTime: time.nullish(), endTime: time.nullish() })
  .refine(timesInOrder, { message: 'The session must end after it starts.', path: ['endTime'] });
export const sessionPatch = sessionFields.omit({ groupId: true }).partial().refine(timesInOrder, { message: 'The session must end after it starts.', path: ['endTime'] });

export const materialInput = z
  .object({
    title: z.string().trim().min(1, 'A study material needs a title.').max(500),
    link: webLink.nullish(),
    body: optionalText(200_000),
    level: level.optional(),
  })
  .refine((m) => Boolean(m.link) || Boolean(m.body), { message: 'Give a link or the text of the material.', path: ['link'] });
export const materialPatch = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  link: webLink.nullish(),
  body: optionalText(200_000),
  level: level.optional(),
});

export const attendanceEntry = z
  .object({
    personId: id,
    status: z.enum(ATTENDANCE_STATUSES),
    reason: optionalText(1000),
    approvedBy: optionalText(200),
    level: level.optional(),
  })
  .refine((a) => a.status !== 'on_leave' || Boolean(a.reason), {
    message: 'Leave needs a reason: write why this member is away.',
    path: ['reason'],
  });
export const attendanceInput = z.object({ entries: z.array(attendanceEntry).min(1).max(500) });

export const observerInput = z.object({
  name: z.string().trim().min(1, 'An observer needs a name.').max(200),
  title: optionalText(300),
  level: level.optional(),
});
export const observerPatch = observerInput.partial();

export const guidanceInput = z.object({
  body: z.string().trim().min(1, 'Name the body that gave guidance.').max(300),
  text: optionalText(20_000),
  level: level.optional(),
});
export const guidancePatch = guidanceInput.partial();

export const speechInput = z.object({
  speakerPersonId: id.nullish(),
  /** A group that spoke in turn ("市委常委"), for a speech without a single speaker. */
  collective: optionalText(200),
  title: z.string().trim().min(1, 'A speech needs a title.').max(500),
  text: z.string().max(200_000).default(''),
  kind: z.enum(SPEECH_KINDS),
  level: level.optional(),
});
export const speechPatch = z.object({
  speakerPersonId: id.nullish(),
  collective: z.string().trim().max(200).nullish(),
  title: z.string().trim().min(1).max(500).optional(),
  text: z.string().max(200_000).optional(),
  kind: z.enum(SPEECH_KINDS).optional(),
  level: level.optional(),
});

export const conclusionInput = z.object({
  kind: z.enum(CONCLUSION_KINDS),
  text: z.string().trim().min(1, 'A conclusion needs its text.').max(20_000),
  textZh,
  textEn,
  level: level.optional(),
});
export const conclusionPatch = conclusionInput.partial();

export const minutesInput = z.object({
  text: z.string().trim().min(1, 'The minutes need their text.').max(500_000),
  level: level.optional(),
});

export const orderInput = z.object({ ids: z.array(id).min(1).max(1000) });

/** On a locked session (approved minutes) a change needs a reason; it is kept as a revision. */
export const reasonQuery = z.object({ reason: z.string().trim().min(1).max(2000).optional() });

export const feedInput = z.object({
  scope: z.enum(['group', 'person']),
  targetId: id,
  name: z.string().trim().min(1).max(200).default('Study sessions'),
  maxLevel: level.default('public'),
});

export type PlanInput = z.infer<typeof planInput>;
export type PlanThemeInput = z.infer<typeof planThemeInput>;
export type ThemeInput = z.infer<typeof themeInput>;
export type SessionInput = z.infer<typeof sessionInput>;
export type SessionPatch = z.infer<typeof sessionPatch>;
export type HeldInput = z.infer<typeof heldInput>;
export type MaterialInput = z.infer<typeof materialPatch>;
export type AttendanceEntry = z.infer<typeof attendanceEntry>;
export type ObserverInput = z.infer<typeof observerInput>;
export type GuidanceInput = z.infer<typeof guidanceInput>;
export type SpeechInput = z.infer<typeof speechPatch>;
export type ConclusionInput = z.infer<typeof conclusionInput>;
export type MinutesInput = z.infer<typeof minutesInput>;
export type FeedInput = z.infer<typeof feedInput>;
