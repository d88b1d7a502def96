import type { Context } from '../context.ts';
import { chineseDate, renderOfficialDocx, type Block } from '../documents/official.ts';
import type { Actor } from '../security/actor.ts';
import { chinaDay } from './lights.ts';
import { FREQUENCY_WORDS, issuingOffice, paperName } from './official-papers.ts';
import { getTask } from './tasks.ts';
import { SOURCE_KIND_LABELS, type ReportFrequency, type SourceKind } from './vocabulary.ts';

/**
 * The supervision notice (督办通知单) of a task: the official paper that goes with an assignment,
 * addressed to the lead unit, with the matter, its source, who answers for it, the deadline, the
 * milestones and what to report. It is read through the same path as the task page (level,
 * need-to-know, audited), shows names only where the reader may know them, and carries the task's
 * level as its mark.
 */
export async function supervisionNotice(ctx: Context, actor: Actor, taskId: string): Promise<{ docx: Buffer; code: string }> {
  const view = await getTask(ctx, actor, taskId);
  const { task, nameOf } = view;
  const leadUnit = task.lead_unit_id ? nameOf('unit', task.lead_unit_id) : null;
  const source = SOURCE_KIND_LABELS[task.source_kind as SourceKind]?.zh ?? task.source_kind;
  const sourceLine = [source, task.source_text, task.source_date ? chineseDate(task.source_date) : null].filter(Boolean).join('，');
  const dates = task.report_dates ? (JSON.parse(task.report_dates) as string[]) : [];
  const reporting = FREQUENCY_WORDS[task.report_frequency as ReportFrequency] ?? task.report_frequency;
  const form: [string, string][] = [
    ['督办编号', task.code],
    ['督办事项', task.title],
    ['督办内容', task.content],
    ['事项来源', sourceLine],
    ['牵头领导', paperName(task.lead_leader_person_id ? nameOf('person', task.lead_leader_person_id) : null)],
    ['牵头单位', paperName(leadUnit)],
    ['责任人', paperName(task.responsible_person_id ? nameOf('person', task.responsible_person_id) : null)],
    ['配合单位', view.cooperating.length > 0 ? view.cooperating.map((id) => paperName(nameOf('unit', id))).join('、') : '—'],
    ['办理时限', chineseDate(task.deadline)],
    ['报送要求', dates.length > 0 ? `${reporting}（${dates.map(chineseDate).join('、')}）` : reporting],
  ];
  if (view.milestones.length > 0) form.push(['办理节点', view.milestones.map((m) => `${m.title}（${chineseDate(m.due_date)}前，权重${m.weight}）`).join('\n')]);
  if (view.subtasks.length > 0) form.push(['任务分解', view.subtasks.map((s) => `${paperName(nameOf('unit', s.unit_id))}：${s.title}（权重${s.weight}）`).join('\n')]);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `现将“${task.title}”交你单位牵头办理。请于${ctx.settings.dutiesAcceptDays}个工作日内签收，按要求报送办理进展，` +
        `于${chineseDate(task.deadline)}前办结并报送办结报告；确需延期的，应在期限届满前提出申请。逾期未办结的，将按规定通报。`,
    },
    { kind: 'form', rows: form },
  ];
  const docx = await renderOfficialDocx({
    level: task.level,
    issuer: await issuingOffice(ctx.database.db),
    number: `编号：${task.code}`,
    title: '督办通知单',
    addressee: leadUnit && !leadUnit.hidden ? leadUnit.name : null,
    blocks,
    date: task.assigned_at ? chinaDay(task.assigned_at) : chinaDay(new Date()),
  });
  return { docx, code: task.code };
}
