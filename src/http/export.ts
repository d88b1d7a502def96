import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const exportQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  width?: number;
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
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? ''));
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
