import { z } from 'zod';
import type { Context } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import { authorize } from '../security/policy.ts';
import { loadSessionRecord } from './record.ts';
import { confirmBody, confirmImport, knownPeople } from './release-confirm.ts';
import { draftPeople, importRelease, matchPeople } from './release-importer.ts';
import { writeRelease } from './release-writer.ts';

const importBody = z.object({ text: z.string().min(1, 'Paste the text of the release.').max(200_000) });

const releaseQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh') });

export function releaseRoutes(app: App, ctx: Context): void {
  app.post(
    '/api/study/releases/import',
    { schema: { tags: ['study'], summary: 'Read a news release (zh or en) into a draft session, with source spans and people matches', body: importBody } },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'study.write');
      const draft = importRelease(request.body.text);
      const people = draftPeople(draft);
      const matches = matchPeople(people, await knownPeople(ctx, actor));
      return { draft, people: people.map((p, i) => ({ ...p, match: matches[i]!.match, candidates: matches[i]!.candidates })) };
    },
  );

  app.post(
    '/api/study/import/confirm',
    { schema: { tags: ['study'], summary: 'Create the session described by a (corrected) imported draft', body: confirmBody } },
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
      const { text, omitted, lang } = writeRelease(record, request.query.lang);
      return { lang, text, omitted };
    },
  );
}
