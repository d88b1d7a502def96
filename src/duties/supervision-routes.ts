import { z } from 'zod';
import type { Context } from '../context.ts';
import { DOCX_TYPE } from '../documents/official.ts';
import { requireActor } from '../http/auth.ts';
import { exportQuerySchema, sendTable } from '../http/export.ts';
import { idParams, type App } from '../http/types.ts';
import { dateSchema } from '../org/schemas.ts';
import { authorize } from '../security/policy.ts';
import { bulletinDocx, bulletinTable } from './bulletin-paper.ts';
import { bulletin } from './bulletins.ts';
import { supervisionNotice } from './notice.ts';
import { attachment } from './official-papers.ts';
import { runSupervisionOnce } from './scheduler.ts';
import { importTasks, taskImportTemplate } from './task-import.ts';

const tags = ['duties'];
const periodQuery = z.object({ from: dateSchema, to: dateSchema });

const importBody = z.object({
  format: z.enum(['csv', 'xlsx']),
  contentBase64: z.string().min(1, 'The file is empty.').max(14_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Send the file content as base64.'),
  dryRun: z.boolean().default(false),
});

/** Supervision's routes beside the duties routes: the notice paper, the bulletin, importing tasks, running the checks now. */
export function supervisionRoutes(app: App, ctx: Context): void {
  app.get('/api/duties/tasks/:id/notice.docx', { schema: { tags, summary: 'The supervision notice (督办通知单) of a task, as a Word document', params: idParams } }, async (request, reply) => {
    const { docx, code } = await supervisionNotice(ctx, requireActor(request), request.params.id);
    reply.header('content-disposition', attachment(`notice-${code}.docx`, `督办通知单-${code}.docx`));
    return reply.type(DOCX_TYPE).send(docx);
  });

  app.get('/api/duties/bulletin', { schema: { tags, summary: 'The bulletin (通报) of a period: per area and lead unit, assigned, on time, overdue, sent back, closed', querystring: periodQuery } }, async (request) =>
    bulletin(ctx, requireActor(request), request.query),
  );
  app.get('/api/duties/bulletin/export', { schema: { tags, summary: "The bulletin of a period as a spreadsheet (headers and words in the reader's language)", querystring: periodQuery.merge(exportQuerySchema) } }, async (request, reply) => {
    const { format, ...period } = request.query;
    const { columns, rows } = bulletinTable(await bulletin(ctx, requireActor(request), period, 'export'));
    return sendTable(reply, 'duties-bulletin', format, columns, rows);
  });
  app.get('/api/duties/bulletin/docx', { schema: { tags, summary: 'The bulletin of a period as an official document (Word)', querystring: periodQuery } }, async (request, reply) => {
    const b = await bulletin(ctx, requireActor(request), request.query, 'export');
    reply.header('content-disposition', attachment(`bulletin-${b.from}-${b.to}.docx`, `督查督办工作通报-${b.from}至${b.to}.docx`));
    return reply.type(DOCX_TYPE).send(await bulletinDocx(ctx, b));
  });

  app.get('/api/duties/tasks/import/template', { schema: { tags, summary: 'A CSV template of the task import, with Chinese headers' } }, async (request, reply) => {
    requireActor(request);
    reply.header('content-disposition', attachment('tasks-template.csv', '督办事项导入模板.csv'));
    return reply.type('text/csv; charset=utf-8').send(taskImportTemplate());
  });
  app.post(
    '/api/duties/tasks/import',
    { bodyLimit: 20 * 1024 * 1024, schema: { tags, summary: 'Import tasks from CSV or XLSX: all rows or none, each problem with its row (Chinese and English)', body: importBody } },
    async (request, reply) => {
      const { format, contentBase64, dryRun } = request.body;
      const report = await importTasks(ctx, requireActor(request), { format, content: Buffer.from(contentBase64, 'base64') }, dryRun);
      return reply.status(dryRun ? 200 : 201).send(report);
    },
  );

  app.post('/api/duties/supervision/run', { schema: { tags, summary: 'Run the supervision checks now (due soon, overdue, escalation, reports); each step still happens once' } }, async (request) => {
    authorize(requireActor(request), 'duties.supervise');
    return runSupervisionOnce(ctx, new Date(), undefined, { now: true });
  });
}
