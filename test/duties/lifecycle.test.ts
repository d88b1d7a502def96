import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/org/accounts.ts';
import { createPerson } from '../../src/org/people.ts';
import { createPosition } from '../../src/org/positions.ts';
import { createUnit } from '../../src/org/units.ts';
import { systemActor } from '../../src/security/actor.ts';
import type { Level } from '../../src/security/levels.ts';
import type { Role } from '../../src/security/roles.ts';
import { DIALECTS } from '../helpers/db.ts';
import { login, TEST_PASSWORD, testServer, type Client, type TestServer } from '../helpers/http.ts';

interface Task {
  id: string;
  state: string;
  light: string;
  lightReasons: string[];
  deadline: string;
  progress: number;
  sentBack: boolean;
  level: string;
  source: { kind: string; sessionId: string | null; conclusionId: string | null };
  events: { kind: string; note: string | null; detail: Record<string, unknown> }[];
  reports: { id: string; kind: string; period: string | null; files: { id: string; name: string; size: number }[] }[];
  extensions: { id: string; state: string }[];
  may: Record<string, boolean>;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe.each(DIALECTS)('duties lifecycle over the API on %s', (dialect) => {
  let server: TestServer;
  let sup: Client;
  let sup2: Client;
  let handler: Client;
  let outsider: Client;
  let leader: Client;
  let low: Client;
  let viewer: Client;
  let admin: Client;
  const ids = {} as Record<'unit' | 'other' | 'head' | 'clerk' | 'leader' | 'sup' | 'sup2' | 'outsider' | 'low' | 'session' | 'conclusion' | 'task', string>;

  beforeAll(async () => {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const ctx = server.ctx;
    const sys = systemActor('test');
    const unit = await createUnit(ctx, sys, { name: '市委保密办', kind: 'department', level: 'public' });
    const other = await createUnit(ctx, sys, { name: '市委宣传部', kind: 'department', level: 'public' });
    ids.unit = unit.id;
    ids.other = other.id;
    const person = async (name: string) => (await createPerson(ctx, sys, { name, level: 'public' })).id;
    ids.head = await person('周明远');
    ids.clerk = await person('孙晓雯');
    ids.leader = await person('陈立新');
    ids.sup = await person('赵督查');
    ids.sup2 = await person('钱督查');
    ids.outsider = await person('吴外单');
    ids.low = await person('郑低密');
    await createPosition(ctx, sys, { personId: ids.head, unitId: unit.id, title: '主任', level: 'public' });
    await createPosition(ctx, sys, { personId: ids.clerk, unitId: unit.id, title: '干事', level: 'public' });
    await createPosition(ctx, sys, { personId: ids.outsider, unitId: other.id, title: '干事', level: 'public' });
    const account = async (username: string, roles: Role[], personId: string | null, clearance: Level = 'internal') => {
      const { user } = await createUser(ctx, sys, { username, displayName: username, password: TEST_PASSWORD, roles, clearance: clearance === 'jimi' ? 'internal' : clearance, personId });
      // A state-secret clearance needs TOTP at sign-in through the app; the test sets it underneath.
      await ctx.database.db.updateTable('users').set({ password_by_admin: 0, clearance }).where('id', '=', user.id).execute();
      return login(server.app, username, TEST_PASSWORD, user.id);
    };
    sup = await account('sup', ['supervisor'], ids.sup, 'jimi');
    sup2 = await account('sup2', ['supervisor'], ids.sup2);
    handler = await account('handler', ['clerk'], ids.clerk);
    outsider = await account('outsider', ['clerk'], ids.outsider);
    leader = await account('leader', ['leader'], ids.leader);
    low = await account('low', ['clerk', 'leader'], ids.low);
    viewer = await account('viewer', ['viewer'], null, 'public');
    admin = await account('admin', ['admin'], null);
    // A session with a requirement, written through the study API.
    const clerk = await account('studyclerk', ['clerk'], null);
    const groupRow = await ctx.database.db.insertInto('study_groups').values({ id: 'g1', unit_id: unit.id, name: '中心组', name_en: null, description: null, level: 'public', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }).returning('id').executeTakeFirstOrThrow();
    const session = await clerk.post('/api/study/sessions', { groupId: groupRow.id, date: '2026-01-20', halfDay: 'afternoon', status: 'held', level: 'public' });
    expect(session.statusCode, session.body).toBe(201);
    ids.session = session.json().id;
    const withConclusion = await clerk.post(`/api/study/sessions/${ids.session}/conclusions`, {
      kind: 'requirement',
      text: 'The meeting emphasized that it is necessary to fully understand the extreme importance of confidentiality work and earnestly do a good job in various confidentiality and security tasks.',
    });
    expect(withConclusion.statusCode, withConclusion.body).toBe(201);
    ids.conclusion = withConclusion.json().conclusions[0].id;
  });
  afterAll(async () => server?.dispose());

  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Task> => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as Task;
  };
  const eventCount = async (taskId: string) => Number((await server.ctx.database.db.selectFrom('duty_events').select((eb) => eb.fn.countAll().as('n')).where('task_id', '=', taskId).executeTakeFirstOrThrow()).n);

  it('takes a requirement through assignment, acceptance, two reports, a send-back, an extension, completion, verification and closing', async () => {
    const made = await sup.post('/api/duties/from-session', { sessionId: ids.session, conclusionIds: [ids.conclusion], deadline: '2027-06-30', leadUnitId: ids.unit, responsiblePersonId: ids.head, leadLeaderPersonId: ids.leader });
    expect(made.statusCode, made.body).toBe(201);
    const [created] = made.json().items as Task[];
    expect(created!.state).toBe('registered');
    expect(created!.source).toMatchObject({ kind: 'requirement', sessionId: ids.session, conclusionId: ids.conclusion });
    const id = created!.id;
    ids.task = id;
    // Shown both ways: the session's conclusions list the task.
    const both = (await sup.get(`/api/duties/sessions/${ids.session}/conclusions`)).json().items;
    expect(both[0].tasks.map((t: { id: string }) => t.id)).toEqual([id]);

    let task = await ok(sup.post(`/api/duties/tasks/${id}/assign`, { note: '请按期办理' }));
    expect(task.state).toBe('assigned');
    expect(task.may.accept).toBe(false);
    expect((await ok(handler.get(`/api/duties/tasks/${id}`))).may.accept).toBe(true);
    task = await ok(handler.post(`/api/duties/tasks/${id}/accept`, {}));
    expect(task.state).toBe('accepted');

    await ok(handler.post(`/api/duties/tasks/${id}/reports`, { percent: 30, narrative: '已制定工作方案', files: [{ name: '方案.txt', mediaType: 'text/plain', contentBase64: b64('工作方案') }] }), 201);
    task = await ok(handler.post(`/api/duties/tasks/${id}/reports`, { percent: 60, narrative: '已完成自查', files: [{ name: 'check.pdf', mediaType: 'application/pdf', contentBase64: b64('%PDF-1.4 test') }] }), 201);
    expect(task.state).toBe('in_progress');
    expect(task.progress).toBe(60);
    const periods = task.reports.map((r) => r.period);
    expect(new Set(periods).size).toBe(2);
    const file = task.reports[0]!.files[0]!;
    const download = await handler.get(`/api/duties/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('工作方案');

    task = await ok(handler.post(`/api/duties/tasks/${id}/complete`, { narrative: '已全部完成' }));
    expect(task.state).toBe('completion_reported');
    task = await ok(sup.post(`/api/duties/tasks/${id}/verify`, { outcome: 'send_back', reason: '佐证材料不全' }));
    expect(task).toMatchObject({ state: 'in_progress', sentBack: true, light: 'red' });
    expect(task.lightReasons).toContain('sent_back');

    task = await ok(handler.post(`/api/duties/tasks/${id}/extensions`, { newDeadline: '2027-09-30', reason: '需补充材料' }), 201);
    const extension = task.extensions[0]!;
    expect((await handler.post(`/api/duties/extensions/${extension.id}/decide`, { approve: true })).statusCode).toBe(403);
    task = await ok(leader.post(`/api/duties/extensions/${extension.id}/decide`, { approve: true, note: '同意' }));
    expect(task.deadline).toBe('2027-09-30');
    expect(task.events.find((e) => e.kind === 'deadline_changed')!.detail).toMatchObject({ oldDeadline: '2027-06-30', newDeadline: '2027-09-30' });

    await ok(leader.post(`/api/duties/tasks/${id}/instructions`, { text: '抓紧补齐材料', date: '2026-12-01' }), 201);
    await ok(sup.post(`/api/duties/tasks/${id}/reminders`, { note: '请尽快补充' }), 201);
    await ok(handler.post(`/api/duties/tasks/${id}/complete`, { narrative: '材料已补齐', files: [{ name: '补充.txt', mediaType: 'text/plain', contentBase64: b64('补充材料') }] }));
    task = await ok(sup2.post(`/api/duties/tasks/${id}/verify`, { outcome: 'accept' }));
    expect(task.state).toBe('verified');
    task = await ok(sup2.post(`/api/duties/tasks/${id}/close`, {}));
    expect(task).toMatchObject({ state: 'closed', light: 'grey', progress: 100 });
    expect(task.events.map((e) => e.kind)).toEqual([
      'registered', 'assigned', 'accepted', 'reported', 'reported', 'completion_reported', 'sent_back',
      'extension_requested', 'extension_approved', 'deadline_changed', 'instruction', 'reminded', 'completion_reported', 'verified', 'closed',
    ]);
    const audit = await server.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', id).where('action', 'like', 'duty_task.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['duty_task.create', 'duty_task.assign', 'duty_task.accept', 'duty_task.report', 'duty_task.send_back', 'duty_task.extension_approve', 'duty_task.verify', 'duty_task.close']));
  });

  it('refuses steps by the wrong role or person with a 4xx and writes nothing', async () => {
    const created = await ok(sup.post('/api/duties/tasks', { title: '落实保密责任制', level: 'internal', deadline: '2027-03-31', leadUnitId: ids.unit, responsiblePersonId: ids.head }), 201);
    const id = created.id;
    expect((await handler.post('/api/duties/tasks', { title: 'x', deadline: '2027-03-31' })).statusCode).toBe(403);
    expect((await handler.post(`/api/duties/tasks/${id}/assign`, {})).statusCode).toBe(403);
    expect((await sup.post(`/api/duties/tasks/${id}/close`, {})).statusCode).toBe(409);
    await ok(sup.post(`/api/duties/tasks/${id}/assign`, {}));
    const before = await eventCount(id);
    for (const [client, status] of [[outsider, 403], [sup, 403], [viewer, 404]] as const) {
      expect((await client.post(`/api/duties/tasks/${id}/accept`, {})).statusCode).toBe(status);
    }
    expect((await handler.post(`/api/duties/tasks/${id}/reports`, { percent: 10, narrative: 'x' })).statusCode).toBe(409);
    expect((await handler.post(`/api/duties/tasks/${id}/extensions`, { newDeadline: '2027-01-01', reason: 'earlier' })).statusCode).toBe(422);
    await ok(handler.post(`/api/duties/tasks/${id}/accept`, {}));
    // An oversized file refuses the whole report: no report, no file, no event.
    const big = Buffer.alloc(1024 * 1024 + 1, 65).toString('base64');
    const oversize = await handler.post(`/api/duties/tasks/${id}/reports`, { percent: 10, narrative: 'x', files: [{ name: 'big.bin', mediaType: 'application/octet-stream', contentBase64: big }] });
    expect(oversize.statusCode).toBe(422);
    expect(await server.ctx.database.db.selectFrom('duty_reports').select('id').where('task_id', '=', id).execute()).toEqual([]);
    expect(await eventCount(id)).toBe(before + 1);
    await ok(handler.post(`/api/duties/tasks/${id}/complete`, { narrative: 'done' }));
    expect((await handler.post(`/api/duties/tasks/${id}/verify`, { outcome: 'accept' })).statusCode).toBe(403);
    expect((await sup.post(`/api/duties/tasks/${id}/verify`, { outcome: 'send_back' })).statusCode).toBe(422);
    // Cancellation: asked by the office, approved by a leader who did not ask.
    await ok(sup.post(`/api/duties/tasks/${id}/cancellation`, { reason: '任务调整' }));
    expect((await sup.post(`/api/duties/tasks/${id}/cancellation/decide`, { approve: true })).statusCode).toBe(403);
    const cancelled = await ok(leader.post(`/api/duties/tasks/${id}/cancellation/decide`, { approve: true }));
    expect(cancelled).toMatchObject({ state: 'cancelled', light: 'grey' });
    expect((await admin.delete(`/api/duties/tasks/${id}`)).statusCode).toBe(403);
  });

  it('keeps a 机密 task and everything on it from a reader outside its scope', async () => {
    const secret = await ok(sup.post('/api/duties/tasks', { title: '机密事项代号青松', content: '青松行动细节', level: 'jimi', deadline: '2027-05-31', leadUnitId: ids.unit, responsiblePersonId: ids.head, milestones: [{ title: '青松节点', dueDate: '2027-02-01', weight: 1 }] }), 201);
    const lowList = await low.get('/api/duties/tasks?pageSize=500');
    expect(lowList.body).not.toContain(secret.id);
    expect(lowList.body).not.toContain('青松');
    expect((await low.get(`/api/duties/tasks/${secret.id}`)).statusCode).toBe(404);
    expect((await low.get(`/api/duties/tasks?q=${encodeURIComponent('青松')}`)).json().total).toBe(0);
    expect((await low.post(`/api/duties/tasks/${secret.id}/instructions`, { text: 'x', date: '2026-12-01' })).statusCode).toBe(404);
    expect((await low.post(`/api/duties/milestones/${(await ok(sup.get(`/api/duties/tasks/${secret.id}`))).id}`, { done: true })).statusCode).toBe(404);
    for (const as of ['responsible', 'unit', 'leader', 'to_accept', 'overdue']) expect((await low.get(`/api/duties/tasks/mine?as=${as}`)).body).not.toContain(secret.id);
    // The writer knows it; a 机密 task cannot be made from or lowered below its conclusion's level.
    expect((await sup.get(`/api/duties/tasks/${secret.id}`)).json().title).toBe('机密事项代号青松');
    expect((await sup.post('/api/duties/tasks', { title: 'x', level: 'public', deadline: '2027-05-31', source: { kind: 'requirement', conclusionId: ids.conclusion } })).statusCode).toBe(201);
    await server.ctx.database.db.updateTable('conclusions').set({ level: 'internal' }).where('id', '=', ids.conclusion).execute();
    const below = await sup.post('/api/duties/from-session', { sessionId: ids.session, conclusionIds: [ids.conclusion], level: 'public', deadline: '2027-05-31' });
    expect(below.statusCode).toBe(422);
    expect(below.json().error.code).toBe('level_below_source');
    await server.ctx.database.db.updateTable('conclusions').set({ level: 'public' }).where('id', '=', ids.conclusion).execute();
  });

  it('turns the light at the right working day around the Spring Festival and its adjusted working days', async () => {
    const year = [
      ...['21', '22', '23', '24', '25', '26', '27'].map((d) => ({ day: `2023-01-${d}`, kind: 'holiday', name: '春节' })),
      { day: '2023-01-28', kind: 'workday', name: '春节调休' },
      { day: '2023-01-29', kind: 'workday', name: '春节调休' },
    ];
    expect((await sup.put('/api/duties/holidays/2023', { items: year })).statusCode).toBe(403);
    const imported = await admin.put('/api/duties/holidays/2023', { items: year });
    expect(imported.statusCode, imported.body).toBe(200);
    const task = await ok(sup.post('/api/duties/tasks', { title: '春节前安全检查', level: 'internal', deadline: '2023-01-31' }), 201);
    const light = async (day: string) => (await ok(sup.get(`/api/duties/tasks/${task.id}?asOf=${day}`))).light;
    // 27 January is a holiday: 28, 29 (worked), 30 and 31 are four working days ahead, so still green.
    expect(await light('2023-01-20')).toBe('green');
    expect(await light('2023-01-27')).toBe('green');
    // On Saturday 28 January, a working day, three remain: yellow.
    expect(await light('2023-01-28')).toBe('yellow');
    expect(await light('2023-01-31')).toBe('yellow');
    expect(await light('2023-02-01')).toBe('red');
    // Without the calendar 27 January would have had two working days left.
    expect((await admin.delete('/api/duties/holidays/2023-01-28')).statusCode).toBe(204);
    expect((await admin.delete('/api/duties/holidays/2023-01-29')).statusCode).toBe(204);
    expect(await light('2023-01-28')).toBe('yellow');
    await admin.put('/api/duties/holidays/2023', { items: [] });
    expect(await light('2023-01-27')).toBe('yellow');
    const reds = (await sup.get('/api/duties/tasks?light=red&asOf=2023-02-01&pageSize=500')).json().items.map((t: { id: string }) => t.id);
    expect(reds).toContain(task.id);
  });
});
