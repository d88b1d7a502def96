import type { Context } from '../context.ts';
import { writeAudited } from '../db/write.ts';
import { newId, now } from '../ids.ts';
import { systemActor } from '../security/actor.ts';
import { DEMO_GROUP } from '../org/demo.ts';
import { indexRecord, sessionFields, WEIGHTS } from './search.ts';
import type { ConclusionKind } from './vocabulary.ts';

/**
 * The seed session, from the public facts of its news release only (seed/000_7167ab428842f2f5.txt):
 * the collective study of the afternoon of 20 January 2023, its two study themes and the meeting's
 * conclusions in the release's own English words, the host and the six key speakers in the
 * release's order. The release gives no place and no text of any speech, so there is none here.
 * Everything is public, as the release is.
 */
export const SEED_SESSION = { date: '2023-01-20', halfDay: 'afternoon', organizingBody: 'Municipal Party Committee' } as const;

export const SEED_THEMES: readonly string[] = [
  "thoroughly study and implement the spirit of the 20th National Congress of the Communist Party of China, earnestly study and understand the important expositions of General Secretary Xi Jinping on the construction of socialist spiritual civilization, and comprehensively and systematically grasp the principles of socialist spiritual civilization construction Fundamental direction and system layout",
  "conscientiously study and understand the spirit of General Secretary Xi Jinping’s important instructions on secrecy work, further enhance the initiative of leading cadres to fulfill the responsibility system for secrecy work, and provide guarantees for accelerating the construction of a socialist, modern and strong provincial capital in the new era",
];

export const SEED_HOST = 'Liu Qiang';
/** "Yu Haitian, Lei Jie, Yang Feng, Wang Hongzhi, Dai Longcheng, and Li Guoqiang respectively made key speeches around the learning theme." */
export const SEED_KEY_SPEAKERS: readonly string[] = ['Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang'];
/** The release's own words for the speeches (an import keeps them as the speech titles). */
export const KEY_SPEECH_TITLE = 'made key speeches around the learning theme';
export const HOST_SPEECH_TITLE = 'delivered a speech';
/** The role the release gives each person it names: the host, three who "participated in the study", three named only as speakers. */
const SEED_ROLES: Record<string, 'host' | 'participant' | 'speaker'> = {
  'Liu Qiang': 'host',
  'Yu Haitian': 'participant',
  'Lei Jie': 'participant',
  'Yang Feng': 'participant',
  'Wang Hongzhi': 'speaker',
  'Dai Longcheng': 'speaker',
  'Li Guoqiang': 'speaker',
};

/**
 * The conclusions sentence by sentence, as the importer reads them: the paragraph the meeting
 * "pointed out" gives findings (its "must" and "it is necessary to" sentences included: the lead verb
 * decides), each paragraph it "emphasized" gives a requirement; the first sentence of each
 * paragraph keeps its lead-in, so the written release has the same paragraphs.
 */
export const SEED_CONCLUSIONS: readonly { kind: ConclusionKind; text: string }[] = [
  { kind: 'finding', text: "The meeting pointed out that since the 18th National Congress of the Communist Party of China, General Secretary Xi Jinping has published a series of important expositions on strengthening the construction of socialist spiritual civilization, which has profoundly revealed the characteristics and laws of the construction of socialist spiritual civilization, enriched and developed the party’s work on the construction of socialist spiritual civilization scientific theory." },
  { kind: 'finding', text: "We must persevere in using Xi Jinping’s new era of socialism with Chinese characteristics to condense our hearts and souls, and continue to deepen the study, understanding and publicity of the party’s 20th National Congress of the Communist Party of China." },
  { kind: 'finding', text: "It is necessary to consolidate and strengthen the mainstream public opinion, strictly implement the responsibility system for ideological work, strengthen the construction of the all-media communication system, let positive energy become a large flow, and continuously improve the city’s influence and reputation." },
  { kind: 'finding', text: "It is necessary to complete the creation of a national civilized model city with high standards, grasp the key and difficult points, and continuously improve the level of civilization creation." },
  { kind: 'finding', text: "It is necessary to prosper and develop cultural undertakings and cultural industries, innovatively implement cultural projects that benefit the people, improve the level of public cultural services, speed up the formulation of cultural industry development plans, and promote the high-quality development of the city’s cultural industries." },
  { kind: 'requirement', text: "The meeting emphasized that it is necessary to fully understand the extreme importance of confidentiality work, establish a solid bottom-line thinking, highlight precise policy implementation, strengthen comprehensive prevention, strengthen technological empowerment, pay attention to the implementation of responsibilities, and earnestly do a good job in various confidentiality and security tasks." },
  { kind: 'requirement', text: "The meeting emphasized that as the Spring Festival is approaching, departments at all levels must do a good job in the new stage of epidemic prevention and control, stable economic operation, safe production, and assistance and assistance to the needy, so as to ensure the overall harmony and stability of the society." },
];

