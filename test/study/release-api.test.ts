import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/org/demo.ts';
import { DIALECTS } from '../helpers/db.ts';
import { testServer, type Client, type TestServer } from '../helpers/http.ts';
import { expectFactsInOrder, SEED_FACTS, SEED_TEXT } from './release-facts.ts';

interface Field<T> {
  value: T;
  span: [number, number];
}
interface Person {
  name: string;
  titles: string[];
  span: [number, number];
}
interface ImportAnswer {
  draft: {
    language: 'zh' | 'en';
    date: Field<string> & { year: { source: string; publishedOn?: string } };
    halfDay: Field<'morning' | 'afternoon' | 'evening'>;
    body: Field<string>;
    themes: Field<string>[];
    host: Person & { spoke: boolean; speech: string | null };
    participants: Person[];
    speakers: Person[];
    speech: { words: Field<string>; kind: 'key_speech' | 'exchange' } | null;
    collectiveSpeech: Field<string> | null;
    observers: (Person & { named: boolean })[];
    guidance: Field<string>[];
    conclusions: (Field<string> & { kind: 'finding' | 'requirement'; leadIn: string | null })[];
  };
  people: { name: string; titles: string[]; match: string; reason: string | null; candidates: { id: string; reason: string }[] }[];
}

interface RecordBody {
  attendance: { name: string; status: string; role: string | null }[];
  speeches: { kind: string; title: string; text: string; speaker: { name: string } | null; collective: string | null }[];
  observers: { name: string; title: string | null }[];
  guidance: { body: string }[];
  conclusions: { kind: string; text: string }[];
}

// Written for this test (invented county and people).
const ZH_RELEASE = `5月21日上午，苇塘县委理论学习中心组召开集体学习会，深入学习《中国共产党纪律处分条例》，推动党纪学习教育走深走实。

县委书记钱书文主持会议并讲话。县委副书记、县长赵明远，县人大常委会主任孙立，县政协主席李秋出席。各乡镇党委书记列席会议，市委第三指导组有关同志到会指导。

县委常委依次作交流发言。

会议指出，开展党纪学习教育是加强党的纪律建设的重要举措。全县党员干部要原原本本学、逐章逐条学。

会议强调，要坚持以案为鉴、以案促改。`;

/** The confirm body a clerk sends for an answer, every person matched as proposed. */
function confirmFrom(answer: ImportAnswer, groupId: string, extra: Record<string, unknown> = {}) {
  const { draft, people } = answer;
  const id = (name: string) => {
    const m = people.find((p) => p.name === name)?.match;
    return m && m !== 'new' ? m : null;
  };
  const person = (p: Person) => ({ name: p.name, titles: p.titles, personId: id(p.name) });
  return {
    groupId,
    date: draft.date.value,
    halfDay: draft.halfDay.value,
    language: draft.language,
    organizingBody: draft.body.value,
    themes: draft.themes.map((t) => t.value),
    host: draft.host ? { ...person(draft.host), spoke: draft.host.spoke, speech: draft.host.speech } : null,
    participants: draft.participants.map(person),
    speakers: draft.speakers.map(person),
    speechKind: draft.speech?.kind ?? 'exchange',
    speechWords: draft.speech?.words.value ?? null,
    collectiveSpeech: draft.collectiveSpeech?.value ?? null,
    observers: draft.observers.map((o) => ({ name: o.name, titles: o.titles })),
    guidance: draft.guidance.map((g) => g.value),
    conclusions: draft.conclusions.map((c) => ({ kind: c.kind, text: c.value, leadIn: c.leadIn })),
    ...extra,
  };
}

