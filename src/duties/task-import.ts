import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import { AppError, badRequest, unprocessable } from '../errors.ts';
import type { Actor } from '../security/actor.ts';
import { LEVEL_LABELS, LEVELS, type Level } from '../security/levels.ts';
import { assertMayClassify, authorize, readableLevels } from '../security/policy.ts';
import { knownIds, type KnowableType } from '../security/reads.ts';
import { taskInput, type TaskInput } from './schemas.ts';
import { insertTask } from './tasks.ts';
import { CONCLUSION_SOURCES, REPORT_FREQUENCIES, SOURCE_KIND_LABELS, SOURCE_KINDS, type ReportFrequency, type SourceKind } from './vocabulary.ts';

/**
 * Importing tasks from CSV or XLSX: every row registers a task, or none does. Each row is checked as
 * a task made by hand would be (the same schema, names resolved among the people, units and areas the
 * importer may know, the level within the ceiling and the importer's clearance), and every problem is
 * reported with its row and column, in Chinese and English. A dry run checks without writing.
 * Tasks from a session's conclusions are made on the session page, not here.
 */
export const IMPORT_COLUMNS = [
  { key: 'title', zh: '标题', required: true },
  { key: 'content', zh: '内容' },
  { key: 'level', zh: '密级' },
  { key: 'area', zh: '责任制' },
  { key: 'source', zh: '来源类型' },
  { key: 'source_text', zh: '来源说明' },
  { key: 'source_date', zh: '来源日期' },
  { key: 'lead_leader', zh: '牵头领导' },
  { key: 'lead_unit', zh: '牵头单位' },
  { key: 'responsible', zh: '责任人' },
  { key: 'cooperating_units', zh: '配合单位' },
  { key: 'deadline', zh: '办理时限', required: true },
  { key: 'report_frequency', zh: '报送频次' },
  { key: 'report_dates', zh: '报送日期' },
] as const;
type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

export interface TaskImportError {
  row: number;
  column: string | null;
  message: string;
  messageZh: string;
}

export interface TaskImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  codes: string[];
  errors: TaskImportError[];
}

const MAX_ROWS = 2000;
const FREQUENCY_WORDS: Record<string, ReportFrequency> = { 一次: 'once', 办结时: 'once', 每周: 'weekly', 每月: 'monthly', 每季度: 'quarterly', 指定日期: 'dates' };
const LIST_SEPARATOR = /[、,，;；\n]+/;

export function taskImportTemplate(): string {
  const header = IMPORT_COLUMNS.map((c) => c.zh).join(',');
  const example = '做好春节期间保密工作,开展节前保密检查，排查涉密载体管理风险,内部,保密工作责任制,年度重点工作,2023年度保密工作要点,2023-01-05,,市委保密办,,市委办公室、市委宣传部,2023-02-28,每月,';
  return `\uFEFF${header}\n${example}\n`;
}

