import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asExpected, corpus, DEV_DIRS, FIELDS, parts, score, TARGETS } from '../../bench/importer/score.ts';
import { draftPeople, importRelease, matchPeople } from '../../src/study/release-importer.ts';
import { SEED_EXPECTED, SEED_TEXT } from './release-facts.ts';

// Every release below was written for these tests (invented bodies and people); none is copied.

const ZH_COUNTY = `1月20日下午，青萍县委理论学习中心组举行集体学习，深入学习习近平总书记关于“三农”工作的重要论述，研究部署全县春耕备耕工作。

县委书记、县委理论学习中心组组长王洪志主持会议并讲话，县委副书记、县长欧阳明远，县人大常委会主任司马清，县政协主席白露等县领导参加学习。各乡镇党委书记列席会议，市委第二巡回指导组有关同志到会指导。

欧阳明远、司马清围绕学习主题作重点发言，县委常委依次作交流发言。

会议指出，粮食安全是“国之大者”。全县上下要把春耕备耕摆在突出位置，要压实责任、细化措施。

会议强调，要抓好种子、化肥、农机等农资供应。会议要求，各乡镇要在3月底前完成高标准农田建设任务。`;

const EN_COUNTY = `The Theoretical Learning Center Group of the Qiaolin County Party Committee held a collective study on the afternoon of September 12 to study the spirit of the Third Plenary Session and deploy the county's autumn harvest work.

Chairman Wu Jianguo presided. County Magistrate Pan Lixin, Deputy Secretary of the County Party Committee Jiang Wenbo and other county leaders attended the meeting. Heads of township Party committees attended as non-voting participants. Comrades from the First Tour Steering Group of the Provincial Party Committee attended to give guidance.

Members of the Standing Committee spoke one by one around the theme.

The meeting pointed out that the plenary session charted the course for deepening reform. Every department must understand its significance.

The meeting emphasized that it is necessary to keep the autumn harvest on schedule.`;

describe('release importer: the seed', () => {
  it('reads every field of the seed as the corpus definitions say', () => {
    const draft = importRelease(SEED_TEXT);
    expect(draft.language).toBe('en');
    expect(draft.publishedOn).toBe('2023-01-21');
    expect(asExpected(draft)).toEqual(SEED_EXPECTED);
    expect(draft.host).toMatchObject({ role: 'host', spoke: true });
  });

  it('gives each field the span of the source it came from', () => {
    const draft = importRelease(SEED_TEXT);
    const at = (span: [number, number]) => SEED_TEXT.slice(span[0], span[1]);
    expect(at(draft.date!.span)).toBe('January 20th');
    expect(at(draft.halfDay!.span)).toBe('afternoon');
    expect(at(draft.group!.span)).toBe(draft.group!.value);
    expect(at(draft.body!.span)).toBe('Municipal Party Committee');
    for (const f of [...draft.themes, ...draft.findings, ...draft.requirements]) expect(at(f.span)).toBe(f.value);
    expect(draft.participants.map((p) => at(p.span))).toEqual([
      'Deputy Secretary of the Municipal Party Committee and Mayor Yu Haitian',
      'Chairman of the CPPCC Lei Jie',
      'Deputy Secretary of the Municipal Party Committee Yang Feng',
    ]);
    for (const s of draft.speakers) expect(at(s.span)).toBe(s.name);
  });

  it('lists every person of a draft once, in order of mention', () => {
    const people = draftPeople(importRelease(SEED_TEXT));
    expect(people.map((p) => p.name)).toEqual(['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang']);
    expect(people[1]!.titles).toEqual(['Deputy Secretary of the Municipal Party Committee', 'Mayor']);
  });
});