/** Adds the seed session to the demo organization (called by the demo loader, after the organization). */
export async function loadStudyDemo(ctx: Context): Promise<string> {
  const actor = systemActor('demo-loader');
  return writeAudited(ctx, actor, async (trx) => {
    const group = await trx.selectFrom('study_groups').select('id').where('name', '=', DEMO_GROUP.name).executeTakeFirstOrThrow();
    const members = await trx
      .selectFrom('study_group_members')
      .innerJoin('people', 'people.id', 'study_group_members.person_id')
      .select(['people.id', 'people.name'])
      .where('study_group_members.group_id', '=', group.id)
      .execute();
    const personId = (name: string) => {
      const person = members.find((m) => m.name === name);
      if (!person) throw new Error(`demo: ${name} is not a member of the demo group`);
      return person.id;
    };
    const stamp = now();
    const sessionId = newId();
    const session = {
      id: sessionId,
      group_id: group.id,
      date: SEED_SESSION.date,
      half_day: SEED_SESSION.halfDay,
      start_time: null,
      end_time: null,
      place: null,
      form: 'concentrated_study',
      host_person_id: personId(SEED_HOST),
      status: 'held',
      organizing_body: SEED_SESSION.organizingBody,
      level: 'public' as const,
      created_at: stamp,
      updated_at: stamp,
    };
    await trx.insertInto('study_sessions').values(session).execute();
    await indexRecord(trx, { type: 'session', id: sessionId, sessionId, level: 'public', fields: sessionFields(session) });
    const common = { session_id: sessionId, level: 'public' as const, created_at: stamp, updated_at: stamp };
    for (const [order, text] of SEED_THEMES.entries()) {
      const id = newId();
      await trx.insertInto('session_themes').values({ ...common, id, text, sort_order: order, plan_theme_id: null }).execute();
      await indexRecord(trx, { type: 'theme', id, sessionId, level: 'public', fields: [{ field: 'text', text, weight: WEIGHTS.theme }] });
    }
    // Attendance holds exactly the people the release names, with the role it gives them.
    for (const member of members) {
      const role = SEED_ROLES[member.name];
      if (!role) continue;
      await trx
        .insertInto('session_attendance')
        .values({ ...common, person_id: member.id, status: 'present', reason: null, approved_by: null, role })
        .execute();
    }
    const speeches = [
      { speaker: SEED_HOST, kind: 'host_speech', title: HOST_SPEECH_TITLE },
      ...SEED_KEY_SPEAKERS.map((speaker) => ({ speaker, kind: 'key_speech', title: KEY_SPEECH_TITLE })),
    ];
    for (const [order, speech] of speeches.entries()) {
      const id = newId();
      await trx
        .insertInto('speeches')
        .values({ ...common, id, speaker_person_id: personId(speech.speaker), title: speech.title, text: '', kind: speech.kind, sort_order: order })
        .execute();
      await indexRecord(trx, { type: 'speech', id, sessionId, level: 'public', fields: [{ field: 'title', text: speech.title, weight: WEIGHTS.speechTitle }] });
    }
    for (const [order, conclusion] of SEED_CONCLUSIONS.entries()) {
      const id = newId();
      await trx.insertInto('conclusions').values({ ...common, id, kind: conclusion.kind, text: conclusion.text, sort_order: order }).execute();
      await indexRecord(trx, { type: 'conclusion', id, sessionId, level: 'public', fields: [{ field: 'text', text: conclusion.text, weight: WEIGHTS.conclusion }] });
    }
    return {
      result: sessionId,
      audit: { action: 'demo.load_study', objectType: 'study_session', objectId: sessionId, level: 'public', detail: { speeches: speeches.length, conclusions: SEED_CONCLUSIONS.length } },
    };
  });
}
