import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('CSV import on %s', (dialect) => {
  let server: TestServer;
  let clerk: Client;
  afterEach(() => server.dispose());

  async function setup() {
    server = await testServer(dialect);
    clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
  }
  const count = async (table: 'units' | 'people' | 'positions') => (await server.ctx.database.db.selectFrom(table).select('id').execute()).length;

  it('imports a unit tree whose rows name parents from earlier rows', async () => {
    await setup();
    const csv = '\uFEFFname,name_en,kind,parent,sort_order,level\n市委,Municipal Party Committee,committee,,1,public\n市委办公室,General Office,department,市委,2,\n市委宣传部,,department,市委,3,internal\n';
    const response = await clerk.post('/api/import/units', { csv });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'units', created: 3, errors: [] });
    const tree = (await clerk.get('/api/units?sort=sortOrder')).json().items;
    expect(tree[1]).toMatchObject({ name: '市委办公室', parentId: tree[0].id, level: 'internal' });
  });

  it('rejects the whole file when one row is bad, naming the row and column', async () => {
    await setup();
    const csv = 'name,email,level\nGood Person,good@example.org,internal\nBad Person,not-an-email,internal\nSecret Person,,jimi\n';
    const response = await clerk.post('/api/import/people', { csv });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('import_rejected');
    expect(error.message).toMatch(/nothing was imported/);
    expect(error.details.errors).toEqual([
      { row: 3, column: 'email', code: 'import_field_invalid', params: { column: 'email' }, message: 'Not an e-mail address.', messageZh: '电子邮件：不是有效的电子邮件地址。' },
      { row: 4, column: 'level', code: 'import_level_too_high', params: { level: 'jimi' }, message: expect.stringMatching(/above what this system/), messageZh: '密级“机密”超出本系统或您的涉密等级所允许的范围。' },
    ]);
    expect(await count('people')).toBe(0);
    const events = await server.ctx.database.db.selectFrom('audit_events').select('action').execute();
    expect(events.map((e) => e.action)).not.toContain('person.create');
  });

  it('previews without writing', async () => {
    await setup();
    const response = await clerk.post('/api/import/people', { csv: 'name\nA\n\nB\n', dryRun: true });
    expect(response.json()).toMatchObject({ dryRun: true, created: 0, errors: [] });
    expect(response.json().rows.map((r: { row: number; values: { name: string } }) => [r.row, r.values.name])).toEqual([
      [2, 'A'],
      [3, 'B'],
    ]);
    expect(await count('people')).toBe(0);
  });

  it('matches positions to people and units by name and reports what it cannot match', async () => {
    await setup();
    await clerk.post('/api/import/units', { csv: 'name,kind\n市委,committee\n' });
    await clerk.post('/api/import/people', { csv: 'name\nZhou Yi\nTwin\nTwin\n' });
    const bad = await clerk.post('/api/import/positions', { csv: 'person,unit,title,start_date\nZhou Yi,市委,书记,2023-01-01\nNobody,市委,委员,\nTwin,市政府,委员,2023-13-01\n' });
    expect(bad.statusCode).toBe(422);
    const messages = bad.json().error.details.errors.map((e: { row: number; column: string; message: string }) => `${e.row}:${e.column}:${e.message}`);
    expect(messages).toEqual([
      '3:person:No person named "Nobody" exists.',
      '4:person:2 persons are named "Twin"; give the id instead of the name.',
      '4:unit:No unit named "市政府" exists.',
      '4:start_date:Not a calendar date.',
    ]);
    const good = await clerk.post('/api/import/positions', { csv: 'person,unit,title,start_date\nZhou Yi,市委,书记,2023-01-01\n' });
    expect(good.json().created).toBe(1);
    expect((await clerk.get('/api/positions')).json().items[0]).toMatchObject({ personName: 'Zhou Yi', unitName: '市委', title: '书记' });
  });

  it('explains a wrong header, an empty file and a viewer without the right', async () => {
    await setup();
    const header = await clerk.post('/api/import/people', { csv: 'fullname,mail\nA,b\n' });
    expect(header.statusCode).toBe(400);
    expect(header.json().error.message).toBe('Missing column(s): name. Unknown column(s): fullname, mail. The columns are: name, name_en, email, phone, note, level.');
    expect((await clerk.post('/api/import/people', { csv: 'name\n' })).json().created).toBe(0);
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    expect((await viewer.post('/api/import/people', { csv: 'name\nA\n' })).statusCode).toBe(403);
    const template = await clerk.get('/api/import/positions/template');
    expect(template.body).toContain('person,unit,title,title_en,rank,start_date,end_date,level');
  });
});
