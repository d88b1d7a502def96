import type { Context } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { coded, named } from '../http/coded-values.ts';
import { exportQuerySchema, sendTable, type ReaderColumn } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { createArea, deleteArea, getArea, listAreas, updateArea } from './areas.ts';
import { tasksFromSession } from './from-session.ts';
import { deleteHoliday, importHolidayYear, listHolidays, putHoliday } from './holidays.ts';
import {
  acceptTask,
  addInstruction,
  assignTask,
  closeTask,
  completeTask,
  decideCancellation,
  decideExtension,
  readFile,
  remindTask,
  reportProgress,
  requestCancellation,
  requestExtension,
  returnTask,
  setMilestoneDone,
  setSubtaskProgress,
  verifyTask,
} from './lifecycle.ts';
import { presentArea, presentTask, presentTaskDetail } from './presenters.ts';
import {
  areaInput,
  areaPatch,
  asOfQuery,
  assignInput,
  completeInput,
  dayParams,
  decisionInput,
  extensionInput,
  fromSessionInput,
  holidayInput,
  holidayYearInput,
  instructionInput,
  milestoneDoneInput,
  mineQuery,
  noteInput,
  reasonInput,
  reportInput,
  subtaskProgressInput,
  taskInput,
  taskListQuery,
  taskPatch,
  verifyInput,
  yearParams,
  yearQuery,
} from './schemas.ts';
import { conclusionTasks, createTask, deleteTask, getTask, listTasks, myTasks, summary, updateTask } from './tasks.ts';

const tags = ['duties'];
const EXPORT_LIMIT = 100_000;

/** Media types an evidence file is served as; anything else is sent as bytes to save, never rendered in the page's origin. */
const SERVED_AS_IS = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

