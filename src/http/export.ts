import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { readerLanguage, type Bilingual, type Lang } from './coded-values.ts';

/** `lang`: the language of headers and coded values; by default the reader's (Accept-Language, else Chinese). */
export const exportQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx'), lang: z.enum(['zh', 'en']).optional() });

/** A cell: text or a number as recorded, or words in both languages (a coded value, see coded()). */
export type Cell = string | number | null | undefined | Bilingual;

/** A column written as it is. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  width?: number;
}

/** A column in the reader's language: its header, and its coded values (see coded()). */
export interface ReaderColumn<T> {
  header: Bilingual;
  value: (row: T) => Cell;
  width?: number;
}

const inLang = (value: Cell, lang: Lang): string | number | null | undefined => (value !== null && typeof value === 'object' ? value[lang] : value);

/**
 * A text cell a spreadsheet would read as a formula (= + - @, or a tab or carriage return before
 * one) gets a leading apostrophe, so a name like "=HYPERLINK(…)" stays text when the file is opened
 * (CSV and XLSX alike). Numbers are not text and stay numbers, negative ones included.
 */
export function neutralizeFormula(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Sends rows as an Excel workbook or a UTF-8 CSV with a BOM (so Excel opens the Chinese text right). */
export async function sendTable<T>(
  reply: FastifyReply,
  name: string,
  format: 'xlsx' | 'csv',
  columns: readonly (Column<T> | ReaderColumn<T>)[],
  rows: readonly T[],
): Promise<FastifyReply> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Remit';
  const lang = readerLanguage(reply.request.query, reply.request.headers['accept-language']);
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: String(inLang(c.header, lang)), width: c.width ?? 20 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => neutralizeFormula(inLang(c.value(row), lang))));
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${name}-${stamp}.${format}`;
  reply.header('content-disposition', `attachment; filename="${filename}"`).header('content-language', lang === 'zh' ? 'zh-CN' : 'en');
  if (format === 'csv') {
    const body = Buffer.from(await workbook.csv.writeBuffer());
    return reply.type('text/csv; charset=utf-8').send(Buffer.concat([Buffer.from('\uFEFF'), body]));
  }
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
}
