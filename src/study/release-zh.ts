/**
 * Reading a Chinese release: the lead sentence (date, half-day, group, themes), then each clause
 * that says who hosted (主持), took part (参加/出席), sat in (列席), gave guidance (到会指导) or
 * spoke (发言). Conclusions are read by the shared paragraph rules in release-importer.ts.
 */
import { looksLikeNameZh, titledNameZh, unlistedNameZh } from './release-names.ts';
import {
  HALF_DAY_ZH,
  indexOutside,
  lastIndexOutside,
  quoted,
  resolveDate,
  sentencesZh,
  spanOf,
  split,
  sub,
  trim,
  type DraftObserver,
  type DraftPerson,
  type Field,
  type Piece,
  type ReleaseDraft,
} from './release-text.ts';

export interface ZhContext {
  known: ReadonlySet<string>;
  publishedOn: string | null;
}

const strip = (p: Piece, re: RegExp): Piece => {
  const m = re.exec(p.text);
  return m ? sub(p, 0, m.index) : p;
};
const stripLead = (p: Piece, re: RegExp): Piece => {
  const m = re.exec(p.text);
  return m && m.index === 0 ? sub(p, m[0].length) : p;
};

// --- the lead sentence ---------------------------------------------------------------------------

const DATE_ZH = /(?:([\d〇零一二三四五六七八九]{4})年)?([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日/;
const HALF_ZH = /^(?:上午|下午|晚上|晚间|傍晚|晚)/;
const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "2024", "二〇二四" (digit by digit), "十一", "二十一" → the number. */
export function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (!text.includes('十')) return Number([...text].map((c) => DIGITS[c] ?? 0).join(''));
  const [tens, units] = text.split('十') as [string, string];
  return (tens ? (DIGITS[tens] ?? 0) : 1) * 10 + (units ? (DIGITS[units] ?? 0) : 0);
}

export function readDateZh(sentence: Piece, ctx: ZhContext, draft: ReleaseDraft): number {
  const m = DATE_ZH.exec(sentence.text);
  if (!m) return -1;
  const at = sentence.start + m.index;
  draft.date = resolveDate(m[1] ? chineseNumber(m[1]) : null, chineseNumber(m[2]!), chineseNumber(m[3]!), ctx.publishedOn, [at, at + m[0].length]);
  const half = HALF_ZH.exec(sentence.text.slice(m.index + m[0].length));
  if (half) draft.halfDay = { value: HALF_DAY_ZH[half[0]]!, span: [at + m[0].length, at + m[0].length + half[0].length] };
  return m.index + m[0].length + (half ? half[0].length : 0);
}

/** The group: the name that ends with 中心组, from the clause boundary before it. */
export function readGroupZh(lead: Piece, draft: ReleaseDraft): number {
  const end = lead.text.indexOf('中心组');
  if (end < 0) return -1;
  const stop = end + 3;
  let start = 0;
  for (let i = stop - 1; i >= 0; i--) {
    const c = lead.text[i]!;
    if (c === '，' || c === '。' || c === '；' || c === '：' || c === ',' || c === '”' || c === '“') {
      start = i + 1;
      break;
    }
  }
  let g = sub(lead, start, stop);
  // A date, "近日" or a hosting verb before the group name is not part of it.
  const dm = /(?:(?:[\d〇零一二三四五六七八九]{4}年)?[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日(?:上午|下午|晚上|晚间|傍晚|晚)?|近日|日前|近期|今天|昨天)/.exec(g.text);
  if (dm) g = sub(g, dm.index + dm[0].length);
  const verb = /(?:主持召开|召开|组织|举行|参加)/.exec(g.text);
  if (verb) g = sub(g, verb.index + verb[0].length);
  g = trim(stripLead(g, /^(?:在|由|于)/));
  if (!g.text) return -1;
  draft.group = { value: g.text, span: spanOf(g) };
  const body = trim(strip(g, /(?:理论学习|理论|学习)?中心组$/));
  if (body.text) draft.body = { value: body.text, span: spanOf(body) };
  return stop;
}

/** The verb that holds the session ("举行集体学习", "召开…专题学习会"), not a 开展 / 进行 inside a purpose. */
const SESSION_VERB = /(?:举行|召开|开展|进行|组织)了?(?=[^，；。]{0,16}?(?:学习|研讨|会议|读书班|交流会|座谈))/;
const ANY_SESSION_VERB = /举行|召开|开展|进行|组织/;
const PEOPLE_VERB = /主持|参加|出席|列席|参会|到会指导/;
/** A clause that says when or where the session was held is not a theme. */
const NOT_THEME = /\d{1,2}月\d{1,2}日|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|会议于|学习会于|^于|举行$|举办$|召开$|^(?:近日|日前|近期|今天|昨天|当天|随后)$/;
const THEME_LEAD = /^(?:以|并|并且)(?=\p{Script=Han})/u;

/** The purpose clauses of a stretch of the lead: split at "，" / "；" outside quotes, minus those that say when, where or who. */
function purposeClauses(p: Piece, quotedTopic: string | null): Piece[] {
  const out: Piece[] = [];
  for (const clause of split(p, /[，；]/g)) {
    const c = trim(clause, new Set(['。', '！', ' ']));
    if (!c.text || PEOPLE_VERB.test(c.text) || NOT_THEME.test(c.text) || GROUP_IN_TURN.test(c.text)) continue;
    if (quotedTopic !== null && c.text.includes(`“${quotedTopic}”`)) continue;
    out.push(stripLead(c, THEME_LEAD));
  }
  return out;
}

/**
 * Themes: each clause of the purpose in the sentence that announces the session, wherever it is
 * said: before the group ("为深入学习…，进一步谋划…，X中心组…"), between the group and the verb
 * ("围绕学习贯彻…，奋力推动…举行集体学习") and after the verb ("举行集体学习，深入学习…，扎实推进…").
 */
export function readThemesZh(lead: Piece, afterGroup: number, draft: ReleaseDraft): void {
  const themes: Piece[] = [];
  let rest = sub(lead, Math.max(0, afterGroup));
  // "围绕“……”主题" / "以“……”为主题": the quoted topic is one theme.
  const quoted = /(?:围绕|以|就|聚焦)“([^“”]{1,200})”(?:为|的)?(?:主题|专题|主线)/.exec(lead.text.slice(Math.max(0, afterGroup)));
  const topic = quoted ? quoted[1]! : null;
  // "为深入推进党纪学习教育，进一步…，X中心组…": the purpose said before the group runs from 为 to the group.
  const groupAt = draft.group ? draft.group.span[0] - lead.start : -1;
  if (groupAt > 0) {
    const before = sub(lead, 0, groupAt);
    const purpose = /(?:^|[，；])(?:为了|为)(?!期)(?=\p{Script=Han})/u.exec(before.text);
    if (purpose) themes.push(...purposeClauses(sub(before, purpose.index + purpose[0].length), null));
  }
  if (quoted) themes.push(sub(rest, quoted.index + quoted[0].indexOf('“') + 1, quoted.index + quoted[0].indexOf('”')));
  const verb = SESSION_VERB.exec(rest.text) ?? ANY_SESSION_VERB.exec(rest.text);
  // "…中心组围绕学习贯彻…，奋力推动…举行集体学习": the purpose between the group and the verb.
  if (verb && !quoted) {
    const before = sub(rest, 0, verb.index);
    const around = /(?:^|[，；\s])(?:围绕|聚焦)|^(?:就|以)/.exec(before.text);
    if (around) {
      const body = sub(before, around.index + around[0].length);
      const end = /(?:为主题|为主线|为重点)$/.exec(body.text);
      themes.push(...purposeClauses(end ? sub(body, 0, end.index) : body, null));
    }
  }
  if (verb) rest = sub(rest, verb.index + verb[0].length);
  const comma = indexOutside(rest.text, '，');
  if (comma >= 0) themes.push(...purposeClauses(sub(rest, comma + 1), topic));
  draft.themes = themes.filter((t) => t.text.length > 0).map((t) => ({ value: t.text, span: spanOf(t) }));
}

// --- people ---------------------------------------------------------------------------------------

interface ListResult {
  people: DraftPerson[];
  /** Items that name no person: groups as written ("市委常委", "各县（区）委书记"). */
  groups: Piece[];
}

/** "等同志", "三位同志", "等5名同志": the words after a list of names that count or address them. */
const COMRADE = /(?:等)?(?:[\d一二三四五六七八九十两]+(?:位|名))?(?:领导)?(?:同志|领导)$|(?:等)?[\d一二三四五六七八九十两]+(?:位|名|人)$/;
const MAX_LIST_CHARS = 2000;
const MAX_VERBS = 100;

/**
 * A list of people: items separated by "，" (and "和/及/以及/与" after a name), each item a run
 * separated by "、" of titles and names; a title before a name is that name's.
 */
export function peopleListZh(list: Piece, known: ReadonlySet<string>): ListResult {
  // A list in a release names a few dozen people; the rest of an absurdly long one is not read.
  if (list.text.length > MAX_LIST_CHARS) list = sub(list, 0, MAX_LIST_CHARS);
  const out: ListResult = { people: [], groups: [] };
  const items: Piece[] = [];
  for (const part of split(list, /[，,；;]/g)) {
    let from = 0;
    for (const m of part.text.matchAll(CONJUNCTION)) {
      if (m.index < from) continue;
      const end = m.index + m[0].length;
      if (m[0] === '等') {
        items.push(sub(part, from, m.index));
        from = end;
        continue;
      }
      const before = part.text.slice(from, m.index);
      const lastPiece = before.slice(before.lastIndexOf('、') + 1).replace(COMRADE, '');
      const joined = conjunctionAt(lastPiece, m[0], part.text.slice(end), known);
      if (joined === 'conjunction') {
        items.push(sub(part, from, m.index));
        from = end;
      } else if (joined === 'name-then-item') {
        items.push(sub(part, from, end));
        from = end;
      }
    }
    items.push(sub(part, from));
  }
  for (const raw of items) {
    const item = trim(raw);
    if (!item.text) continue;
    const bare = bareNamesZh(item, known);
    if (bare) {
      out.people.push(...bare);
      continue;
    }
    let pending: string[] = [];
    let pendingStart = -1;
    let named = false;
    for (const x of split(item, /、/g)) {
      const text = x.text.replace(COMRADE, '');
      const whole = looksLikeNameZh(text, known) ? { titles: '', name: text } : titledNameZh(text, known);
      if (!whole || /\d|月|日/.test(whole.titles)) {
        pending.push(text);
        if (pendingStart < 0) pendingStart = x.start;
        continue;
      }
      const own = whole.titles ? whole.titles.split(/[、，]/).filter(Boolean) : [];
      const start = pendingStart >= 0 ? pendingStart : x.start;
      out.people.push({ name: whole.name, titles: [...pending, ...own], span: [start, x.start + whole.titles.length + whole.name.length] });
      pending = [];
      pendingStart = -1;
      named = true;
    }
    if (!named && pending.length) out.groups.push(item);
  }
  return out;
}

const CONJUNCTION = /以及|和|及|与|等/g;

/** The name a list piece ends with ("县委副书记聂清" → 聂清), or null. */
function endingName(text: string, known: ReadonlySet<string>): string | null {
  if (looksLikeNameZh(text, known)) return text;
  return titledNameZh(text, known)?.name ?? null;
}

/**
 * Whether 和 / 及 / 与 / 以及 after `lastPiece` joins two items ("杨峰和市委常委", "杨峰和王明") or is
 * the last character of a name (聂清和, 赵汝及): it joins only when a name ends before it and
 * something that could be a person or a group follows it, before the next 、 or the end of the
 * item. A known person whose name holds the character outranks that reading ('name-then-item':
 * the character is the name's, and what follows is the next item).
 */
function conjunctionAt(lastPiece: string, word: string, rest: string, known: ReadonlySet<string>): 'conjunction' | 'name' | 'name-then-item' {
  const short = endingName(lastPiece, known);
  if (!short) return 'name';
  const long = word.length === 1 ? endingName(lastPiece + word, known) : null;
  if (long && long.endsWith(word) && known.has(long) && !known.has(short)) return 'name-then-item';
  const next = (/^[^、和及与等，,；;]*/.exec(rest)?.[0] ?? '').replace(COMRADE, '');
  // A name or a group has two characters at least: "何与安" is one name, not 何 and 安.
  if (next.length < 2 || /^(?:同志|领导|参加|出席|列席|主持|分别|依次|先后|作|在|围绕|结合)/.test(next)) return long ? 'name' : 'conjunction';
  return 'conjunction';
}

/** "邴若愚、曲梦溪、蓝绍安": in a run of bare names, a name with an unlisted surname is a name too. */
function bareNamesZh(item: Piece, known: ReadonlySet<string>): DraftPerson[] | null {
  const pieces = split(item, /、/g).map((x) => ({ x, text: x.text.replace(COMRADE, '') }));
  if (pieces.length < 2) return null;
  const listed = pieces.filter((p) => looksLikeNameZh(p.text, known)).length;
  if (listed === 0 || !pieces.every((p) => looksLikeNameZh(p.text, known) || unlistedNameZh(p.text))) return null;
  return pieces.map((p) => ({ name: p.text, titles: [], span: [p.x.start, p.x.start + p.text.length] }));
}

/** "中心组成员依次", "县委常委结合分管工作分别": a group named as speaking in turn. */
const GROUP_IN_TURN = /^[^，；]{0,20}?(?:同志|成员|常委|委员|干部|负责人|负责同志|代表|人员|大家)(?:结合[^，；]{0,20}?)?(?:依次|分别|逐一|先后|轮流|相继)/;

const SPEECH_WORD = /(?:重要|总结|动员|主旨)?讲话/;

function speechWords(clause: Piece): Field<string> | null {
  const m = SPEECH_WORD.exec(clause.text);
  return m ? { value: m[0], span: [clause.start + m.index, clause.start + m.index + m[0].length] } : null;
}

const HOST_SPOKE = /(?:并|并作|并发表|作|发表)(?:了)?(?:重要|总结|动员|讲话|总结讲话|重要讲话)*讲话/;

interface Segment {
  verb: string;
  /** The words before the verb that say who. */
  who: Piece;
  /** The rest of the clause that belongs to this verb ("并讲话", "作重点发言"). */
  tail: Piece;
}

const VERBS =
  /主持|参加|出席|参会|列席|(?:到会|莅临|现场|亲临|到场|全程|列席)(?:并)?(?:指导|督导)|发言|谈了?(?:学习)?(?:心得|体会|认识|感悟)|交流了?(?:学习)?(?:心得|体会|认识|感悟)|(?:进行了?|作了?)(?:交流研讨|研讨交流)|交流研讨|研讨交流|书面交流|畅谈了?(?:学习)?(?:心得|体会|认识|感悟)/g;
const SPEAKING = /发言|体会|心得|认识|感悟|研讨|交流/;
/** A group that spoke in turn is named like one: "市委常委", "与会同志", "中心组成员", "大家". */
const GROUP_SHAPE = /(?:同志|成员|常委|委员|干部|负责人|负责同志|代表|人员|大家|领导|书记|班子|主任|局长|处长|部长)$/;

/** Cuts a clause at its verbs: "A主持并讲话，B、C参加，D列席" → (A, 主持), (B、C, 参加), (D, 列席). */
function segments(clause: Piece, subjectEnd = 0): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  const hits: RegExpExecArray[] = [];
  for (const m of clause.text.matchAll(VERBS)) {
    if (m.index >= subjectEnd) hits.push(m as RegExpExecArray);
    if (hits.length >= MAX_VERBS) break;
  }
  const inside = quoted(clause.text);
  let comma = -1;
  let noMoreCommas = false;
  for (let i = 0; i < hits.length; i++) {
    const m = hits[i]!;
    const next = hits[i + 1];
    // This verb's words run to the next "，" outside quotes (or the next verb's subject).
    if (comma < m.index && !noMoreCommas) {
      for (comma = clause.text.indexOf('，', m.index); comma >= 0 && inside[comma]; ) comma = clause.text.indexOf('，', comma + 1);
      noMoreCommas = comma < 0;
    }
    let tailEnd = noMoreCommas ? -1 : comma;
    if (tailEnd < 0 || (next && next.index < tailEnd)) tailEnd = next ? next.index : clause.text.length;
    if (tailEnd < 0) tailEnd = clause.text.length;
    out.push({ verb: m[0], who: sub(clause, from, m.index), tail: sub(clause, m.index + m[0].length, tailEnd) });
    from = tailEnd;
    if (next && next.index < from) from = next.index;
  }
  return out;
}

const HOST_PREFIX = /^(?:会议|会上|学习会|本次学习|此次学习|集体学习|学习)?(?:由)?/;
const SPEAK_MARK = /分别|依次|先后|逐一|相继|轮流|踊跃|纷纷|积极|围绕|结合|紧扣|联系|立足|对照|聚焦|紧密结合|就|作了|作|做|进行|开展|交流|谈了/g;

/**
 * Where the speakers' names end and the way they spoke begins ("分别", "围绕…", "作"): the first
 * such word after a whole name or group, so a name that holds one (刘作军, 陈就一) is not cut at it.
 */
function speakMark(who: Piece, known: ReadonlySet<string>): RegExpExecArray | null {
  let first: RegExpExecArray | null = null;
  for (const m of who.text.matchAll(SPEAK_MARK) as IterableIterator<RegExpExecArray>) {
    first ??= m;
    const before = who.text.slice(0, m.index).replace(COMRADE, '');
    const last = before.slice(Math.max(before.lastIndexOf('、'), before.lastIndexOf('，'), before.lastIndexOf('和')) + 1);
    if (looksLikeNameZh(last, known) || titledNameZh(last, known) || GROUP_SHAPE.test(before)) return m;
  }
  return first;
}
const LIST_PREFIX = /^(?:会议|会上|会议上|同时|此外|另外|还有|应邀)(?:，)?/;

/** "参加学习的有X、Y": the list after the verb. */
const INVERTED = /^(?:参加|出席)(?:本次|此次)?(?:学习|会议|学习会)的(?:还)?有/;

/** "参加学习的同志依次交流了学习体会": those who attended, as a group that spoke (its 参加 is no verb of the clause). */
const ATTENDEES = /^(?:参加|出席)(?:本次|此次)?(?:学习|会议|学习会|集体学习)的(?:同志|人员|领导干部|领导|成员)/;

export function readPeopleZh(sentence: Piece, isLead: boolean, ctx: ZhContext, draft: ReleaseDraft): void {
  for (const clause of split(sentence, /[；;。！？]/g)) {
    const inverted = INVERTED.exec(clause.text);
    if (inverted) {
      draft.participants.push(...peopleListZh(strip(sub(clause, inverted[0].length), COMRADE), ctx.known).people);
      continue;
    }
    let previous: { seg: Segment; people: DraftPerson[] } | null = null;
    for (const seg of segments(clause, ATTENDEES.exec(clause.text)?.[0].length ?? 0)) {
      const who = trim(stripLead(trim(seg.who), LIST_PREFIX));
      let people: DraftPerson[] = [];
      if (seg.verb === '主持') readHostZh(who, seg, ctx, draft);
      else if (seg.verb === '参加' || seg.verb === '出席' || seg.verb === '参会') {
        people = peopleListZh(strip(who, /(?:在主会场|在分会场|在各分会场|集中)$/), ctx.known).people;
        draft.participants.push(...people);
      } else if (seg.verb === '列席') {
        const list = peopleListZh(who, ctx.known);
        draft.observers.push(...list.people.map((p): DraftObserver => ({ ...p, named: true })));
        draft.observers.push(...list.groups.map((g): DraftObserver => ({ name: g.text, titles: [], span: spanOf(g), named: false })));
      } else if (SPEAKING.test(seg.verb)) {
        // The sentence that announces the session says what it set out to do ("交流学习体会"), not who
        // spoke — unless it names a group that spoke in turn ("…，中心组成员依次作交流发言").
        if (isLead && !GROUP_IN_TURN.test(who.text.slice(lastIndexOutside(who.text, '，') + 1))) continue;
        // "X、Y参加学习并作交流发言": the people of the verb before spoke too.
        if (!who.text && previous && previous.people.length && previous.seg.tail.text.includes('并')) {
          const named = new Set(draft.speakers.map((s) => s.name));
          for (const p of previous.people) if (!named.has(p.name)) draft.speakers.push({ ...p, titles: [...p.titles], span: [...p.span] });
        } else readSpeakersZh(who, seg, ctx, draft);
      } else readGuidanceZh(who, draft);
      previous = { seg, people };
    }
    // "刘强在讲话中指出" / "刘强作总结讲话": the host spoke.
    if (draft.host && !draft.host.spoke && clause.text.includes(draft.host.name) && /讲话/.test(clause.text) && !/主持/.test(clause.text)) {
      draft.host.spoke = true;
      draft.host.speech = speechWords(sub(clause, clause.text.indexOf(draft.host.name)))?.value ?? null;
    }
  }
}

function readHostZh(who: Piece, seg: Segment, ctx: ZhContext, draft: ReleaseDraft): void {
  if (draft.host) return;
  const passive = /由/.test(who.text);
  let p = who;
  const by = p.text.lastIndexOf('由');
  if (by >= 0) p = sub(p, by + 1);
  const comma = p.text.lastIndexOf('，');
  if (comma >= 0) p = sub(p, comma + 1);
  p = trim(stripLead(p, HOST_PREFIX));
  p = trim(strip(p, COMRADE));
  const whole = looksLikeNameZh(p.text, ctx.known) ? { titles: '', name: p.text } : titledNameZh(p.text, ctx.known);
  if (!whole) return;
  const spoke = HOST_SPOKE.exec(seg.tail.text);
  draft.host = {
    name: whole.name,
    titles: whole.titles ? whole.titles.split(/[、，]/).filter(Boolean) : [],
    span: spanOf(p),
    role: passive ? 'preside' : 'host',
    spoke: spoke !== null,
    speech: spoke ? (speechWords(sub(seg.tail, spoke.index))?.value ?? '讲话') : null,
  };
}

function readSpeakersZh(who: Piece, seg: Segment, ctx: ZhContext, draft: ReleaseDraft): void {
  // The release's word for the kind of speech is right before 发言 ("作重点发言" → 重点发言).
  const raw = seg.who;
  const kind = /(?:重点|交流|主旨|专题|书面|研讨|中心|典型|表态|即席|集中)$/.exec(raw.text);
  const end = raw.start + raw.text.length + seg.verb.length;
  const words: Field<string> =
    seg.verb !== '发言' ? { value: seg.verb, span: [end - seg.verb.length, end] } : kind ? { value: `${kind[0]}发言`, span: [raw.start + kind.index, end] } : { value: '发言', span: [end - 2, end] };
  const mark = speakMark(who, ctx.known);
  let list = mark ? sub(who, 0, mark.index) : who;
  const colon = list.text.lastIndexOf('：');
  if (colon >= 0) list = sub(list, colon + 1);
  list = trim(strip(trim(list), COMRADE));
  if (!list.text) return;
  const found = peopleListZh(list, ctx.known);
  if (found.people.length) {
    const named = new Set(draft.speakers.map((s) => s.name));
    for (const p of found.people) if (!named.has(p.name)) {
        named.add(p.name);
        draft.speakers.push(p);
      }
  } else if (!draft.collectiveSpeech) {
    // Nobody named: a group spoke in turn ("市委常委依次作交流发言", "与会同志交流发言"); what comes
    // before it in the clause ("围绕主题，") is not its name.
    let group = trim(mark ? sub(who, 0, mark.index) : who);
    group = trim(sub(group, lastIndexOutside(group.text, '，') + 1));
    if (group.text.length <= 20 && GROUP_SHAPE.test(group.text) && (ATTENDEES.test(group.text) || !/\d|月|日|会议|学习/.test(group.text.replace(/中心组|学习中心组/, '')))) draft.collectiveSpeech = { value: group.text, span: spanOf(group) };
  }
  if (!draft.speech) draft.speech = { words, kind: /重点|主旨|专题|中心/.test(words.value) ? 'key_speech' : 'exchange' };
}

const GUIDANCE_DECORATION = /(?:的)?(?:有关|相关)?(?:负责)?(?:同志|负责人|人员|成员|领导)(?:一行)?$|一行$/;

function readGuidanceZh(who: Piece, draft: ReleaseDraft): void {
  let p = trim(who);
  const comma = p.text.lastIndexOf('，');
  if (comma >= 0) p = sub(p, comma + 1);
  p = trim(strip(p, GUIDANCE_DECORATION));
  if (!p.text) return;
  for (const part of split(p, /、|和|及/g)) {
    const x = trim(strip(part, GUIDANCE_DECORATION));
    if (x.text && !draft.guidance.some((g) => g.value === x.text)) draft.guidance.push({ value: x.text, span: spanOf(x) });
  }
}

export { sentencesZh };
