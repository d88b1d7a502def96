/**
 * Release importer: reads a published news release about a collective study (Chinese or English)
 * and proposes a draft study session. Every proposed field carries the character span [start, end)
 * of the source text it came from, so a clerk can see where each value was read and correct it
 * before the session is created. Pure functions, no database.
 */

export type Lang = 'zh' | 'en';
export type Span = [number, number];
export type HalfDay = 'morning' | 'afternoon' | 'evening';

export interface Field<T> {
  value: T;
  span: Span;
}

export interface DraftPerson {
  name: string;
  titles: string[];
  span: Span;
}

export interface DraftHost extends DraftPerson {
  /** 'host' for hosted / 主持 in the active voice, 'preside' for presided over / chaired. */
  role: 'host' | 'preside';
  /** The host also spoke (delivered a speech / 讲话). */
  spoke: boolean;
}

type Working = ReleaseDraft & { lastConclusion?: Field<string>; lastKind?: 'finding' | 'requirement' };

export interface ReleaseDraft {
  language: Lang;
  publishedOn: string | null;
  date: Field<string> | null;
  halfDay: Field<HalfDay> | null;
  body: Field<string> | null;
  group: Field<string> | null;
  themes: Field<string>[];
  host: DraftHost | null;
  participants: DraftPerson[];
  speakers: DraftPerson[];
  findings: Field<string>[];
  requirements: Field<string>[];
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

interface Piece {
  text: string;
  start: number;
}

/** Trims a piece, keeping its offset right. */
function trimPiece(p: Piece, chars = /[\s,，、;；:：]/): Piece {
  let a = 0;
  let b = p.text.length;
  while (a < b && chars.test(p.text[a]!)) a++;
  while (b > a && chars.test(p.text[b - 1]!)) b--;
  return { text: p.text.slice(a, b), start: p.start + a };
}

const spanOf = (p: Piece): Span => [p.start, p.start + p.text.length];

/** Splits a piece at every match of `separator`, dropping the separators. */
function splitPiece(p: Piece, separator: RegExp): Piece[] {
  const out: Piece[] = [];
  const re = new RegExp(separator.source, separator.flags.includes('g') ? separator.flags : separator.flags + 'g');
  let last = 0;
  for (const m of p.text.matchAll(re)) {
    out.push({ text: p.text.slice(last, m.index), start: p.start + last });
    last = m.index + m[0].length;
  }
  out.push({ text: p.text.slice(last), start: p.start + last });
  return out.map((x) => trimPiece(x)).filter((x) => x.text.length > 0);
}

function paragraphs(source: string, from: number): Piece[] {
  const out: Piece[] = [];
  const re = /[^\n]+/g;
  re.lastIndex = from;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const p = trimPiece({ text: m[0], start: m.index }, /\s/);
    if (p.text) out.push(p);
  }
  return out;
}

