import { TERMS, type Thing } from '../i18n/terms.ts';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { listQuerySchema } from '../db/paging.ts';
import { notFound } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { coded, named } from '../http/coded-values.ts';
import { exportQuerySchema, sendTable, type ReaderColumn } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { dateSchema } from '../org/schemas.ts';
import { createFeed, listFeeds, renderFeed, revokeFeed } from './calendar.ts';
import { groupLedger, personLedger } from './ledgers.ts';
import { addPlanTheme, createPlan, deletePlan, deletePlanTheme, getPlan, listPlans, planThemesForSession, reorderPlanThemes, updatePlan, updatePlanTheme } from './plans.ts';
import { presentFeed, presentPlan, presentRevision, presentSession, presentSessionListItem, presentSessionPlanThemes } from './presenters.ts';
import { loadSessionRecord } from './record.ts';
import {
  attendanceInput,
  conclusionInput,
  conclusionPatch,
  feedInput,
  guidanceInput,
  guidancePatch,
  heldInput,
  materialInput,
  materialPatch,
  minutesInput,
  observerInput,
  observerPatch,
  orderInput,
  planInput,
  planPatch,
  planThemeInput,
  planThemePatch,
  reasonQuery,
  sessionInput,
  sessionPatch,
  speechInput,
  speechPatch,
  themeInput,
  themePatch,
} from './schemas.ts';
import { searchStudy } from './search.ts';
import {
  addPart,
  approveMinutes,
  archiveSession,
  createSession,
  deletePart,
  deleteSession,
  listRevisions,
  listSessions,
  markHeld,
  putMinutes,
  reorderParts,
  setAttendance,
  updatePart,
  updateSession,
  type PartKind,
  type ThemeText,
} from './sessions.ts';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  CONCLUSION_KIND_LABELS,
  CONCLUSION_KINDS,
  HALF_DAY_LABELS,
  HALF_DAYS,
  SESSION_FORM_LABELS,
  SESSION_FORMS,
  SESSION_STATUS_LABELS,
  SESSION_STATUSES,
  SPEECH_KIND_LABELS,
  SPEECH_KINDS,
} from './vocabulary.ts';