/** Duties under /api/duties (docs/duties-api.md): areas, tasks and each step of their lifecycle, the holiday calendar. */
export function dutiesRoutes(app: App, ctx: Context): void {
  // Responsibility areas
  app.get('/api/duties/areas', { schema: { tags, summary: 'Responsibility areas (责任制) with their leaders, lead units and task counts' } }, async (request) => ({
    items: (await listAreas(ctx, requireActor(request))).map(presentArea),
  }));
  app.post('/api/duties/areas', { schema: { tags, summary: 'Add a responsibility area', body: areaInput } }, async (request, reply) =>
    reply.status(201).send(presentArea(await createArea(ctx, requireActor(request), request.body))),
  );
  app.get('/api/duties/areas/:id', { schema: { tags, summary: 'One responsibility area', params: idParams } }, async (request) => presentArea(await getArea(ctx, requireActor(request), request.params.id)));
  app.patch('/api/duties/areas/:id', { schema: { tags, summary: 'Change a responsibility area (leaders and units replace the lists)', params: idParams, body: areaPatch } }, async (request) =>
    presentArea(await updateArea(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/duties/areas/:id', { schema: { tags, summary: 'Delete a responsibility area with no tasks filed under it', params: idParams } }, async (request, reply) => {
    await deleteArea(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  // Tasks
  app.get('/api/duties/tasks', { schema: { tags, summary: 'Tasks, filtered by area, unit, leader, state, light, source and deadline', querystring: taskListQuery } }, async (request) => {
    const page = await listTasks(ctx, requireActor(request), request.query);
    return { ...page, items: page.items.map(presentTask) };
  });
  app.get('/api/duties/tasks/export', { schema: { tags, summary: "The filtered task list as XLSX/CSV (headers and words in the reader's language)", querystring: taskListQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { format, lang: _lang, ...query } = request.query;
    const page = await listTasks(ctx, requireActor(request), { ...query, page: 1, pageSize: EXPORT_LIMIT }, 'export');
    const rows = page.items.map(presentTask);
    const ref = (r: { name: string | null; nameEn: string | null; hidden: boolean } | null, type: 'unit' | 'person') => (r === null ? null : r.hidden ? coded('hiddenName', type) : named(r.name, r.nameEn));
    const columns: ReaderColumn<(typeof rows)[number]>[] = [
      { header: { zh: '编号', en: 'Code' }, value: (t) => t.code, width: 16 },
      { header: { zh: '督办事项', en: 'Task' }, value: (t) => t.title, width: 40 },
      { header: { zh: '来源', en: 'Source' }, value: (t) => coded('taskSource', t.source.kind) },
      { header: { zh: '责任制', en: 'Responsibility area' }, value: (t) => (t.area ? named(t.area.name, t.area.nameEn) : null), width: 24 },
      { header: { zh: '牵头领导', en: 'Lead leader' }, value: (t) => ref(t.leadLeader, 'person') },
      { header: { zh: '牵头单位', en: 'Lead unit' }, value: (t) => ref(t.leadUnit, 'unit'), width: 24 },
      { header: { zh: '责任人', en: 'Responsible person' }, value: (t) => ref(t.responsiblePerson, 'person') },
      {
        header: { zh: '配合单位', en: 'Cooperating units' },
        value: (t) => {
          const names = t.cooperatingUnits.map((u) => ref(u, 'unit'));
          return { zh: names.map((n) => n?.zh).join('、'), en: names.map((n) => n?.en).join('; ') };
        },
        width: 30,
      },
      { header: { zh: '办理时限', en: 'Deadline' }, value: (t) => t.deadline },
      { header: { zh: '反馈频次', en: 'Reports' }, value: (t) => coded('reportFrequency', t.reportFrequency) },
      { header: { zh: '状态', en: 'State' }, value: (t) => coded('taskState', t.state) },
      { header: { zh: '红绿灯', en: 'Light' }, value: (t) => coded('light', t.light) },
      { header: { zh: '进度（%）', en: 'Progress (%)' }, value: (t) => t.progress },
      { header: { zh: '密级', en: 'Level' }, value: (t) => coded('level', t.level) },
    ];
    return sendTable(reply, 'duties-tasks', format, columns, rows);
  });
  app.get('/api/duties/tasks/mine', { schema: { tags, summary: 'My tasks: as responsible person, lead unit or lead leader; waiting for my acceptance, report or verification; overdue', querystring: mineQuery } }, async (request) => ({
    items: (await myTasks(ctx, requireActor(request), request.query.as, request.query.asOf)).map(presentTask),
  }));
  app.get('/api/duties/summary', { schema: { tags, summary: 'What waits for me, and tasks by light', querystring: asOfQuery } }, async (request) => summary(ctx, requireActor(request), request.query.asOf));
  app.post('/api/duties/tasks', { schema: { tags, summary: 'Register a task (立项)', body: taskInput } }, async (request, reply) =>
    reply.status(201).send(presentTaskDetail(await createTask(ctx, requireActor(request), request.body))),
  );
  app.get('/api/duties/tasks/:id', { schema: { tags, summary: 'One task with its milestones, subtasks, timeline, reports and extensions', params: idParams, querystring: asOfQuery } }, async (request) =>
    presentTaskDetail(await getTask(ctx, requireActor(request), request.params.id, request.query.asOf)),
  );
  app.patch('/api/duties/tasks/:id', { schema: { tags, summary: 'Change a task; a new deadline needs a reason and is kept in the history', params: idParams, body: taskPatch } }, async (request) =>
    presentTaskDetail(await updateTask(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete('/api/duties/tasks/:id', { schema: { tags, summary: 'Delete a task never assigned (others are cancelled with approval)', params: idParams } }, async (request, reply) => {
    await deleteTask(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  const detail = async (work: Promise<Parameters<typeof presentTaskDetail>[0]>) => presentTaskDetail(await work);
  app.post('/api/duties/tasks/:id/assign', { schema: { tags, summary: 'Assign (交办) to a lead leader, lead unit and responsible person', params: idParams, body: assignInput } }, async (request) =>
    detail(assignTask(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/duties/tasks/:id/accept', { schema: { tags, summary: 'Accept (签收) for the lead unit', params: idParams, body: noteInput } }, async (request) =>
    detail(acceptTask(ctx, requireActor(request), request.params.id, request.body.note)),
  );
  app.post('/api/duties/tasks/:id/return', { schema: { tags, summary: 'Return the assignment with a reason (退回交办)', params: idParams, body: reasonInput } }, async (request) =>
    detail(returnTask(ctx, requireActor(request), request.params.id, request.body.reason)),
  );
  app.post('/api/duties/tasks/:id/reports', { schema: { tags, summary: 'Report progress (反馈) for a period, with evidence files', params: idParams, body: reportInput } }, async (request, reply) =>
    reply.status(201).send(await detail(reportProgress(ctx, requireActor(request), request.params.id, request.body))),
  );
  app.post('/api/duties/tasks/:id/complete', { schema: { tags, summary: 'Report the task completed (办结报告)', params: idParams, body: completeInput } }, async (request) =>
    detail(completeTask(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/duties/tasks/:id/verify', { schema: { tags, summary: 'Verify (核查): accept the completion, or send it back (退回) with reasons', params: idParams, body: verifyInput } }, async (request) =>
    detail(verifyTask(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post('/api/duties/tasks/:id/close', { schema: { tags, summary: 'Close (销号) a verified task', params: idParams, body: noteInput } }, async (request) =>
    detail(closeTask(ctx, requireActor(request), request.params.id, request.body.note)),
  );
  app.post('/api/duties/tasks/:id/extensions', { schema: { tags, summary: 'Ask for an extension (延期申请) before the deadline', params: idParams, body: extensionInput } }, async (request, reply) =>
    reply.status(201).send(await detail(requestExtension(ctx, requireActor(request), request.params.id, request.body))),
  );
  app.post('/api/duties/extensions/:id/decide', { schema: { tags, summary: 'Approve or refuse an extension request', params: idParams, body: decisionInput } }, async (request) =>
    detail(decideExtension(ctx, requireActor(request), request.params.id, request.body.approve, request.body.note)),
  );
  app.post('/api/duties/tasks/:id/cancellation', { schema: { tags, summary: 'Ask to cancel (撤销) a task', params: idParams, body: reasonInput } }, async (request) =>
    detail(requestCancellation(ctx, requireActor(request), request.params.id, request.body.reason)),
  );
  app.post('/api/duties/tasks/:id/cancellation/decide', { schema: { tags, summary: 'Approve or refuse a cancellation (a leader other than the requester)', params: idParams, body: decisionInput } }, async (request) =>
    detail(decideCancellation(ctx, requireActor(request), request.params.id, request.body.approve, request.body.note)),
  );
  app.post('/api/duties/tasks/:id/reminders', { schema: { tags, summary: 'Remind (催办) the lead unit', params: idParams, body: noteInput } }, async (request, reply) =>
    reply.status(201).send(await detail(remindTask(ctx, requireActor(request), request.params.id, request.body.note))),
  );
  app.post('/api/duties/tasks/:id/instructions', { schema: { tags, summary: "Add a leader's instruction (批示)", params: idParams, body: instructionInput } }, async (request, reply) =>
    reply.status(201).send(await detail(addInstruction(ctx, requireActor(request), request.params.id, request.body))),
  );
  app.post('/api/duties/milestones/:id', { schema: { tags, summary: 'Mark a milestone (节点) done or not', params: idParams, body: milestoneDoneInput } }, async (request) =>
    detail(setMilestoneDone(ctx, requireActor(request), request.params.id, request.body.done)),
  );
  app.post('/api/duties/subtasks/:id', { schema: { tags, summary: "Report a subtask's progress", params: idParams, body: subtaskProgressInput } }, async (request) =>
    detail(setSubtaskProgress(ctx, requireActor(request), request.params.id, request.body.progress)),
  );
  app.get('/api/duties/files/:id', { schema: { tags, summary: 'An evidence file', params: idParams } }, async (request, reply) => {
    const file = await readFile(ctx, requireActor(request), request.params.id);
    const type = SERVED_AS_IS.has(file.mediaType) ? file.mediaType : 'application/octet-stream';
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    return reply.type(type).send(file.bytes);
  });

  // From a session
  app.get('/api/duties/sessions/:id/conclusions', { schema: { tags, summary: "A session's conclusions with the tasks made from them", params: idParams, querystring: asOfQuery } }, async (request) => ({
    items: (await conclusionTasks(ctx, requireActor(request), request.params.id, request.query.asOf)).map(({ conclusion, tasks }) => ({
      conclusionId: conclusion.id,
      kind: conclusion.kind,
      text: conclusion.text,
      level: conclusion.level,
      tasks,
    })),
  }));
  app.post('/api/duties/from-session', { schema: { tags, summary: "Register tasks from a session's requirements or findings in one step", body: fromSessionInput } }, async (request, reply) =>
    reply.status(201).send({ items: (await tasksFromSession(ctx, requireActor(request), request.body)).map(presentTask) }),
  );

  // Holiday calendar
  app.get('/api/duties/holidays', { schema: { tags, summary: 'Public holidays and adjusted working days (调休)', querystring: yearQuery } }, async (request) => ({
    items: await listHolidays(ctx, requireActor(request), request.query.year),
  }));
  app.put('/api/duties/holidays/:year', { schema: { tags, summary: "Import a year's holidays and adjusted working days (replaces that year)", params: yearParams, body: holidayYearInput } }, async (request) => ({
    items: await importHolidayYear(ctx, requireActor(request), request.params.year, request.body.items),
  }));
  app.post('/api/duties/holidays', { schema: { tags, summary: 'Set one calendar day', body: holidayInput } }, async (request, reply) => reply.status(201).send(await putHoliday(ctx, requireActor(request), request.body)));
  app.delete('/api/duties/holidays/:day', { schema: { tags, summary: 'Remove one calendar day (it follows the weekday again)', params: dayParams } }, async (request, reply) => {
    await deleteHoliday(ctx, requireActor(request), request.params.day);
    return reply.status(204).send();
  });
  app.get('/api/duties/settings', { schema: { tags, summary: 'Working days to accept a task, and the yellow-light window' } }, async (request) => {
    requireActor(request);
    return { acceptDays: ctx.settings.dutiesAcceptDays, yellowDays: ctx.settings.dutiesYellowDays };
  });
}

