import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, now } from '../../src/ids.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';
import { DIALECTS } from '../helpers/db.ts';
import { openDocx } from '../helpers/docx.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { plantTask } from '../notify/fixtures.ts';

describe.each(DIALECTS)('supervision notice and bulletin (%s)', (dialect) => {
  let server: TestServer;
  let office: Client;
  let viewer: Client;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    office = await server.signIn({ username: 'office', roles: ['supervisor'] });
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'], clearance: 'public' });
    const admin = systemActor('test');
    const db = server.ctx.database.db;
    const top = await createUnit(server.ctx, admin, { name: '市委', kind: 'committee', level: 'public' });
    const u1 = await createUnit(server.ctx, admin, { name: '市委保密办', kind: 'department', parentId: top.id });
    const u2 = await createUnit(server.ctx, admin, { name: '市文明办', kind: 'department', parentId: top.id });
    const head = await createPerson(server.ctx, admin, { name: '王振华' });
    const leader = await createPerson(server.ctx, admin, { name: '陈立明' });
    await createPosition(server.ctx, admin, { personId: head.id, unitId: u1.id, title: '主任' });
    const stamp = now();
    const area = async (name: string) => {
      const id = newId();
      await db.insertInto('duty_areas').values({ id, name, name_en: null, description: null, level: 'public', created_at: stamp, updated_at: stamp }).execute();
      return id;
    };
    const secrecyArea = await area('保密工作责任制');
    const civilArea = await area('文明城市创建');
    const plant = async (key: string, input: Parameters<typeof plantTask>[1], set: Record<string, string | null>) => {
      const task = await plantTask(server.ctx, input);
      ids[key] = task.id;
      codes[key] = task.code;
      await db.updateTable('duty_tasks').set(set).where('id', '=', task.id).execute();
    };
    await plant('onTime', { title: '修订保密工作责任清单', deadline: '2023-02-28', leadUnitId: u1.id, responsiblePersonId: head.id, leadLeaderPersonId: leader.id }, { area_id: secrecyArea, assigned_at: '2023-01-10T02:00:00Z', completed_at: '2023-02-20T02:00:00Z', closed_at: '2023-03-05T02:00:00Z', state: 'closed' });
    await plant('late', { title: '春节前涉密载体清查', deadline: '2023-01-31', leadUnitId: u1.id }, { area_id: secrecyArea, assigned_at: '2023-01-10T02:00:00Z', state: 'in_progress' });
    await plant('lateDone', { title: '文明城市测评问题整改', deadline: '2023-03-15', leadUnitId: u2.id }, { area_id: civilArea, assigned_at: '2023-02-01T02:00:00Z', completed_at: '2023-03-20T02:00:00Z', state: 'completion_reported' });
    await plant('secret', { title: '机密的督办事项', level: 'jimi', deadline: '2023-01-31', leadUnitId: u2.id }, { area_id: civilArea, assigned_at: '2023-01-10T02:00:00Z' });
    await plant('earlier', { title: '上年度事项', deadline: '2022-12-31', leadUnitId: u2.id }, { area_id: civilArea, assigned_at: '2022-12-01T02:00:00Z', completed_at: '2022-12-20T02:00:00Z', state: 'verified' });
    await db.insertInto('duty_events').values({ id: newId(), task_id: ids.lateDone!, at: '2023-03-10T02:00:00Z', actor_id: null, actor_name: 'office', kind: 'sent_back', note: '材料不全', detail: null, level: 'internal' }).execute();
    await db.insertInto('duty_milestones').values({ id: newId(), task_id: ids.onTime!, title: '形成初稿', due_date: '2023-02-10', weight: 40, level: 'internal', created_at: stamp, updated_at: stamp }).execute();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('writes the supervision notice of a task as an official paper addressed to its lead unit', async () => {
    const response = await office.get(`/api/duties/tasks/${ids.onTime}/notice.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`督办通知单-${codes.onTime}.docx`)}`);
    const doc = await openDocx(response.rawPayload);
    expect(doc.paragraphs.slice(0, 5)).toEqual(['内部', '市委督查室', `编号：${codes.onTime}`, '督办通知单', '市委保密办：']);
    for (const text of ['修订保密工作责任清单', '牵头领导', '陈立明', '责任人', '王振华', '办理时限', '2023年2月28日', '形成初稿（2023年2月10日前，权重40）', '办结时报送办结报告']) expect(doc.text).toContain(text);
    expect(doc.paragraphs.at(-1)).toBe('2023年1月10日');
    // A reader who may not read the task is told it does not exist, as on its page.
    expect((await viewer.get(`/api/duties/tasks/${ids.onTime}/notice.docx`)).statusCode).toBe(404);
    expect((await office.get(`/api/duties/tasks/${ids.secret}/notice.docx`)).statusCode).toBe(404);
  });

  it('counts a period per area and lead unit, only over the tasks the reader may read', async () => {
    const response = await office.get('/api/duties/bulletin?from=2023-01-01&to=2023-03-31');
    expect(response.statusCode).toBe(200);
    const b = response.json();
    expect(b.totals).toEqual({ assigned: 3, onTime: 1, overdue: 2, sentBack: 1, closed: 1 });
    expect(b.level).toBe('internal');
    expect(b.areas.map((a: { name: string; assigned: number; overdue: number }) => [a.name, a.assigned, a.overdue])).toEqual([
      ['保密工作责任制', 2, 1],
      ['文明城市创建', 1, 1],
    ]);
    expect(b.units.find((u: { name: string }) => u.name === '市文明办')).toMatchObject({ assigned: 1, onTime: 0, overdue: 1, sentBack: 1, closed: 0 });
    expect(b.overdueTasks.map((o: { code: string; workingDaysOverdue: number; done: boolean }) => [o.code, o.done])).toEqual(expect.arrayContaining([[codes.late, false], [codes.lateDone, true]]));
    expect(response.body).not.toContain('机密的督办事项');
    expect((await office.get('/api/duties/bulletin?from=2023-03-31&to=2023-01-01')).statusCode).toBe(400);
    // A public-cleared viewer counts nothing here: every task is internal.
    expect((await viewer.get('/api/duties/bulletin?from=2023-01-01&to=2023-03-31')).json().totals).toEqual({ assigned: 0, onTime: 0, overdue: 0, sentBack: 0, closed: 0 });
  });

  it('exports the bulletin as a spreadsheet with Chinese headers and as an official paper', async () => {
    const xlsx = await office.get('/api/duties/bulletin/export?from=2023-01-01&to=2023-03-31&lang=zh');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['分类', '名称', '交办', '按期办结', '逾期', '退回', '销号']);
    expect((sheet.getRow(sheet.rowCount).values as unknown[]).slice(1)).toEqual(['合计', '2023-01-01 至 2023-03-31', 3, 1, 2, 1, 1]);

    const docx = await office.get('/api/duties/bulletin/docx?from=2023-01-01&to=2023-03-31');
    expect(docx.statusCode).toBe(200);
    const doc = await openDocx(docx.rawPayload);
    expect(doc.paragraphs[0]).toBe('内部');
    expect(doc.text).toContain('督查督办工作通报');
    expect(doc.text).toContain('2023年1月1日至2023年3月31日，共交办督办事项3项，按期办结1项，逾期2项，办结报告被退回1次，销号1项');
    for (const text of ['一、分责任制情况', '二、分牵头单位情况', '三、逾期事项', codes.late!, '春节前涉密载体清查']) expect(doc.text).toContain(text);
    expect(doc.text).not.toContain('机密的督办事项');
  });
});
