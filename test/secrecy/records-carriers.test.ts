import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('carriers register on %s', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  async function setup(): Promise<{ officer: Client; clerk: Client; custodian: string; unit: string }> {
    server = await testServer(dialect);
    const officer = await server.signIn({ username: 'officer', roles: ['secrecy_officer'] });
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const custodian = (await clerk.post('/api/people', { name: 'Sun Mei' })).json().id;
    const unit = (await clerk.post('/api/units', { name: '市委办公室', kind: 'department' })).json().id;
    return { officer, clerk, custodian, unit };
  }

  const carrier = (extra: Record<string, unknown> = {}) => ({
    title: '关于2026年重点工作安排的通知',
    number: '市委办〔2026〕12号',
    mark: '秘密★6个月',
    issuedOn: '2026-03-31',
    location: '机要室 3号柜',
    copies: 2,
    receivedOn: '2026-04-01',
    ...extra,
  });

  it('registers a carrier whose period end follows from its mark, kept at internal level', async () => {
    const { officer, custodian, unit } = await setup();
    const created = await officer.post('/api/secrecy/carriers', carrier({ custodianPersonId: custodian, scope: { people: [custodian], units: [unit] }, scopeApprovedBy: '办公室主任 Zhao' }));
    expect(created.statusCode).toBe(201);
    // Six months from 31 March is 30 September: the month has no 31st.
    expect(created.json()).toMatchObject({ level: 'mimi', mark: '秘密★6个月', periodEnd: '2026-09-30', recordLevel: 'internal', state: 'held', custodianName: 'Sun Mei', copies: 2 });
    expect(created.json().scope.map((s: { name: string }) => s.name).sort()).toEqual(['Sun Mei', '市委办公室']);
    const defaulted = await officer.post('/api/secrecy/carriers', carrier({ mark: '机密★', issuedOn: '2026-01-10', title: '会议纪要' }));
    expect(defaulted.json()).toMatchObject({ level: 'jimi', periodEnd: '2046-01-10' });
    const longTerm = await officer.post('/api/secrecy/carriers', carrier({ mark: '绝密★长期', title: '档案' }));
    expect(longTerm.json()).toMatchObject({ level: 'juemi', periodEnd: null });
    const stored = await server.ctx.database.db.selectFrom('carriers').select('level').distinct().execute();
    expect(stored).toEqual([{ level: 'internal' }]);
  });

  it('refuses a ★ in the title, a malformed mark, a level that disagrees, and a scope without approval', async () => {
    const { officer, custodian } = await setup();
    const starred = await officer.post('/api/secrecy/carriers', carrier({ title: '秘密★6个月 关于…的通知' }));
    expect(starred.statusCode).toBe(422);
    // On a system below 秘密 the ceiling guard refuses it first: only the mark field may carry a mark.
    expect(starred.json().error).toMatchObject({ code: 'above_ceiling', details: { field: 'body.title' } });
    const badMark = await officer.post('/api/secrecy/carriers', carrier({ mark: '秘密6个月' }));
    expect(badMark.statusCode).toBe(422);
    expect(badMark.json().error.code).toBe('invalid_mark');
    const mismatch = await officer.post('/api/secrecy/carriers', carrier({ level: 'jimi' }));
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('level_mismatch');
    const unapproved = await officer.post('/api/secrecy/carriers', carrier({ scope: { people: [custodian] } }));
    expect(unapproved.statusCode).toBe(422);
    expect(unapproved.json().error.code).toBe('approval_required');
    const ok = (await officer.post('/api/secrecy/carriers', carrier())).json();
    const renamed = await officer.patch(`/api/secrecy/carriers/${ok.id}`, { title: '绝密★ x' });
    expect(renamed.statusCode).toBe(422);
    expect(await server.ctx.database.db.selectFrom('carriers').select('id').execute()).toHaveLength(1);
  });

  it('records return or destruction once, with date and witness, and logs scope changes with their approval', async () => {
    const { officer, custodian, unit } = await setup();
    const c = (await officer.post('/api/secrecy/carriers', carrier())).json();
    const scoped = await officer.put(`/api/secrecy/carriers/${c.id}/scope`, { people: [custodian], units: [unit], approvedBy: '分管领导 Qian' });
    expect(scoped.json().scope).toHaveLength(2);
    const narrowed = await officer.put(`/api/secrecy/carriers/${c.id}/scope`, { people: [custodian], approvedBy: '分管领导 Qian' });
    expect(narrowed.json().scope).toHaveLength(1);
    const events = await server.ctx.database.db.selectFrom('audit_events').select('detail').where('action', '=', 'carrier.scope').orderBy('seq').execute();
    expect(JSON.parse(events[1]!.detail)).toMatchObject({ approvedBy: '分管领导 Qian', added: [], removed: [{ subject_type: 'unit', subject_id: unit }] });
    const destroyed = await officer.post(`/api/secrecy/carriers/${c.id}/state`, { state: 'destroyed', on: '2026-05-01', witness: 'Zhou Li' });
    expect(destroyed.json()).toMatchObject({ state: 'destroyed', stateOn: '2026-05-01', stateWitness: 'Zhou Li' });
    const again = await officer.post(`/api/secrecy/carriers/${c.id}/state`, { state: 'returned', on: '2026-05-02', witness: 'Zhou Li' });
    expect(again.statusCode).toBe(409);
    const noWitness = await officer.post(`/api/secrecy/carriers/${c.id}/state`, { state: 'returned', on: '2026-05-02', witness: '' });
    expect(noWitness.statusCode).toBe(400);
  });

  it('exports the register to XLSX', async () => {
    const { officer, custodian } = await setup();
    await officer.post('/api/secrecy/carriers', carrier({ custodianPersonId: custodian }));
    await officer.post('/api/secrecy/carriers', carrier({ title: '第二份', mark: '机密★10年' }));
    const response = await officer.get('/api/secrecy/carriers/export?format=xlsx&sort=title');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    const values = sheet.getRow(2).values as unknown[];
    expect(values).toContain('秘密★6个月');
    expect(values).toContain('2026-09-30');
    expect(values).toContain('Sun Mei');
  });

  it('is closed to viewers and clerks, readable by leaders, writable only by secrecy officers', async () => {
    const { officer, clerk } = await setup();
    const c = (await officer.post('/api/secrecy/carriers', carrier())).json();
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    for (const url of ['/api/secrecy/carriers', `/api/secrecy/carriers/${c.id}`, '/api/secrecy/carriers/export']) {
      expect((await viewer.get(url)).statusCode).toBe(403);
      expect((await clerk.get(url)).statusCode).toBe(403);
    }
    expect((await leader.get('/api/secrecy/carriers')).json().total).toBe(1);
    expect((await leader.get(`/api/secrecy/carriers/${c.id}`)).statusCode).toBe(200);
    expect((await leader.post('/api/secrecy/carriers', carrier())).statusCode).toBe(403);
    const reads = await server.ctx.database.db.selectFrom('audit_events').select('action').where('action', 'in', ['carrier.read', 'carrier.list']).execute();
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });
});
