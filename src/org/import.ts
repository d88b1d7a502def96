import type { MessageKey } from '../i18n/messages.ts';
import { renderMessage, type MessageParams } from '../i18n/render.ts';
import { issueMessage } from '../i18n/validation.ts';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Context } from '../context.ts';
import type { Executor } from '../db/database.ts';
import { writeAudited } from '../db/write.ts';
import type { AuditEntry } from '../security/audit.ts';
import { badRequest, unprocessable } from '../errors.ts';
import { newId, now } from '../ids.ts';
import type { Actor } from '../security/actor.ts';
import { LEVELS, atMost, type Level } from '../security/levels.ts';
import { authorize, readableLevels } from '../security/policy.ts';
import { personInput, positionInput, unitInput } from './schemas.ts';
import { UNIT_KINDS } from './vocabulary.ts';

export const IMPORT_KINDS = ['units', 'people', 'positions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_COLUMNS: Record<ImportKind, { required: string[]; optional: string[] }> = {
  units: { required: ['name', 'kind'], optional: ['name_en', 'parent', 'sort_order', 'level'] },
  people: { required: ['name'], optional: ['name_en', 'email', 'phone', 'note', 'level'] },
  positions: { required: ['person', 'unit', 'title'], optional: ['title_en', 'rank', 'start_date', 'end_date', 'level'] },
};

export function importTemplate(kind: ImportKind): string {
  const { required, optional } = IMPORT_COLUMNS[kind];
  const example: Record<ImportKind, string> = {
    units: '市委宣传部,Publicity Department of the Municipal Party Committee,department,市委,10,internal',
    people: '张明,Zhang Ming,zhang.ming@example.org,0531-12345678,,internal',
    positions: '张明,市委宣传部,部长,Head,正局级,2024-01-01,,internal',
  };
  return `${[...required, ...optional].join(',')}\n${example[kind]}\n`;
}

/** A problem of one row: its catalogue code and parameters, and its message in English and Chinese. */
export interface ImportError {
  row: number;
  column: string | null;
  code: MessageKey;
  params: MessageParams;
  message: string;
  messageZh: string;
}

function rowProblem(row: number, column: string | null, code: MessageKey, params: MessageParams = {}): ImportError {
  return { row, column, code, params, message: renderMessage(code, params, 'en'), messageZh: renderMessage(code, params, 'zh') };
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  rows: { row: number; values: Record<string, string> }[];
  created: number;
  errors: ImportError[];
}

const MAX_ROWS = 10_000;

function readCsv(csv: string): { header: string[]; records: Record<string, string>[] } {
  let rows: string[][];
  try {
    rows = parse(csv, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw badRequest('csv_invalid', { problem: (error as Error).message });
  }
  const [headerRow, ...body] = rows;
  if (!headerRow) throw badRequest('import_file_empty');
  if (body.length > MAX_ROWS) throw badRequest('import_too_many_rows', { max: MAX_ROWS, count: body.length });
  const header = headerRow.map((h) => h.toLowerCase());
  const records = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  return { header, records };
}

/** Names that refer to people or units must pick exactly one visible record. */
class NameIndex {
  private readonly byName = new Map<string, string[]>();
  add(name: string, id: string): void {
    const key = name.trim();
    this.byName.set(key, [...(this.byName.get(key) ?? []), id]);
  }
  resolve(name: string, noun: 'unit' | 'person'): { id: string } | { error: MessageKey; params: MessageParams } {
    const ids = this.byName.get(name.trim()) ?? [];
    if (ids.length === 1) return { id: ids[0]! };
    if (ids.length === 0) return { error: 'import_name_unknown', params: { noun, name } };
    return { error: 'import_name_ambiguous', params: { noun, name, count: ids.length } };
  }
}

async function indexOf(db: Executor, table: 'units' | 'people', levels: Level[]): Promise<NameIndex> {
  const index = new NameIndex();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('level', 'in', levels).execute();
  for (const row of rows) {
    index.add(row.name, row.id);
    index.add(row.id, row.id);
  }
  return index;
}

function zodErrors(row: number, error: z.ZodError, columnOf: Record<string, string>): ImportError[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const column = columnOf[field] ?? (field || null);
    return { row, column, code: 'import_field_invalid', params: { column }, message: issue.message, messageZh: issueMessage({ keyword: issue.code, instancePath: '', message: issue.message, params: { ...issue } }, field, 'zh') };
  });
}

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

interface Planned {
  table: 'units' | 'people' | 'positions';
  values: Record<string, unknown>;
  audit: AuditEntry;
}