describe('release importer: dates without a year', () => {
  it('takes the latest such day not after the publication date, and says so', () => {
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.date).toMatchObject({ value: '2024-01-20', year: { source: 'published', publishedOn: '2024-01-22' } });
    expect(ZH_COUNTY.slice(...zh.date!.span)).toBe('1月20日');
    expect(zh.halfDay?.value).toBe('afternoon');
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.date?.value).toBe('2024-09-12');
    expect(EN_COUNTY.slice(...en.date!.span)).toBe('September 12');
    expect(en.halfDay?.value).toBe('afternoon');
  });

  it('puts a December study published in January in the year before', () => {
    const text = '12月28日上午，青萍县委理论学习中心组举行集体学习，学习中央经济工作会议精神。';
    expect(importRelease(text, { publishedOn: '2025-01-03' }).date?.value).toBe('2024-12-28');
    expect(importRelease('On December 28th, the Theoretical Learning Center Group of the Qiaolin County Party Committee held a study session.', { publishedOn: '2025-01-03' }).date?.value).toBe('2024-12-28');
  });

  it('keeps a year the release gives, in figures or in Chinese numerals', () => {
    expect(importRelease('2023年5月6日上午，青萍县委理论学习中心组举行集体学习。', { publishedOn: '2024-06-01' }).date).toMatchObject({ value: '2023-05-06', year: { source: 'release' } });
    expect(importRelease('二〇二四年十一月六日下午，青萍县委理论学习中心组举行集体学习。', { publishedOn: '2024-11-08' }).date?.value).toBe('2024-11-06');
  });

  it('gives no date when the release gives no day', () => {
    const draft = importRelease('近日，青萍县委理论学习中心组举行集体学习，学习党纪处分条例。', { publishedOn: '2024-06-01' });
    expect(draft.date).toBeNull();
    expect(draft.group?.value).toBe('青萍县委理论学习中心组');
  });
});