export function detectLanguage(text: string): Lang {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return han * 3 >= latin ? 'zh' : 'en';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Infers the year of a month/day from the publication date: a release reports the past. */
function inferYear(month: number, day: number, publishedOn: string | null): number | null {
  if (!publishedOn) return null;
  const [y, m, d] = publishedOn.split('-').map(Number) as [number, number, number];
  return month > m || (month === m && day > d) ? y - 1 : y;
}

function header(source: string): { publishedOn: string | null; bodyStart: number } {
  const m = /^\s*(?:date|日期|发布日期|published)\s*[:：]?\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*/i.exec(source);
  if (!m) return { publishedOn: null, bodyStart: 0 };
  return { publishedOn: `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`, bodyStart: m[0].length };
}

// ---------------------------------------------------------------------------------------------
// English

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const SURNAMES = new Set(
  (
    'Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Liang Song Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan ' +
    'Deng Fu Shen Zeng Peng Lu Su Jiang Cai Jia Ding Wei Xue Ye Yan Pan Du Dai Xia Zhong Tian Ren Fan Fang Shi Yao Tan Liao Zou Xiong Jin Hao Kong ' +
    'Bai Cui Kang Mao Qiu Qin Gu Hou Shao Meng Long Wan Duan Lei Qian Yin Yi Chang Qiao Lai Gong Wen Mu Ou Ning Niu Bao Zhan Geng Ji Xing Hua Shang ' +
    'Yue Qi Zhai An Ke Mo Miao Ge Rao Sheng Tong Quan Lian Bi Hong Dou Ai Wei Zuo Tao Shu Jiao Ni Lou Tu Ouyang Sima Zhuge Situ Shangguan Huangfu Xiahou'
  ).split(' '),
);

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w', ''];
const FINALS = [
  'iang', 'iong', 'uang', 'ang', 'eng', 'ing', 'ong', 'ian', 'iao', 'uai', 'uan', 'ai', 'ei', 'ao', 'ou', 'an', 'en', 'in', 'un', 'er',
  'ia', 'ie', 'iu', 'ua', 'uo', 'ui', 'ue', 'a', 'o', 'e', 'i', 'u', 'v',
];
const SYLLABLES = new Set(INITIALS.flatMap((i) => FINALS.map((f) => i + f)).filter((s) => s.length > 0));

/** True when the word splits into pinyin syllables (a Chinese given name written in pinyin). */
function isPinyin(word: string): boolean {
  const w = word.toLowerCase().replace(/['’-]/g, '');
  if (!/^[a-z]+$/.test(w) || w.length > 12) return false;
  const ok: boolean[] = [true];
  for (let i = 1; i <= w.length; i++) {
    ok[i] = false;
    for (let k = Math.max(0, i - 6); k < i && !ok[i]; k++) if (ok[k] && SYLLABLES.has(w.slice(k, i))) ok[i] = true;
  }
  return ok[w.length] === true;
}

/** English words that look like pinyin but are title words; they never start a given name. */
const NOT_GIVEN = new Set(['party', 'city', 'county', 'group', 'mayor', 'bureau', 'and', 'the', 'of', 'china', 'human', 'general', 'secretary', 'chairman', 'director', 'member', 'members']);

interface NameHit {
  name: string;
  start: number;
  end: number;
}

/** Chinese names in pinyin: a known surname followed by one pinyin given name, not followed by another capitalized title word. */
function findNamesEn(p: Piece): NameHit[] {
  const hits: NameHit[] = [];
  const re = /\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[a-z]+)?)\b/g;
  for (let m = re.exec(p.text); m; m = re.exec(p.text)) {
    const [, surname, given] = m as unknown as [string, string, string];
    const after = p.text.slice(m.index + m[0].length);
    const okAfter = after === '' || /^(?:\s*[,;.:)]|\s+and\b|\s+[a-z]|\s*$)/.test(after);
    if (SURNAMES.has(surname) && isPinyin(given) && !NOT_GIVEN.has(given.toLowerCase()) && okAfter) {
      hits.push({ name: `${surname} ${given}`, start: p.start + m.index, end: p.start + m.index + m[0].length });
    } else {
      re.lastIndex = m.index + surname.length + 1;
    }
  }
  return hits;
}

function sentencesEn(p: Piece): Piece[] {
  const out: Piece[] = [];
  const re = /[^.!?]+(?:[.!?]+|$)/g;
  for (const m of p.text.matchAll(re)) {
    const s = trimPiece({ text: m[0], start: p.start + m.index }, /\s/);
    if (s.text) out.push(s);
  }
  return out;
}

const LEAD_VERBS =
  /^(?:and\s+)?(?:\w+ly\b|further|study|learn|grasp|implement|understand|provide|promote|deepen|enhance|strengthen|improve|push|advance|carry|consolidate|build|accelerate|make|ensure|review|explore|focus|lay|summarize|apply|adhere|uphold|continue|guide|plan|unite|inspire|solidly|better|deploy|discuss|research|draw|absorb|solve|stabilize|review|listen|exchange|study)\b/i;

const AND_VERB = /\s+and\s+(?=(?:deploy|discuss|research|plan|review|promote|deepen|enhance|strengthen|improve|provide|push|advance|carry|build|accelerate|ensure|listen|exchange|summarize|draw|learn)\b)/g;

function splitThemesEn(p: Piece): Piece[] {
  const out: Piece[] = [];
  for (const part of splitPiece(p, /;\s*/)) {
    let last = 0;
    for (const m of part.text.matchAll(/,\s+/g)) {
      const rest = part.text.slice(m.index + m[0].length);
      if (LEAD_VERBS.test(rest)) {
        out.push(trimPiece({ text: part.text.slice(last, m.index), start: part.start + last }));
        last = m.index + m[0].length;
      }
    }
    out.push(trimPiece({ text: part.text.slice(last), start: part.start + last }));
  }
  // "study X and discuss Y": a second verb after a full object starts a theme of its own.
  const split: Piece[] = [];
  for (const t of out) {
    let last = 0;
    for (const m of t.text.matchAll(AND_VERB)) {
      const before = t.text.slice(last, m.index).trim().split(/\s+/);
      if (before.length >= 4) {
        split.push({ text: t.text.slice(last, m.index), start: t.start + last });
        last = m.index + m[0].length;
      }
    }
    split.push({ text: t.text.slice(last), start: t.start + last });
  }
  return split
    .map((t) => {
      const lead = /^(?:and|to|so as to|in order to)\s+/i.exec(t.text);
      const x = lead ? { text: t.text.slice(lead[0].length), start: t.start + lead[0].length } : t;
      return trimPiece(x, /[\s,;.]/);
    })
    .filter((t) => t.text.length > 0);
}

