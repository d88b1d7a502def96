import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const exportQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  width?: number;
}

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
  columns: Column<T>[],
  rows: readonly T[],
): Promise<FastifyReply> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Remit';
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 20 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => neutralizeFormula(c.value(row))));
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${name}-${stamp}.${format}`;
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  if (format === 'csv') {
    const body = Buffer.from(await workbook.csv.writeBuffer());
    return reply.type('text/csv; charset=utf-8').send(Buffer.concat([Buffer.from('\uFEFF'), body]));
  }
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
}
