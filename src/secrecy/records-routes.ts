import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { requireActor } from '../http/auth.ts';
import { coded } from '../http/coded-values.ts';
import { exportQuerySchema, sendTable, type ReaderColumn } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { authorize } from '../security/policy.ts';
import { LEVELS } from '../security/levels.ts';
import { listAlerts, markAlertRead } from './alerts.ts';
import { createCarrier, getCarrier, listCarriers, setCarrierScope, setCarrierState, updateCarrier } from './carriers.ts';
import { clearanceHistory, decideClearanceRequest, listClearanceRequests, listClearances, requestClearance } from './clearances.ts';
import {
  addFinding,
  createCampaign,
  createInspectionTemplate,
  getCampaign,
  listCampaigns,
  listInspectionTemplates,
  listRectifications,
  saveAnswers,
  updateRectification,
} from './inspections.ts';
import { createLetterTemplate, issueLetters, letterBoard, listLetterTemplates, myLetters, signLetter } from './letters.ts';
import {
  presentAlert,
  presentBoardRow,
  presentCampaign,
  presentCampaignSummary,
  presentCarrier,
  presentClearance,
  presentClearanceDecision,
  presentClearanceHistory,
  presentClearanceRequest,
  presentFinding,
  presentInspectionTemplate,
  presentLetter,
  presentLetterTemplate,
  presentRectification,
  presentReview,
  presentTraining,
  presentTrainingTotal,
} from './records-presenters.ts';
import {
  CARRIER_STATES,
  POST_GRADES,
  RECTIFICATION_STATES,
  answersInput,
  campaignInput,
  carrierInput,
  carrierPatch,
  carrierStateInput,
  clearanceInput,
  findingInput,
  inspectionTemplateInput,
  issueLettersInput,
  letterTemplateInput,
  rectificationPatch,
  reviewDecisionInput,
  scopeInput,
  signLetterInput,
  trainingInput,
  yearQuery,
} from './records-schemas.ts';
import { decideReview, listReviews } from './carrier-reviews.ts';
import { runSecrecyJobsOnce } from './scheduler.ts';
import { addTraining, listTraining, trainingTotals } from './training.ts';

const EXPORT_LIMIT = 100_000;
const tags = ['secrecy'];
const flag = z.enum(['true', 'false']).optional().transform((v) => v === 'true');
const optionalYear = z.coerce.number().int().min(2000).max(2100).optional();

const carriersQuery = listQuerySchema.extend({
  state: z.enum(CARRIER_STATES).optional(),
  level: z.enum(LEVELS).optional(),
  custodianPersonId: z.string().optional(),
  endsBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write dates as YYYY-MM-DD.').optional(),
});
const rectificationsQuery = listQuerySchema.extend({
  status: z.enum(RECTIFICATION_STATES).optional(),
  campaignId: z.string().optional(),
  ownerPersonId: z.string().optional(),
});
const unitParams = z.object({ id: z.string().min(1).max(100), unitId: z.string().min(1).max(100) });