describe('release importer: who spoke, hosted and guided', () => {
  it('reads a group that spoke in turn as a collective speech, in either language', () => {
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.collectiveSpeech?.value).toBe('县委常委');
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.collectiveSpeech?.value).toBe('Members of the Standing Committee');
    expect(en.speakers).toEqual([]);
    const turns = importRelease('On May 8th, the Theoretical Learning Center Group of the Heshan Bureau held a study session.\n\nThe heads of the bureau’s divisions delivered speeches in turn.', { publishedOn: '2024-05-09' });
    expect(turns.collectiveSpeech?.value).toBe('The heads of the bureau’s divisions');
  });

  it('reads the members of a group or body who spoke, wherever the clause stands', () => {
    const lead = 'On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to study the Regulations.\n\n';
    const read = (text: string) => importRelease(lead + text, { publishedOn: '2024-03-10' });
    const cases: [string, string][] = [
      ['Secretary Wang Ming presided over the meeting, and members of the group spoke in turn.', 'members of the group'],
      ['Deputy Secretary Li Hua and Zhang Qiang attended, and members of the Leading Party Group made exchange speeches one by one.', 'members of the Leading Party Group'],
      ['Members of the Theoretical Learning Center Group attended the meeting and spoke in turn.', 'Members of the Theoretical Learning Center Group'],
      ['After Li Hua gave a guidance lecture, members of the group made exchange speeches.', 'members of the group'],
      ['The participants watched a documentary, and members of the group then spoke in turn.', 'members of the group'],
      ['Members of the group, in light of their own work, made exchange speeches.', 'Members of the group'],
      ['Other members of the group submitted written speeches.', 'Other members of the group'],
      ['Members of the group took turns speaking.', 'Members of the group'],
    ];
    for (const [text, group] of cases) {
      const d = read(text);
      expect(d.collectiveSpeech?.value, text).toBe(group);
      expect(d.speakers, text).toEqual([]);
    }
    const both = read('Li Hua and Zhang Qiang made key speeches, and other members of the group made written exchanges.');
    expect(both.speakers.map((s) => s.name)).toEqual(['Li Hua', 'Zhang Qiang']);
    expect(both.collectiveSpeech?.value).toBe('other members of the group');
    // Said in the lead, after its purpose: the group spoke, and the purpose stops before it.
    const inLead = importRelease('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to study the Regulations, and members of the group spoke in turn.', { publishedOn: '2024-03-10' });
    expect(inLead.collectiveSpeech?.value).toBe('members of the group');
    expect(inLead.themes.map((t) => t.value)).toEqual(['study the Regulations']);
  });

  it('reads a paragraph of who spoke after a conclusion paragraph as what happened, not as a conclusion', () => {
    const en = importRelease(
      'On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to study the Regulations.\n\nSecretary Wang Ming hosted the meeting.\n\nThe meeting pointed out that discipline is the lifeline.\n\nMembers of the Leading Party Group made exchange speeches in light of their work.\n\nLi Hua and Zhang Qiang made exchange speeches.',
      { publishedOn: '2024-03-10' },
    );
    expect(en.findings.map((f) => f.value)).toEqual(['discipline is the lifeline']);
    expect(en.collectiveSpeech?.value).toBe('Members of the Leading Party Group');
    expect(en.speakers.map((s) => s.name)).toEqual(['Li Hua', 'Zhang Qiang']);
    const zh = importRelease('3月6日上午，汀岚县委理论学习中心组举行集体学习，学习《条例》。\n\n县委书记王明主持会议。\n\n会议指出，纪律是生命线。\n\n党组成员围绕学习主题开展了交流研讨。', { publishedOn: '2024-03-10' });
    expect(zh.findings.map((f) => f.value)).toEqual(['纪律是生命线']);
    expect(zh.collectiveSpeech?.value).toBe('党组成员');
    const inLead = importRelease('5月9日下午，澄溪县委理论学习中心组举行集体学习，深入学习《条例》，中心组成员依次作交流发言。\n\n县委书记王明主持会议。', { publishedOn: '2024-05-12' });
    expect(inLead.collectiveSpeech?.value).toBe('中心组成员');
    expect(inLead.themes.map((t) => t.value)).toEqual(['深入学习《条例》']);
    const purposeOnly = importRelease('5月9日下午，澄溪县委理论学习中心组举行集体学习，深入学习《条例》，交流学习体会。\n\n县委书记王明主持会议。', { publishedOn: '2024-05-12' });
    expect(purposeOnly.collectiveSpeech).toBeNull();
    expect(purposeOnly.themes.map((t) => t.value)).toEqual(['深入学习《条例》', '交流学习体会']);
    const afterAside = importRelease('5月9日下午，澄溪县委理论学习中心组举行集体学习。\n\n县委书记王明主持会议。围绕学习主题，县委常委依次作交流发言。', { publishedOn: '2024-05-12' });
    expect(afterAside.collectiveSpeech?.value).toBe('县委常委');
    const attendees = importRelease('3月6日上午，汀岚县委理论学习中心组举行集体学习。\n\n县委书记王明主持会议。参加学习的同志依次交流了学习体会。', { publishedOn: '2024-03-10' });
    expect(attendees.collectiveSpeech?.value).toBe('参加学习的同志');
    expect(attendees.present).toEqual(['王明']);
  });

  it('reads speakers without 分别/依次 and keeps the release’s own word for the speech', () => {
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.speakers.map((s) => s.name)).toEqual(['欧阳明远', '司马清']);
    expect(zh.speech).toMatchObject({ kind: 'key_speech', words: { value: '重点发言' } });
    const exchange = importRelease('3月2日上午，青萍县委理论学习中心组举行集体学习。\n\n白露、欧阳明远作交流发言。', { publishedOn: '2024-03-05' });
    expect(exchange.speech).toMatchObject({ kind: 'exchange', words: { value: '交流发言' } });
  });

  it('reads a host named after a title in apposition, and guidance from above', () => {
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.host).toMatchObject({ name: 'Wu Jianguo', titles: ['Chairman'], role: 'preside' });
    expect(en.group?.value).toBe('Theoretical Learning Center Group of the Qiaolin County Party Committee');
    expect(en.guidance.map((g) => g.value)).toEqual(['the First Tour Steering Group of the Provincial Party Committee']);
    expect(en.observers).toMatchObject([{ name: 'Heads of township Party committees', named: false }]);
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.host).toMatchObject({ name: '王洪志', titles: ['县委书记', '县委理论学习中心组组长'], spoke: true });
    expect(zh.guidance.map((g) => g.value)).toEqual(['市委第二巡回指导组']);
    expect(zh.observers).toMatchObject([{ name: '各乡镇党委书记', named: false }]);
    const apposition = importRelease('On June 3rd, the Theoretical Learning Center Group of the Heshan CPPCC held a study session.\n\nFang Mubai, chairman of the Heshan CPPCC, presided over the meeting and made a concluding speech.', { publishedOn: '2024-06-04' });
    expect(apposition.host).toMatchObject({ name: 'Fang Mubai', titles: ['chairman of the Heshan CPPCC'], spoke: true });
  });
});

