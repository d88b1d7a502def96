import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';
import { LEVEL_LABELS, type Level } from '../security/levels.ts';
import { markOf } from '../security/marks.ts';

/**
 * Chinese official documents (公文) laid out after GB/T 9704-2012 as Word files: A4 with a 156 × 225 mm
 * text area (top margin 37 mm, left 28 mm), body in 仿宋_GB2312 三号 at 22 lines a page, the title in
 * 方正小标宋简体 二号, headings 黑体 and 楷体_GB2312, the issuing body's name in red above a red rule, the
 * classification mark and period (密级和保密期限) in 黑体 三号 at the top left when the document is above
 * public and nothing when it is public, the date in Arabic numerals with 年月日 (as the 2012 standard
 * has it), and page numbers "— 1 —" in 宋体 四号 at the bottom, right on odd pages and left on even.
 * Word substitutes a font the reader's machine lacks; the font names are the standard's.
 */

const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  page: '宋体',
};
// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
const SIZE = { title: 44, body: 32, pageNumber: 28, issuer: 52, table: 28 };
const MM = 56.6929; // twips per millimetre
// 225 mm for 22 lines: each line is 225/22 mm, set exactly so a page holds 22.
const LINE = Math.round((225 / 22) * MM);

const font = (name: string): IFontAttributesProperties => ({ ascii: name === FONT.body ? 'Times New Roman' : name, hAnsi: name === FONT.body ? 'Times New Roman' : name, eastAsia: name, cs: name });

export type Block =
  | { kind: 'paragraph'; text: string }
  /** 一、 level: 黑体 */
  | { kind: 'heading1'; text: string }
  /** （一） level: 楷体 */
  | { kind: 'heading2'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][]; widths?: number[] }
  /** Label and value pairs in two columns (a form such as a supervision notice). */
  | { kind: 'form'; rows: [string, string][] };

export interface OfficialDocument {
  /** The document's level: its mark is printed at the top left when it is above public. */
  level: Level;
  /** 发文机关标志, printed red above the red rule. */
  issuer: string;
  /** 发文字号 (or a record's number), under the issuer, centred. */
  number?: string | null;
  title: string;
  /** 主送机关 */
  addressee?: string | null;
  blocks: Block[];
  /** 发文机关署名 above the date; the issuer when absent. */
  signature?: string | null;
  /** 成文日期, YYYY-MM-DD. */
  date: string;
  /** The language of the document's own words (the date, the level of an internal record); Chinese unless said. */
  lang?: 'zh' | 'en';
}

/** 2023-01-20 → 2023年1月20日 (GB/T 9704-2012 7.3.5.3: Arabic numerals, year, month and day in full). */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2023-01-20 → 20 January 2023, the date of an English document. */
export function englishDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

/** What goes at the top left: the ★ mark of a state secret (the legal mark, as printed), the level's name for internal, nothing for public. */
export function documentMark(level: Level, lang: 'zh' | 'en' = 'zh'): string | null {
  if (level === 'public') return null;
  return markOf(level) ?? LEVEL_LABELS[level][lang];
}

const run = (text: string, options: { font: string; size: number; bold?: boolean; color?: string }) =>
  new TextRun({ text, font: font(options.font), size: options.size, ...(options.bold && { bold: true }), ...(options.color && { color: options.color }) });

const exact = { line: LINE, lineRule: LineRuleType.EXACT };

function bodyParagraph(text: string, fontName = FONT.body, indent = true): Paragraph {
  return new Paragraph({
    children: [run(text, { font: fontName, size: SIZE.body })],
    spacing: exact,
    alignment: AlignmentType.JUSTIFIED,
    // Two characters of 三号 (16 pt each) = 640 twips.
    ...(indent && { indent: { firstLine: 640 } }),
  });
}

function cell(text: string, options: { bold?: boolean; width?: number } = {}): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    ...(options.width && { width: { size: options.width, type: WidthType.PERCENTAGE } }),
    children: text.split('\n').map(
      (line) => new Paragraph({ children: [run(line, { font: options.bold ? FONT.heading1 : FONT.body, size: SIZE.table })], spacing: { line: 360 } }),
    ),
  });
}

function tableOf(headers: string[], rows: string[][], widths?: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { bold: true, ...(widths?.[i] && { width: widths[i] }) })) }),
      ...rows.map((r) => new TableRow({ children: r.map((value, i) => cell(value, { ...(widths?.[i] && { width: widths[i] }) })) })),
    ],
  });
}

function formOf(rows: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([label, value]) => new TableRow({ children: [cell(label, { bold: true, width: 22 }), cell(value, { width: 78 })] })),
  });
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One character in from the edge of the text area (GB/T 9704 7.5).
        indent: side === 'odd' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONT.page), size: SIZE.pageNumber }),
        ],
      }),
    ],
  });
}

export function officialDocument(doc: OfficialDocument): Document {
  const children: (Paragraph | Table)[] = [];
  const mark = documentMark(doc.level, doc.lang);
  if (mark) children.push(new Paragraph({ children: [run(mark, { font: FONT.heading1, size: SIZE.body })], spacing: exact }));
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: mark ? 240 : 480, after: 240 },
      children: [run(doc.issuer, { font: FONT.title, size: SIZE.issuer, color: 'FF0000' })],
    }),
  );
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 480 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'FF0000', space: 6 } },
      children: doc.number ? [run(doc.number, { font: FONT.body, size: SIZE.body })] : [],
    }),
  );
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(doc.title, { font: FONT.title, size: SIZE.title })],
    }),
  );
  if (doc.addressee) children.push(bodyParagraph(`${doc.addressee}：`, FONT.body, false));
  for (const block of doc.blocks) {
    if (block.kind === 'paragraph') children.push(bodyParagraph(block.text));
    else if (block.kind === 'heading1') children.push(bodyParagraph(block.text, FONT.heading1));
    else if (block.kind === 'heading2') children.push(bodyParagraph(block.text, FONT.heading2));
    else if (block.kind === 'table') children.push(tableOf(block.headers, block.rows, block.widths));
    else children.push(formOf(block.rows));
  }
  // Signature and date right-aligned, four characters in from the right (GB/T 9704 7.3.5.2).
  const signOff = (text: string, before = 0) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 4 * 320 }, spacing: { ...exact, before }, children: [run(text, { font: FONT.body, size: SIZE.body })] });
  children.push(signOff(doc.signature ?? doc.issuer, 2 * LINE));
  children.push(signOff(doc.lang === 'en' ? englishDate(doc.date) : chineseDate(doc.date)));

  return new Document({
    creator: 'Remit',
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(21 * MM) },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
}

export async function renderOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  return Packer.toBuffer(officialDocument(doc));
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
