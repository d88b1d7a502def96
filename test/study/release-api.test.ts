import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { expectFactsInOrder, SEED_FACTS, SEED_TEXT } from './release-facts.ts';

interface ImportAnswer {
  draft: {
    date: { value: string; span: [number, number] };
    halfDay: { value: 'morning' | 'afternoon' | 'evening' };
    body: { value: string };
    themes: { value: string }[];
    host: { name: string; titles: string[]; spoke: boolean };
    participants: { name: string; titles: string[] }[];
    speakers: { name: string; titles: string[] }[];
    findings: { value: string }[];
    requirements: { value: string }[];
  };
  people: { name: string; titles: string[]; match: string; candidates: string[] }[];
}

describe.each(DIALECTS)('release API (%s)', (dialect) => {
  let server: TestServer;
  let clerk: Client;
  let groupId: string;

  beforeEach(async () => {
    server = await testServer(dialect);
    await loadDemo(server.ctx);
    groupId = (await server.ctx.database.db.selectFrom('study_groups').select('id').executeTakeFirstOrThrow()).id;
    clerk = await server.signIn({ username: 'clerk', roles: ['clerk'] });
  });
  afterEach(async () => server.dispose());

  it('imports the seed into a draft with spans and matches its people to the demo organization', async () => {
    const response = await clerk.post('/api/study/releases/import', { text: SEED_TEXT });
    expect(response.statusCode).toBe(200);
    const { draft, people } = response.json() as ImportAnswer;
    expect(draft.date.value).toBe('2023-01-20');
    expect(SEED_TEXT.slice(...draft.date.span)).toBe('January 20th');
    expect(people.map((p) => p.name)).toEqual(['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang']);
    const demo = await server.ctx.database.db.selectFrom('people').select(['id', 'name']).execute();
    for (const p of people) expect(p.match).toBe(demo.find((d) => d.name === p.name)!.id);
  });

  it('names people it does not know as new', async () => {
    const response = await clerk.post('/api/study/releases/import', { text: '4月6日上午，槐塘县委理论学习中心组举行集体学习，研究部署春耕生产工作。\n\n县委书记赵明远主持并讲话。' });
    const { people, draft } = response.json() as ImportAnswer;
    expect(draft.host.name).toBe('赵明远');
    expect(people).toEqual([{ name: '赵明远', titles: ['县委书记'], match: 'new', candidates: [] }]);
  });

  it('round trip: import the seed, confirm the draft, write the release: it holds every fact of the seed', async () => {
    const { draft, people } = (await clerk.post('/api/study/releases/import', { text: SEED_TEXT })).json() as ImportAnswer;
    const id = (name: string) => people.find((p) => p.name === name)!.match;
    const confirm = await clerk.post('/api/study/import/confirm', {
      groupId,
      date: draft.date.value,
      halfDay: draft.halfDay.value,
      organizingBody: draft.body.value,
      themes: draft.themes.map((t) => t.value),
      host: { ...draft.host, personId: id(draft.host.name) },
      participants: draft.participants.map((p) => ({ ...p, personId: id(p.name) })),
      speakers: draft.speakers.map((p) => ({ ...p, personId: id(p.name) })),
      findings: draft.findings.map((f) => f.value),
      requirements: draft.requirements.map((r) => r.value),
    });
    expect(confirm.statusCode).toBe(201);
    const { sessionId, createdPeople } = confirm.json() as { sessionId: string; createdPeople: unknown[] };
    expect(createdPeople).toEqual([]);

    const en = await clerk.get(`/api/study/sessions/${sessionId}/release?lang=en`);
    expect(en.statusCode).toBe(200);
    const body = en.json() as { text: string; omitted: unknown[] };
    expectFactsInOrder(body.text, SEED_FACTS);
    expect(body.omitted).toEqual([]);

    const zh = await clerk.get(`/api/study/sessions/${sessionId}/release?lang=zh`);
    expect((zh.json() as { text: string }).text).toMatch(/^1月20日下午，市委理论学习中心组举行集体学习/);
  });

  it('creates people a confirmed draft does not know yet, and records non-members as observers', async () => {
    const confirm = await clerk.post('/api/study/import/confirm', {
      groupId,
      date: '2023-04-06',
      halfDay: 'morning',
      themes: ['研究部署春耕生产工作'],
      host: { name: '赵明远', titles: ['县委书记'], spoke: false },
      participants: [{ name: '钱书文', titles: ['县委副书记', '县长'] }],
      speakers: [{ name: '钱书文', titles: [] }],
      requirements: ['要压实粮食安全责任'],
    });
    expect(confirm.statusCode).toBe(201);
    const { sessionId, createdPeople } = confirm.json() as { sessionId: string; createdPeople: { name: string }[] };
    expect(createdPeople.map((p) => p.name)).toEqual(['赵明远', '钱书文']);
    const { text } = (await clerk.get(`/api/study/sessions/${sessionId}/release?lang=zh`)).json() as { text: string };
    expect(text).toContain('4月6日上午');
    expect(text).toContain('赵明远主持学习');
    expect(text).toContain('钱书文分别围绕学习主题作重点发言');
    expect(text).toContain('会议强调，要压实粮食安全责任。');
    const record = (await clerk.get(`/api/study/sessions/${sessionId}`)).json() as { observers: { name: string; title: string }[] };
    expect(record.observers).toMatchObject([{ name: '钱书文', title: '县委副书记、县长' }]);
  });

  it('writes nothing when a step of the confirmation fails', async () => {
    const count = async (table: 'people' | 'study_sessions' | 'speeches') => (await server.ctx.database.db.selectFrom(table).select('id').execute()).length;
    const before = { people: await count('people'), sessions: await count('study_sessions'), speeches: await count('speeches') };
    const confirm = await clerk.post('/api/study/import/confirm', {
      groupId,
      date: '2023-04-07',
      halfDay: 'morning',
      themes: ['研究部署春耕生产工作'],
      host: { name: '孙新人', titles: ['县委书记'], spoke: true },
      participants: [],
      // The last speaker names a person who does not exist: the session, the host's speech and the
      // new host were already written in the transaction when this step fails.
      speakers: [{ name: '钱书文', titles: [] }, { name: 'Ghost', titles: [], personId: 'no-such-person' }],
      requirements: [],
    });
    expect(confirm.statusCode).toBe(400);
    expect(confirm.json().error.message).toMatch(/no-such-person/);
    expect({ people: await count('people'), sessions: await count('study_sessions'), speeches: await count('speeches') }).toEqual(before);
  });

  it('leaves internal content out of the release and lists it', async () => {
    const sessionId = (await server.ctx.database.db.selectFrom('study_sessions').select('id').executeTakeFirstOrThrow()).id;
    const added = await clerk.post(`/api/study/sessions/${sessionId}/conclusions`, { kind: 'requirement', text: 'INTERNAL: a conclusion not for publication.', level: 'internal' });
    expect(added.statusCode).toBeLessThan(300);
    const { text, omitted } = (await clerk.get(`/api/study/sessions/${sessionId}/release?lang=en`)).json() as { text: string; omitted: { part: string; level: string; reason: string }[] };
    expect(text).not.toContain('INTERNAL');
    expect(omitted).toMatchObject([{ part: 'conclusion', level: 'internal' }]);
  });

  it('allows importing only to those who may write study records', async () => {
    const viewer = await server.signIn({ username: 'viewer', roles: ['viewer'] });
    expect((await viewer.post('/api/study/releases/import', { text: SEED_TEXT })).statusCode).toBe(403);
    expect((await viewer.post('/api/study/import/confirm', { groupId, date: '2023-01-20', halfDay: 'afternoon', themes: ['x'] })).statusCode).toBe(403);
    const sessionId = (await server.ctx.database.db.selectFrom('study_sessions').select('id').executeTakeFirstOrThrow()).id;
    expect((await viewer.get(`/api/study/sessions/${sessionId}/release?lang=en`)).statusCode).toBe(200);
    expect((await clerk.post('/api/study/releases/import', {})).statusCode).toBe(400);
  });

  it('refuses the release of a session that is not public', async () => {
    const sessionId = (await server.ctx.database.db.selectFrom('study_sessions').select('id').executeTakeFirstOrThrow()).id;
    await server.ctx.database.db.updateTable('study_sessions').set({ level: 'internal' }).where('id', '=', sessionId).execute();
    const response = await clerk.get(`/api/study/sessions/${sessionId}/release?lang=en`);
    expect(response.statusCode).toBe(422);
    expect((response.json() as { error: { code: string } }).error.code).toBe('not_public');
  });
});