describe('release importer: findings and requirements', () => {
  it('lets the paragraph’s lead verb decide, not "must" or 要 inside it', () => {
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.findings.map((f) => f.value)).toEqual(['the plenary session charted the course for deepening reform', 'Every department must understand its significance']);
    expect(en.requirements.map((r) => r.value)).toEqual(['it is necessary to keep the autumn harvest on schedule']);
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.findings.map((f) => f.value)).toEqual(['粮食安全是“国之大者”', '全县上下要把春耕备耕摆在突出位置，要压实责任、细化措施']);
    // A lead-in in the middle of a paragraph starts a new conclusion of its kind.
    expect(zh.requirements.map((r) => r.value)).toEqual(['要抓好种子、化肥、农机等农资供应', '各乡镇要在3月底前完成高标准农田建设任务']);
  });

  it('keeps each paragraph’s lead-in on the sentence it led', () => {
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.conclusions.map((c) => [c.kind, c.leadIn])).toEqual([
      ['finding', 'The meeting pointed out that'],
      ['finding', null],
      ['requirement', 'The meeting emphasized that'],
    ]);
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.conclusions.map((c) => c.leadIn)).toEqual(['会议指出，', null, '会议强调，', '会议要求，']);
  });

  it('reads a leader’s words at the meeting by the verb that leads them', () => {
    const text = '5月9日下午，青萍县委理论学习中心组举行集体学习。\n\n县委书记王洪志主持会议。\n\n王洪志在讲话中强调，要把学习成果转化为工作成效。';
    const draft = importRelease(text, { publishedOn: '2024-05-10' });
    expect(draft.requirements.map((r) => r.value)).toEqual(['要把学习成果转化为工作成效']);
    expect(draft.host?.spoke).toBe(true);
  });
});