describe.each(DIALECTS)('release API (%s)', (dialect) => {
  let server: TestServer;
  let clerk: Client;
  let groupId: string;

  beforeEach(async () => {
    server = await testServer(dialect);
    await loadDemo(server.ctx);
    groupId = (await server.ctx.database.db.selectFrom('study_groups').select('id').executeTakeFirstOrThrow()).id;
    clerk = await server.signIn({ username: 'import-clerk', roles: ['clerk'] });
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
    for (const p of people) expect(p).toMatchObject({ match: demo.find((d) => d.name === p.name)!.id, reason: expect.stringMatching(/^same_name/) });
    // The host's title in the release is the title of the known person: the reason says so.
    expect(people[0]!.reason).toBe('same_name_and_title');
  });

  it('resolves a day without a year against the publication date given, else today, and says which', async () => {
    const text = '12月28日上午，苇塘县委理论学习中心组举行集体学习，学习中央经济工作会议精神。';
    const given = (await clerk.post('/api/study/releases/import', { text, publishedOn: '2025-01-03' })).json() as ImportAnswer;
    expect(given.draft.date).toMatchObject({ value: '2024-12-28', year: { source: 'published', publishedOn: '2025-01-03' } });
    const today = new Date().toISOString().slice(0, 10);
    const defaulted = (await clerk.post('/api/study/releases/import', { text })).json() as ImportAnswer;
    expect(defaulted.draft.date.year).toEqual({ source: 'published', publishedOn: today });
    expect(defaulted.draft.date.value <= today).toBe(true);
  });

  it('matches 杨峰 to the known Yang Feng, in pinyin, before offering a new person', async () => {
    const text = '1月20日下午，市委理论学习中心组举行集体学习。\n\n市委副书记杨峰、王新民参加学习。';
    const { people } = (await clerk.post('/api/study/releases/import', { text, publishedOn: '2023-01-21' })).json() as ImportAnswer;
    const yang = (await server.ctx.database.db.selectFrom('people').select('id').where('name', '=', 'Yang Feng').executeTakeFirstOrThrow()).id;
    expect(people.find((p) => p.name === '杨峰')).toMatchObject({ match: yang, reason: 'same_name_pinyin_and_title' });
    expect(people.find((p) => p.name === '王新民')).toMatchObject({ match: 'new', candidates: [] });
  });

  it('does not offer a person the user may not know', async () => {
    await server.ctx.database.db.updateTable('people').set({ level: 'internal' }).where('name', '=', 'Yang Feng').execute();
    const viewerOfPublic = await server.signIn({ username: 'public-clerk', roles: ['clerk'], clearance: 'public' });
    const text = '1月20日下午，市委理论学习中心组举行集体学习。\n\n市委副书记杨峰参加学习。';
    const { people } = (await viewerOfPublic.post('/api/study/releases/import', { text, publishedOn: '2023-01-21' })).json() as ImportAnswer;
    expect(people).toEqual([expect.objectContaining({ name: '杨峰', match: 'new', candidates: [] })]);
  });

  it('confirms a Chinese draft: attendance is exactly the people named, each with their role; groups, guidance and words as the release has them', async () => {
    const answer = (await clerk.post('/api/study/releases/import', { text: ZH_RELEASE, publishedOn: '2024-05-22' })).json() as ImportAnswer;
    const confirm = await clerk.post('/api/study/import/confirm', confirmFrom(answer, groupId));
    expect(confirm.statusCode).toBe(201);
    const { sessionId, createdPeople } = confirm.json() as { sessionId: string; createdPeople: { name: string }[] };
    expect(createdPeople.map((p) => p.name)).toEqual(['钱书文', '赵明远', '孙立', '李秋']);
    const record = (await clerk.get(`/api/study/sessions/${sessionId}`)).json() as RecordBody;
    // The demo group's seven members are not named by this release: none of them is recorded, least of all as present.
    expect(record.attendance.map((a) => [a.name, a.status, a.role])).toEqual([
      ['孙立', 'present', 'participant'],
      ['李秋', 'present', 'participant'],
      ['赵明远', 'present', 'participant'],
      ['钱书文', 'present', 'host'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(record.speeches.map((s) => [s.kind, s.title, s.text, s.speaker?.name ?? null, s.collective])).toEqual([
      ['host_speech', '讲话', '', '钱书文', null],
      ['exchange', '交流发言', '', null, '县委常委'],
    ]);
    expect(record.observers).toMatchObject([{ name: '各乡镇党委书记', title: null }]);
    expect(record.guidance.map((g) => g.body)).toEqual(['市委第三指导组']);
    expect(record.conclusions.map((c) => [c.kind, c.text])).toEqual([
      ['finding', '会议指出，开展党纪学习教育是加强党的纪律建设的重要举措'],
      ['finding', '全县党员干部要原原本本学、逐章逐条学'],
      ['requirement', '会议强调，要坚持以案为鉴、以案促改'],
    ]);
    // A person the release named, though not a member of the group, can still be corrected (on leave);
    // someone neither named nor a member cannot be added.
    const zhao = (await server.ctx.database.db.selectFrom('people').select('id').where('name', '=', '赵明远').executeTakeFirstOrThrow()).id;
    const corrected = await clerk.put(`/api/study/sessions/${sessionId}/attendance`, { entries: [{ personId: zhao, status: 'on_leave', reason: '公务外出' }] });
    expect(corrected.statusCode).toBe(200);
    const stranger = (await clerk.post('/api/people', { name: '周外人' })).json() as { id: string };
    const refused = await clerk.put(`/api/study/sessions/${sessionId}/attendance`, { entries: [{ personId: stranger.id, status: 'present' }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/not a member of this study group/);
    // Written again, the release keeps the collective speech, the guidance and each paragraph's kind.
    const { text } = (await clerk.get(`/api/study/sessions/${sessionId}/release?lang=zh`)).json() as { text: string };
    // (The new people hold no positions yet, so the release names them without titles.)
    expectFactsInOrder(text, ['5月21日上午', '钱书文主持并讲话', '各乡镇党委书记列席会议', '市委第三指导组到会指导', '县委常委依次作交流发言', '会议指出，开展党纪学习教育', '全县党员干部要原原本本学', '会议强调，要坚持以案为鉴']);
  });

  it('confirms the seed in English: the members it names with their roles, nobody else', async () => {
    // The demo session of that day is there already: this import is another session on purpose.
    const answer = (await clerk.post('/api/study/releases/import', { text: SEED_TEXT })).json() as ImportAnswer;
    const confirm = await clerk.post('/api/study/import/confirm', confirmFrom(answer, groupId, { importAnyway: true }));
    expect(confirm.statusCode).toBe(201);
    const { sessionId, createdPeople } = confirm.json() as { sessionId: string; createdPeople: unknown[] };
    expect(createdPeople).toEqual([]);
    const record = (await clerk.get(`/api/study/sessions/${sessionId}`)).json() as RecordBody;
    expect(record.attendance.map((a) => [a.name, a.role])).toEqual([
      ['Liu Qiang', 'host'],
      ['Yu Haitian', 'participant'],
      ['Lei Jie', 'participant'],
      ['Yang Feng', 'participant'],
      ['Wang Hongzhi', 'speaker'],
      ['Dai Longcheng', 'speaker'],
      ['Li Guoqiang', 'speaker'],
    ]);
    expect(record.speeches.map((s) => s.title)).toEqual(['delivered a speech', ...Array<string>(6).fill('made key speeches around the learning theme')]);
    const en = (await clerk.get(`/api/study/sessions/${sessionId}/release?lang=en`)).json() as { text: string; omitted: unknown[] };
    expectFactsInOrder(en.text, SEED_FACTS);
    expect(en.omitted).toEqual([]);
  });

  it('refuses a second session of the same group on the same date, naming the one that exists, unless imported anyway', async () => {
    const existing = (await server.ctx.database.db.selectFrom('study_sessions').select('id').executeTakeFirstOrThrow()).id;
    const answer = (await clerk.post('/api/study/releases/import', { text: SEED_TEXT })).json() as ImportAnswer;
    const count = async () => (await server.ctx.database.db.selectFrom('study_sessions').select('id').execute()).length;
    const refused = await clerk.post('/api/study/import/confirm', confirmFrom(answer, groupId));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'session_on_same_date', details: { duplicate: 'same_group_same_date', sessionId: existing } } });
    expect(await count()).toBe(1);
    const anyway = await clerk.post('/api/study/import/confirm', confirmFrom(answer, groupId, { importAnyway: true }));
    expect(anyway.statusCode).toBe(201);
    expect(await count()).toBe(2);
  });

  it('does not name a session the user may not know as the duplicate', async () => {
    await server.ctx.database.db.updateTable('study_sessions').set({ level: 'internal' }).execute();
    const publicClerk = await server.signIn({ username: 'public-clerk', roles: ['clerk'], clearance: 'public' });
    const answer = (await publicClerk.post('/api/study/releases/import', { text: SEED_TEXT })).json() as ImportAnswer;
    const confirm = await publicClerk.post('/api/study/import/confirm', confirmFrom(answer, groupId));
    expect(confirm.statusCode).toBe(201);
  });

  it('writes nothing when a step of the confirmation fails', async () => {
    const count = async (table: 'people' | 'study_sessions' | 'speeches' | 'session_attendance') => (await server.ctx.database.db.selectFrom(table).selectAll().execute()).length;
    const before = { people: await count('people'), sessions: await count('study_sessions'), speeches: await count('speeches'), attendance: await count('session_attendance') };
    const confirm = await clerk.post('/api/study/import/confirm', {
      groupId,
      date: '2023-04-07',
      halfDay: 'morning',
      themes: ['研究部署春耕生产工作'],
      host: { name: '孙新人', titles: ['县委书记'], spoke: true },
      // The last speaker names a person who does not exist: the new host was already written in the
      // transaction when this step fails.
      speakers: [{ name: '钱书文', titles: [] }, { name: 'Ghost', titles: [], personId: 'no-such-person' }],
    });
    expect(confirm.statusCode).toBe(400);
    expect(confirm.json().error.message).toMatch(/no-such-person/);
    expect({ people: await count('people'), sessions: await count('study_sessions'), speeches: await count('speeches'), attendance: await count('session_attendance') }).toEqual(before);
  });

  it('refuses a text longer than a release, and an empty draft, with a message to act on', async () => {
    const long = await clerk.post('/api/study/releases/import', { text: '学'.repeat(30_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/one release at a time/);
    const empty = await clerk.post('/api/study/import/confirm', { groupId, date: '2023-04-07', halfDay: 'morning' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/The draft is empty/);
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
    const viewer = await server.signIn({ username: 'import-viewer', roles: ['viewer'] });
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
