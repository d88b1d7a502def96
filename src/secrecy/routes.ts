import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { idParams, type App } from '../http/types.ts';
import {
  addKeywords,
  createKeywordList,
  deleteKeyword,
  deleteKeywordList,
  getKeywordList,
  listKeywordLists,
  listKeywords,
  replaceKeywords,
  updateKeywordList,
} from './review/keywords.ts';
import { presentKeyword, presentKeywordList, presentReview } from './review/presenters.ts';
import { createReview, decideReview, getReview, listReviews, resolveFinding, reviewText } from './review/register.ts';
import {
  decisionInput,
  findingParams,
  keywordListInput,
  keywordListPatch,
  keywordParams,
  resolveInput,
  reviewInput,
  reviewTextInput,
  reviewsQuery,
  termsInput,
} from './review/schemas.ts';

/** Pre-publication review: the scanner, the keyword lists it reads, and the review register. */
export function secrecyReviewRoutes(app: App, ctx: Context): void {
  const tags = ['secrecy review'];

  app.post('/api/secrecy/review', { config: { carriesMarks: ['text'] }, schema: { tags, summary: 'Scan a draft: marks, keywords, personal data, text copied from records above public', body: reviewTextInput } }, async (request) =>
    reviewText(ctx, requireActor(request), request.body.text),
  );

  // Review register
  app.get('/api/secrecy/reviews', { schema: { tags, summary: 'The review register', querystring: reviewsQuery } }, async (request) => {
    const actor = requireActor(request);
    const { outcome, ...params } = request.query;
    const page = await listReviews(ctx, actor, params, { outcome });
    return { ...page, items: await Promise.all(page.items.map((r) => presentReview(ctx.database.db, actor, r))) };
  });
  app.post('/api/secrecy/reviews', { config: { carriesMarks: ['text'] }, schema: { tags, summary: 'Review a draft and register the review with its findings', body: reviewInput } }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(await presentReview(ctx.database.db, actor, await createReview(ctx, actor, request.body)));
  });
  app.get('/api/secrecy/reviews/:id', { schema: { tags, summary: 'One review with its findings', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    return await presentReview(ctx.database.db, actor, await getReview(ctx, actor, request.params.id));
  });
  app.post('/api/secrecy/reviews/:id/findings/:findingId/resolve', { schema: { tags, summary: 'Resolve a finding with a note', params: findingParams, body: resolveInput } }, async (request) => {
    const actor = requireActor(request);
    return await presentReview(ctx.database.db, actor, await resolveFinding(ctx, actor, request.params.id, request.params.findingId, request.body.note));
  });
  app.post('/api/secrecy/reviews/:id/decision', { schema: { tags, summary: 'Decide: publish, do_not_publish or refer_up, with the basis', params: idParams, body: decisionInput } }, async (request) => {
    const actor = requireActor(request);
    return await presentReview(ctx.database.db, actor, await decideReview(ctx, actor, request.params.id, request.body));
  });

  // Keyword lists
  app.get('/api/secrecy/keyword-lists', { schema: { tags, summary: 'Keyword lists', querystring: listQuerySchema } }, async (request) => {
    const page = await listKeywordLists(ctx, requireActor(request), request.query);
    return { ...page, items: page.items.map(presentKeywordList) };
  });
  app.post('/api/secrecy/keyword-lists', { schema: { tags, summary: 'Create a keyword list', body: keywordListInput } }, async (request, reply) =>
    reply.status(201).send(presentKeywordList(await createKeywordList(ctx, requireActor(request), request.body))),
  );
  app.get('/api/secrecy/keyword-lists/:id', { schema: { tags, summary: 'One keyword list', params: idParams } }, async (request) =>
    presentKeywordList(await getKeywordList(ctx, requireActor(request), request.params.id)),
  );
  app.patch('/api/secrecy/keyword-lists/:id', { schema: { tags, summary: 'Rename, describe, switch on or off', params: idParams, body: keywordListPatch } }, async (request) =>
    presentKeywordList(await updateKeywordList(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/secrecy/keyword-lists/:id', { schema: { tags, summary: 'Delete a keyword list and its keywords', params: idParams } }, async (request, reply) => {
    await deleteKeywordList(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.get('/api/secrecy/keyword-lists/:id/keywords', { schema: { tags, summary: 'Keywords of a list', params: idParams, querystring: listQuerySchema } }, async (request) => {
    const page = await listKeywords(ctx, requireActor(request), request.params.id, request.query);
    return { ...page, items: page.items.map(presentKeyword) };
  });
  app.post('/api/secrecy/keyword-lists/:id/keywords', { schema: { tags, summary: 'Add keywords (ones already on the list are skipped)', params: idParams, body: termsInput } }, async (request) => {
    const result = await addKeywords(ctx, requireActor(request), request.params.id, request.body.terms);
    return { list: presentKeywordList(result.list), added: result.added, skipped: result.skipped };
  });
  app.put('/api/secrecy/keyword-lists/:id/keywords', { schema: { tags, summary: 'Replace every keyword of a list', params: idParams, body: termsInput } }, async (request) => {
    const result = await replaceKeywords(ctx, requireActor(request), request.params.id, request.body.terms);
    return { list: presentKeywordList(result.list), added: result.added, skipped: result.skipped };
  });
  app.delete('/api/secrecy/keyword-lists/:id/keywords/:keywordId', { schema: { tags, summary: 'Remove one keyword', params: keywordParams } }, async (request, reply) => {
    await deleteKeyword(ctx, requireActor(request), request.params.id, request.params.keywordId);
    return reply.status(204).send();
  });
}