/** Splits "Deputy Secretary of the X and Mayor" into its titles. */
function splitTitlesEn(text: string): string[] {
  const cleaned = text.replace(/^(?:and|comrades?|including)\s+/i, '').replace(/[\s,;]+$/, '').replace(/^[\s,;]+/, '');
  if (!cleaned) return [];
  return cleaned
    .split(/\s+and\s+(?=[A-Z]|(?:secretary|deputy|director|chairman|chairwoman|vice|president|mayor|magistrate|head|chief|member|general manager|manager|governor|dean|principal)\b)/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * People in a list: "Title Name, Title and Title Name, Name, title, ..." — a title before a name
 * belongs to it; a lower-case title right after "Name," (apposition) belongs to the name before.
 */
function peopleEn(p: Piece): DraftPerson[] {
  const names = findNamesEn(p);
  const people: DraftPerson[] = [];
  let cursor = p.start;
  for (let i = 0; i < names.length; i++) {
    const hit = names[i]!;
    let gap = p.text.slice(cursor - p.start, hit.start - p.start);
    let gapStart = cursor;
    // Apposition after the previous name: ", secretary of the X," belongs to it.
    if (i > 0) {
      const appo = /^\s*,\s*([a-z][^,;]*?)\s*(?:,|;|$)/.exec(gap);
      if (appo && !/^(?:and|hosted|presided|chaired|attended|participated|were|was|made|spoke|respectively)\b/.test(appo[1]!)) {
        people[people.length - 1]!.titles.push(...splitTitlesEn(appo[1]!));
        people[people.length - 1]!.span[1] = gapStart + appo.index + appo[0].replace(/[,;]$/, '').length;
        gapStart += appo[0].length;
        gap = gap.slice(appo[0].length);
      }
    }
    // The title is what follows the last list separator in the gap.
    const sep = /.*[,;]\s*/s.exec(gap);
    let titleText = sep ? gap.slice(sep[0].length) : gap;
    let titleStart = gapStart + (sep ? sep[0].length : 0);
    const and = /^\s*and\s+/.exec(titleText);
    if (and) {
      titleText = titleText.slice(and[0].length);
      titleStart += and[0].length;
    }
    const titles = /^[A-Z]/.test(titleText.trim()) || /^(?:comrades?)\b/i.test(titleText.trim()) ? splitTitlesEn(titleText) : [];
    const start = titles.length > 0 ? titleStart + (titleText.length - titleText.trimStart().length) : hit.start;
    people.push({ name: hit.name, titles: titles.filter((t) => !/^comrades?$/i.test(t)), span: [start, hit.end] });
    cursor = hit.end;
  }
  // A trailing apposition after the last name.
  const last = people[people.length - 1];
  if (last) {
    const tail = p.text.slice(cursor - p.start);
    const appo = /^\s*,\s*([a-z][^,;]*?)\s*(?:,|;|$)/.exec(tail);
    if (appo && !/^(?:and|hosted|presided|chaired|attended|participated|were|was|made|spoke|respectively)\b/.test(appo[1]!)) {
      last.titles.push(...splitTitlesEn(appo[1]!));
      last.span[1] = cursor + appo.index + appo[0].replace(/[,;]$/, '').length;
    }
  }
  return people;
}

const HOST_EN = /\b(?:hosted|presided over|chaired|was hosted by|was presided over by|was chaired by)\b/;
const PARTICIPATE_EN = /\b(?:participated|attended|were present|took part|joined)\b/;
const SPEAK_EN = /\b(?:respectively|one by one|in turn|successively|in succession)\b[^.]*\b(?:speech|speeches|spoke|remarks|statements?|exchanged|shared|reported)\b|\b(?:speech|speeches|spoke|remarks|exchanged|shared|reported)\b[^.]*\b(?:respectively|one by one|in turn|successively|in succession)\b/i;
const FINDING_LEAD_EN = /^(?:The meeting|The study|The session|It was|The participants)\s+(?:(?:also|further|further|again|finally|unanimously)\s+)?(?:pointed out|held|believed|noted|agreed|concluded|stated|recognized|observed)(?:\s+at the meeting)?\s+that\s+/i;
const REQUIRE_LEAD_EN = /^(?:The meeting|The study|The session|It was|The participants)\s+(?:(?:also|further|again|finally)\s+)?(?:emphasized|emphasised|stressed|required|demanded|called for|urged|requested|asked)(?:\s+at the meeting)?\s+(?:that\s+)?/i;
const REQUIRE_MARK_EN = /^(?:it is (?:necessary|essential|imperative|important|required|a must) to|we (?:must|should|need to|will)|(?:we\s+)?must\b|[^,]{0,80}?\b(?:must|should)\b)/i;

function themesFromLeadEn(lead: Piece, afterVerb: number): Field<string>[] {
  const rest = lead.text.slice(afterVerb);
  const m = /\s(?:to|in order to|so as to|focusing on|on the theme of)\s+/.exec(rest);
  if (!m) return [];
  const startRel = afterVerb + m.index + m[0].length;
  const themesPiece = trimPiece({ text: lead.text.slice(startRel), start: lead.start + startRel }, /[\s.]/);
  return splitThemesEn(themesPiece).map((t) => ({ value: t.text, span: spanOf(t) }));
}

function parseEnglish(source: string, draft: Working, bodyStart: number): void {
  const paras = paragraphs(source, bodyStart);
  const first = paras[0];
  if (!first) return;
  const lead = sentencesEn(first)[0] ?? first;

  // Date and half-day.
  const dm =
    /\bOn\s+(?:the\s+(morning|afternoon|evening)\s+of\s+)?(?:(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December))(?:,?\s+(\d{4}))?(?:\s*\((morning|afternoon|evening)\)|\s+(morning|afternoon|evening))?/i.exec(
      lead.text,
    );
  let afterDate = 0;
  if (dm) {
    const monthName = (dm[2] ?? dm[5])!.toLowerCase();
    const month = MONTHS.indexOf(monthName) + 1;
    const day = Number(dm[3] ?? dm[4]);
    const year = dm[6] ? Number(dm[6]) : inferYear(month, day, draft.publishedOn);
    const dateText = dm[2] ? `${dm[2]} ${dm[3]}` : `${dm[4]} ${dm[5]}`;
    const dateAt = lead.text.indexOf(dm[2] ?? dm[4]!, dm.index);
    const dateLen = dm[0].slice(dateAt - dm.index).search(/(?:\s*,|\s*\(|\s+(?:morning|afternoon|evening)|$)/) ;
    if (year !== null) draft.date = { value: `${year}-${pad(month)}-${pad(day)}`, span: [lead.start + dateAt, lead.start + dateAt + (dateLen > 0 ? dateLen : dateText.length)] };
    const half = (dm[1] ?? dm[7] ?? dm[8])?.toLowerCase() as HalfDay | undefined;
    if (half) {
      const at = lead.text.toLowerCase().indexOf(half, dm.index);
      draft.halfDay = { value: half, span: [lead.start + at, lead.start + at + half.length] };
    }
    afterDate = dm.index + dm[0].length;
  }

  // Group and body: the subject of "held / convened / organized".
  const sub = lead.text.slice(afterDate);
  const gm = /^[\s,]*(?:the\s+)?(.+?)\s+(?:held|convened|organized|organised|conducted|carried out|hosted)\b/i.exec(sub);
  let afterVerb = afterDate;
  if (gm) {
    const groupText = gm[1]!;
    const groupAt = afterDate + gm[0].indexOf(groupText);
    draft.group = { value: groupText, span: [lead.start + groupAt, lead.start + groupAt + groupText.length] };
    const of = /\b(?:Group|Center Group|Centre Group)\s+of\s+(?:the\s+)?/i.exec(groupText);
    const poss = /^(.+?)['’]s\s+/.exec(groupText);
    if (of) {
      const b = groupText.slice(of.index + of[0].length);
      draft.body = { value: b, span: [lead.start + groupAt + of.index + of[0].length, lead.start + groupAt + groupText.length] };
    } else if (poss) {
      draft.body = { value: poss[1]!, span: [lead.start + groupAt, lead.start + groupAt + poss[1]!.length] };
    } else {
      const bare = groupText.replace(/\s+(?:Theoretical|Theory)\s+(?:Learning|Study)\s+Cent(?:er|re)\s+Group$/i, '');
      draft.body = { value: bare, span: [lead.start + groupAt, lead.start + groupAt + bare.length] };
    }
    afterVerb = afterDate + gm[0].length;
  }
  draft.themes = themesFromLeadEn(lead, afterVerb);

  // Host, participants, speakers, findings, requirements: sentence by sentence.
  for (const para of paras) {
    let mode: 'finding' | 'requirement' | null = null;
    for (const sentence of sentencesEn(para)) {
      if (sentence.start === lead.start) continue;
      const s = sentence.text;
      if (!draft.host && HOST_EN.test(s)) {
        parseHostAndParticipantsEn(sentence, draft);
        continue;
      }
      if (draft.participants.length === 0 && PARTICIPATE_EN.test(s) && !FINDING_LEAD_EN.test(s) && !REQUIRE_LEAD_EN.test(s)) {
        const verb = PARTICIPATE_EN.exec(s)!;
        draft.participants = peopleEn({ text: s.slice(0, verb.index), start: sentence.start });
        continue;
      }
      if (draft.speakers.length === 0 && SPEAK_EN.test(s) && !FINDING_LEAD_EN.test(s) && !REQUIRE_LEAD_EN.test(s)) {
        draft.speakers = speakersEn(sentence);
        continue;
      }
      const f = FINDING_LEAD_EN.exec(s);
      const r = REQUIRE_LEAD_EN.exec(s);
      if (f) mode = 'finding';
      if (r) mode = 'requirement';
      if (!mode) continue;
      const leadM = f ?? r;
      const body = leadM ? { text: s.slice(leadM[0].length), start: sentence.start + leadM[0].length } : sentence;
      // "…, it is necessary to A; it is necessary to B" → two requirements.
      const parts = splitPiece(body, /;\s*(?=(?:it is (?:necessary|essential|imperative|important)|we must|we should)\b)/i);
      for (const part of parts) addConclusion(draft, part, mode === 'requirement' && leadM !== null ? 'requirement' : REQUIRE_MARK_EN.test(part.text) ? 'requirement' : mode, leadM !== null, REQUIRE_MARK_EN);
    }
  }
}

/** Adds a sentence as a finding or a requirement; descriptive sentences continue the item before them. */
function addConclusion(draft: Working, part: Piece, kind: 'finding' | 'requirement', opensItem: boolean, marker: RegExp): void {
  const list = kind === 'finding' ? draft.findings : draft.requirements;
  const isNew = opensItem || (kind === 'requirement' && marker.test(part.text));
  const prev = draft.lastConclusion;
  if (!isNew && prev && draft.lastKind === kind) {
    prev.value = `${prev.value} ${part.text}`;
    prev.span = [prev.span[0], part.start + part.text.length];
    return;
  }
  if (!isNew && kind === 'finding' && prev && draft.lastKind === 'requirement') {
    // A descriptive sentence after a requirement explains it.
    prev.value = `${prev.value} ${part.text}`;
    prev.span = [prev.span[0], part.start + part.text.length];
    return;
  }
  const field = { value: part.text, span: spanOf(part) };
  list.push(field);
  draft.lastConclusion = field;
  draft.lastKind = kind;
}

function parseHostAndParticipantsEn(sentence: Piece, draft: ReleaseDraft): void {
  const s = sentence.text;
  const verb = HOST_EN.exec(s)!;
  const role: DraftHost['role'] = /presided|chaired/.test(verb[0]) ? 'preside' : 'host';
  const passive = /\bby\b/.test(verb[0]);
  let clauseEnd: number;
  let hostPiece: Piece;
  let rest: Piece | null = null;
  if (passive) {
    const after = s.slice(verb.index + verb[0].length);
    const end = after.search(/;|\.\s*$|,\s+(?:who|and)\b/);
    clauseEnd = verb.index + verb[0].length + (end >= 0 ? end : after.length);
    hostPiece = { text: s.slice(verb.index + verb[0].length, clauseEnd), start: sentence.start + verb.index + verb[0].length };
  } else {
    const before = s.slice(0, verb.index);
    const clauseStart = Math.max(before.lastIndexOf(';') + 1, 0);
    hostPiece = { text: before.slice(clauseStart), start: sentence.start + clauseStart };
    clauseEnd = verb.index;
  }
  const afterHost = s.slice(clauseEnd);
  const semi = afterHost.indexOf(';');
  if (semi >= 0) rest = { text: afterHost.slice(semi + 1), start: sentence.start + clauseEnd + semi + 1 };
  const person = peopleEn(hostPiece)[0];
  if (person) {
    const spoke = /\b(?:delivered|made|gave)\s+(?:a|an)\s+(?:\w+\s+)?(?:speech|address|remarks)|\bspoke\b/.test(s.slice(verb.index, semi >= 0 ? clauseEnd + semi : s.length));
    draft.host = { ...person, role, spoke };
  }
  const attendedBy = /\b(?:and\s+)?(?:attended|joined)\s+by\s+/.exec(afterHost);
  if (attendedBy) {
    const from = clauseEnd + attendedBy.index + attendedBy[0].length;
    draft.participants = peopleEn({ text: s.slice(from), start: sentence.start + from });
  } else if (rest && PARTICIPATE_EN.test(rest.text)) {
    const v = PARTICIPATE_EN.exec(rest.text)!;
    draft.participants = peopleEn({ text: rest.text.slice(0, v.index), start: rest.start });
  }
}

function speakersEn(sentence: Piece): DraftPerson[] {
  const s = sentence.text;
  const by = /\bby\s+(?!one\b|turns?\b)/.exec(s);
  const verb = /\b(?:respectively|one by one|in turn|successively|in succession|made|spoke|delivered|gave|exchanged|shared|reported)\b/.exec(s);
  let p: Piece;
  if (by && verb && by.index > verb.index) p = { text: s.slice(by.index + by[0].length), start: sentence.start + by.index + by[0].length };
  else p = { text: s.slice(0, verb ? verb.index : s.length), start: sentence.start };
  const people = peopleEn(p);
  // Keep the last run of names joined only by separators and titles (an opening phrase such as
  // "Around the expositions of General Secretary X on …," is not part of the list).
  let from = 0;
  for (let i = 1; i < people.length; i++) {
    const gap = source(sentence, people[i - 1]!.span[1], people[i]!.span[0]);
    if (/\b(?!and\b|of\b|the\b|for\b|in\b)[a-z]{3,}/.test(gap.replace(/^\s*,\s*[a-z][^,]*,/, ''))) from = i;
  }
  return people.slice(from).map((x) => ({ name: x.name, titles: x.titles, span: x.span }));
}

function source(p: Piece, start: number, end: number): string {
  return p.text.slice(start - p.start, end - p.start);
}

// ---------------------------------------------------------------------------------------------
// Chinese

const TITLE_ZH =
  /(?:党委|党组|党工委)?(?:副)?(?:书记|市长|县长|区长|镇长|乡长|主席|主任|部长|局长|厅长|处长|科长|秘书长|院长|检察长|董事长|总经理|经理|总监|总会计师|总工程师|常委|委员|组长|成员|政委|行长|校长|所长|社长|会长|理事长|审计长)/g;

const ZH_NAME = /^[\p{Script=Han}·]{2,4}$/u;

/** "市委副书记、市长于海天" → titles + name; "于海天" → name only. */
function personZh(p: Piece): DraftPerson | null {
  const t = trimPiece(p, /[\s，、；：:,同志等]/);
  const text = t.text.replace(/同志$/, '');
  let lastEnd = -1;
  for (const m of text.matchAll(TITLE_ZH)) {
    const rest = text.slice(m.index + m[0].length);
    if (rest.length >= 2 && rest.length <= 4 && ZH_NAME.test(rest)) lastEnd = m.index + m[0].length;
  }
  if (lastEnd < 0) {
    if (text.length >= 2 && text.length <= 4 && ZH_NAME.test(text) && !new RegExp(TITLE_ZH.source).test(text)) return { name: text, titles: [], span: [t.start, t.start + text.length] };
    return null;
  }
  const titles = text
    .slice(0, lastEnd)
    .split(/、|兼/)
    .map((x) => x.trim())
    .filter(Boolean);
  return { name: text.slice(lastEnd), titles, span: [t.start, t.start + text.length] };
}

/** A list of people: items split by "，" (and by "、" when the pieces are bare names). */
function peopleZh(p: Piece): DraftPerson[] {
  const out: DraftPerson[] = [];
  for (const item of splitPiece(p, /[，,]|(?:以及|及|和)(?=[\p{Script=Han}])/u)) {
    const pieces = splitPiece(item, /、/);
    const bare = pieces.every((x) => ZH_NAME.test(x.text) && !new RegExp(TITLE_ZH.source).test(x.text));
    if (pieces.length > 1 && bare) {
      for (const x of pieces) out.push({ name: x.text, titles: [], span: spanOf(x) });
      continue;
    }
    const person = personZh(item);
    if (person) out.push(person);
  }
  return out;
}

function sentencesZh(p: Piece): Piece[] {
  const out: Piece[] = [];
  for (const m of p.text.matchAll(/[^。！？]+(?:[。！？]+|$)/g)) {
    const s = trimPiece({ text: m[0], start: p.start + m.index }, /\s/);
    if (s.text) out.push(s);
  }
  return out;
}

const FINDING_LEAD_ZH = /^(?:会议|会上|大家|与会同志)(?:还|也|同时|一致)?(?:指出|认为|强调指出|充分肯定)[，,：:]?/;
const REQUIRE_LEAD_ZH = /^(?:会议|会上)(?:还|也|同时|最后)?(?:强调|要求|提出|号召|指出要)[，,：:]?/;
const REQUIRE_MARK_ZH = /^(?:要|必须|务必|需要|应当|坚决)|^[^，。；]{0,20}?(?<![重主纲首概摘提简紧需扼])(?:要|必须)(?![求点素闻害])/;
const HOST_ZH = /主持/;
const PARTICIPATE_ZH = /(?:出席|参加|参会|列席|到会)/;
const SPEAK_ZH = /(?:依次|先后|分别|逐一|相继|轮流)[^。]*?发言|发言[^。]*?(?:依次|先后|分别)/;

function parseChinese(source: string, draft: Working, bodyStart: number): void {
  const paras = paragraphs(source, bodyStart);
  const first = paras[0];
  if (!first) return;
  const lead = sentencesZh(first)[0] ?? first;

  const dm = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(上午|下午|晚上|晚间|晚)?/.exec(lead.text);
  let afterDate = 0;
  if (dm) {
    const month = Number(dm[2]);
    const day = Number(dm[3]);
    const year = dm[1] ? Number(dm[1]) : inferYear(month, day, draft.publishedOn);
    const dateLen = dm[0].length - (dm[4]?.length ?? 0);
    if (year !== null) draft.date = { value: `${year}-${pad(month)}-${pad(day)}`, span: [lead.start + dm.index, lead.start + dm.index + dateLen] };
    if (dm[4]) {
      const half: HalfDay = dm[4] === '上午' ? 'morning' : dm[4] === '下午' ? 'afternoon' : 'evening';
      draft.halfDay = { value: half, span: [lead.start + dm.index + dateLen, lead.start + dm.index + dm[0].length] };
    }
    afterDate = dm.index + dm[0].length;
  }

  const sub = lead.text.slice(afterDate);
  const gm = /^[\s，,]*(.+?)(?:举行|召开|开展|进行|组织)/.exec(sub);
  let afterVerb = afterDate;
  if (gm) {
    const groupText = gm[1]!;
    const groupAt = afterDate + gm[0].indexOf(groupText);
    draft.group = { value: groupText, span: [lead.start + groupAt, lead.start + groupAt + groupText.length] };
    const bodyText = groupText.replace(/(?:理论学习)?中心组$/, '');
    draft.body = { value: bodyText, span: [lead.start + groupAt, lead.start + groupAt + bodyText.length] };
    afterVerb = afterDate + gm[0].length;
  }
  // Themes: the clauses after the first comma following the verb.
  const comma = lead.text.indexOf('，', afterVerb);
  if (comma >= 0) {
    const themesPiece = { text: lead.text.slice(comma + 1).replace(/。$/, ''), start: lead.start + comma + 1 };
    draft.themes = splitPiece(themesPiece, /[，；]/)
      .map((t) => {
        const x = /^(?:为|以|旨在|进一步)?(?=[\p{Script=Han}])/u.exec(t.text);
        const cut = x && /^(?:为|以|旨在)/.test(t.text) && !/^为(?:加快|推动|建设)/.test(t.text) ? 1 : 0;
        return { text: t.text.slice(cut), start: t.start + cut };
      })
      .filter((t) => t.text.length > 0)
      .map((t) => ({ value: t.text, span: spanOf(t) }));
  }

  for (const para of paras) {
    let mode: 'finding' | 'requirement' | null = null;
    for (const sentence of sentencesZh(para)) {
      if (sentence.start === lead.start) continue;
      const s = sentence.text;
      const f = FINDING_LEAD_ZH.exec(s);
      const r = REQUIRE_LEAD_ZH.exec(s);
      if (!f && !r && !mode) {
        for (const clause of splitPiece(sentence, /[；;]/)) {
          const c = clause.text.replace(/。$/, '');
          if (!draft.host && HOST_ZH.test(c)) {
            draft.host = hostZh({ text: c, start: clause.start });
            // A participant list may follow the host in the same clause after "，".
            const hostEnd = c.search(/主持/);
            const comma = c.indexOf('，', hostEnd);
            if (comma >= 0 && draft.participants.length === 0) {
              const tail = { text: c.slice(comma + 1), start: clause.start + comma + 1 };
              if (PARTICIPATE_ZH.test(tail.text)) draft.participants = peopleZh(cutAtVerbZh(tail, PARTICIPATE_ZH));
            }
            continue;
          }
          if (draft.participants.length === 0 && PARTICIPATE_ZH.test(c) && !SPEAK_ZH.test(c)) {
            draft.participants = peopleZh(cutAtVerbZh({ text: c, start: clause.start }, PARTICIPATE_ZH));
            continue;
          }
          if (draft.speakers.length === 0 && SPEAK_ZH.test(c)) draft.speakers = speakersZh({ text: c, start: clause.start });
        }
        continue;
      }
      if (f) mode = 'finding';
      if (r) mode = 'requirement';
      const leadM = f ?? r;
      const body = leadM ? trimPiece({ text: s.slice(leadM[0].length), start: sentence.start + leadM[0].length }) : sentence;
      const parts = splitPiece(body, /；(?=(?:要|必须|务必|[^，。；]{0,12}?(?<![重主纲首概摘提简紧需])要))/);
      for (const part of parts) {
        const kind = mode === 'requirement' && leadM ? 'requirement' : REQUIRE_MARK_ZH.test(part.text) ? 'requirement' : mode!;
        addConclusion(draft, part, kind, leadM !== null, REQUIRE_MARK_ZH);
      }
    }
  }
}

function cutAtVerbZh(p: Piece, verb: RegExp): Piece {
  const m = verb.exec(p.text);
  let text = m ? p.text.slice(0, m.index) : p.text;
  text = text.replace(/等[\p{Script=Han}]{0,6}?领导(?:同志)?$|(?:等)?(?:领导)?同志$/u, '').replace(/(?:参加|应邀|在主会场|在分会场)$/, '');
  return { text, start: p.start };
}


function hostZh(clause: Piece): DraftHost | null {
  const c = clause.text;
  const spoke = /讲话|发表讲话|作总结讲话/.test(c);
  // "会议由县委书记赵明主持" / "市委书记刘强主持并讲话"
  const m = /(?:由)?([^，,；由]*?)(?:主持)/.exec(c);
  if (!m) return null;
  const segStart = c.lastIndexOf('，', m.index + m[0].length) + 1;
  const from = Math.max(segStart, c.indexOf('由', segStart) >= 0 && c.indexOf('由', segStart) < m.index + m[0].length ? c.indexOf('由', segStart) + 1 : segStart);
  const to = m.index + m[0].length - 2;
  const person = personZh({ text: c.slice(from, to), start: clause.start + from });
  if (!person) return null;
  return { ...person, role: /由/.test(c.slice(segStart, to)) ? 'preside' : 'host', spoke };
}

function speakersZh(clause: Piece): DraftPerson[] {
  const c = clause.text;
  const m = /(?:依次|先后|分别|逐一|相继|轮流|围绕)/.exec(c);
  const before = m ? c.slice(0, m.index) : c;
  const lastComma = Math.max(before.lastIndexOf('，'), before.lastIndexOf('：'));
  let listText = before.slice(lastComma + 1);
  const cut = listText.search(/结合|围绕|就|紧扣|联系|立足|对照/);
  if (cut > 0) listText = listText.slice(0, cut);
  listText = listText.replace(/(?:等)?(?:领导)?同志$/, '');
  const list = { text: listText, start: clause.start + lastComma + 1 };
  return splitPiece(list, /、|和|及/)
    .map((x) => personZh(x))
    .filter((x): x is DraftPerson => x !== null);
}

// ---------------------------------------------------------------------------------------------

/** Reads a release and proposes a draft session. */
export function importRelease(text: string): ReleaseDraft {
  const { publishedOn, bodyStart } = header(text);
  const language = detectLanguage(text.slice(bodyStart));
  const draft: Working = {
    language,
    publishedOn,
    date: null,
    halfDay: null,
    body: null,
    group: null,
    themes: [],
    host: null,
    participants: [],
    speakers: [],
    findings: [],
    requirements: [],
  };
  if (language === 'zh') parseChinese(text, draft, bodyStart);
  else parseEnglish(text, draft, bodyStart);
  delete draft.lastConclusion;
  delete draft.lastKind;
  // The host is not repeated among the participants.
  if (draft.host) draft.participants = draft.participants.filter((p) => p.name !== draft.host!.name);
  return draft;
}

// ---------------------------------------------------------------------------------------------
// Matching draft people to people already known

export interface KnownPerson {
  id: string;
  name: string;
  nameEn: string | null;
  titles: string[];
}

export interface PersonMatch {
  name: string;
  /** The id of the known person, or 'new' when nobody matches. */
  match: string | 'new';
  /** Other people of the same name when the titles did not settle it. */
  candidates: string[];
}

const normName = (s: string) => s.toLowerCase().replace(/[\s·.\-']/g, '');
const normTitle = (s: string) => s.toLowerCase().replace(/[\s,，、]/g, '').replace(/^(?:the)/, '');

/** For each draft person, the known person of the same name (titles break ties), or 'new'. */
export function matchPeople(drafts: { name: string; titles: string[] }[], known: KnownPerson[]): PersonMatch[] {
  return drafts.map((d) => {
    const n = normName(d.name);
    const same = known.filter((k) => normName(k.name) === n || (k.nameEn !== null && normName(k.nameEn) === n));
    if (same.length === 0) return { name: d.name, match: 'new', candidates: [] };
    if (same.length === 1) return { name: d.name, match: same[0]!.id, candidates: [] };
    const titles = d.titles.map(normTitle);
    const scored = same
      .map((k) => ({ k, score: k.titles.map(normTitle).filter((t) => titles.some((x) => x === t || x.includes(t) || t.includes(x))).length }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0]!;
    const tie = scored.length > 1 && scored[1]!.score === best.score;
    return tie || best.score === 0
      ? { name: d.name, match: 'new', candidates: same.map((k) => k.id) }
      : { name: d.name, match: best.k.id, candidates: same.filter((k) => k.id !== best.k.id).map((k) => k.id) };
  });
}

/** Every person the draft names (host, participants, speakers), once each, in order of appearance. */
export function draftPeople(draft: ReleaseDraft): { name: string; titles: string[] }[] {
  const byName = new Map<string, { name: string; titles: string[] }>();
  for (const p of [...(draft.host ? [draft.host] : []), ...draft.participants, ...draft.speakers]) {
    const existing = byName.get(p.name);
    if (existing) {
      for (const t of p.titles) if (!existing.titles.includes(t)) existing.titles.push(t);
    } else byName.set(p.name, { name: p.name, titles: [...p.titles] });
  }
  return [...byName.values()];
}
