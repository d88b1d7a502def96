import { z } from 'zod';
import { listQuerySchema } from '../../db/paging.ts';
import { OUTCOMES } from './register.ts';

/** A draft of up to 500,000 characters (a long release with its attachments; within the server's 2 MB body limit as UTF-8). */
export const MAX_DRAFT_LENGTH = 500_000;
const draftText = z.string().min(1, 'Paste the text of the draft.').max(MAX_DRAFT_LENGTH, `A draft may have at most ${MAX_DRAFT_LENGTH} characters.`);
const terms = z.array(z.string().max(200)).max(50_000, 'Send at most 50,000 keywords at once.');

export const reviewTextInput = z.object({ text: draftText });
export const reviewInput = z.object({
  title: z.string().trim().min(1, 'A review needs the title of the draft.').max(300),
  text: draftText,
  draftedBy: z.string().trim().max(200).nullish(),
});
export const resolveInput = z.object({ note: z.string().trim().min(1, 'Say why this finding does not stop publication, or what was changed.').max(2000) });
export const decisionInput = z.object({
  outcome: z.enum(OUTCOMES),
  basis: z.string().trim().min(1, 'Give the basis of the decision.').max(4000),
});
export const reviewsQuery = listQuerySchema.extend({ outcome: z.enum([...OUTCOMES, 'pending']).optional() });

export const keywordListInput = z.object({
  name: z.string().trim().min(1, 'A keyword list needs a name.').max(200),
  description: z.string().trim().max(2000).nullish(),
  active: z.boolean().optional(),
  terms: terms.optional(),
});
export const keywordListPatch = keywordListInput.omit({ terms: true }).partial();
export const termsInput = z.object({ terms });
export const keywordParams = z.object({ id: z.string().min(1).max(100), keywordId: z.string().min(1).max(100) });
export const findingParams = z.object({ id: z.string().min(1).max(100), findingId: z.string().min(1).max(100) });