export async function importCsv(ctx: Context, actor: Actor, kind: ImportKind, csv: string, dryRun: boolean): Promise<ImportReport> {
  authorize(actor, 'org.import');
  const { header, records } = readCsv(csv);
  const { required, optional } = IMPORT_COLUMNS[kind];
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !required.includes(c) && !optional.includes(c));
  if (missing.length || unknown.length) {
    throw badRequest(missing.length && unknown.length ? 'columns_missing_unknown' : missing.length ? 'columns_missing' : 'columns_unknown', { missing, unknown, columns: [...required, ...optional] });
  }
  const rows = records.map((values, i) => ({ row: i + 2, values }));
  const levels = readableLevels(actor);

  const plan = async (db: Executor): Promise<{ planned: Planned[]; errors: ImportError[] }> => {
    const errors: ImportError[] = [];
    const planned: Planned[] = [];
    const stamp = now();
    const units = kind === 'people' ? new NameIndex() : await indexOf(db, 'units', levels);
    const people = kind === 'positions' ? await indexOf(db, 'people', levels) : new NameIndex();
    for (const { row, values } of rows) {
      const level = blank(values.level) ?? 'internal';
      const rowErrors: ImportError[] = [];
      if (!(LEVELS as readonly string[]).includes(level)) {
        rowErrors.push(rowProblem(row, 'level', 'import_unknown_level', { level, levels: LEVELS }));
      } else if (!atMost(level as Level, ctx.settings.ceiling) || !atMost(level as Level, actor.clearance)) {
        rowErrors.push(rowProblem(row, 'level', 'import_level_too_high', { level }));
      }
      const id = newId();
      if (kind === 'units') {
        if (values.kind && !(UNIT_KINDS as readonly string[]).includes(values.kind)) {
          rowErrors.push(rowProblem(row, 'kind', 'import_unknown_kind', { kind: values.kind, kinds: UNIT_KINDS }));
        }
        let parentId: string | null = null;
        if (blank(values.parent)) {
          const found = units.resolve(values.parent!, 'unit');
          if ('error' in found) rowErrors.push(rowProblem(row, 'parent', found.error, found.params));
          else parentId = found.id;
        }
        const parsed = unitInput.safeParse({
          name: values.name,
          nameEn: blank(values.name_en),
          kind: values.kind,
          sortOrder: blank(values.sort_order) === undefined ? undefined : Number(values.sort_order),
        });
        if (!parsed.success) rowErrors.push(...zodErrors(row, parsed.error, { name: 'name', nameEn: 'name_en', kind: 'kind', sortOrder: 'sort_order' }).filter((e) => e.column !== 'kind' || !rowErrors.some((r) => r.column === 'kind')));
        if (rowErrors.length === 0 && parsed.success) {
          // Later rows may name this unit as their parent.
          units.add(parsed.data.name, id);
          planned.push({
            table: 'units',
            values: { id, parent_id: parentId, name: parsed.data.name, name_en: parsed.data.nameEn, kind: parsed.data.kind, sort_order: parsed.data.sortOrder ?? 0, level, created_at: stamp, updated_at: stamp },
            audit: { action: 'unit.create', objectType: 'unit', objectId: id, level: level as Level, detail: { name: parsed.data.name, via: 'import' } },
          });
        }
      } else if (kind === 'people') {
        const parsed = personInput.safeParse({ name: values.name, nameEn: blank(values.name_en), email: blank(values.email), phone: blank(values.phone), note: blank(values.note) });
        if (!parsed.success) rowErrors.push(...zodErrors(row, parsed.error, { name: 'name', nameEn: 'name_en', email: 'email', phone: 'phone', note: 'note' }));
        if (rowErrors.length === 0 && parsed.success) {
          const p = parsed.data;
          planned.push({
            table: 'people',
            values: { id, name: p.name, name_en: p.nameEn, email: p.email, phone: p.phone, note: p.note, level, created_at: stamp, updated_at: stamp },
            audit: { action: 'person.create', objectType: 'person', objectId: id, level: level as Level, detail: { name: p.name, via: 'import' } },
          });
        }
      } else {
        const person = people.resolve(values.person ?? '', 'person');
        const unit = units.resolve(values.unit ?? '', 'unit');
        if ('error' in person) rowErrors.push(rowProblem(row, 'person', person.error, person.params));
        if ('error' in unit) rowErrors.push(rowProblem(row, 'unit', unit.error, unit.params));
        const parsed = positionInput.safeParse({
          personId: 'id' in person ? person.id : 'unresolved',
          unitId: 'id' in unit ? unit.id : 'unresolved',
          title: values.title,
          titleEn: blank(values.title_en),
          rank: blank(values.rank),
          startDate: blank(values.start_date),
          endDate: blank(values.end_date),
        });
        if (!parsed.success) rowErrors.push(...zodErrors(row, parsed.error, { title: 'title', titleEn: 'title_en', rank: 'rank', startDate: 'start_date', endDate: 'end_date' }));
        if (parsed.success && parsed.data.startDate && parsed.data.endDate && parsed.data.endDate < parsed.data.startDate) {
          rowErrors.push(rowProblem(row, 'end_date', 'import_end_before_start'));
        }
        if (rowErrors.length === 0 && parsed.success) {
          const p = parsed.data;
          planned.push({
            table: 'positions',
            values: { id, person_id: p.personId, unit_id: p.unitId, title: p.title, title_en: p.titleEn, rank: p.rank, start_date: p.startDate ?? null, end_date: p.endDate ?? null, sort_order: 0, level, created_at: stamp, updated_at: stamp },
            audit: { action: 'position.create', objectType: 'position', objectId: id, level: level as Level, detail: { title: p.title, via: 'import' } },
          });
        }
      }
      errors.push(...rowErrors);
    }
    return { planned, errors };
  };

  if (dryRun) {
    const { errors } = await plan(ctx.database.db);
    return { kind, dryRun, rows, created: 0, errors };
  }
  const created = await writeAudited(ctx, actor, async (trx) => {
    const { planned, errors } = await plan(trx);
    if (errors.length > 0) {
      throw unprocessable('import_rejected', { problems: errors.length, rows: new Set(errors.map((e) => e.row)).size }, { errors, rows });
    }
    for (const item of planned) {
      // Each planned row was validated against the table's own schema above.
      await trx.insertInto(item.table as 'units').values(item.values as never).execute();
    }
    return {
      result: planned.length,
      audit: [
        ...planned.map((p) => p.audit),
        { action: 'import.commit', objectType: kind, level: 'internal' as Level, detail: { rows: planned.length } },
      ],
    };
  });
  return { kind, dryRun, rows, created, errors: [] };
}
