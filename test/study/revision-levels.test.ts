import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { knownBy, member } from '../security/plant.ts';
import { studyOrg } from './fixture.ts';

/**
 * Issue 8, item 1: a change to approved minutes is kept as a revision holding the changed text. It is
 * kept at the highest level involved (session, part before, part after) and read like any record.
 */
describe.each(DIALECTS)('revisions of approved sessions on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  const reason = `?reason=${encodeURIComponent('补记 recorded later')}`;
  const year = new Date().getFullYear();

  async function setup() {
    server = await testServer(dialect, { REMIT_CEILING: 'jimi' });
    const org = await studyOrg(server.ctx);
    const writer = await member(server, 'writer', ['clerk'], 'jimi');
    const approver = await member(server, 'approver', ['leader'], 'jimi');
    const viewer = await member(server, 'viewer', ['viewer'], 'public');
    const clerk = await member(server, 'clerk', ['clerk'], 'internal');
    const outsider = await member(server, 'outsider', ['leader'], 'mimi');
    return { org, writer, approver, viewer, clerk, outsider };
  }

  /** A held session with minutes approved: from now on every change needs a reason and leaves a revision. */
  async function lockedSession(writer: Client, approver: Client, groupId: string, level: 'public' | 'mimi', before?: (id: string) => Promise<void>) {
    const created = await writer.post('/api/study/sessions', { groupId, date: `${year}-03-05`, halfDay: 'afternoon', place: 'Room 1', status: 'held', level });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    await before?.(id);
    expect((await writer.put(`/api/study/sessions/${id}/minutes`, { text: '会议纪要。', level: 'public' })).statusCode).toBe(200);
    const approved = await approver.post(`/api/study/sessions/${id}/minutes/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    return id;
  }

  it('keeps a 机密 change to a public session at 机密, out of sight of readers cleared lower', async () => {
    const { org, writer, approver, viewer, clerk, outsider } = await setup();
    let speechId = '';
    const id = await lockedSession(writer.client, approver.client, org.group.id, 'public', async (sessionId) => {
      const speech = await writer.client.post(`/api/study/sessions/${sessionId}/speeches`, { title: 'Remarks', text: 'open remarks', kind: 'key_speech', level: 'public' });
      speechId = speech.json().speeches[0].id;
    });
    const changes = [
      writer.client.post(`/api/study/sessions/${id}/themes${reason}`, { text: 'CANARY-theme-jimi', level: 'jimi' }),
      writer.client.post(`/api/study/sessions/${id}/speeches${reason}`, { title: 'CANARY-speech-title', text: 'CANARY-speech-jimi', kind: 'key_speech', level: 'jimi' }),
      writer.client.post(`/api/study/sessions/${id}/materials${reason}`, { title: 'CANARY-material-jimi', body: 'CANARY-material-body', level: 'jimi' }),
      writer.client.post(`/api/study/sessions/${id}/conclusions${reason}`, { kind: 'finding', text: 'CANARY-conclusion-mimi', level: 'mimi' }),
      writer.client.post(`/api/study/sessions/${id}/observers${reason}`, { name: 'CANARY-observer-jimi', level: 'jimi' }),
      writer.client.post(`/api/study/sessions/${id}/guidance${reason}`, { body: 'CANARY-guidance-jimi', level: 'jimi' }),
      writer.client.put(`/api/study/sessions/${id}/attendance${reason}`, { entries: [{ personId: org.people[1].id, status: 'on_leave', reason: 'CANARY-leave-jimi', level: 'jimi' }] }),
      // An edit raising a public speech to 机密: the revision holds the new text.
      writer.client.patch(`/api/study/speeches/${speechId}${reason}`, { text: 'CANARY-edit-jimi', level: 'jimi' }),
    ];
    for (const change of changes) {
      const response = await change;
      expect(response.statusCode, response.body).toBeLessThan(300);
    }
    const stored = await server!.ctx.database.db.selectFrom('session_revisions').select(['action', 'level']).where('session_id', '=', id).execute();
    expect(stored).toHaveLength(8);
    expect(stored.filter((r) => r.action === 'study_session.conclusion_add').map((r) => r.level)).toEqual(['mimi']);
    expect(stored.filter((r) => r.action !== 'study_session.conclusion_add').every((r) => r.level === 'jimi')).toBe(true);

    for (const [name, reader] of Object.entries({ viewer, clerk, outsider })) {
      const revisions = await reader.client.get(`/api/study/sessions/${id}/revisions`);
      expect(revisions.statusCode, name).toBe(200);
      expect(revisions.json().items, name).toEqual([]);
      expect(revisions.body, name).not.toMatch(/CANARY/);
      const record = await reader.client.get(`/api/study/sessions/${id}`);
      expect(record.body, name).not.toMatch(/CANARY/);
    }
  });

  it('shows a revision only to readers cleared for its level and named in its session’s scope, and audits the read', async () => {
    const { org, writer, approver, viewer, clerk, outsider } = await setup();
    const insider = await member(server!, 'insider', ['viewer'], 'jimi');
    const insiderMimi = await member(server!, 'insider-mimi', ['viewer'], 'mimi');
    const id = await lockedSession(writer.client, approver.client, org.group.id, 'mimi', (sessionId) =>
      knownBy(server!.ctx, 'study_session', sessionId, [approver.personId, insider.personId, insiderMimi.personId]),
    );
    expect((await writer.client.post(`/api/study/sessions/${id}/conclusions${reason}`, { kind: 'requirement', text: 'CANARY-conclusion-jimi', level: 'jimi' })).statusCode).toBe(201);
    expect((await writer.client.post(`/api/study/sessions/${id}/themes${reason}`, { text: 'CANARY-theme-mimi' })).statusCode).toBe(201);

    const seen = await insider.client.get(`/api/study/sessions/${id}/revisions`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items.map((r: { level: string }) => r.level).sort()).toEqual(['jimi', 'mimi']);
    expect(seen.body).toMatch(/CANARY-conclusion-jimi/);
    const partly = await insiderMimi.client.get(`/api/study/sessions/${id}/revisions`);
    expect(partly.json().items.map((r: { level: string }) => r.level)).toEqual(['mimi']);
    expect(partly.body).not.toMatch(/CANARY-conclusion-jimi/);
    for (const [name, reader] of Object.entries({ viewer, clerk, outsider })) {
      const hidden = await reader.client.get(`/api/study/sessions/${id}/revisions`);
      expect(hidden.statusCode, name).toBe(404);
      expect(hidden.body, name).not.toMatch(/CANARY/);
    }

    const events = await server!.ctx.database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'level', 'detail'])
      .where('action', '=', 'session_revision.list')
      .where('actor_id', '=', insider.client.userId)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.level).toBe('jimi');
    expect(JSON.parse(events[0]!.detail).ids).toHaveLength(2);
  });
});
