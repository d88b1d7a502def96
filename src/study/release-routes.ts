import { z } from 'zod';
import type { Context } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { readerLanguage } from '../http/coded-values.ts';
import { idParams, type App } from '../http/types.ts';
import { dateSchema } from '../org/schemas.ts';
import { authorize } from '../security/policy.ts';
import { loadSessionRecord } from './record.ts';
import { confirmBody, confirmImport, knownPeople } from './release-confirm.ts';
import { draftPeople, importRelease, MAX_RELEASE_CHARS, matchPeople } from './release-importer.ts';
import { writeRelease } from './release-writer.ts';
import { sessionMinutesDocx, sessionReleaseDocx } from './documents.ts';
import { DOCX_TYPE } from '../documents/official.ts';
import { attachment } from '../duties/official-papers.ts';

const importBody = z.object({
  text: z
    .string()
    .min(1, 'Paste the text of the release.')
    .max(MAX_RELEASE_CHARS, `A news release is at most ${MAX_RELEASE_CHARS} characters; paste one release at a time. 一次粘贴一篇新闻稿（不超过${MAX_RELEASE_CHARS}字）。`),
  /** The date the portal shows beside the release; a day without a year is the latest such day not after it. Default: today. */
  publishedOn: dateSchema.nullish(),
});

const releaseQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh') });
const minutesQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });

const today = () => new Date().toISOString().slice(0, 10);

export function releaseRoutes(app: App, ctx: Context): void {
  app.post(
    '/api/study/releases/import',
    { schema: { tags: ['study'], summary: 'Read a news release (zh or en) into a draft session, with source spans and people matches', body: importBody } },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'study.write');
      const known = await knownPeople(ctx, actor);
      const draft = importRelease(request.body.text, {
        publishedOn: request.body.publishedOn ?? null,
        today: today(),
        knownNames: known.flatMap((k) => [k.name, ...(k.nameEn ? [k.nameEn] : [])]),
      });
      const people = draftPeople(draft);
      const matches = matchPeople(people, known);
      return { draft, people: people.map((p, i) => ({ ...p, match: matches[i]!.match, reason: matches[i]!.reason, candidates: matches[i]!.candidates })) };
    },
  );

  app.post(
    '/api/study/import/confirm',
    { schema: { tags: ['study'], summary: 'Create the session described by a (corrected) imported draft; 409 with the existing session when the group already has one that day', body: confirmBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { record, createdPeople } = await confirmImport(ctx, actor, request.body);
      return reply.status(201).send({ sessionId: record.id, createdPeople });
    },
  );

  app.get(
    '/api/study/sessions/:id/release',
    { schema: { tags: ['study'], summary: 'Write the news release of a session (public content only; what was left out is listed)', params: idParams, querystring: releaseQuery } },
    async (request) => {
      const record = await loadSessionRecord(ctx, requireActor(request), request.params.id);
      const { text, omitted, lang, fallback } = writeRelease(record, request.query.lang);
      return { lang, text, omitted, fallback };
    },
  );

  app.get(
    '/api/study/sessions/:id/release/docx',
    { schema: { tags: ['study'], summary: 'The news release of a session as a Word document (GB/T 9704 layout)', params: idParams, querystring: releaseQuery } },
    async (request, reply) => {
      const { docx, record } = await sessionReleaseDocx(ctx, requireActor(request), request.params.id, request.query.lang);
      reply.header('content-disposition', attachment(`release-${record.date}.docx`, request.query.lang === 'zh' ? `新闻稿-${record.date}.docx` : `release-${record.date}.docx`));
      return reply.type(DOCX_TYPE).send(docx);
    },
  );
  app.get(
    '/api/study/sessions/:id/minutes/docx',
    { schema: { tags: ['study'], summary: "The minutes of a session as a Word document (GB/T 9704 layout; the mark of the highest level it holds) in the reader's language (?lang=, else Accept-Language, else Chinese)", params: idParams, querystring: minutesQuery } },
    async (request, reply) => {
      const lang = readerLanguage(request.query, request.headers['accept-language']);
      const { docx, record } = await sessionMinutesDocx(ctx, requireActor(request), request.params.id, lang);
      reply.header('content-disposition', attachment(`minutes-${record.date}.docx`, lang === 'zh' ? `学习纪要-${record.date}.docx` : `minutes-${record.date}.docx`));
      return reply.type(DOCX_TYPE).send(docx);
    },
  );
}