describe('release importer: names', () => {
  it('cuts names by title words and surnames, keeping 王洪志 whole and 王洪 apart', () => {
    expect(importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' }).host?.name).toBe('王洪志');
    const other = importRelease('6月1日上午，柘林镇党委理论学习中心组举行集体学习。\n\n王洪书记主持会议并讲话，宇文斌常务副镇长、白羽副镇长参加学习。', { publishedOn: '2024-06-02' });
    expect(other.host).toMatchObject({ name: '王洪', titles: ['书记'] });
    expect(other.participants.map((p) => [p.name, p.titles])).toEqual([
      ['宇文斌', ['常务副镇长']],
      ['白羽', ['副镇长']],
    ]);
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.participants.map((p) => [p.name, p.titles])).toEqual([
      ['欧阳明远', ['县委副书记', '县长']],
      ['司马清', ['县人大常委会主任']],
      ['白露', ['县政协主席']],
    ]);
  });

  it('keeps a name whose last character is also a word for "and" (聂清和, 赵汝及, 聂平与) or holds 作 / 就 / 业', () => {
    const text = `4月11日上午，汀岚县委理论学习中心组举行集体学习，学习贯彻全国两会精神。

县委书记聂清和主持会议并讲话，县委副书记、县长王建平，县人大常委会主任赵汝及，县政协主席胡同、副县长曹宏业和钱立新参加学习，县委常委李文、聂平与、刘作军列席会议。

聂清和、王建平、赵汝及分别作交流发言，刘作军、陈就一围绕学习主题作重点发言。`;
    const d = importRelease(text, { publishedOn: '2024-04-12' });
    expect(d.host?.name).toBe('聂清和');
    expect(d.participants.map((p) => [p.name, p.titles])).toEqual([
      ['王建平', ['县委副书记', '县长']],
      ['赵汝及', ['县人大常委会主任']],
      ['胡同', ['县政协主席']],
      ['曹宏业', ['副县长']],
      ['钱立新', []],
    ]);
    expect(d.observers.map((o) => o.name)).toEqual(['李文', '聂平与', '刘作军']);
    expect(d.speakers.map((s) => s.name)).toEqual(['聂清和', '王建平', '赵汝及', '刘作军', '陈就一']);
    expect(d.present).toEqual(['聂清和', '王建平', '赵汝及', '胡同', '曹宏业', '钱立新', '李文', '聂平与', '刘作军', '陈就一']);
  });

  it('reads 与 as "and" only between two names: 区长何与安 is one person, never 区长何', () => {
    const d = importRelease('12月27日下午，柘川区委理论学习中心组召开集体学习会。\n\n区委书记上官景和主持会议。区委副书记、区长何与安，区政协主席欧阳和及其他区级领导参加学习。', { publishedOn: '2025-01-02' });
    expect(d.participants.map((p) => [p.name, p.titles])).toEqual([
      ['何与安', ['区委副书记', '区长']],
      ['欧阳和', ['区政协主席']],
    ]);
    expect(d.present).toEqual(['上官景和', '何与安', '欧阳和']);
  });

  it('reads 和 between two names as "and", unless the known people say it ends the first', () => {
    const text = '4月11日上午，汀岚县委理论学习中心组举行集体学习。\n\n县委书记王建平主持会议。县委常委聂清和王敏参加学习。';
    expect(importRelease(text, { publishedOn: '2024-04-12' }).participants.map((p) => p.name)).toEqual(['聂清', '王敏']);
    expect(importRelease(text, { publishedOn: '2024-04-12', knownNames: ['聂清和'] }).participants.map((p) => [p.name, p.titles])).toEqual([
      ['聂清和', ['县委常委']],
      ['王敏', []],
    ]);
  });

  it('never marks present a name read short where the release goes on with a longer one', () => {
    // 聂清和县人大常委会主任王敏: read as 聂清 and 王敏, but the host 聂清和 is named at the same words.
    const d = importRelease('4月11日上午，汀岚县委理论学习中心组举行集体学习。\n\n县委副书记聂清和主持会议。县委常委聂清和县人大常委会主任王敏参加学习。', { publishedOn: '2024-04-12' });
    expect(d.host?.name).toBe('聂清和');
    expect(d.participants.map((p) => p.name)).toEqual(['王敏']);
    expect(d.present).toEqual(['聂清和', '王敏']);
  });

  it('cuts a name list at the known people first', () => {
    const text = '4月2日上午，青萍县委理论学习中心组举行集体学习。\n\n副县长阿依古丽参加学习。';
    expect(importRelease(text, { publishedOn: '2024-04-03' }).participants).toEqual([]);
    expect(importRelease(text, { publishedOn: '2024-04-03', knownNames: ['阿依古丽'] }).participants.map((p) => [p.name, p.titles])).toEqual([['阿依古丽', ['副县长']]]);
  });

  it('matches a known person across scripts and titles before offering a new one', () => {
    const known = [
      { id: 'p1', name: 'Yang Feng', nameEn: 'Yang Feng', titles: ['Deputy Secretary of the Municipal Party Committee'] },
      { id: 'p2', name: '杨锋', nameEn: null, titles: ['县长'] },
      { id: 'p3', name: '刘强', nameEn: 'Liu Qiang', titles: ['市委书记'] },
      { id: 'p4', name: '刘强', nameEn: null, titles: ['县长'] },
    ];
    const matches = matchPeople(
      [
        { name: '杨峰', titles: ['市委副书记'] },
        { name: 'Yang Feng', titles: [] },
        { name: '刘强', titles: ['县长'] },
        { name: '刘强', titles: [] },
        { name: '王洪志', titles: [] },
      ],
      known,
    );
    // 杨峰 is Yang Feng in pinyin; 杨锋 sounds the same but is written otherwise: another person.
    expect(matches[0]).toMatchObject({ match: 'p1', reason: 'same_name_pinyin', candidates: [{ id: 'p1' }] });
    expect(matches[1]).toMatchObject({ match: 'p1', reason: 'same_name' });
    expect(matches[1]!.candidates.map((c) => c.id)).toEqual(['p1', 'p2']);
    expect(matches[2]).toMatchObject({ match: 'p4', reason: 'same_name_and_title' });
    expect(matches[3]).toMatchObject({ match: 'new', reason: null });
    expect(matches[3]!.candidates.map((c) => c.id).sort()).toEqual(['p3', 'p4']);
    expect(matches[4]).toEqual({ name: '王洪志', match: 'new', reason: null, candidates: [] });
  });
});