/** Secrecy records under /api/secrecy: grades, carriers register, declassification, letters, inspections, training. */
export function secrecyRecordsRoutes(app: App, ctx: Context): void {
  // Classified-post grades
  app.get('/api/secrecy/clearances', { schema: { tags, summary: 'Classified-post grades, one per person', querystring: listQuerySchema.extend({ grade: z.enum(POST_GRADES).optional() }) } }, async (request) => {
    const { grade, ...params } = request.query;
    const page = await listClearances(ctx, requireActor(request), params, { grade });
    return { ...page, items: page.items.map(presentClearance) };
  });
  app.post('/api/secrecy/clearances', { schema: { tags, summary: "Ask for a person's classified-post grade; it takes effect when a second person, a security administrator, approves it", body: clearanceInput } }, async (request, reply) =>
    reply.status(201).send(presentClearanceRequest(await requestClearance(ctx, requireActor(request), request.body))),
  );
  app.get('/api/secrecy/clearance-requests', { schema: { tags, summary: 'Clearance requests, pending first', querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }) } }, async (request) => ({
    items: (await listClearanceRequests(ctx, requireActor(request), request.query.status)).map(presentClearanceRequest),
  }));
  app.post(
    '/api/secrecy/clearance-requests/:id/decide',
    { schema: { tags, summary: "Approve or reject a clearance request (not one's own); approval sets the linked accounts' clearance, capped at the ceiling", params: idParams, body: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).nullish() }) } },
    async (request) => presentClearanceDecision(await decideClearanceRequest(ctx, requireActor(request), request.params.id, request.body.approve, request.body.note ?? null)),
  );
  app.get('/api/secrecy/clearances/:id/history', { schema: { tags, summary: "A person's grade history, newest first", params: idParams } }, async (request) => ({
    items: (await clearanceHistory(ctx, requireActor(request), request.params.id)).map(presentClearanceHistory),
  }));

  // Carriers register
  app.get('/api/secrecy/carriers', { schema: { tags, summary: 'The register of classified carriers', querystring: carriersQuery } }, async (request) => {
    const { state, level, custodianPersonId, endsBefore, ...params } = request.query;
    const page = await listCarriers(ctx, requireActor(request), params, { state, level, custodianPersonId, endsBefore });
    return { ...page, items: page.items.map(presentCarrier) };
  });
  app.get('/api/secrecy/carriers/export', { schema: { tags, summary: 'Export the carriers register', querystring: carriersQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { state, level, custodianPersonId, endsBefore, format, ...params } = request.query;
    const page = await listCarriers(ctx, requireActor(request), { ...params, page: 1, pageSize: EXPORT_LIMIT }, { state, level, custodianPersonId, endsBefore }, 'export');
    const rows = page.items.map(presentCarrier);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '编号', en: 'Number' }, value: (c) => c.number },
      { header: { zh: '标题', en: 'Title' }, value: (c) => c.title, width: 40 },
      { header: { zh: '密级', en: 'Level' }, value: (c) => coded('level', c.level) },
      { header: { zh: '密级标志', en: 'Mark' }, value: (c) => c.mark },
      { header: { zh: '原密级标志', en: 'Original mark' }, value: (c) => c.originalMark },
      { header: { zh: '制发日期', en: 'Issued' }, value: (c) => c.issuedOn },
      { header: { zh: '保密期限届满', en: 'Period ends' }, value: (c) => c.periodEnd },
      { header: { zh: '解密日期', en: 'Declassified' }, value: (c) => c.declassifiedOn },
      { header: { zh: '保管人', en: 'Custodian' }, value: (c) => (c.custodianHidden ? coded('hiddenName', 'person') : c.custodianName) },
      { header: { zh: '存放地点', en: 'Kept at' }, value: (c) => c.location, width: 30 },
      { header: { zh: '份数', en: 'Copies' }, value: (c) => c.copies },
      { header: { zh: '收到日期', en: 'Received' }, value: (c) => c.receivedOn },
      { header: { zh: '状态', en: 'State' }, value: (c) => coded('carrierState', c.state) },
      { header: { zh: '状态日期', en: 'State date' }, value: (c) => c.stateOn },
      { header: { zh: '见证人', en: 'Witness' }, value: (c) => c.stateWitness },
      {
        header: { zh: '知悉范围', en: 'Who may know' },
        value: (c) => {
          const names = (lang: 'zh' | 'en') => c.scope.map((s) => (s.hidden ? coded('hiddenName', s.type === 'unit' ? 'unit' : 'person')![lang] : s.name)).join(lang === 'zh' ? '、' : '; ');
          return { zh: names('zh'), en: names('en') };
        },
        width: 40,
      },
    ];
    return sendTable(reply, 'carriers', format, columns, rows);
  });
  app.get('/api/secrecy/carriers/:id', { schema: { tags, summary: 'One register entry', params: idParams } }, async (request) =>
    presentCarrier(await getCarrier(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/secrecy/carriers', { config: { carriesMarks: ['mark'] }, schema: { tags, summary: 'Register a classified carrier (its period end is computed from the mark)', body: carrierInput } }, async (request, reply) =>
    reply.status(201).send(presentCarrier(await createCarrier(ctx, requireActor(request), request.body))),
  );
  app.patch('/api/secrecy/carriers/:id', { schema: { tags, summary: 'Change where a carrier is kept, who keeps it, its copies', params: idParams, body: carrierPatch } }, async (request) =>
    presentCarrier(await updateCarrier(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/secrecy/carriers/:id/state', { schema: { tags, summary: 'Record that a held carrier was returned or destroyed, with date and witness', params: idParams, body: carrierStateInput } }, async (request) =>
    presentCarrier(await setCarrierState(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.put('/api/secrecy/carriers/:id/scope', { schema: { tags, summary: 'Set who may know a carrier (people and units), with the approval', params: idParams, body: scopeInput } }, async (request) =>
    presentCarrier(await setCarrierScope(ctx, requireActor(request), request.params.id, request.body)),
  );

  // Declassification: alerts, yearly reviews, running the jobs
  app.get('/api/secrecy/alerts', { schema: { tags, summary: 'My secrecy alerts (all, for a secrecy officer with all=true)', querystring: listQuerySchema.extend({ all: flag, unread: flag }) } }, async (request) => {
    const { all, unread, ...params } = request.query;
    const page = await listAlerts(ctx, requireActor(request), params, { all, unread });
    return { ...page, items: page.items.map(presentAlert) };
  });
  app.post('/api/secrecy/alerts/:id/read', { schema: { tags, summary: 'Mark an alert read', params: idParams } }, async (request, reply) => {
    await markAlertRead(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.get('/api/secrecy/carrier-reviews', { schema: { tags, summary: 'Yearly reviews of classified carriers', querystring: listQuerySchema.extend({ year: optionalYear, status: z.enum(['open', 'decided', 'closed']).optional(), carrierId: z.string().optional() }) } }, async (request) => {
    const { year, status, carrierId, ...params } = request.query;
    const page = await listReviews(ctx, requireActor(request), params, { year, status, carrierId });
    return { ...page, items: page.items.map(presentReview) };
  });
  app.post('/api/secrecy/carrier-reviews/:id/decision', { config: { carriesMarks: ['mark'] }, schema: { tags, summary: 'Decide a review: keep, change, extend (before the end only) or declassify', params: idParams, body: reviewDecisionInput } }, async (request) =>
    presentReview(await decideReview(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/secrecy/jobs/run', { schema: { tags, summary: 'Run the declassification jobs now (alerts, declassification, yearly reviews)' } }, async (request) => {
    authorize(requireActor(request), 'secrecy.manage');
    return runSecrecyJobsOnce(ctx, new Date(), undefined, { now: true });
  });

  // Responsibility letters
  app.get('/api/secrecy/letter-templates', { schema: { tags, summary: 'Responsibility letter templates, newest version first', querystring: z.object({ year: optionalYear }) } }, async (request) => ({
    items: (await listLetterTemplates(ctx, requireActor(request), request.query.year)).map(presentLetterTemplate),
  }));
  app.post('/api/secrecy/letter-templates', { schema: { tags, summary: "A new version of a year's letter template", body: letterTemplateInput } }, async (request, reply) =>
    reply.status(201).send(presentLetterTemplate(await createLetterTemplate(ctx, requireActor(request), request.body))),
  );
  app.post('/api/secrecy/letters/issue', { schema: { tags, summary: "Issue the year's letter to every leader and the named unit heads", body: issueLettersInput } }, async (request) =>
    issueLetters(ctx, requireActor(request), request.body),
  );
  app.get('/api/secrecy/letters/mine', { schema: { tags, summary: 'My responsibility letters with their text' } }, async (request) => ({
    items: (await myLetters(ctx, requireActor(request))).map(presentLetter),
  }));
  app.post('/api/secrecy/letters/:id/sign', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } }, schema: { tags, summary: 'Sign my letter, with my password (and TOTP code when enrolled)', params: idParams, body: signLetterInput } }, async (request) =>
    presentLetter(await signLetter(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get('/api/secrecy/letters/board', { schema: { tags, summary: 'Who has and has not signed the year\'s letter', querystring: yearQuery } }, async (request) => {
    const board = await letterBoard(ctx, requireActor(request), request.query.year);
    return { ...board, items: board.items.map(presentBoardRow) };
  });
  app.get('/api/secrecy/letters/board/export', { schema: { tags, summary: 'Export the letters board', querystring: yearQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const board = await letterBoard(ctx, requireActor(request), request.query.year, 'export');
    const rows = board.items.map(presentBoardRow);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '姓名', en: 'Name' }, value: (r) => r.personName },
      { header: { zh: '身份', en: 'Role' }, value: (r) => coded('letterRole', r.role) },
      { header: { zh: '单位', en: 'Unit' }, value: (r) => (r.unitHidden ? coded('hiddenName', 'unit') : r.unitName), width: 30 },
      { header: { zh: '状态', en: 'Status' }, value: (r) => coded('letterStatus', r.status) },
      { header: { zh: '下发时间', en: 'Issued' }, value: (r) => r.issuedAt, width: 26 },
      { header: { zh: '签署时间', en: 'Signed' }, value: (r) => r.signedAt, width: 26 },
      { header: { zh: '模板版本', en: 'Template version' }, value: (r) => r.templateVersion },
      { header: { zh: '文本摘要', en: 'Text hash' }, value: (r) => r.signedHash, width: 66 },
    ];
    return sendTable(reply, `letters-${board.year}`, request.query.format, columns, rows);
  });

  // Self-inspections
  app.get('/api/secrecy/inspection-templates', { schema: { tags, summary: 'Self-inspection checklists' } }, async (request) => ({
    items: (await listInspectionTemplates(ctx, requireActor(request))).map(presentInspectionTemplate),
  }));
  app.post('/api/secrecy/inspection-templates', { schema: { tags, summary: 'A self-inspection checklist', body: inspectionTemplateInput } }, async (request, reply) =>
    reply.status(201).send(presentInspectionTemplate(await createInspectionTemplate(ctx, requireActor(request), request.body))),
  );
  app.get('/api/secrecy/inspections', { schema: { tags, summary: 'Self-inspection campaigns', querystring: listQuerySchema.extend({ year: optionalYear }) } }, async (request) => {
    const { year, ...params } = request.query;
    const page = await listCampaigns(ctx, requireActor(request), params, { year });
    return { ...page, items: page.items.map(presentCampaignSummary) };
  });
  app.post('/api/secrecy/inspections', { schema: { tags, summary: "A year's self-inspection campaign over a set of units", body: campaignInput } }, async (request, reply) =>
    reply.status(201).send(presentCampaign(await createCampaign(ctx, requireActor(request), request.body))),
  );
  app.get('/api/secrecy/inspections/:id', { schema: { tags, summary: 'A campaign with its checklist, units, answers and findings', params: idParams } }, async (request) =>
    presentCampaign(await getCampaign(ctx, requireActor(request), request.params.id)),
  );
  app.put('/api/secrecy/inspections/:id/units/:unitId/answers', { schema: { tags, summary: "A unit's answers with evidence; submit when complete", params: unitParams, body: answersInput } }, async (request) =>
    presentCampaign(await saveAnswers(ctx, requireActor(request), request.params.id, request.params.unitId, request.body)),
  );
  app.post('/api/secrecy/inspections/:id/findings', { schema: { tags, summary: 'A finding; opens its rectification with owner and deadline', params: idParams, body: findingInput } }, async (request, reply) =>
    reply.status(201).send(presentFinding(await addFinding(ctx, requireActor(request), request.params.id, request.body))),
  );
  app.get('/api/secrecy/rectifications', { schema: { tags, summary: 'Rectification items', querystring: rectificationsQuery } }, async (request) => {
    const { status, campaignId, ownerPersonId, ...params } = request.query;
    const page = await listRectifications(ctx, requireActor(request), params, { status, campaignId, ownerPersonId });
    return { ...page, items: page.items.map(presentRectification) };
  });
  app.get('/api/secrecy/rectifications/export', { schema: { tags, summary: 'Export rectification items', querystring: rectificationsQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { status, campaignId, ownerPersonId, format, ...params } = request.query;
    const page = await listRectifications(ctx, requireActor(request), { ...params, page: 1, pageSize: EXPORT_LIMIT }, { status, campaignId, ownerPersonId }, 'export');
    const rows = page.items.map(presentRectification);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '年度', en: 'Year' }, value: (r) => r.year },
      { header: { zh: '自查', en: 'Self-inspection' }, value: (r) => r.campaignTitle, width: 30 },
      { header: { zh: '单位', en: 'Unit' }, value: (r) => (r.unitHidden ? coded('hiddenName', 'unit') : r.unitName), width: 30 },
      { header: { zh: '问题', en: 'Finding' }, value: (r) => r.description, width: 50 },
      { header: { zh: '严重程度', en: 'Severity' }, value: (r) => coded('severity', r.severity) },
      { header: { zh: '责任人', en: 'Owner' }, value: (r) => (r.ownerHidden ? coded('hiddenName', 'person') : r.ownerName) },
      { header: { zh: '整改期限', en: 'Deadline' }, value: (r) => r.deadline },
      { header: { zh: '状态', en: 'Status' }, value: (r) => coded('rectificationStatus', r.status) },
      { header: { zh: '整改证明', en: 'Evidence' }, value: (r) => r.evidence, width: 50 },
      { header: { zh: '销号时间', en: 'Closed' }, value: (r) => r.closedAt, width: 26 },
    ];
    return sendTable(reply, 'rectifications', format, columns, rows);
  });
  app.patch('/api/secrecy/rectifications/:id', { schema: { tags, summary: 'Start or close a rectification (closing needs evidence)', params: idParams, body: rectificationPatch } }, async (request) =>
    presentRectification(await updateRectification(ctx, requireActor(request), request.params.id, request.body)),
  );

  // Training
  app.get('/api/secrecy/training', { schema: { tags, summary: 'Secrecy training records', querystring: listQuerySchema.extend({ personId: z.string().optional(), year: optionalYear }) } }, async (request) => {
    const { personId, year, ...params } = request.query;
    const page = await listTraining(ctx, requireActor(request), params, { personId, year });
    return { ...page, items: page.items.map(presentTraining) };
  });
  app.post('/api/secrecy/training', { schema: { tags, summary: 'Record a training', body: trainingInput } }, async (request, reply) =>
    reply.status(201).send(presentTraining(await addTraining(ctx, requireActor(request), request.body))),
  );
  app.get('/api/secrecy/training/totals', { schema: { tags, summary: 'Training hours and courses per person for a year', querystring: yearQuery } }, async (request) => ({
    year: request.query.year,
    items: (await trainingTotals(ctx, requireActor(request), request.query.year)).map(presentTrainingTotal),
  }));
}
