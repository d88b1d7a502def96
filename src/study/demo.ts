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
 * conclusions in the release's own English words (and in a Chinese rendering of them), the host and the six key speakers in the
 * release's order. The release gives no place and no text of any speech, so there is none here.
 * Everything is public, as the release is.
 */
export const SEED_SESSION = { date: '2023-01-20', halfDay: 'afternoon', organizingBody: 'Municipal Party Committee' } as const;

export const SEED_THEMES: readonly string[] = [
  "thoroughly study and implement the spirit of the 20th National Congress of the Communist Party of China, earnestly study and understand the important expositions of General Secretary Xi Jinping on the construction of socialist spiritual civilization, and comprehensively and systematically grasp the principles of socialist spiritual civilization construction Fundamental direction and system layout",
  "conscientiously study and understand the spirit of General Secretary Xi Jinping’s important instructions on secrecy work, further enhance the initiative of leading cadres to fulfill the responsibility system for secrecy work, and provide guarantees for accelerating the construction of a socialist, modern and strong provincial capital in the new era",
];

/**
 * The same themes in Chinese: a faithful rendering of the release's English, nothing added, so the
 * Chinese release of the seed session is Chinese throughout (people keep the seed's pinyin names).
 */
export const SEED_THEMES_ZH: readonly string[] = [
  '深入学习贯彻党的二十大精神，认真学习领会习近平总书记关于社会主义精神文明建设的重要论述，全面系统把握社会主义精神文明建设的根本方向和体系布局',
  '认真学习领会习近平总书记关于保密工作的重要指示精神，进一步增强领导干部落实保密工作责任制的主动性，为加快建设新时代社会主义现代化强省会提供保障',
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

/** The conclusions in Chinese, one for one with SEED_CONCLUSIONS (same rendering rule as SEED_THEMES_ZH). */
export const SEED_CONCLUSIONS_ZH: readonly string[] = [
  '会议指出，党的十八大以来，习近平总书记就加强社会主义精神文明建设发表一系列重要论述，深刻揭示了社会主义精神文明建设的特点和规律，丰富和发展了党关于社会主义精神文明建设的科学理论。',
  '要坚持用习近平新时代中国特色社会主义思想凝心铸魂，持续深化党的二十大精神的学习领会和宣传阐释。',
  '要巩固壮大主流舆论，严格落实意识形态工作责任制，加强全媒体传播体系建设，让正能量成为大流量，不断提升城市影响力和美誉度。',
  '要高标准完成全国文明典范城市创建，抓住重点难点，不断提升文明创建水平。',
  '要繁荣发展文化事业和文化产业，创新实施文化惠民工程，提升公共文化服务水平，加快制定文化产业发展规划，推动全市文化产业高质量发展。',
  '会议强调，要充分认识保密工作的极端重要性，牢固树立底线思维，突出精准施策，强化综合防范，加强科技赋能，注重责任落实，扎实做好各项保密安全工作。',
  '会议强调，春节将至，各级各部门要做好疫情防控新阶段工作，抓好经济平稳运行、安全生产和困难群众帮扶救助，确保社会大局和谐稳定。',
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
      const textZh = SEED_THEMES_ZH[order]!;
      await trx.insertInto('session_themes').values({ ...common, id, text, text_zh: textZh, sort_order: order, plan_theme_id: null }).execute();
      await indexRecord(trx, {
        type: 'theme',
        id,
        sessionId,
        level: 'public',
        fields: [
          { field: 'text', text, weight: WEIGHTS.theme },
          { field: 'text_zh', text: textZh, weight: WEIGHTS.theme },
        ],
      });
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
      const textZh = SEED_CONCLUSIONS_ZH[order]!;
      await trx.insertInto('conclusions').values({ ...common, id, kind: conclusion.kind, text: conclusion.text, text_zh: textZh, sort_order: order }).execute();
      await indexRecord(trx, {
        type: 'conclusion',
        id,
        sessionId,
        level: 'public',
        fields: [
          { field: 'text', text: conclusion.text, weight: WEIGHTS.conclusion },
          { field: 'text_zh', text: textZh, weight: WEIGHTS.conclusion },
        ],
      });
    }
    return {
      result: sessionId,
      audit: { action: 'demo.load_study', objectType: 'study_session', objectId: sessionId, level: 'public', detail: { speeches: speeches.length, conclusions: SEED_CONCLUSIONS.length } },
    };
  });
}
