import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { studyOrg } from './fixture.ts';

describe.each(DIALECTS)('study access policy on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function setup() {
    server = await testServer(dialect);
    const org = await studyOrg(server.ctx);
    const clerk = await server.signIn({ username: 'clerk', roles: ['clerk'], clearance: 'internal' });
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'], clearance: 'public' });
    const make = async (level: 'public' | 'internal', date: string, theme: string) => {
      const response = await clerk.post('/api/study/sessions', {
        groupId: org.group.id,
        date,
        halfDay: 'morning',
        place: level === 'public' ? 'Public hall' : 'Closed room',
        hostPersonId: org.people[0].id,
        status: 'held',
        level,
        themes: [{ text: theme }],
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string };
    };
    const open = await make('public', `${new Date().getFullYear()}-01-10`, '加强社会主义精神文明建设');
    const closed = await make('internal', `${new Date().getFullYear()}-02-10`, '学习保密工作责任制');
    return { org, clerk, viewer, open, closed };
  }

  const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

  it('keeps internal sessions out of a public viewer’s lists, records, search, ledgers and exports', async () => {
    const { org, clerk, viewer, open, closed } = await setup();
    expect(ids((await clerk.get('/api/study/sessions')).json()).sort()).toEqual([open.id, closed.id].sort());
    expect(ids((await viewer.get('/api/study/sessions')).json())).toEqual([open.id]);
    expect((await viewer.get(`/api/study/sessions/${closed.id}`)).statusCode).toBe(404);
    expect((await viewer.patch(`/api/study/sessions/${closed.id}`, { place: 'x' })).statusCode).toBe(403);

    expect((await clerk.get(`/api/search?q=${encodeURIComponent('保密')}`)).json().items.map((h: { sessionId: string }) => h.sessionId)).toContain(closed.id);
    expect((await viewer.get(`/api/search?q=${encodeURIComponent('保密')}`)).json().items).toEqual([]);
    expect((await viewer.get(`/api/search?q=${encodeURIComponent('Closed room')}`)).json().items).toEqual([]);
    expect((await viewer.get(`/api/search?q=${encodeURIComponent('文明')}`)).json().items.map((h: { sessionId: string }) => h.sessionId)).toEqual([open.id]);

    const year = new Date().getFullYear();
    const groupLedger = (await viewer.get(`/api/study/ledgers/groups/${org.group.id}?year=${year}`)).json();
    expect(groupLedger.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([open.id]);
    expect((await clerk.get(`/api/study/ledgers/groups/${org.group.id}?year=${year}`)).json().totals.sessions).toBe(2);
    const personLedger = (await viewer.get(`/api/study/ledgers/people/${org.people[1].id}`)).json();
    expect(personLedger.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([open.id]);
    const csv = await viewer.get(`/api/study/sessions/export?format=csv`);
    expect(csv.body).toMatch(/Public hall/);
    expect(csv.body).not.toMatch(/Closed room/);
  });

  it('drops parts above the reader’s clearance from a public session', async () => {
    const { clerk, viewer, open } = await setup();
    await clerk.post(`/api/study/sessions/${open.id}/speeches`, { title: 'Open remarks', text: 'On civilization', kind: 'host_speech', level: 'public' });
    await clerk.post(`/api/study/sessions/${open.id}/speeches`, { title: 'Closed remarks', text: 'Internal matters of confidentiality', kind: 'key_speech', level: 'internal' });
    const asClerk = (await clerk.get(`/api/study/sessions/${open.id}`)).json();
    expect(asClerk.speeches.map((s: { title: string }) => s.title)).toEqual(['Open remarks', 'Closed remarks']);
    expect(asClerk.highestLevel).toBe('internal');
    const asViewer = (await viewer.get(`/api/study/sessions/${open.id}`)).json();
    expect(asViewer.speeches.map((s: { title: string }) => s.title)).toEqual(['Open remarks']);
    expect(asViewer.highestLevel).toBe('public');
    expect((await viewer.get('/api/search?q=confidentiality')).json().items).toEqual([]);
    expect((await clerk.get('/api/search?q=confidentiality')).json().items).toHaveLength(1);
  });

  async function feed(client: Client, body: object): Promise<{ id: string; path: string; token: string }> {
    const response = await client.post('/api/study/calendar/feeds', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('serves calendar feeds with only what the owner may read, up to the feed’s level, until revoked', async () => {
    const { org, clerk, viewer, open, closed } = await setup();
    const anonymous = (path: string) => server!.app.inject({ method: 'GET', url: path });

    const viewerFeed = await feed(viewer, { scope: 'group', targetId: org.group.id, name: 'Group' });
    const viewerIcs = await anonymous(viewerFeed.path);
    expect(viewerIcs.statusCode, viewerIcs.body).toBe(200);
    expect(viewerIcs.headers['content-type']).toMatch(/text\/calendar/);
    expect(viewerIcs.body).toContain('BEGIN:VCALENDAR');
    expect(viewerIcs.body).toContain(`UID:${open.id}@remit`);
    expect(viewerIcs.body).not.toContain(closed.id);
    expect(viewerIcs.body).toMatch(/LOCATION:Public hall/);
    expect(viewerIcs.body).toMatch(/Zhang San/);
    expect(viewerIcs.body).toMatch(/may read/);

    const clerkPublic = await feed(clerk, { scope: 'person', targetId: org.people[1].id });
    expect((await anonymous(clerkPublic.path)).body).not.toContain(closed.id);
    const clerkInternal = await feed(clerk, { scope: 'person', targetId: org.people[1].id, maxLevel: 'internal' });
    const internalIcs = await anonymous(clerkInternal.path);
    expect(internalIcs.body).toContain(`UID:${closed.id}@remit`);
    expect(internalIcs.body).toContain(`UID:${open.id}@remit`);

    expect((await viewer.post('/api/study/calendar/feeds', { scope: 'group', targetId: org.group.id, maxLevel: 'internal' })).statusCode).toBe(403);
    expect((await clerk.post('/api/study/calendar/feeds', { scope: 'group', targetId: org.group.id, maxLevel: 'mimi' })).statusCode).toBe(422);

    const listed = (await clerk.get('/api/study/calendar/feeds')).json().items;
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(clerkInternal.token);
    expect((await clerk.delete(`/api/study/calendar/feeds/${clerkInternal.id}`)).statusCode).toBe(204);
    expect((await anonymous(clerkInternal.path)).statusCode).toBe(401);
    expect((await anonymous('/api/study/calendar/rcal_nothing.ics')).statusCode).toBe(401);
    const stored = await server!.ctx.database.db.selectFrom('calendar_feeds').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(clerkInternal.token);
  });
});
