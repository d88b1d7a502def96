import type { Context } from '../context.ts';
import { chineseDate, renderOfficialDocx, type Block } from '../documents/official.ts';
import { coded, named, type Bilingual } from '../http/coded-values.ts';
import type { ReaderColumn } from '../http/export.ts';
import type { Bulletin, BulletinRow } from './bulletins.ts';
import { chinaDay } from './lights.ts';
import { issuingOffice } from './official-papers.ts';

/** The bulletin (通报) as an official paper (DOCX, in Chinese) and as a table (XLSX/CSV, in the reader's language). */

const rowName = (row: BulletinRow, none: string) => (row.hidden ? '（无权知悉的单位）' : (row.name ?? none));
const counts = (row: BulletinRow) => [row.assigned, row.onTime, row.overdue, row.sentBack, row.closed].map(String);
const COUNT_HEADERS = ['交办', '按期办结', '逾期', '退回', '销号'];

export async function bulletinDocx(ctx: Context, b: Bulletin): Promise<Buffer> {
  const t = b.totals;
  const period = `${chineseDate(b.from)}至${chineseDate(b.to)}`;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `${period}，共交办督办事项${t.assigned}项，按期办结${t.onTime}项，逾期${t.overdue}项，办结报告被退回${t.sentBack}次，销号${t.closed}项` +
        `（统计截至${chineseDate(b.asOf)}）。现将有关情况通报如下。`,
    },
    { kind: 'heading1', text: '一、分责任制情况' },
    { kind: 'table', headers: ['责任制', ...COUNT_HEADERS], rows: b.areas.map((r) => [rowName(r, '未归口责任制'), ...counts(r)]), widths: [40, 12, 12, 12, 12, 12] },
    { kind: 'heading1', text: '二、分牵头单位情况' },
    { kind: 'table', headers: ['牵头单位', ...COUNT_HEADERS], rows: b.units.map((r) => [rowName(r, '未确定牵头单位'), ...counts(r)]), widths: [40, 12, 12, 12, 12, 12] },
    { kind: 'heading1', text: '三、逾期事项' },
    b.overdueTasks.length === 0
      ? { kind: 'paragraph', text: '本期无逾期事项。' }
      : {
          kind: 'table',
          headers: ['编号', '督办事项', '牵头单位', '办理时限', '逾期工作日'],
          rows: b.overdueTasks.map((o) => [o.code, o.title, o.leadUnit.hidden ? '（无权知悉的单位）' : (o.leadUnit.name ?? '—'), chineseDate(o.deadline), `${o.workingDaysOverdue}${o.done ? '（已办结）' : ''}`]),
          widths: [16, 38, 20, 16, 10],
        },
    { kind: 'paragraph', text: '请各牵头单位对照通报，抓紧推进逾期事项办理，按时报送办理进展；各责任制牵头领导加强督促指导，确保各项任务按期落实。' },
  ];
  const office = await issuingOffice(ctx.database.db);
  return renderOfficialDocx({ level: b.level, issuer: office, title: '督查督办工作通报', number: period, blocks, date: chinaDay(new Date()) });
}

export interface BulletinTableRow {
  group: Bilingual | null;
  name: Bilingual | null;
  row: BulletinRow | null;
  totals: Bulletin['totals'];
}

const NO_AREA: Bilingual = { zh: '未归口责任制', en: 'No responsibility area' };
const NO_UNIT: Bilingual = { zh: '未确定牵头单位', en: 'No lead unit' };
const rowWords = (row: BulletinRow, none: Bilingual): Bilingual | null => (row.hidden ? coded('hiddenName', 'unit') : row.name ? named(row.name, row.nameEn) : none);

/** One table for the spreadsheet, in the reader's language: every area, then every unit, then the totals. */
export function bulletinTable(b: Bulletin): { columns: ReaderColumn<BulletinTableRow>[]; rows: BulletinTableRow[] } {
  const rows: BulletinTableRow[] = [
    ...b.areas.map((r) => ({ group: coded('bulletinGroup', 'area'), name: rowWords(r, NO_AREA), row: r, totals: r })),
    ...b.units.map((r) => ({ group: coded('bulletinGroup', 'unit'), name: rowWords(r, NO_UNIT), row: r, totals: r })),
    { group: coded('bulletinGroup', 'total'), name: { zh: `${b.from} 至 ${b.to}`, en: `${b.from} to ${b.to}` }, row: null, totals: b.totals },
  ];
  const columns: ReaderColumn<BulletinTableRow>[] = [
    { header: { zh: '分类', en: 'By' }, value: (r) => r.group, width: 12 },
    { header: { zh: '名称', en: 'Name' }, value: (r) => r.name, width: 36 },
    { header: { zh: '交办', en: 'Assigned' }, value: (r) => r.totals.assigned, width: 10 },
    { header: { zh: '按期办结', en: 'Done on time' }, value: (r) => r.totals.onTime, width: 10 },
    { header: { zh: '逾期', en: 'Overdue' }, value: (r) => r.totals.overdue, width: 10 },
    { header: { zh: '退回', en: 'Sent back' }, value: (r) => r.totals.sentBack, width: 10 },
    { header: { zh: '销号', en: 'Closed' }, value: (r) => r.totals.closed, width: 10 },
  ];
  return { columns, rows };
}