const EXPORT_LIMIT = 100_000;
/** A session's themes in each language, one a line (a theme without a text in a language as recorded). */
const themesIn = (themes: readonly ThemeText[]) => ({ zh: themes.map((t) => t.textZh ?? t.text).join('\n'), en: themes.map((t) => t.textEn ?? t.text).join('\n') });
const TAG = 'study';
const labelled = <K extends string>(codes: readonly K[], labels: Record<K, { zh: string; en: string }>) => codes.map((code) => ({ code, ...labels[code] }));
const year = z.coerce.number().int().min(1949).max(2200);
const sessionsQuerySchema = listQuerySchema.extend({
  groupId: z.string().optional(),
  year: year.optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
const plansQuerySchema = listQuerySchema.extend({ groupId: z.string().optional(), year: year.optional() });
const searchQuery = z.object({ q: z.string().trim().min(1, 'Type something to search for.').max(200), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The ordered parts of a session: their addresses and input schemas. */
const PART_ROUTES: { kind: PartKind; path: string; noun: Thing; create: z.ZodType; patch: z.ZodType }[] = [
  { kind: 'themes', path: 'themes', noun: 'session_theme', create: themeInput, patch: themePatch },
  { kind: 'materials', path: 'materials', noun: 'study_material', create: materialInput, patch: materialPatch },
  { kind: 'observers', path: 'observers', noun: 'observer', create: observerInput, patch: observerPatch },
  { kind: 'guidance', path: 'guidance', noun: 'guidance', create: guidanceInput, patch: guidancePatch },
  { kind: 'speeches', path: 'speeches', noun: 'speech', create: speechInput, patch: speechPatch },
  { kind: 'conclusions', path: 'conclusions', noun: 'conclusion', create: conclusionInput, patch: conclusionPatch },
];

export function studyRoutes(app: App, ctx: Context): void {
  app.get('/api/study/meta', { schema: { tags: [TAG], summary: 'Vocabularies of study sessions' } }, async () => ({
    halfDays: labelled(HALF_DAYS, HALF_DAY_LABELS),
    forms: labelled(SESSION_FORMS, SESSION_FORM_LABELS),
    statuses: labelled(SESSION_STATUSES, SESSION_STATUS_LABELS),
    attendance: labelled(ATTENDANCE_STATUSES, ATTENDANCE_LABELS),
    speechKinds: labelled(SPEECH_KINDS, SPEECH_KIND_LABELS),
    conclusionKinds: labelled(CONCLUSION_KINDS, CONCLUSION_KIND_LABELS),
  }));

  // Sessions
  app.get('/api/study/sessions', { schema: { tags: [TAG], summary: 'List study sessions (newest first)', querystring: sessionsQuerySchema } }, async (request) => {
    const { groupId, year: y, status, from, to, ...params } = request.query;
    const page = await listSessions(ctx, requireActor(request), params, { groupId, year: y, status, from, to });
    return { ...page, items: page.items.map(presentSessionListItem) };
  });
  app.get('/api/study/sessions/export', { schema: { tags: [TAG], summary: 'Export study sessions', querystring: sessionsQuerySchema.merge(exportQuerySchema) } }, async (request, reply) => {
    const { groupId, year: y, status, from, to, format, ...params } = request.query;
    const page = await listSessions(ctx, requireActor(request), { ...params, page: 1, pageSize: EXPORT_LIMIT }, { groupId, year: y, status, from, to }, 'export');
    const rows = page.items.map(presentSessionListItem);
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '日期', en: 'Date' }, value: (s) => s.date },
      { header: { zh: '午别', en: 'Half-day' }, value: (s) => coded('halfDay', s.halfDay) },
      { header: { zh: '开始时间', en: 'Start' }, value: (s) => s.startTime },
      { header: { zh: '结束时间', en: 'End' }, value: (s) => s.endTime },
      { header: { zh: '学习组', en: 'Study group' }, value: (s) => ({ zh: s.groupName, en: s.groupNameEn ?? s.groupName }), width: 30 },
      { header: { zh: '形式', en: 'Form' }, value: (s) => coded('sessionForm', s.form) },
      { header: { zh: '主持人', en: 'Host' }, value: (s) => (s.hostName ? { zh: s.hostName, en: s.hostNameEn ?? s.hostName } : null) },
      { header: { zh: '地点', en: 'Place' }, value: (s) => s.place },
      { header: { zh: '学习主题', en: 'Themes' }, value: (s) => themesIn(s.themeTexts), width: 60 },
      { header: { zh: '状态', en: 'Status' }, value: (s) => coded('sessionStatus', s.status) },
      { header: { zh: '密级', en: 'Level' }, value: (s) => coded('level', s.level) },
    ];
    return sendTable(reply, 'study-sessions', format, columns, rows);
  });
  app.get('/api/study/sessions/:id', { schema: { tags: [TAG], summary: 'The whole record of a study session', params: idParams } }, async (request) =>
    presentSession(await loadSessionRecord(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/study/sessions', { schema: { tags: [TAG], summary: 'Create a study session (every current member is put on the attendance list as present)', body: sessionInput } }, async (request, reply) =>
    reply.status(201).send(presentSession(await createSession(ctx, requireActor(request), request.body))),
  );
  app.patch(
    '/api/study/sessions/:id',
    { schema: { tags: [TAG], summary: 'Change a study session (with ?reason= once its minutes are approved)', params: idParams, querystring: reasonQuery, body: sessionPatch } },
    async (request) => presentSession(await updateSession(ctx, requireActor(request), request.params.id, request.body, request.query.reason)),
  );
  app.delete('/api/study/sessions/:id', { schema: { tags: [TAG], summary: 'Delete a study session whose minutes are not approved', params: idParams } }, async (request, reply) => {
    await deleteSession(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.post(
    '/api/study/sessions/:id/held',
    { schema: { tags: [TAG], summary: 'Record that a planned session was held, on its actual date and time of day', params: idParams, body: heldInput } },
    async (request) => presentSession(await markHeld(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.put(
    '/api/study/sessions/:id/attendance',
    { schema: { tags: [TAG], summary: 'Record attendance of members: present, on leave (reason required) or absent', params: idParams, querystring: reasonQuery, body: attendanceInput } },
    async (request) => presentSession(await setAttendance(ctx, requireActor(request), request.params.id, request.body.entries, request.query.reason)),
  );

  for (const part of PART_ROUTES) {
    app.post(
      `/api/study/sessions/:id/${part.path}`,
      { schema: { tags: [TAG], summary: `Add a ${TERMS.thing[part.noun].en} at the end`, params: idParams, querystring: reasonQuery, body: part.create } },
      async (request, reply) =>
        reply.status(201).send(presentSession(await addPart(ctx, requireActor(request), part.kind, request.params.id, request.body as never, request.query.reason))),
    );
    app.put(
      `/api/study/sessions/:id/${part.path}/order`,
      { schema: { tags: [TAG], summary: `Reorder the ${part.path}: every id, once, in the new order`, params: idParams, querystring: reasonQuery, body: orderInput } },
      async (request) => presentSession(await reorderParts(ctx, requireActor(request), part.kind, request.params.id, request.body.ids, request.query.reason)),
    );
    app.patch(
      `/api/study/${part.path}/:id`,
      { schema: { tags: [TAG], summary: `Change a ${TERMS.thing[part.noun].en}`, params: idParams, querystring: reasonQuery, body: part.patch } },
      async (request) => presentSession(await updatePart(ctx, requireActor(request), part.kind, request.params.id, request.body as never, request.query.reason)),
    );
    app.delete(
      `/api/study/${part.path}/:id`,
      { schema: { tags: [TAG], summary: `Delete a ${TERMS.thing[part.noun].en}`, params: idParams, querystring: reasonQuery } },
      async (request) => presentSession(await deletePart(ctx, requireActor(request), part.kind, request.params.id, request.query.reason)),
    );
  }

  app.put(
    '/api/study/sessions/:id/minutes',
    { schema: { tags: [TAG], summary: 'Write or change the minutes (纪要)', params: idParams, querystring: reasonQuery, body: minutesInput } },
    async (request) => presentSession(await putMinutes(ctx, requireActor(request), request.params.id, request.body, request.query.reason)),
  );
  app.post('/api/study/sessions/:id/minutes/approve', { schema: { tags: [TAG], summary: 'Approve the minutes; the record is locked from then on', params: idParams } }, async (request) =>
    presentSession(await approveMinutes(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/study/sessions/:id/archive', { schema: { tags: [TAG], summary: 'Archive a session whose minutes are approved', params: idParams } }, async (request) =>
    presentSession(await archiveSession(ctx, requireActor(request), request.params.id)),
  );
  app.get(
    '/api/study/sessions/:id/plan-themes',
    { schema: { tags: [TAG], summary: 'The plan themes of the session’s group and year its themes may be linked to, with links suggested by text', params: idParams } },
    async (request) => presentSessionPlanThemes(await planThemesForSession(ctx, requireActor(request), request.params.id)),
  );
  app.get('/api/study/sessions/:id/revisions', { schema: { tags: [TAG], summary: 'Changes made after the minutes were approved: who, when, why', params: idParams } }, async (request) => ({
    items: (await listRevisions(ctx, requireActor(request), request.params.id)).map(presentRevision),
  }));

  // Plans
  app.get('/api/study/plans', { schema: { tags: [TAG], summary: 'List annual study plans', querystring: plansQuerySchema } }, async (request) => {
    const { groupId, year: y, ...params } = request.query;
    const page = await listPlans(ctx, requireActor(request), params, { groupId, year: y });
    return { ...page, items: page.items.map((p) => presentPlan(p)) };
  });
  app.get('/api/study/plans/:id', { schema: { tags: [TAG], summary: 'A study plan with its themes and their coverage', params: idParams } }, async (request) =>
    presentPlan(await getPlan(ctx, requireActor(request), request.params.id)),
  );
  app.post('/api/study/plans', { schema: { tags: [TAG], summary: 'Create an annual study plan', body: planInput } }, async (request, reply) =>
    reply.status(201).send(presentPlan(await createPlan(ctx, requireActor(request), request.body))),
  );
  app.patch('/api/study/plans/:id', { schema: { tags: [TAG], summary: 'Change a study plan', params: idParams, body: planPatch } }, async (request) =>
    presentPlan(await updatePlan(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/study/plans/:id', { schema: { tags: [TAG], summary: 'Delete a study plan and its themes', params: idParams } }, async (request, reply) => {
    await deletePlan(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/study/plans/:id/themes', { schema: { tags: [TAG], summary: 'Add a theme to a plan', params: idParams, body: planThemeInput } }, async (request, reply) =>
    reply.status(201).send(presentPlan(await addPlanTheme(ctx, requireActor(request), request.params.id, request.body))),
  );
  app.put('/api/study/plans/:id/themes/order', { schema: { tags: [TAG], summary: 'Reorder the themes of a plan', params: idParams, body: orderInput } }, async (request) =>
    presentPlan(await reorderPlanThemes(ctx, requireActor(request), request.params.id, request.body.ids)),
  );
  app.patch('/api/study/plan-themes/:id', { schema: { tags: [TAG], summary: 'Change a plan theme', params: idParams, body: planThemePatch } }, async (request) =>
    presentPlan(await updatePlanTheme(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/study/plan-themes/:id', { schema: { tags: [TAG], summary: 'Delete a plan theme', params: idParams } }, async (request) =>
    presentPlan(await deletePlanTheme(ctx, requireActor(request), request.params.id)),
  );

  // Search
  const search = async (request: { query: z.infer<typeof searchQuery> } & Parameters<typeof requireActor>[0]) =>
    searchStudy(ctx, requireActor(request), request.query.q, request.query.limit);
  app.get('/api/search', { schema: { tags: [TAG], summary: 'Search sessions, themes, speeches, minutes and conclusions (Chinese and English); snippets mark matches with <mark>', querystring: searchQuery } }, (request) => search(request));
  app.get('/api/study/search', { schema: { tags: [TAG], summary: 'Same as /api/search', querystring: searchQuery } }, (request) => search(request));

  // Ledgers
  const ledgerQuery = z.object({ year: year.optional() });
  const groupLedgerQuery = z.object({ year: year.default(new Date().getFullYear()) });
  app.get('/api/study/ledgers/people/:id', { schema: { tags: [TAG], summary: 'A person’s study ledger: sessions attended, leave, speeches, hours', params: idParams, querystring: ledgerQuery } }, async (request) =>
    personLedger(ctx, requireActor(request), request.params.id, request.query.year),
  );
  app.get(
    '/api/study/ledgers/people/:id/export',
    { schema: { tags: [TAG], summary: 'Export a person’s study ledger', params: idParams, querystring: ledgerQuery.merge(exportQuerySchema) } },
    async (request, reply) => {
      const ledger = await personLedger(ctx, requireActor(request), request.params.id, request.query.year);
      const columns: ReaderColumn<(typeof ledger.sessions)[number]>[] = [
        { header: { zh: '日期', en: 'Date' }, value: (r) => r.date },
        { header: { zh: '午别', en: 'Half-day' }, value: (r) => coded('halfDay', r.halfDay) },
        { header: { zh: '学习组', en: 'Study group' }, value: (r) => named(r.groupName, r.groupNameEn), width: 30 },
        { header: { zh: '学习主题', en: 'Themes' }, value: (r) => themesIn(r.themeTexts), width: 60 },
        { header: { zh: '出席情况', en: 'Attendance' }, value: (r) => coded('attendance', r.attendance) },
        { header: { zh: '请假事由', en: 'Reason for leave' }, value: (r) => r.reason, width: 30 },
        { header: { zh: '学时', en: 'Hours' }, value: (r) => r.hours },
        { header: { zh: '发言', en: 'Speeches' }, value: (r) => r.speeches },
        { header: { zh: '密级', en: 'Level' }, value: (r) => coded('level', r.level) },
      ];
      return sendTable(reply, 'study-ledger-person', request.query.format, columns, ledger.sessions);
    },
  );
  app.get('/api/study/ledgers/groups/:id', { schema: { tags: [TAG], summary: 'A study group’s ledger (学习台账) for a year, with plan coverage', params: idParams, querystring: groupLedgerQuery } }, async (request) =>
    groupLedger(ctx, requireActor(request), request.params.id, request.query.year),
  );
  app.get(
    '/api/study/ledgers/groups/:id/export',
    { schema: { tags: [TAG], summary: 'Export a study group’s ledger for a year', params: idParams, querystring: groupLedgerQuery.merge(exportQuerySchema) } },
    async (request, reply) => {
      const ledger = await groupLedger(ctx, requireActor(request), request.params.id, request.query.year);
      const columns: ReaderColumn<(typeof ledger.sessions)[number]>[] = [
        { header: { zh: '日期', en: 'Date' }, value: (r) => r.date },
        { header: { zh: '午别', en: 'Half-day' }, value: (r) => coded('halfDay', r.halfDay) },
        { header: { zh: '形式', en: 'Form' }, value: (r) => coded('sessionForm', r.form) },
        { header: { zh: '主持人', en: 'Host' }, value: (r) => named(r.host, r.hostEn) },
        { header: { zh: '学习主题', en: 'Themes' }, value: (r) => themesIn(r.themeTexts), width: 60 },
        { header: { zh: '出席', en: 'Present' }, value: (r) => r.present },
        { header: { zh: '请假', en: 'On leave' }, value: (r) => r.onLeave },
        { header: { zh: '缺席', en: 'Absent' }, value: (r) => r.absent },
        { header: { zh: '发言', en: 'Speeches' }, value: (r) => r.speeches },
        { header: { zh: '会议结论', en: 'Conclusions' }, value: (r) => r.conclusions },
        { header: { zh: '学时', en: 'Hours' }, value: (r) => r.hours },
        { header: { zh: '状态', en: 'Status' }, value: (r) => coded('sessionStatus', r.status) },
        { header: { zh: '密级', en: 'Level' }, value: (r) => coded('level', r.level) },
      ];
      return sendTable(reply, 'study-ledger', request.query.format, columns, ledger.sessions);
    },
  );
  app.get(
    '/api/study/ledgers/groups/:id/coverage/export',
    { schema: { tags: [TAG], summary: 'Export the plan coverage of a study group for a year', params: idParams, querystring: groupLedgerQuery.merge(exportQuerySchema) } },
    async (request, reply) => {
      const ledger = await groupLedger(ctx, requireActor(request), request.params.id, request.query.year);
      const columns: ReaderColumn<(typeof ledger.coverage)[number]>[] = [
        { header: { zh: '学习计划', en: 'Study plan' }, value: (r) => r.planTitle, width: 30 },
        { header: { zh: '计划专题', en: 'Plan theme' }, value: (r) => r.title, width: 60 },
        { header: { zh: '计划月份', en: 'Planned month' }, value: (r) => r.plannedMonth },
        { header: { zh: '要求次数', en: 'Sessions required' }, value: (r) => r.requiredSessions },
        { header: { zh: '已开展次数', en: 'Sessions held' }, value: (r) => r.sessionsHeld },
        { header: { zh: '是否已学习', en: 'Studied' }, value: (r) => coded('yesNo', r.studied ? 'yes' : 'no') },
        { header: { zh: '密级', en: 'Level' }, value: (r) => coded('level', r.level) },
      ];
      return sendTable(reply, 'study-plan-coverage', request.query.format, columns, ledger.coverage);
    },
  );

  // Calendar feeds
  app.get('/api/study/calendar/feeds', { schema: { tags: [TAG], summary: 'Own calendar feeds' } }, async (request) => ({
    items: (await listFeeds(ctx, requireActor(request))).map(presentFeed),
  }));
  app.post(
    '/api/study/calendar/feeds',
    { schema: { tags: [TAG], summary: 'Make a secret calendar address for a group or a person; the address is shown once', body: feedInput } },
    async (request, reply) => {
      const { feed, token, path } = await createFeed(ctx, requireActor(request), request.body);
      return reply.status(201).send({ ...presentFeed(feed), token, path });
    },
  );
  app.delete('/api/study/calendar/feeds/:id', { schema: { tags: [TAG], summary: 'Revoke a calendar feed', params: idParams } }, async (request, reply) => {
    await revokeFeed(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
  app.get(
    '/api/study/calendar/:file',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags: [TAG], summary: 'The iCalendar feed behind a secret address (no sign-in; the address is the key)', params: z.object({ file: z.string().min(1).max(200) }) },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      if (token === request.params.file) throw notFound('calendar_feed', 'given');
      const body = await renderFeed(ctx, token);
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(body);
    },
  );
}
