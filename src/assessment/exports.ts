import type { Context } from '../context.ts';
import { chineseDate, renderOfficialDocx, type Block } from '../documents/official.ts';
import { coded, named } from '../http/coded-values.ts';
import type { ReaderColumn } from '../http/export.ts';
import type { SubjectType } from './kinds.ts';
import type { presentRanking } from './scores.ts';
import { todayInChina } from './scores.ts';

type Ranking = Awaited<ReturnType<typeof presentRanking>>;
type Row = Ranking['items'][number];

/** The ranking as a table in the reader's language (the document prints it in Chinese). */
export function rankingColumns(ranking: Ranking): ReaderColumn<Row>[] {
  const hidden = coded('hiddenName', ranking.subjectType === 'unit' ? 'unit' : 'person');
  return [
    { header: { zh: '名次', en: 'Rank' }, value: (r) => r.rank, width: 8 },
    { header: ranking.subjectType === 'unit' ? { zh: '单位', en: 'Unit' } : { zh: '领导', en: 'Leader' }, value: (r) => (r.subject.hidden ? hidden : named(r.subject.name, r.subject.nameEn)), width: 28 },
    ...ranking.areas.map(
      (a): ReaderColumn<Row> => ({ header: { zh: `${a.label.zh}（${a.weight}分）`, en: `${a.label.en} (${a.weight} points)` }, value: (r) => r.byArea.find((b) => b.area === a.area)?.points ?? 0, width: 16 }),
    ),
    { header: { zh: '指标得分', en: 'Indicator points' }, value: (r) => r.indicatorPoints, width: 12 },
    { header: { zh: '加分', en: 'Bonus' }, value: (r) => r.bonus, width: 8 },
    { header: { zh: '扣分', en: 'Deduction' }, value: (r) => r.deduction, width: 8 },
    { header: { zh: `总分（满分${ranking.scheme.fullScore}）`, en: `Total (of ${ranking.scheme.fullScore})` }, value: (r) => r.total, width: 14 },
  ];
}

/** A cell as document text (a coded value in both languages is printed in Chinese). */
const cellText = (v: unknown): string => (v && typeof v === 'object' && 'zh' in v ? String((v as { zh: unknown }).zh) : String(v ?? ''));

/** The ranking as an official document (GB/T 9704 layout): a short lead, the table, and the distribution. */
export async function rankingDocx(ctx: Context, ranking: Ranking, subjectType: SubjectType, published: { version: number; hash: string } | null): Promise<Buffer> {
  const root = await ctx.database.db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('sort_order').orderBy('name').executeTakeFirst();
  const columns = rankingColumns(ranking);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `根据《${ranking.scheme.title}》，对${subjectType === 'unit' ? `${ranking.items.length}个单位` : `${ranking.items.length}名领导干部`}${ranking.scheme.year}年度（${chineseDate(ranking.period.from)}至${chineseDate(ranking.period.to)}）落实责任制情况进行了考核，结果如下。`,
    },
    { kind: 'heading1', text: '一、考核得分及排名' },
    { kind: 'table', headers: columns.map((c) => c.header.zh), rows: ranking.items.map((r) => columns.map((c) => cellText(c.value(r)))) },
    { kind: 'heading1', text: '二、得分分布' },
    { kind: 'paragraph', text: ranking.distribution.filter((b) => b.count > 0).map((b) => `${b.from}%至${b.to}%：${b.count}个`).join('；') || '无。' },
  ];
  if (published) blocks.push({ kind: 'paragraph', text: `本结果为第${published.version}版公布结果，校验值（SHA-256）：${published.hash}。` });
  return renderOfficialDocx({
    level: 'internal',
    issuer: root?.name ?? 'Remit',
    title: `${ranking.scheme.year}年度责任制考核结果${subjectType === 'unit' ? '（单位）' : '（领导干部）'}`,
    blocks,
    date: todayInChina(),
  });
}
