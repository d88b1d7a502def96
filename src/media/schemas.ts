import { z } from 'zod';
import { listQuerySchema } from '../db/paging.ts';
import { RELEASE_LANGUAGES, RELEASE_STATES } from '../db/media-tables.ts';

/** Request shapes of /api/media (news releases). */
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);
/** The address name of a public page: lower-case letters, digits and hyphens. */
const slugText = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)?$/);
const slug = slugText.nullish().transform((v) => v || null);
/** In a change: absent leaves it, null or empty takes it away. */
const slugChange = slugText
  .nullable()
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

export const MAX_RELEASE_BODY = 50_000;

export const releaseInput = z.object({
  title: text(300),
  body: text(MAX_RELEASE_BODY),
  language: z.enum(RELEASE_LANGUAGES).default('zh-CN'),
  /** A release meant for the public is drafted at internal until it is cleared, or at public. */
  level: z.enum(['public', 'internal']).default('public'),
  sessionId: id.nullish(),
  source: z.enum(['import', 'manual']).default('manual'),
  slug,
});
export type ReleaseInput = z.input<typeof releaseInput>;

export const releasePatch = z.object({
  title: text(300).optional(),
  body: text(MAX_RELEASE_BODY).optional(),
  level: z.enum(['public', 'internal']).optional(),
  slug: slugChange,
});
export type ReleasePatch = z.input<typeof releasePatch>;

export const fromSessionInput = z.object({ sessionId: id, language: z.enum(RELEASE_LANGUAGES).default('zh-CN'), slug });

export const publishInput = z.object({
  /** A time to come (ISO 8601): publish then; absent: publish now. */
  at: z.iso.datetime({ offset: true }).nullish(),
});

export const retractInput = z.object({ reason: text(2000) });
export const versionInput = z.object({ title: text(300), body: text(MAX_RELEASE_BODY), note: text(2000) });

export const releasesQuery = listQuerySchema.extend({ state: z.enum(RELEASE_STATES).optional() });