describe('release importer: other phrasings of the genre', () => {
  it('reads an inverted host and list, sitting in, guidance "under" a group, "followed by" and an unquoted theme', () => {
    const text = `On March 5, the Theoretical Learning Center Group of the Linchuan Municipal Party Committee held a collective study with the theme of strengthening the rule of law.

Presiding over the meeting was Fang Zheng, Secretary of the Municipal Party Committee. Also attending were Mayor Li Wenbo and Zhang Jianguo. Also sitting in were Wang Li and heads of municipal departments. The study was held under the guidance of comrades from the Third Steering Group of the Provincial Party Committee.

Li Wenbo spoke first, followed by Zhang Jianguo and Ouyang Hui. Each member of the Standing Committee then gave a talk.`;
    const d = importRelease(text, { publishedOn: '2024-03-10' });
    expect(d.themes.map((t) => t.value)).toEqual(['strengthening the rule of law']);
    expect(d.host).toMatchObject({ name: 'Fang Zheng', titles: ['Secretary of the Municipal Party Committee'] });
    expect(d.participants.map((p) => [p.name, p.titles])).toEqual([['Li Wenbo', ['Mayor']], ['Zhang Jianguo', []]]);
    expect(d.observers.map((o) => [o.name, o.named])).toEqual([['Wang Li', true], ['heads of municipal departments', false]]);
    expect(d.guidance.map((g) => g.value)).toEqual(['the Third Steering Group of the Provincial Party Committee']);
    expect(d.speakers.map((s) => s.name)).toEqual(['Li Wenbo', 'Zhang Jianguo', 'Ouyang Hui']);
    expect(d.collectiveSpeech?.value).toBe('Each member of the Standing Committee');
  });

  it('reads 参加学习的有…, counted names, speakers who took part and spoke, and a group that shared its thoughts', () => {
    const d = importRelease('3月5日下午，临川市委理论学习中心组举行集体学习。\n\n市委书记方正主持会议。参加学习的有市委副书记、市长李文博，市委常委张建国。与会同志畅谈了学习体会。', { publishedOn: '2024-03-10' });
    expect(d.participants.map((p) => [p.name, p.titles])).toEqual([['李文博', ['市委副书记', '市长']], ['张建国', ['市委常委']]]);
    expect(d.collectiveSpeech?.value).toBe('与会同志');
    const counted = importRelease('3月5日下午，临川市财政局党组理论学习中心组举行集体学习。\n\n孙立新、周敏、吴刚三位同志分别谈了学习体会。市委常委张建国、王丽参加学习并作交流发言。', { publishedOn: '2024-03-10' });
    expect(counted.speakers.map((s) => s.name)).toEqual(['孙立新', '周敏', '吴刚', '张建国', '王丽']);
    expect(counted.participants.map((p) => p.name)).toEqual(['张建国', '王丽']);
  });
});

