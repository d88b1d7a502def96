import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

/**
 * Issue 12: every module's XLSX/CSV export is written in the reader's language, headers and coded
 * values alike (状态 纪要已审定 for a Chinese reader, Status Minutes approved for an English one).
 * Each export of organization, secrecy, duties and assessment is downloaded over the demo data in
 * zh-CN and in en, as XLSX (the format the pages offer) and as CSV.
 */
type Sheet = { header: string[]; rows: string[][] };

const CJK = /[\u3400-\u9fff]/;

describe.each(DIALECTS)('exports in the reader’s language on %s', (dialect) => {
  let server: TestServer;
  let clerk: Client;
  let officer: Client;
  let supervisor: Client;
  let schemeId: string;

  beforeAll(async () => {
    // No default language: each request names its own.
    server = await testServer(dialect, {}, { language: null });
    await loadDemo(server.ctx);
    clerk = await server.signIn({ username: 'x-clerk', roles: ['clerk'] });
    officer = await server.signIn({ username: 'x-officer', roles: ['secrecy_officer'] });
    supervisor = await server.signIn({ username: 'x-supervisor', roles: ['supervisor'] });
    const people = (await clerk.get('/api/people?q=Liu')).json().items as { id: string }[];
    const carrier = await officer.post('/api/secrecy/carriers', { title: '关于重点工作的通知', mark: '秘密★6个月', issuedOn: '2026-03-31', custodianPersonId: people[0]!.id, scope: { people: [people[0]!.id], units: [] }, scopeApprovedBy: '办公室主任' });
    expect(carrier.statusCode, carrier.body).toBe(201);
    const schemes = (await supervisor.get('/api/duties/assessment/schemes?year=2023')).json();
    schemeId = (schemes.items ?? schemes)[0].id;
  }, 120_000);
  afterAll(() => server?.dispose());

  async function download(client: Client, path: string, lang: 'zh-CN' | 'en', format: 'xlsx' | 'csv'): Promise<Sheet> {
    const response = await server.app.inject({ method: 'GET', url: `${path}${path.includes('?') ? '&' : '?'}format=${format}`, headers: { cookie: client.cookie, 'accept-language': lang } });
    expect(response.statusCode, `${path}: ${response.body.slice(0, 300)}`).toBe(200);
    expect(response.headers['content-language']).toBe(lang);
    if (format === 'csv') {
      const lines = response.body.replace(/^\uFEFF/, '').split('\n').filter((l) => l.trim());
      const split = (l: string) => l.split(',').map((c) => c.replace(/^"|"$/g, ''));
      return { header: split(lines[0]!), rows: lines.slice(1).map(split) };
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    return { header: cells(1), rows: Array.from({ length: sheet.rowCount - 1 }, (_, i) => cells(i + 2)) };
  }

  /** The column of a header, and every value in it. */
  const column = (sheet: Sheet, header: string) => {
    const i = sheet.header.indexOf(header);
    expect(i, `header ${header} among ${sheet.header.join(', ')}`).toBeGreaterThanOrEqual(0);
    return sheet.rows.map((r) => r[i] ?? '');
  };

  const cases: {
    name: string;
    client: () => Client;
    path: () => string;
    zh: { headers: string[]; coded: [string, string] };
    en: { headers: string[]; coded: [string, string] };
    codes: RegExp;
  }[] = [
    {
      name: 'units',
      client: () => clerk,
      path: () => '/api/units/export',
      zh: { headers: ['名称', '英文名称', '类型', '上级单位', '密级'], coded: ['类型', '党委'] },
      en: { headers: ['Name', 'English name', 'Kind', 'Parent unit', 'Level'], coded: ['Kind', 'Party committee'] },
      codes: /^(committee|department|public|internal)$/,
    },
    {
      name: 'people',
      client: () => clerk,
      path: () => '/api/people/export',
      zh: { headers: ['姓名', '英文姓名', '密级'], coded: ['密级', '公开'] },
      en: { headers: ['Name', 'English name', 'Level'], coded: ['Level', 'Public'] },
      codes: /^(public|internal)$/,
    },
    {
      name: 'positions',
      client: () => clerk,
      path: () => '/api/positions/export',
      zh: { headers: ['姓名', '单位', '职务', '密级'], coded: ['单位', '市委'] },
      en: { headers: ['Person', 'Unit', 'Title', 'Level'], coded: ['Level', 'Public'] },
      codes: /^(public|internal)$/,
    },
    {
      name: 'carriers register',
      client: () => officer,
      path: () => '/api/secrecy/carriers/export',
      zh: { headers: ['编号', '标题', '密级', '密级标志', '保管人', '状态', '知悉范围'], coded: ['状态', '在管'] },
      en: { headers: ['Number', 'Title', 'Level', 'Mark', 'Custodian', 'State', 'Who may know'], coded: ['State', 'Held'] },
      codes: /^(held|mimi)$/,
    },
    {
      name: 'letters board',
      client: () => officer,
      path: () => '/api/secrecy/letters/board/export?year=2023',
      zh: { headers: ['姓名', '身份', '状态', '下发时间', '签署时间'], coded: ['状态', '未签署'] },
      en: { headers: ['Name', 'Role', 'Status', 'Issued', 'Signed'], coded: ['Status', 'Not signed'] },
      codes: /^(issued|signed|leader)$/,
    },
    {
      name: 'rectifications',
      client: () => officer,
      path: () => '/api/secrecy/rectifications/export',
      zh: { headers: ['年度', '单位', '问题', '严重程度', '责任人', '状态'], coded: ['状态', '已销号'] },
      en: { headers: ['Year', 'Unit', 'Finding', 'Severity', 'Owner', 'Status'], coded: ['Status', 'Closed'] },
      codes: /^(open|closed|in_progress|low|medium|high)$/,
    },
    {
      name: 'duties task list',
      client: () => supervisor,
      path: () => '/api/duties/tasks/export',
      zh: { headers: ['编号', '督办事项', '来源', '牵头单位', '状态', '红绿灯', '密级'], coded: ['来源', '会议要求'] },
      en: { headers: ['Code', 'Task', 'Source', 'Lead unit', 'State', 'Light', 'Level'], coded: ['Source', 'Session requirement'] },
      codes: /^(requirement|finding|assigned|accepted|in_progress|green|yellow|red|grey|internal|public)$/,
    },
    {
      name: 'duties bulletin',
      client: () => supervisor,
      path: () => '/api/duties/bulletin/export?from=2023-01-01&to=2023-12-31',
      zh: { headers: ['分类', '名称', '交办', '按期办结', '逾期'], coded: ['分类', '合计'] },
      en: { headers: ['By', 'Name', 'Assigned', 'Done on time', 'Overdue'], coded: ['By', 'Total'] },
      codes: /^(area|unit|total)$/,
    },
    {
      name: 'assessment ranking',
      client: () => supervisor,
      path: () => `/api/duties/assessment/schemes/${schemeId}/scores/export?subjectType=unit`,
      zh: { headers: ['名次', '单位', '指标得分', '加分', '扣分'], coded: ['单位', '市委'] },
      en: { headers: ['Rank', 'Unit', 'Indicator points', 'Bonus', 'Deduction'], coded: ['Unit', 'Municipal Party Committee'] },
      codes: /^(unit|leader)$/,
    },
  ];

  it.each(cases)('$name: Chinese headers and words for a Chinese reader, English for an English one', async (c) => {
    for (const format of ['xlsx', 'csv'] as const) {
      const zh = await download(c.client(), c.path(), 'zh-CN', format);
      expect(zh.rows.length, `${c.name} has rows`).toBeGreaterThan(0);
      for (const h of c.zh.headers) expect(zh.header, `${c.name} ${format}`).toContain(h);
      expect(zh.header.filter((h) => !CJK.test(h)), `${c.name} ${format}: headers without Chinese`).toEqual([]);
      expect(column(zh, c.zh.coded[0]), `${c.name} ${format}`).toContain(c.zh.coded[1]);
      for (const row of zh.rows) for (const cell of row) expect(cell, `${c.name} ${format}: a code in a Chinese export`).not.toMatch(c.codes);

      const en = await download(c.client(), c.path(), 'en', format);
      for (const h of c.en.headers) expect(en.header, `${c.name} ${format}`).toContain(h);
      expect(en.header.filter((h) => CJK.test(h)), `${c.name} ${format}: headers with Chinese`).toEqual([]);
      expect(column(en, c.en.coded[0]), `${c.name} ${format}`).toContain(c.en.coded[1]);
      for (const row of en.rows) for (const cell of row) expect(cell, `${c.name} ${format}: a code in an English export`).not.toMatch(c.codes);
    }
  });

  it('takes ?lang= over Accept-Language, as the pages send it', async () => {
    const en = await download(supervisor, '/api/duties/tasks/export?lang=en', 'en', 'csv');
    expect(en.header[0]).toBe('Code');
    const zh = await server.app.inject({ method: 'GET', url: '/api/duties/tasks/export?format=csv&lang=zh', headers: { cookie: supervisor.cookie, 'accept-language': 'en' } });
    expect(zh.body.replace(/^\uFEFF/, '').split('\n')[0]).toMatch(/^编号,督办事项,来源/);
  });
});
