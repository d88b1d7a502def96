import { z } from 'zod';
import type { Context } from '../context.ts';
import { DOCX_TYPE } from '../documents/official.ts';
import { requireActor } from '../http/auth.ts';
import { exportQuerySchema, sendTable } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { authorize } from '../security/policy.ts';
import { dashboardOf } from './dashboard.ts';
import { addAdjustment, deleteAdjustment, listAdjustments } from './adjustments.ts';
import { rankingColumns, rankingDocx } from './exports.ts';
import { AREA_LABELS, INDICATOR_KINDS, KINDS } from './kinds.ts';
import { listPublications, publishResult } from './publications.ts';
import { adjustmentDelete, adjustmentInput, compareQuery, dashboardQuery, publishInput, schemeInput, schemePatch, scoresQuery, subjectParams, trendQuery } from './schemas.ts';
import { createScheme, deleteScheme, listSchemes, loadScheme, updateScheme } from './schemes.ts';
import { presentBreakdown, presentRanking, resultFor } from './scores.ts';
import { presentAdjustment, presentScheme, presentSchemeSummary } from './presenters.ts';
import { trendOf } from './trend.ts';

const tags = ['assessment'];
const versionQuery = z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() });
const P = '/api/duties/assessment';

/** The year-end assessment (issue 11) under /api/duties/assessment. */
export function assessmentRoutes(app: App, ctx: Context): void {
  app.get(`${P}/kinds`, { schema: { tags, summary: 'Indicator kinds: area, shape and formula of each' } }, async (request) => {
    authorize(requireActor(request), 'assessment.read');
    return {
      areas: Object.entries(AREA_LABELS).map(([area, label]) => ({ area, label })),
      items: INDICATOR_KINDS.map((kind) => ({ kind, area: KINDS[kind].area, shape: KINDS[kind].shape, label: KINDS[kind].label, formula: KINDS[kind].formula, params: KINDS[kind].params.parse({}) })),
    };
  });

  app.get(`${P}/schemes`, { schema: { tags, summary: 'Assessment schemes, newest year first' } }, async (request) => ({
    items: (await listSchemes(ctx, requireActor(request))).map(presentSchemeSummary),
  }));
  app.post(`${P}/schemes`, { schema: { tags, summary: "A year's scheme: weighted indicators (weights add up to the full score), assessed units and leaders", body: schemeInput } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = await createScheme(ctx, actor, request.body);
    return reply.status(201).send(await presentScheme(ctx, actor, await loadScheme(ctx.database.db, actor, id)));
  });
  app.get(`${P}/schemes/:id`, { schema: { tags, summary: 'One scheme with its indicators and assessed units and leaders', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'assessment.read');
    return presentScheme(ctx, actor, await loadScheme(ctx.database.db, actor, request.params.id));
  });
  app.patch(`${P}/schemes/:id`, { schema: { tags, summary: 'Change a scheme (a published result stays as published)', params: idParams, body: schemePatch } }, async (request) => {
    const actor = requireActor(request);
    await updateScheme(ctx, actor, request.params.id, request.body);
    return presentScheme(ctx, actor, await loadScheme(ctx.database.db, actor, request.params.id));
  });
  app.delete(`${P}/schemes/:id`, { schema: { tags, summary: 'Delete a scheme never published', params: idParams } }, async (request, reply) => {
    await deleteScheme(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  app.get(`${P}/schemes/:id/scores`, { schema: { tags, summary: 'Ranking of units or leaders, with distribution (live, or a published version)', params: idParams, querystring: scoresQuery.merge(versionQuery) } }, async (request) => {
    const actor = requireActor(request);
    const { subjectType, asOf, version } = request.query;
    const { result, published } = await resultFor(ctx, actor, request.params.id, { asOf, version, types: [subjectType] });
    return { ...(await presentRanking(ctx, actor, result, subjectType)), published };
  });
  app.get(`${P}/schemes/:id/scores/export`, { schema: { tags, summary: "The ranking as XLSX/CSV (headers and words in the reader's language)", params: idParams, querystring: scoresQuery.merge(versionQuery).merge(exportQuerySchema) } }, async (request, reply) => {
    const actor = requireActor(request);
    const { subjectType, asOf, version, format } = request.query;
    const { result } = await resultFor(ctx, actor, request.params.id, { asOf, version, types: [subjectType] });
    const ranking = await presentRanking(ctx, actor, result, subjectType);
    return sendTable(reply, `assessment-${result.scheme.year}-${subjectType}`, format, rankingColumns(ranking), ranking.items);
  });
  app.get(`${P}/schemes/:id/scores/docx`, { schema: { tags, summary: 'The ranking as an official document (DOCX, GB/T 9704 layout)', params: idParams, querystring: scoresQuery.merge(versionQuery) } }, async (request, reply) => {
    const actor = requireActor(request);
    const { subjectType, asOf, version } = request.query;
    const { result, published } = await resultFor(ctx, actor, request.params.id, { asOf, version, types: [subjectType] });
    const ranking = await presentRanking(ctx, actor, result, subjectType);
    const body = await rankingDocx(ctx, ranking, subjectType, published);
    reply.header('content-disposition', `attachment; filename="assessment-${result.scheme.year}-${subjectType}.docx"`);
    return reply.type(DOCX_TYPE).send(body);
  });
  app.get(`${P}/schemes/:id/scores/:subjectType/:subjectId`, { schema: { tags, summary: "Why a unit's or leader's score is what it is: each indicator's formula, inputs, weight, result and records", params: subjectParams, querystring: scoresQuery.pick({ asOf: true }).merge(versionQuery) } }, async (request) => {
    const actor = requireActor(request);
    const { id, subjectType, subjectId } = request.params;
    const { result, published } = await resultFor(ctx, actor, id, { asOf: request.query.asOf, version: request.query.version, types: [subjectType] });
    return { ...(await presentBreakdown(ctx, actor, result, subjectType, subjectId)), published };
  });
  app.get(`${P}/schemes/:id/compare`, { schema: { tags, summary: 'Two units (or leaders) side by side, indicator by indicator', params: idParams, querystring: compareQuery.merge(versionQuery) } }, async (request) => {
    const actor = requireActor(request);
    const { subjectType, a, b, asOf, version } = request.query;
    const { result, published } = await resultFor(ctx, actor, request.params.id, { asOf, version, types: [subjectType] });
    return { a: await presentBreakdown(ctx, actor, result, subjectType, a, false), b: await presentBreakdown(ctx, actor, result, subjectType, b, false), published };
  });
  app.get(`${P}/trend`, { schema: { tags, summary: "A unit's or leader's total over the years (the latest published version where there is one)", querystring: trendQuery } }, async (request) => {
    const actor = requireActor(request);
    return trendOf(ctx, actor, request.query.subjectType, request.query.subjectId);
  });

  app.get(`${P}/dashboard`, { schema: { tags, summary: "The year's dashboards: task lights by area and lead unit, on-time rate by month, study attendance by group, secrecy indicators by unit (records the reader may read; units they may not know folded into one row)", querystring: dashboardQuery } }, async (request) =>
    dashboardOf(ctx, requireActor(request), request.query.year, request.query.asOf),
  );

  app.get(`${P}/schemes/:id/adjustments`, { schema: { tags, summary: 'Manual bonus and deduction items of a scheme', params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const rows = await listAdjustments(ctx, actor, request.params.id);
    return { items: await presentAdjustment(ctx, actor, rows) };
  });
  app.post(`${P}/schemes/:id/adjustments`, { schema: { tags, summary: 'A manual bonus (加分) or deduction (扣分) with reason and evidence', params: idParams, body: adjustmentInput } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = await addAdjustment(ctx, actor, request.params.id, request.body);
    const rows = await listAdjustments(ctx, actor, request.params.id);
    return reply.status(201).send((await presentAdjustment(ctx, actor, rows.filter((r) => r.id === id)))[0]);
  });
  app.post(`${P}/adjustments/:id/withdraw`, { schema: { tags, summary: 'Withdraw a manual item, with the reason', params: idParams, body: adjustmentDelete } }, async (request, reply) => {
    await deleteAdjustment(ctx, requireActor(request), request.params.id, request.body.reason);
    return reply.status(204).send();
  });

  app.get(`${P}/schemes/:id/publications`, { schema: { tags, summary: 'Published versions of the result, each with its hash and whether it is intact', params: idParams } }, async (request) => ({
    items: await listPublications(ctx, requireActor(request), request.params.id),
  }));
  app.post(`${P}/schemes/:id/publish`, { schema: { tags, summary: "Publish (freeze and sign) the year's result; a later version needs a reason", params: idParams, body: publishInput } }, async (request, reply) =>
    reply.status(201).send(await publishResult(ctx, requireActor(request), request.params.id, request.body.reason)),
  );
}
