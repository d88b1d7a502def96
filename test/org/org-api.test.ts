import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('organization API on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function setup(overrides: Record<string, string> = {}): Promise<Client> {
    server = await testServer(dialect, overrides);
    return server.signIn({ username: 'clerk', roles: ['clerk'] });
  }

  const auditActions = async () =>
    (await server.ctx.database.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action);

  it('creates, reads, changes and deletes a unit tree, audited', async () => {
    const clerk = await setup();
    const committee = (await clerk.post('/api/units', { name: '市委', nameEn: 'Municipal Party Committee', kind: 'committee', level: 'public' })).json();
    const dept = await clerk.post('/api/units', { name: '市委宣传部', kind: 'department', parentId: committee.id });
    expect(dept.statusCode).toBe(201);
    expect(dept.json()).toMatchObject({ parentId: committee.id, level: 'internal', mark: null });
    const children = (await clerk.get(`/api/units?parentId=${committee.id}`)).json();
    expect(children.items.map((u: { name: string }) => u.name)).toEqual(['市委宣传部']);
    const renamed = await clerk.patch(`/api/units/${dept.json().id}`, { nameEn: 'Publicity Department' });
    expect(renamed.json().nameEn).toBe('Publicity Department');
    const blocked = await clerk.delete(`/api/units/${committee.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.message).toMatch(/1 sub-unit/);
    expect((await clerk.delete(`/api/units/${dept.json().id}`)).statusCode).toBe(204);
    expect((await clerk.get(`/api/units/${dept.json().id}`)).statusCode).toBe(404);
    expect(await auditActions()).toEqual(['user.create', 'auth.login', 'unit.create', 'unit.create', 'unit.list', 'unit.update', 'unit.delete']);
  });

  it('refuses to make a unit its own ancestor', async () => {
    const clerk = await setup();
    const a = (await clerk.post('/api/units', { name: 'A', kind: 'other' })).json();
    const b = (await clerk.post('/api/units', { name: 'B', kind: 'other', parentId: a.id })).json();
    const cycle = await clerk.patch(`/api/units/${a.id}`, { parentId: b.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.message).toMatch(/under itself/);
  });

  it('refuses content above the ceiling with 422 and writes nothing', async () => {
    const clerk = await setup();
    const response = await clerk.post('/api/people', { name: 'Zhang San', level: 'jimi' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'above_ceiling' });
    expect(response.json().error.message).toMatch(/accredited only up to Internal/);
    expect(await server.ctx.database.db.selectFrom('people').select('id').execute()).toEqual([]);
  });

  it('gives a person positions over time and lists the current ones', async () => {
    const clerk = await setup();
    const unit = (await clerk.post('/api/units', { name: '市委', kind: 'committee' })).json();
    const person = (await clerk.post('/api/people', { name: 'Zhao Min', email: 'zhao@example.org' })).json();
    const old = await clerk.post('/api/positions', { personId: person.id, unitId: unit.id, title: '秘书长', startDate: '2018-01-01', endDate: '2021-12-31' });
    expect(old.statusCode).toBe(201);
    await clerk.post('/api/positions', { personId: person.id, unitId: unit.id, title: '副书记', startDate: '2022-01-01' });
    const backwards = await clerk.post('/api/positions', { personId: person.id, unitId: unit.id, title: 'X', startDate: '2022-01-01', endDate: '2021-01-01' });
    expect(backwards.statusCode).toBe(400);
    const badDate = await clerk.post('/api/positions', { personId: person.id, unitId: unit.id, title: 'X', startDate: '2022-02-30' });
    expect(badDate.statusCode).toBe(400);
    const all = (await clerk.get(`/api/positions?personId=${person.id}&sort=startDate`)).json();
    expect(all.items.map((p: { title: string }) => p.title)).toEqual(['秘书长', '副书记']);
    const current = (await clerk.get(`/api/positions?personId=${person.id}&current=true`)).json();
    expect(current.items).toHaveLength(1);
    expect(current.items[0]).toMatchObject({ title: '副书记', personName: 'Zhao Min', unitName: '市委' });
    const inUnit = (await clerk.get(`/api/people?unitId=${unit.id}`)).json();
    expect(inUnit.total).toBe(1);
    // Deleting the person takes their positions along.
    expect((await clerk.delete(`/api/people/${person.id}`)).statusCode).toBe(204);
    expect((await clerk.get(`/api/positions?unitId=${unit.id}`)).json().total).toBe(0);
  });

  it('keeps contact details from viewers', async () => {
    const clerk = await setup();
    const person = (await clerk.post('/api/people', { name: 'Qian Li', phone: '0531-1234567', level: 'public' })).json();
    expect(person.phone).toBe('0531-1234567');
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'], clearance: 'public' });
    const seen = (await viewer.get(`/api/people/${person.id}`)).json();
    expect(seen.name).toBe('Qian Li');
    expect(seen).not.toHaveProperty('phone');
    expect((await viewer.post('/api/people', { name: 'Nope' })).statusCode).toBe(403);
  });

  it('pages, sorts and filters lists, and explains a bad sort', async () => {
    const clerk = await setup();
    for (const name of ['Dai', 'Bai', 'Cao', 'An', 'Eng', 'Fu 100%']) await clerk.post('/api/people', { name });
    const page = (await clerk.get('/api/people?page=2&pageSize=2&sort=name&order=desc')).json();
    expect(page).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(page.items.map((p: { name: string }) => p.name)).toEqual(['Dai', 'Cao']);
    expect((await clerk.get('/api/people?q=a')).json().total).toBe(4);
    expect((await clerk.get('/api/people?q=%25')).json().items.map((p: { name: string }) => p.name)).toEqual(['Fu 100%']);
    expect((await clerk.get('/api/people?q=_')).json().total).toBe(0);
    const bad = await clerk.get('/api/people?sort=password');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Sort by one of: name/);
    expect((await clerk.get('/api/people?pageSize=501')).statusCode).toBe(400);
  });

  it('keeps a study group with ordered members and their current titles', async () => {
    const clerk = await setup();
    const unit = (await clerk.post('/api/units', { name: '市委', kind: 'committee' })).json();
    const group = (await clerk.post('/api/study-groups', { unitId: unit.id, name: '市委理论学习中心组' })).json();
    const people = [];
    for (const name of ['Liu', 'Yu', 'Lei']) people.push((await clerk.post('/api/people', { name })).json());
    await clerk.post('/api/positions', { personId: people[1].id, unitId: unit.id, title: '市委副书记' });
    expect((await clerk.put(`/api/study-groups/${group.id}/members/${people[0].id}`, { role: 'leader' })).statusCode).toBe(200);
    await clerk.put(`/api/study-groups/${group.id}/members/${people[1].id}`, { role: 'member' });
    await clerk.put(`/api/study-groups/${group.id}/members/${people[2].id}`, { role: 'study_secretary' });
    const read = (await clerk.get(`/api/study-groups/${group.id}`)).json();
    expect(read.memberCount).toBe(3);
    expect(read.members.map((m: { personName: string; role: string }) => `${m.personName}:${m.role}`)).toEqual(['Liu:leader', 'Yu:member', 'Lei:study_secretary']);
    expect(read.members[1].titles).toEqual(['市委副书记']);
    expect((await clerk.put(`/api/study-groups/${group.id}/members/${people[2].id}`, { role: 'boss' })).statusCode).toBe(400);
    expect((await clerk.delete(`/api/study-groups/${group.id}/members/${people[2].id}`)).statusCode).toBe(204);
    expect((await clerk.delete(`/api/study-groups/${group.id}/members/${people[2].id}`)).statusCode).toBe(404);
    expect((await clerk.delete(`/api/units/${unit.id}`)).statusCode).toBe(409);
  });

  it('exports what the list shows as XLSX and CSV', async () => {
    const clerk = await setup();
    await clerk.post('/api/people', { name: '王五', nameEn: 'Wang Wu' });
    await clerk.post('/api/people', { name: 'Other' });
    const xlsx = await clerk.get('/api/people/export?format=xlsx&q=%E7%8E%8B');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('people')!;
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['ID', 'Name', 'English name']));
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('王五');
    const csv = await clerk.get('/api/people/export?format=csv');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body).toContain('Wang Wu');
    expect(await auditActions()).toContain('person.export');
  });

  it('answers unknown addresses, bad JSON and bad ids with the one error shape', async () => {
    const clerk = await setup();
    const missing = await clerk.get('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const badJson = await server.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.message).toBeTruthy();
    const unknownUnit = await clerk.get('/api/units/does-not-exist');
    expect(unknownUnit.statusCode).toBe(404);
    expect(unknownUnit.json().error.message).toMatch(/No unit with id does-not-exist/);
    const unauth = await server.app.inject({ method: 'GET', url: '/api/units' });
    expect(unauth.statusCode).toBe(401);
    expect(unauth.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first.', params: {} } });
  });

  it('serves the OpenAPI document', async () => {
    await setup();
    const doc = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/units', '/api/people/{id}', '/api/auth/login', '/api/import/{kind}', '/api/audit/verify']));
  });
});
