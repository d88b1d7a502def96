import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { coded, readerLanguage } from '../../src/http/coded-values.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

describe('the reader’s language of an export', () => {
  it('is ?lang= when given, else the first Chinese or English language accepted, else Chinese', () => {
    expect(readerLanguage({}, undefined)).toBe('zh');
    expect(readerLanguage({}, 'en-US,en;q=0.9')).toBe('en');
    expect(readerLanguage({}, 'fr-FR,zh-CN;q=0.8,en;q=0.5')).toBe('zh');
    expect(readerLanguage({ lang: 'en' }, 'zh-CN')).toBe('en');
    expect(readerLanguage({}, 'de-DE')).toBe('zh');
  });

  it('words a code from the one catalogue, and shows an unknown code as it is', () => {
    expect(coded('halfDay', 'afternoon')).toEqual({ zh: '下午', en: 'Afternoon' });
    expect(coded('sessionStatus', 'minutes_approved')).toEqual({ zh: '纪要已审定', en: 'Minutes approved' });
    expect(coded('sessionStatus', 'something_new')).toEqual({ zh: 'something_new', en: 'something_new' });
    expect(coded('level', null)).toBeNull();
  });
});

describe.each(DIALECTS)('study exports in the reader’s language on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('writes headers and coded values in Chinese by default and in English for an English reader', async () => {
    // No default language: these requests test the server's own choice (Chinese without a header).
    server = await testServer(dialect, {}, { language: null });
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const session = (await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2024-03-05', halfDay: 'afternoon', hostPersonId: org.people[0].id, level: 'public' })).json();
    await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-05' });
    await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: '纪要。' });
    await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);

    const fetch = (url: string, acceptLanguage?: string) =>
      server!.app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) } });
    const zh = await fetch('/api/study/sessions/export?format=csv');
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.headers['content-language']).toBe('zh-CN');
    const [zhHeader, zhRow] = zh.body.replace(/^\uFEFF/, '').split('\n');
    expect(zhHeader).toBe('日期,午别,开始时间,结束时间,学习组,形式,主持人,地点,学习主题,状态,密级');
    expect(zhRow).toContain('下午');
    expect(zhRow).toContain('集中学习');
    expect(zhRow).toContain('纪要已审定');
    expect(zhRow).toContain('公开');
    expect(zhRow).toContain('区委理论学习中心组');
    expect(zhRow).not.toMatch(/afternoon|minutes_approved|concentrated_study|public/);

    const en = await fetch('/api/study/sessions/export?format=csv', 'en-GB,en;q=0.9');
    const [enHeader, enRow] = en.body.replace(/^\uFEFF/, '').split('\n');
    expect(enHeader).toBe('Date,Half-day,Start,End,Study group,Form,Host,Place,Themes,Status,Level');
    expect(enRow).toContain('Afternoon');
    expect(enRow).toContain('Minutes approved');
    expect(enRow).toContain('District Learning Group');

    // XLSX the same, and ?lang= decides over the header.
    const xlsx = await fetch(`/api/study/ledgers/groups/${org.group.id}/export?year=2024&lang=en`, 'zh-CN');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Half-day');
    expect(sheet.getRow(2).getCell(2).value).toBe('Afternoon');
    expect(sheet.getRow(2).getCell(12).value).toBe('Minutes approved');
    const coverage = await fetch(`/api/study/ledgers/groups/${org.group.id}/coverage/export?year=2024&format=csv`);
    expect(coverage.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe('学习计划,计划专题,计划月份,要求次数,已开展次数,是否已学习,密级');
  });
});
