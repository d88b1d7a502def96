import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, now } from '../../src/ids.ts';
import { createPerson } from '../../src/org/people.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

const HEADER = ['标题', '内容', '密级', '责任制', '牵头领导', '牵头单位', '配合单位', '办理时限', '报送频次'];

async function xlsx(rows: (string | Date)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('督办事项');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}
const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\n')}\n`).toString('base64');

describe.each(DIALECTS)('task import (%s)', (dialect) => {
  let server: TestServer;
  let office: Client;
  let viewer: Client;
  const count = async () => Number((await server.ctx.database.db.selectFrom('duty_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    server = await testServer(dialect);
    office = await server.signIn({ username: 'office', roles: ['supervisor'] });
    viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    const admin = systemActor('test');
    await createUnit(server.ctx, admin, { name: '市委保密办', kind: 'department' });
    await createUnit(server.ctx, admin, { name: '市委办公室', kind: 'department' });
    await createPerson(server.ctx, admin, { name: '陈立明' });
    const stamp = now();
    await server.ctx.database.db.insertInto('duty_areas').values({ id: newId(), name: '保密工作责任制', name_en: null, description: null, level: 'public', created_at: stamp, updated_at: stamp }).execute();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('offers a template with Chinese headers', async () => {
    const response = await office.get('/api/duties/tasks/import/template');
    expect(response.statusCode).toBe(200);
    expect(response.body.replace('\uFEFF', '').split('\n')[0]).toBe('标题,内容,密级,责任制,来源类型,来源说明,来源日期,牵头领导,牵头单位,责任人,配合单位,办理时限,报送频次,报送日期');
  });

  it('registers every row of a workbook, names resolved, or checks them only in a dry run', async () => {
    const content = await xlsx([
      HEADER,
      ['做好春节期间保密工作', '开展节前保密检查', '内部', '保密工作责任制', '陈立明', '市委保密办', '市委办公室', new Date(Date.UTC(2023, 1, 28)), '每月'],
      ['修订保密工作责任清单', '', '公开', '', '', '市委办公室', '', '2023-03-31', '一次'],
    ]);
    const dry = await office.post('/api/duties/tasks/import', { format: 'xlsx', contentBase64: content, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 2, created: 0 });
    expect(await count()).toBe(0);

    const response = await office.post('/api/duties/tasks/import', { format: 'xlsx', contentBase64: content });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rows: 2, created: 2, errors: [] });
    const tasks = (await office.get('/api/duties/tasks?sort=title')).json().items as { title: string; state: string; deadline: string; level: string; area: { name: string } | null; leadUnit: { name: string }; leadLeader: { name: string } | null; cooperatingUnits: { name: string }[]; reportFrequency: string }[];
    const spring = tasks.find((t) => t.title === '做好春节期间保密工作')!;
    expect(spring).toMatchObject({ state: 'registered', deadline: '2023-02-28', level: 'internal', area: { name: '保密工作责任制' }, leadUnit: { name: '市委保密办' }, leadLeader: { name: '陈立明' }, reportFrequency: 'monthly' });
    expect(spring.cooperatingUnits.map((u) => u.name)).toEqual(['市委办公室']);
    expect(tasks.find((t) => t.title === '修订保密工作责任清单')).toMatchObject({ level: 'public', reportFrequency: 'once', area: null });
    const audit = await server.ctx.database.db.selectFrom('audit_events').select('action').where('action', 'in', ['duty_task.create', 'duty_task.import']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['duty_task.create', 'duty_task.create', 'duty_task.import']);
  });

  it('imports nothing when any row is wrong, and names each problem by row and column in Chinese and English', async () => {
    const before = await count();
    const response = await office.post('/api/duties/tasks/import', {
      format: 'csv',
      contentBase64: csv([
        HEADER,
        ['一项没有问题的事项', '', '内部', '', '', '市委保密办', '', '2023-04-30', '每月'],
        ['写错单位的事项', '', '内部', '', '', '市委不存在办', '', '2023-04-30', '每月'],
        ['日期写错的事项', '', '机密', '', '', '', '', '2023-02-30', '每天'],
      ]),
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('import_rejected');
    const errors = error.details.errors as { row: number; column: string | null; message: string; messageZh: string }[];
    expect(errors.map((e) => [e.row, e.column])).toEqual(
      expect.arrayContaining([
        [3, '牵头单位'],
        [4, '报送频次'],
        [4, '办理时限'],
      ]),
    );
    expect(errors.find((e) => e.row === 3)!.messageZh).toBe('没有名为“市委不存在办”的单位。');
    expect(errors.every((e) => e.row !== 2)).toBe(true);
    // 机密 is above this deployment's ceiling (internal): refused for the row, with the reason.
    expect(errors.some((e) => e.row === 4 && /accredited/.test(e.message))).toBe(true);
    expect(await count()).toBe(before);
  });

  it('is for the supervision office only, and refuses a file it cannot read', async () => {
    expect((await viewer.post('/api/duties/tasks/import', { format: 'csv', contentBase64: csv([HEADER]) })).statusCode).toBe(403);
    const unknown = await office.post('/api/duties/tasks/import', { format: 'csv', contentBase64: csv([['标题', '期限'], ['x', '2023-01-01']]) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('办理时限');
    expect((await office.post('/api/duties/tasks/import', { format: 'xlsx', contentBase64: csv([HEADER, ['a']]) })).statusCode).toBe(400);
  });
});
