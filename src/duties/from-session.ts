import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { unprocessable } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { highestOf, atMost } from '../security/levels.ts';
import { assertMayClassify, authorize, canRead } from '../security/policy.ts';
import { sessionsQuery } from '../study/access.ts';
import { fromSessionInput, taskInput, type FromSessionInput } from './schemas.ts';
import { insertTask, today } from './tasks.ts';
import { viewTasks, type TaskView } from './views.ts';
import { notFound } from '../errors.ts';

/**
 * Tasks from a session in one step: each chosen requirement or finding becomes a registered task,
 * pre-filled from its text, linked to it, at least at its level; all or none.
 */
const TITLE_CHARS = 80;

/** A title from the conclusion: its text without the release's lead-in, cut at a sentence or clause end. */
export function titleFrom(text: string): string {
  const body = text.replace(/^(The meeting (emphasized|pointed out) that|会议(强调|指出)[，,：:]?)\s*/i, '').trim();
  const first = body.split(/(?<=[。；;.!?！？])\s*/)[0] ?? body;
  const cut = first.length <= TITLE_CHARS ? first : `${first.slice(0, TITLE_CHARS - 1)}…`;
  return cut.charAt(0).toUpperCase() + cut.slice(1);
}

export async function tasksFromSession(ctx: Context, actor: Actor, raw: FromSessionInput): Promise<TaskView[]> {
  authorize(actor, 'duties.supervise');
  const input = fromSessionInput.parse(raw);
  const db = ctx.database.db;
  const session = await sessionsQuery(db, actor).select(['study_sessions.id', 'study_sessions.date']).where('study_sessions.id', '=', input.sessionId).executeTakeFirst();
  if (!session) throw notFound('study_session', input.sessionId);
  const ids = await writeAudited(ctx, actor, async (trx) => {
    const conclusions = await trx.selectFrom('conclusions').selectAll().where('session_id', '=', input.sessionId).where('id', 'in', input.conclusionIds).execute();
    const missing = input.conclusionIds.filter((id) => !conclusions.some((c) => c.id === id && canRead(actor, c)));
    if (missing.length > 0) throw unprocessable('unknown_conclusion', { missing }, { missing });
    const created: { taskId: string; level: ReturnType<typeof highestOf>; conclusionId: string }[] = [];
    for (const id of [...new Set(input.conclusionIds)]) {
      const conclusion = conclusions.find((c) => c.id === id)!;
      if (input.level && !atMost(conclusion.level, input.level)) {
        throw unprocessable('level_below_source', { level: conclusion.level }, { conclusionId: id });
      }
      const level = highestOf([input.level ?? 'internal', conclusion.level]);
      assertMayClassify(actor, level, ctx.settings.ceiling);
      const task = taskInput.parse({
        title: titleFrom(conclusion.text),
        content: conclusion.text,
        level,
        areaId: input.areaId ?? null,
        source: { kind: conclusion.kind === 'finding' ? 'finding' : 'requirement', conclusionId: id },
        leadLeaderPersonId: input.leadLeaderPersonId ?? null,
        leadUnitId: input.leadUnitId ?? null,
        responsiblePersonId: input.responsiblePersonId ?? null,
        deadline: input.deadline,
        reportFrequency: input.reportFrequency,
      });
      created.push({ taskId: await insertTask(trx, ctx, actor, task), level, conclusionId: id });
    }
    return {
      result: created.map((c) => c.taskId),
      audit: created.map((c) => ({ action: 'duty_task.create', objectType: 'duty_task', objectId: c.taskId, level: c.level, detail: { sessionId: input.sessionId, conclusionId: c.conclusionId } })),
    };
  });
  const rows = await db.selectFrom('duty_tasks').selectAll().where('id', 'in', ids).orderBy('code').execute();
  return viewTasks(ctx, actor, rows, today());
}