/** Header cells name columns by their Chinese header or their key. */
function columnOf(header: string): ColumnKey | null {
  const h = header.trim().replace(/^\uFEFF/, '').replace(/[*＊]$/, '');
  return IMPORT_COLUMNS.find((c) => c.zh === h || c.key === h.toLowerCase())?.key ?? null;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function readTable(format: 'csv' | 'xlsx', content: Buffer): Promise<string[][]> {
  if (format === 'csv') {
    try {
      return parse(content.toString('utf8'), { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    } catch (error) {
      throw badRequest('csv_invalid', { problem: (error as Error).message });
    }
  }
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw badRequest('xlsx_invalid');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest('workbook_no_sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value).trim());
    if (cells.some((c) => c !== '')) rows.push(cells);
  });
  return rows;
}

class Names {
  private readonly ids = new Map<string, string[]>();
  constructor(rows: readonly { id: string; name: string }[]) {
    for (const r of rows) this.ids.set(r.name.trim(), [...(this.ids.get(r.name.trim()) ?? []), r.id]);
  }
  resolve(name: string, noun: { en: string; zh: string }): { id: string } | { en: string; zh: string } {
    const ids = this.ids.get(name.trim()) ?? [];
    if (ids.length === 1) return { id: ids[0]! };
    if (ids.length === 0) return { en: `No ${noun.en} named "${name}" exists.`, zh: `没有名为“${name}”的${noun.zh}。` };
    return { en: `${ids.length} ${noun.en}s are named "${name}"; give the name of one only.`, zh: `有${ids.length}个名为“${name}”的${noun.zh}，无法确定是哪一个。` };
  }
}

/** Names among the records of a kind the actor may know (level, scope, parents). */
async function knownNames(db: Executor, actor: Actor, type: KnowableType & ('person' | 'unit'), names: readonly string[]): Promise<Names> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return new Names([]);
  const table = type === 'person' ? 'people' : 'units';
  const rows = await db.selectFrom(table).select(['id', 'name']).where('name', 'in', wanted).execute();
  const known = await knownIds(db, actor, type, rows.map((r) => r.id));
  return new Names(rows.filter((r) => known.has(r.id)));
}

function levelOf(text: string): Level | null {
  if (!text) return 'internal';
  const t = text.trim();
  return (LEVELS as readonly string[]).includes(t) ? (t as Level) : (LEVELS.find((l) => LEVEL_LABELS[l].zh === t || LEVEL_LABELS[l].en.toLowerCase() === t.toLowerCase()) ?? null);
}

function sourceOf(text: string): SourceKind | null {
  if (!text) return 'manual';
  const t = text.trim();
  return SOURCE_KINDS.find((k) => k === t || SOURCE_KIND_LABELS[k].zh === t || SOURCE_KIND_LABELS[k].en.toLowerCase() === t.toLowerCase()) ?? null;
}

function frequencyOf(text: string): ReportFrequency | null {
  if (!text) return 'monthly';
  const t = text.trim();
  return (REPORT_FREQUENCIES as readonly string[]).includes(t) ? (t as ReportFrequency) : (FREQUENCY_WORDS[t] ?? null);
}

const FIELD_COLUMN: Record<string, ColumnKey> = { title: 'title', content: 'content', deadline: 'deadline', reportDates: 'report_dates', source: 'source_date', level: 'level' };
const zhColumn = (key: ColumnKey | null) => IMPORT_COLUMNS.find((c) => c.key === key)?.zh ?? null;

class DryRun extends Error {
  readonly report: TaskImportReport;
  constructor(report: TaskImportReport) {
    super('dry run');
    this.report = report;
  }
}

export async function importTasks(ctx: Context, actor: Actor, file: { format: 'csv' | 'xlsx'; content: Buffer }, dryRun: boolean): Promise<TaskImportReport> {
  authorize(actor, 'duties.supervise');
  const table = await readTable(file.format, file.content);
  const [headerRow, ...body] = table;
  if (!headerRow || body.length === 0) throw badRequest('task_import_empty');
  if (body.length > MAX_ROWS) throw badRequest('task_import_too_many', { max: MAX_ROWS, count: body.length });
  const columns = headerRow.map(columnOf);
  const unknown = headerRow.filter((h, i) => h.trim() !== '' && columns[i] === null);
  const missing = IMPORT_COLUMNS.filter((c) => 'required' in c && !columns.includes(c.key));
  if (unknown.length || missing.length) {
    throw badRequest(missing.length && unknown.length ? 'columns_missing_unknown' : missing.length ? 'columns_missing' : 'columns_unknown', { missing: missing.map((c) => c.zh), unknown, columns: IMPORT_COLUMNS.map((c) => c.zh) });
  }
  const records = body.map((cells) => {
    const values = {} as Record<ColumnKey, string>;
    for (const c of IMPORT_COLUMNS) values[c.key] = '';
    columns.forEach((key, i) => {
      if (key) values[key] = cells[i] ?? '';
    });
    return values;
  });

  const work = async (trx: Parameters<Parameters<typeof writeAudited>[2]>[0]) => {
    const people = await knownNames(trx, actor, 'person', records.flatMap((r) => [r.lead_leader, r.responsible]));
    const units = await knownNames(trx, actor, 'unit', records.flatMap((r) => [r.lead_unit, ...r.cooperating_units.split(LIST_SEPARATOR)]));
    const areas = new Names(await trx.selectFrom('duty_areas').select(['id', 'name']).where('level', 'in', readableLevels(actor)).execute());
    const errors: TaskImportError[] = [];
    const created: { id: string; level: Level; title: string }[] = [];
    for (const [i, r] of records.entries()) {
      const row = i + 2;
      const rowErrors: TaskImportError[] = [];
      const fail = (column: ColumnKey | null, en: string, zh: string) => rowErrors.push({ row, column: zhColumn(column), message: en, messageZh: zh });
      const ref = (column: ColumnKey, names: Names, noun: { en: string; zh: string }, value: string): string | null => {
        if (!value.trim()) return null;
        const found = names.resolve(value, noun);
        if ('id' in found) return found.id;
        fail(column, found.en, found.zh);
        return null;
      };
      const level = levelOf(r.level);
      if (!level) fail('level', `Unknown level "${r.level}"; use 公开, 内部, 秘密, 机密 or 绝密.`, `无法识别的密级“${r.level}”，应为公开、内部、秘密、机密或绝密。`);
      else {
        try {
          assertMayClassify(actor, level, ctx.settings.ceiling);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          fail('level', error.message, `密级“${LEVEL_LABELS[level].zh}”超出本系统或您的定密权限。`);
        }
      }
      const source = sourceOf(r.source);
      if (!source) fail('source', `Unknown source "${r.source}".`, `无法识别的来源类型“${r.source}”。`);
      else if (CONCLUSION_SOURCES.includes(source)) fail('source', 'Tasks from a session’s conclusions are made on the session page, not imported.', '会议要求、会议指出的事项请在学习会议页面生成，不能导入。');
      const frequency = frequencyOf(r.report_frequency);
      if (!frequency) fail('report_frequency', `Unknown reporting frequency "${r.report_frequency}"; use 一次, 每周, 每月, 每季度 or 指定日期.`, `无法识别的报送频次“${r.report_frequency}”，应为一次、每周、每月、每季度或指定日期。`);
      const person = { en: 'person you may know', zh: '人员' };
      const unit = { en: 'unit you may know', zh: '单位' };
      const input: TaskInput = {
        title: r.title,
        content: r.content,
        level: level ?? 'internal',
        areaId: ref('area', areas, { en: 'responsibility area', zh: '责任制' }, r.area),
        source: { kind: source ?? 'manual', text: r.source_text || null, date: r.source_date || null },
        leadLeaderPersonId: ref('lead_leader', people, person, r.lead_leader),
        leadUnitId: ref('lead_unit', units, unit, r.lead_unit),
        responsiblePersonId: ref('responsible', people, person, r.responsible),
        cooperatingUnitIds: r.cooperating_units.split(LIST_SEPARATOR).filter((n) => n.trim()).map((n) => ref('cooperating_units', units, unit, n)).filter((id): id is string => id !== null),
        deadline: r.deadline,
        reportFrequency: frequency ?? 'monthly',
        reportDates: r.report_dates.split(LIST_SEPARATOR).map((d) => d.trim()).filter(Boolean),
      };
      const parsed = taskInput.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const column = FIELD_COLUMN[String(issue.path[0])] ?? null;
          fail(column, issue.message, `${zhColumn(column) ?? '此行'}填写有误：${issue.message}`);
        }
      }
      if (rowErrors.length === 0 && parsed.success) {
        try {
          const id = await insertTask(trx, ctx, actor, parsed.data);
          created.push({ id, level: parsed.data.level, title: parsed.data.title });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          fail(null, error.message, `此行无法登记：${error.message}`);
        }
      }
      errors.push(...rowErrors);
    }
    if (errors.length > 0) {
      throw unprocessable('import_rejected', { problems: errors.length, rows: new Set(errors.map((e) => e.row)).size }, { errors, rows: records.length });
    }
    const codes = (await trx.selectFrom('duty_tasks').select(['id', 'code']).where('id', 'in', created.length ? created.map((c) => c.id) : ['']).execute()).map((c) => c.code).sort();
    const report: TaskImportReport = { dryRun, rows: records.length, created: dryRun ? 0 : created.length, codes: dryRun ? [] : codes, errors: [] };
    if (dryRun) throw new DryRun(report);
    return {
      result: report,
      audit: [
        ...created.map((c) => ({ action: 'duty_task.create', objectType: 'duty_task', objectId: c.id, level: c.level, detail: { title: c.title, via: 'import' } })),
        { action: 'duty_task.import', objectType: 'duty_task', level: 'internal' as Level, detail: { rows: records.length, format: file.format } },
      ],
    };
  };
  try {
    return await writeAudited(ctx, actor, work);
  } catch (error) {
    // A dry run does everything a real import does, then rolls it back.
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}