describe('release importer: themes', () => {
  it('takes every purpose clause of the Chinese lead, before the group, before the verb and after it', () => {
    const themes = (text: string) => importRelease(text, { publishedOn: '2024-03-10' }).themes.map((t) => t.value);
    expect(themes('为深入学习贯彻党的二十届三中全会精神，进一步谋划全县改革发展重点任务，汀岚县委理论学习中心组于3月6日上午举行集体学习。')).toEqual([
      '深入学习贯彻党的二十届三中全会精神',
      '进一步谋划全县改革发展重点任务',
    ]);
    expect(themes('3月6日上午，汀岚县委理论学习中心组围绕深入学习贯彻党的二十届三中全会精神，奋力推动县域经济高质量发展举行集体学习。')).toEqual([
      '深入学习贯彻党的二十届三中全会精神',
      '奋力推动县域经济高质量发展',
    ]);
    expect(themes('3月6日上午，汀岚县委理论学习中心组举行集体学习，深入学习贯彻党的二十届三中全会精神，进一步谋划全县改革发展重点任务，扎实推动各项任务落地见效。')).toEqual([
      '深入学习贯彻党的二十届三中全会精神',
      '进一步谋划全县改革发展重点任务',
      '扎实推动各项任务落地见效',
    ]);
    // 开展 inside a purpose is not the verb that holds the session; 为期 is not a purpose.
    expect(themes('3月6日上午，汀岚县委理论学习中心组围绕深入开展主题教育，全面推动整改落实召开专题学习会。')).toEqual(['深入开展主题教育', '全面推动整改落实']);
    expect(themes('为期两天，汀岚县委理论学习中心组举办读书班，全面学习《条例》。')).toEqual(['全面学习《条例》']);
  });
});

describe('release importer: English themes', () => {
  const themes = (text: string) => importRelease(text, { publishedOn: '2024-03-10' }).themes.map((t) => t.value);
  const three = ['carry out in-depth study of the Regulations', 'promote the education on Party discipline', 'solidly do a good job in rectification'];

  it('takes each verb of a series, with or without the Oxford comma, wherever the purpose is said', () => {
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to carry out in-depth study of the Regulations, promote the education on Party discipline, and solidly do a good job in rectification.')).toEqual(three);
    expect(themes('On March 6, in order to carry out in-depth study of the Regulations, promote the education on Party discipline, and solidly do a good job in rectification, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study.')).toEqual(three);
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee met to carry out in-depth study of the Regulations, promote the education on Party discipline, and solidly do a good job in rectification.')).toEqual(three);
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held its fourth collective study of 2024 to conduct in-depth study of the Regulations, carry out education on Party discipline, and do solid work in rectification.')).toEqual([
      'conduct in-depth study of the Regulations',
      'carry out education on Party discipline',
      'do solid work in rectification',
    ]);
  });

  it('takes a series of participles after the session as its purpose', () => {
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study, carrying out in-depth study of the Regulations, promoting the education on Party discipline, and solidly doing a good job in rectification.')).toEqual([
      'carrying out in-depth study of the Regulations',
      'promoting the education on Party discipline',
      'solidly doing a good job in rectification',
    ]);
  });

  it('splits at an "and" that follows a verb and its object, not one between two verbs', () => {
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to study the Regulations and exchange experiences.')).toEqual(['study the Regulations', 'exchange experiences']);
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to deeply study and implement the Regulations.')).toEqual(['deeply study and implement the Regulations']);
  });

  it('keeps a series of nouns in one theme', () => {
    expect(themes('On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study to study the Constitution, the Civil Code, and relevant laws.')).toEqual(['study the Constitution, the Civil Code, and relevant laws']);
  });
});

describe('release importer: quotation marks and brackets', () => {
  it('never splits inside a quoted topic, a title in 《》 or brackets, in either language', () => {
    const zh = importRelease(
      '3月6日上午，汀岚县委理论学习中心组举行集体学习，以“学纪、知纪，明纪、守纪”为主题，深入学习《关于加强和改进新时代基层治理，推进治理现代化的意见》，扎实推进党纪学习教育。\n\n县委书记聂清主持会议。各乡镇（街道、园区）党（工）委书记列席会议。',
      { publishedOn: '2024-03-10' },
    );
    expect(zh.themes.map((t) => t.value)).toEqual(['学纪、知纪，明纪、守纪', '深入学习《关于加强和改进新时代基层治理，推进治理现代化的意见》', '扎实推进党纪学习教育']);
    expect(zh.observers.map((o) => [o.name, o.named])).toEqual([['各乡镇（街道、园区）党（工）委书记', false]]);
    const en = importRelease(
      'On March 6, the Theoretical Learning Center Group of the Tinglan County Party Committee held a collective study on the theme of "Learning, Understanding, and Applying the Rules", to study the "Regulations on Discipline, Rules and Conduct" in depth, and plan the work for the next stage.',
      { publishedOn: '2024-03-10' },
    );
    expect(en.themes.map((t) => t.value)).toEqual(['Learning, Understanding, and Applying the Rules', 'study the "Regulations on Discipline, Rules and Conduct" in depth', 'plan the work for the next stage']);
  });

  it('lets a quotation mark that is never closed protect nothing', () => {
    const d = importRelease('3月6日上午，汀岚县委理论学习中心组举行集体学习，学习“两个确立。\n\n县委书记聂清主持会议。会议指出，要抓好落实。', { publishedOn: '2024-03-10' });
    expect(d.host?.name).toBe('聂清');
    expect(d.findings.map((f) => f.value)).toEqual(['要抓好落实']);
  });
});

