import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

describe.each(DIALECTS)('study sessions on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function setup() {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
    const leader = await server.signIn({ username: 'leader', roles: ['leader'] });
    const created = await clerk.post('/api/study/sessions', {
      groupId: org.group.id,
      date: '2024-03-05',
      halfDay: 'afternoon',
      place: 'Room 1',
      form: 'thematic_discussion',
      hostPersonId: org.people[0].id,
      organizingBody: 'District Committee',
      themes: [{ text: '学习保密工作责任制' }, { text: 'Study socialist spiritual civilization' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    return { org, clerk, leader, session: created.json() };
  }

  it('creates a session with themes and every member on the attendance list, and changes it', async () => {
    const { org, clerk, session } = await setup();
    expect(session).toMatchObject({ status: 'planned', level: 'internal', halfDay: 'afternoon', host: { name: 'Zhang San', titles: [{ zh: '职务0', en: 'Post 0' }] } });
    expect(session.themes.map((t: { text: string }) => t.text)).toEqual(['学习保密工作责任制', 'Study socialist spiritual civilization']);
    expect(session.attendance).toHaveLength(3);
    expect(session.attendance.every((a: { status: string }) => a.status === 'present')).toBe(true);

    const patched = await clerk.patch(`/api/study/sessions/${session.id}`, { place: 'Room 2', status: 'held' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ place: 'Room 2', status: 'held' });

    const list = await clerk.get(`/api/study/sessions?groupId=${org.group.id}&year=2024`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: session.id, hostName: 'Zhang San', themes: ['学习保密工作责任制', 'Study socialist spiritual civilization'] }] });

    const bad = await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2024-03-06' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/half-day/);

    const other = await clerk.post('/api/study/sessions', { groupId: org.group.id, date: '2024-04-01', startTime: '09:00', endTime: '11:30' });
    expect(other.statusCode).toBe(201);
    expect((await clerk.delete(`/api/study/sessions/${other.json().id}`)).statusCode).toBe(204);
    expect((await clerk.get(`/api/study/sessions/${other.json().id}`)).statusCode).toBe(404);

    const viewer = await server!.signIn({ username: 'viewer', roles: ['viewer'] });
    expect((await viewer.patch(`/api/study/sessions/${session.id}`, { place: 'x' })).statusCode).toBe(403);
    expect((await viewer.get(`/api/study/sessions/${session.id}`)).statusCode).toBe(200);

    // The group keeps its record: it cannot be deleted while it has sessions.
    const groupDelete = await clerk.delete(`/api/study-groups/${org.group.id}`);
    expect(groupDelete.statusCode).toBe(409);
    expect(groupDelete.json().error.message).toMatch(/1 study session/);
  });

  it('keeps speeches and conclusions in order and reorders them from the full id list', async () => {
    const { org, clerk, session } = await setup();
    const add = async (path: string, body: unknown) => {
      const response = await clerk.post(`/api/study/sessions/${session.id}/${path}`, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    await add('speeches', { speakerPersonId: org.people[0].id, title: 'Host speech', kind: 'host_speech' });
    await add('speeches', { speakerPersonId: org.people[1].id, title: 'Key speech A', text: 'On secrecy work', kind: 'key_speech' });
    let record = await add('speeches', { speakerPersonId: org.people[2].id, title: 'Key speech B', kind: 'key_speech' });
    expect(record.speeches.map((s: { title: string }) => s.title)).toEqual(['Host speech', 'Key speech A', 'Key speech B']);
    expect(record.speeches.map((s: { order: number }) => s.order)).toEqual([1, 2, 3]);
    const [a, b, c] = record.speeches.map((s: { id: string }) => s.id);

    const reordered = await clerk.put(`/api/study/sessions/${session.id}/speeches/order`, { ids: [a, c, b] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().speeches.map((s: { title: string }) => s.title)).toEqual(['Host speech', 'Key speech B', 'Key speech A']);
    const partial = await clerk.put(`/api/study/sessions/${session.id}/speeches/order`, { ids: [a, c] });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.message).toMatch(/exactly once/);

    await add('conclusions', { kind: 'finding', text: 'The meeting pointed out that study matters.' });
    record = await add('conclusions', { kind: 'requirement', text: 'It is necessary to study.' });
    const [f, r] = record.conclusions.map((x: { id: string }) => x.id);
    const swapped = await clerk.put(`/api/study/sessions/${session.id}/conclusions/order`, { ids: [r, f] });
    expect(swapped.json().conclusions.map((x: { kind: string }) => x.kind)).toEqual(['requirement', 'finding']);

    const edited = await clerk.patch(`/api/study/speeches/${b}`, { text: 'Revised text' });
    expect(edited.json().speeches.find((s: { id: string }) => s.id === b).text).toBe('Revised text');
    const removed = await clerk.delete(`/api/study/speeches/${a}`);
    expect(removed.json().speeches.map((s: { title: string }) => s.title)).toEqual(['Key speech B', 'Key speech A']);

    await add('observers', { name: 'Chen Liu', title: 'Director of the Publicity Department' });
    await add('guidance', { body: 'Provincial steering group', text: 'Attended and gave guidance.' });
    record = await add('materials', { title: 'Reading list', link: 'https://example.org/list' });
    expect(record.observers).toMatchObject([{ name: 'Chen Liu', title: 'Director of the Publicity Department' }]);
    expect(record.guidance).toMatchObject([{ body: 'Provincial steering group' }]);
    expect(record.materials).toMatchObject([{ title: 'Reading list', link: 'https://example.org/list' }]);
    expect((await clerk.post(`/api/study/sessions/${session.id}/materials`, { title: 'Nothing' })).statusCode).toBe(400);
  });

  it('requires a reason for leave and takes attendance only for members', async () => {
    const { org, clerk, session } = await setup();
    const noReason = await clerk.put(`/api/study/sessions/${session.id}/attendance`, { entries: [{ personId: org.people[1].id, status: 'on_leave' }] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/reason/);
    const ok = await clerk.put(`/api/study/sessions/${session.id}/attendance`, {
      entries: [
        { personId: org.people[1].id, status: 'on_leave', reason: 'Official trip', approvedBy: 'Zhang San' },
        { personId: org.people[2].id, status: 'absent' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const attendance = ok.json().attendance as { name: string; status: string; reason: string | null; approvedBy: string | null }[];
    expect(attendance.find((a) => a.name === 'Li Si')).toMatchObject({ status: 'on_leave', reason: 'Official trip', approvedBy: 'Zhang San' });
    expect(attendance.find((a) => a.name === 'Wang Wu')).toMatchObject({ status: 'absent' });
    const stranger = await clerk.post('/api/people', { name: 'Outsider', level: 'public' });
    const notMember = await clerk.put(`/api/study/sessions/${session.id}/attendance`, { entries: [{ personId: stranger.json().id, status: 'present' }] });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toMatch(/observer/);
  });

  it('locks the record when the minutes are approved and keeps later changes as revisions', async () => {
    const { clerk, leader, session } = await setup();
    expect((await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: '会议纪要：学习保密工作。' })).statusCode).toBe(200);
    const early = await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/held/);
    await clerk.patch(`/api/study/sessions/${session.id}`, { status: 'held' });
    expect((await clerk.post(`/api/study/sessions/${session.id}/minutes/approve`)).statusCode).toBe(403);
    const approved = await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'minutes_approved', minutes: { approvedBy: 'leader' } });

    const locked = await clerk.patch(`/api/study/sessions/${session.id}`, { place: 'Elsewhere' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.message).toMatch(/approved.*locked.*reason/s);
    expect((await clerk.post(`/api/study/sessions/${session.id}/conclusions`, { kind: 'finding', text: 'x' })).statusCode).toBe(409);
    expect((await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: 'changed' })).statusCode).toBe(409);
    expect((await clerk.delete(`/api/study/sessions/${session.id}`)).statusCode).toBe(409);

    const revised = await clerk.patch(`/api/study/sessions/${session.id}?reason=${encodeURIComponent('The place was recorded wrongly')}`, { place: 'Hall 3' });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ place: 'Hall 3', status: 'minutes_approved' });
    const revisions = await clerk.get(`/api/study/sessions/${session.id}/revisions`);
    expect(revisions.json().items).toMatchObject([{ actorName: 'clerk', reason: 'The place was recorded wrongly', action: 'study_session.update', detail: { place: 'Hall 3' } }]);

    expect((await leader.post(`/api/study/sessions/${session.id}/archive`)).json()).toMatchObject({ status: 'archived' });
    expect(await verifyAudit(server!.ctx.database.db)).toMatchObject({ ok: true });
    const events = await server!.ctx.database.db.selectFrom('audit_events').select('action').where('object_id', '=', session.id).execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['study_session.create', 'study_session.minutes_approve', 'study_session.update', 'study_session.archive']),
    );
  });

  it('takes a planned session through held (on its actual date) to approved minutes, saying the next step and refusing others with a code', async () => {
    const { clerk, leader, session } = await setup();
    expect(session).toMatchObject({ status: 'planned', nextStep: 'mark_held' });
    const early = await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('session_not_held');

    const future = await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('held_date_in_future');
    expect((await leader.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-06' })).statusCode).toBe(403);

    const held = await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-06', startTime: '14:30', endTime: '17:00' });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: 'held', date: '2024-03-06', startTime: '14:30', endTime: '17:00', nextStep: 'write_minutes' });
    const again = await clerk.post(`/api/study/sessions/${session.id}/held`, { date: '2024-03-07' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('session_not_planned');

    const noMinutes = await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);
    expect(noMinutes.statusCode).toBe(409);
    expect(noMinutes.json().error.code).toBe('minutes_missing');
    const written = await clerk.put(`/api/study/sessions/${session.id}/minutes`, { text: '会议纪要。' });
    expect(written.json().nextStep).toBe('approve_minutes');
    const approved = await leader.post(`/api/study/sessions/${session.id}/minutes/approve`);
    expect(approved.json()).toMatchObject({ status: 'minutes_approved', nextStep: 'write_release' });
    expect((await leader.post(`/api/study/sessions/${session.id}/minutes/approve`)).json().error.code).toBe('minutes_already_approved');
    expect((await leader.post(`/api/study/sessions/${session.id}/archive`)).json().nextStep).toBeNull();

    const events = await server!.ctx.database.db.selectFrom('audit_events').select(['action', 'detail']).where('object_id', '=', session.id).where('action', '=', 'study_session.held').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail!)).toEqual({ plannedDate: '2024-03-05', date: '2024-03-06' });
    // The held session shows on its actual date.
    const list = await clerk.get('/api/study/sessions?from=2024-03-06&to=2024-03-06');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([session.id]);
  });

  it('keeps plans with ordered themes and shows their coverage in the group ledger', async () => {
    const { org, clerk, session } = await setup();
    const plan = await clerk.post('/api/study/plans', { groupId: org.group.id, year: 2024, title: '2024年度学习计划', level: 'public' });
    expect(plan.statusCode, plan.body).toBe(201);
    await clerk.post(`/api/study/plans/${plan.json().id}/themes`, { title: '保密工作', plannedMonth: 3, requiredSessions: 1, hoursPerMember: 3 });
    const withThemes = await clerk.post(`/api/study/plans/${plan.json().id}/themes`, { title: '精神文明建设', plannedMonth: 6 });
    const [t1, t2] = withThemes.json().themes.map((t: { id: string }) => t.id);
    const reordered = await clerk.put(`/api/study/plans/${plan.json().id}/themes/order`, { ids: [t2, t1] });
    expect(reordered.json().themes.map((t: { title: string }) => t.title)).toEqual(['精神文明建设', '保密工作']);

    const themeId = session.themes[0].id;
    expect((await clerk.patch(`/api/study/themes/${themeId}`, { planThemeId: t1 })).statusCode).toBe(200);
    await clerk.patch(`/api/study/sessions/${session.id}`, { status: 'held' });
    await clerk.post(`/api/study/sessions/${session.id}/speeches`, { speakerPersonId: org.people[1].id, title: 'Key speech', kind: 'key_speech' });
    await clerk.put(`/api/study/sessions/${session.id}/attendance`, { entries: [{ personId: org.people[2].id, status: 'on_leave', reason: 'Ill' }] });

    const ledger = await clerk.get(`/api/study/ledgers/groups/${org.group.id}?year=2024`);
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json()).toMatchObject({
      totals: { sessions: 1, hours: 3, plannedThemes: 2, studiedThemes: 1, notYetStudied: ['精神文明建设'] },
      sessions: [{ present: 2, onLeave: 1, absent: 0, speeches: 1, host: 'Zhang San' }],
    });
    const person = await clerk.get(`/api/study/ledgers/people/${org.people[1].id}?year=2024`);
    expect(person.json().totals).toEqual({ sessions: 1, attended: 1, leave: 0, absent: 0, speeches: 1, hours: 3 });
    const onLeave = await clerk.get(`/api/study/ledgers/people/${org.people[2].id}`);
    expect(onLeave.json().totals).toMatchObject({ attended: 0, leave: 1, hours: 0 });
    expect(onLeave.json().sessions[0]).toMatchObject({ attendance: 'on_leave', reason: 'Ill' });

    const xlsx = await clerk.get(`/api/study/ledgers/groups/${org.group.id}/export?year=2024`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await clerk.get(`/api/study/ledgers/people/${org.people[1].id}/export?format=csv&lang=zh`);
    expect(csv.body).toMatch(/区委理论学习中心组/);
  });
});