describe('release importer: attendance', () => {
  it('holds exactly the people the release names, never an unnamed group', () => {
    const zh = importRelease(ZH_COUNTY, { publishedOn: '2024-01-22' });
    expect(zh.present).toEqual(['王洪志', '欧阳明远', '司马清', '白露']);
    const en = importRelease(EN_COUNTY, { publishedOn: '2024-10-01' });
    expect(en.present).toEqual(['Wu Jianguo', 'Pan Lixin', 'Jiang Wenbo']);
    const unnamed = importRelease('日前，鹭汀区委理论学习中心组召开集体学习会。\n\n区委、区政府领导班子成员参加学习，中心组成员作交流发言。', { publishedOn: '2024-09-03' });
    expect(unnamed.present).toEqual([]);
    expect(unnamed.participants).toEqual([]);
    expect(unnamed.collectiveSpeech?.value).toBe('中心组成员');
  });
});

describe('release importer: time', () => {
  // The old expressions backtracked over a long run without a verb (English lead) and a long run
  // before "，…主持" (Chinese host): these are their worst cases, at 200,000 characters.
  const N = 200_000;
  const cases: [string, string][] = [
    ['English lead without a verb', `On January 20th,${' ,'.repeat(N / 2)}`],
    ['English lead of words', `On January 20th, the ${'word '.repeat(N / 5)}`],
    ['Chinese run before the host', `1月20日下午，市委理论学习中心组举行集体学习。\n\n${'啊'.repeat(N)}，市委书记刘强主持。`],
    ['Chinese verbs without a stop', `1月20日下午，市委理论学习中心组举行集体学习，${'主持依次参加列席发言和、'.repeat(N / 12)}`],
    ['Chinese names joined by 和', `市委书记${'王洪志和'.repeat(N / 4)}参加`],
  ];
  it.each(cases)('reads 200,000 characters of %s in well under a second', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(N);
    const started = performance.now();
    importRelease(text, { publishedOn: '2024-01-22' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('release importer: the development corpus', () => {
  it('measures every sealed part that exists, each on its own, after the development part', () => {
    const dir = mkdtempSync(join(tmpdir(), 'remit-blind-'));
    try {
      for (const d of ['dev', 'sealed-2', 'sealed', 'sealed-10', 'notes']) mkdirSync(join(dir, d));
      writeFileSync(join(dir, 'sealed-3'), 'a file, not a part');
      expect(parts(dir).map((p) => [p.name, p.sealed])).toEqual([
        ['development', false],
        ['sealed', true],
        ['sealed-2', true],
        ['sealed-10', true],
      ]);
      expect(parts(dir)[2]!.dirs).toEqual([join(dir, 'sealed-2')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('meets the targets on the development part of the blind corpus', () => {
    const releases = corpus(DEV_DIRS);
    expect(releases.length).toBeGreaterThanOrEqual(21);
    const result = score(releases);
    for (const field of FIELDS) {
      expect(result.precision[field], `${field} precision`).toBeGreaterThanOrEqual(TARGETS[field].precision);
      expect(result.recall[field], `${field} recall`).toBeGreaterThanOrEqual(TARGETS[field].recall);
    }
  });
});
