/**
 * Reading an English release (a translation of a Chinese one, as the seed is): the lead sentence
 * (date, half-day, group, themes), then each clause that says who hosted / presided, attended, sat
 * in, gave guidance or spoke. Conclusions are read by the shared paragraph rules in
 * release-importer.ts.
 */
import { isPinyinGiven, pinyinSurnames } from './release-names.ts';
import {
  lastIndexOutside,
  matchesOutside,
  resolveDate,
  spanOf,
  split,
  sub,
  trim,
  type DraftObserver,
  type DraftPerson,
  type Field,
  type HalfDay,
  type Piece,
  type ReleaseDraft,
} from './release-text.ts';

export interface EnContext {
  /** Names of known people as written in English ("Yang Feng"). */
  known: ReadonlySet<string>;
  publishedOn: string | null;
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const MONTH_DAY = new RegExp(`\\b(${MONTH})\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s(\\d{4})\\b)?`);
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s(?:of\\s)?(${MONTH})\\b\\.?(?:,?\\s(\\d{4})\\b)?`);
const HALF = /\b(morning|afternoon|evening|night)\b/i;

/** The date in a sentence; returns where it is, so the themes can leave it out. */
export function readDateEn(sentence: Piece, ctx: EnContext, draft: ReleaseDraft): Piece | null {
  const a = MONTH_DAY.exec(sentence.text);
  const b = DAY_MONTH.exec(sentence.text);
  const m = a && (!b || a.index <= b.index) ? a : b;
  if (!m) return null;
  const month = MONTHS[(m === a ? m[1]! : m[2]!).toLowerCase()]!;
  const day = Number(m === a ? m[2] : m[1]);
  const year = m[3] ? Number(m[3]) : null;
  const at = sentence.start + m.index;
  draft.date = resolveDate(year, month, day, ctx.publishedOn, [at, at + m[0].length]);
  // The half-day is said next to the date: "On the afternoon of January 20th", "on March 5 (morning)".
  const windowStart = Math.max(0, m.index - 30);
  const around = sentence.text.slice(windowStart, m.index + m[0].length + 20);
  const h = HALF.exec(around);
  if (h) {
    const word = h[1]!.toLowerCase();
    const value: HalfDay = word === 'night' ? 'evening' : (word as HalfDay);
    const hs = sentence.start + windowStart + h.index;
    draft.halfDay = { value, span: [hs, hs + h[1]!.length] };
  }
  // The whole date phrase, with its "on the afternoon of" or "in the morning".
  const phrase = /\b(?:on|in)\s(?:the\s)?(?:(?:morning|afternoon|evening|night)\s(?:of\s)?)?$/i.exec(sentence.text.slice(0, m.index));
  let from = phrase ? phrase.index : m.index;
  let to = m.index + m[0].length;
  const after = /^,?\s(?:in the\s)?(?:morning|afternoon|evening)\b|^\s\((?:morning|afternoon|evening)\)/i.exec(sentence.text.slice(to));
  if (after) to += after[0].length;
  if (!phrase && /\bon\s$/i.test(sentence.text.slice(0, m.index))) from = m.index - 3;
  return sub(sentence, from, to);
}

// --- names ---------------------------------------------------------------------------------------

/** Capitalized words that are pinyin but never a given name in a release. */
const NOT_GIVEN = new Set(['party', 'china', 'chinese', 'group', 'city', 'county', 'and', 'the', 'of', 'an']);
/** National leaders quoted in releases are never among those present. */
const NOT_PRESENT = new Set(['Xi Jinping', 'Mao Zedong', 'Deng Xiaoping', 'Jiang Zemin', 'Hu Jintao', 'Zhou Enlai', 'Jiao Yulu', 'Lei Feng', 'Gu Wenchang', 'Yang Shanzhou', 'Kong Fansen', 'Zhang Guimei', 'Huang Wenxiu', 'Liao Junbo']);

export interface NameHit {
  name: string;
  start: number;
  end: number;
}

const WORD = /[A-Z][a-z]+(?:['’-][A-Za-z][a-z]*)?/g;

/** Chinese names in pinyin (surname and given name), or known English names, in a piece. */
export function namesEn(p: Piece, known: ReadonlySet<string>): NameHit[] {
  const hits: NameHit[] = [];
  const words = [...p.text.matchAll(WORD)];
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    if (b.index !== a.index + a[0].length + 1 || p.text[a.index + a[0].length] !== ' ') continue;
    const name = `${a[0]} ${b[0]}`;
    const end = b.index + b[0].length;
    const next = words[i + 2];
    const followedByCapital = next !== undefined && next.index === end + 1 && p.text[end] === ' ';
    const possessive = /^['’]s\b/.test(p.text.slice(end));
    const isKnown = known.has(name);
    const pinyinName = pinyinSurnames().has(a[0]) && isPinyinGiven(b[0]) && !NOT_GIVEN.has(b[0].toLowerCase());
    if ((isKnown || (pinyinName && !followedByCapital)) && !possessive && !NOT_PRESENT.has(name)) {
      hits.push({ name, start: p.start + a.index, end: p.start + end });
      i++;
    }
  }
  return hits;
}

const TITLE_HEAD =
  /^(?:the\s)?(?:Secretary|Deputy|Vice|Executive|Mayor|Director|Chairman|Chairwoman|Chairperson|Chair|President|Head|Chief|Member|Members|Minister|General|Manager|Governor|Dean|Principal|Commissioner|Procurator|Magistrate|Leader|Inspector|Commander|Political|Editor|Standing|Party|Auditor|Counsel|Presiding|Judge|Prosecutor|Captain|Curator|Superintendent|Commissar|Professor|secretary|deputy|vice|executive|mayor|director|chairman|chairwoman|chair|president|head|chief|member|minister|general|manager|governor|dean|principal|commissioner|magistrate|leader|party)\b/;

/** A title starts within its first three words ("County Magistrate", "Executive Vice Mayor"), not "Supervision Team". */
const TITLE_AHEAD =
  /^(?:the\s)?(?:[A-Za-z-]+\s){0,2}(?:Secretary|Deputy|Vice|Mayor|Director|Chairman|Chairwoman|Chairperson|Chair|President|Head|Chief|Member|Minister|Manager|Governor|Dean|Principal|Commissioner|Procurator|Magistrate|Leader|Inspector|Commander|Editor|Auditor|Counsel|Judge|Prosecutor|Commissar|Professor|Secretary-General|secretary|deputy|vice|mayor|director|chairman|chairwoman|chair|president|head|chief|member|minister|manager|governor|dean|principal|magistrate|leader)\b/;

/** "Deputy Secretary of the X and Mayor" → ["Deputy Secretary of the X", "Mayor"]. */
export function splitTitlesEn(text: string): string[] {
  const cleaned = text
    .replace(/^[\s,;]+|[\s,;]+$/g, '')
    .replace(/^(?:and|as well as|including|comrades?|also|while)\s+/i, '')
    .replace(/^(?:and|as well as)\s+/i, '');
  if (!cleaned) return [];
  const out: string[] = [];
  let last = 0;
  for (const m of matchesOutside(cleaned, /,?\s(?:and|&)\s|,\s/g)) {
    const rest = cleaned.slice(m.index + m[0].length);
    if (TITLE_AHEAD.test(rest)) {
      out.push(cleaned.slice(last, m.index));
      last = m.index + m[0].length;
    }
  }
  out.push(cleaned.slice(last));
  return out.map((t) => t.trim()).filter((t) => t && !/^(?:comrades?|the)$/i.test(t));
}

/** A title is a run of words that starts with a title head or a capital letter, with no verb in it. */
const looksLikeTitle = (text: string) => {
  const t = text.trim();
  if (!t || t.length > 200) return false;
  if (/\b(?:hosted|presided|chaired|attended|participated|spoke|made|delivered|held|was|were|is|are|who|which|respectively|also|together|including|in turn)\b/.test(t)) return false;
  return TITLE_HEAD.test(t) || /^[A-Z]/.test(t);
};

/**
 * People in a list: "Title Name, Title and Title Name, Name, title of X, …": a title before a
 * name belongs to it; a title right after "Name," (apposition) belongs to the name before.
 */
export function peopleEn(p: Piece, known: ReadonlySet<string>): { people: DraftPerson[]; rest: Piece[] } {
  // A list in a release names a few dozen people; the rest of an absurdly long one is not read.
  if (p.text.length > 3000) p = sub(p, 0, 3000);
  const hits = namesEn(p, known);
  const people: DraftPerson[] = [];
  const rest: Piece[] = [];
  let cursor = p.start;
  for (let i = 0; i <= hits.length; i++) {
    const hit = hits[i];
    const gapEnd = hit ? hit.start : p.start + p.text.length;
    const gap = p.text.slice(cursor - p.start, gapEnd - p.start);
    // The gap between two names: ", appositive, Title " — commas cut it into parts; parts before the
    // last comma describe the name before, the last part is the title of the name after.
    const parts = gap.split(',');
    let offset = cursor;
    const prev = people[people.length - 1];
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      const isLast = k === parts.length - 1;
      const clean = part.replace(/^\s*(?:and|as well as)\s+/i, '').trim();
      if (!isLast || !hit) {
        if (k > 0 && prev && clean && looksLikeTitle(clean) && !(isLast && !hit && !/,\s*$/.test(gap) && parts.length === 1)) {
          if (i > 0 && k > 0) {
            prev.titles.push(...splitTitlesEn(clean));
            prev.span[1] = offset + part.length - (part.length - part.trimEnd().length);
          }
        } else if (clean && (!hit || !isLast)) {
          rest.push({ text: clean, start: offset + part.indexOf(clean) });
        }
      }
      offset += part.length + 1;
    }
    if (!hit) break;
    const last = parts[parts.length - 1]!;
    const lastStart = gapEnd - last.length;
    const titleText = last.replace(/^\s*(?:and|as well as|including)\s+/i, '');
    const titleStart = gapEnd - titleText.length;
    const titles = looksLikeTitle(titleText) ? splitTitlesEn(titleText) : [];
    const start = titles.length ? titleStart + (titleText.length - titleText.trimStart().length) : hit.start;
    if (!titles.length && titleText.trim()) rest.push({ text: titleText.trim(), start: lastStart });
    people.push({ name: hit.name, titles, span: [start, hit.end] });
    cursor = hit.end;
  }
  return { people, rest };
}

// --- the lead sentence --------------------------------------------------------------------------

const GROUP_CORE = /\b(?:(?:Theoretical|Theory)\s(?:Learning|Study)\s)?(?:Cent(?:er|re)|Central)\s(?:Study\s)?Group\b|\bTheoretical\sStudy\sGroup\b|\bTheory\sStudy\sGroup\b/i;
const GROUP_WORD = /^(?:[A-Z][A-Za-z’'()-]*|of|the|and|for|on|in|de|CPC|CPPCC|\(.*\))$/;

/** The group: the name around "Center Group", extended over its capitalized words and "of the". */
export function readGroupEn(lead: Piece, draft: ReleaseDraft): number {
  const core = GROUP_CORE.exec(lead.text);
  if (!core) return -1;
  const t = lead.text;
  // Left: capitalized words (and "of", "the", possessives) up to a comma or a lower-case word.
  let start = core.index;
  for (;;) {
    const before = t.slice(0, start);
    const w = /([A-Za-z’'()-]+)\s$/.exec(before.slice(-60));
    if (!w) break;
    const word = w[1]!;
    if (!(/^[A-Z]/.test(word) || word === 'of' || word === 'and' || /['’]s$/.test(word))) break;
    if (/^(?:On|In|At|During|Recently|Today|Yesterday)$/.test(word)) break;
    if (MONTHS[word.toLowerCase()] !== undefined) break;
    start -= word.length + 1;
  }
  while (/^(?:of|and)\s/.test(t.slice(start))) start = t.indexOf(' ', start) + 1;
  // Right: "of the X Y" up to a verb or a comma.
  let end = core.index + core[0].length;
  for (;;) {
    const w = /^\s([A-Za-z’'()-]+)/.exec(t.slice(end, end + 60));
    if (!w) break;
    const word = w[1]!;
    if (!GROUP_WORD.test(word) || word === 'on' || word === 'in' || /^(?:On|In|At)$/.test(word)) break;
    if (MONTHS[word.toLowerCase()] !== undefined) break;
    end += w[0].length;
  }
  // A trailing "of the" / "and" is not part of the name.
  let g = sub(lead, start, end);
  g = trim({ text: g.text.replace(/(?:\s(?:of|the|and|for))+$/, ''), start: g.start });
  const lead0 = /^the\s/i.exec(g.text);
  if (lead0) g = sub(g, lead0[0].length);
  draft.group = { value: g.text, span: spanOf(g) };
  const of = /\bGroup\sof\s(?:the\s)?/i.exec(g.text);
  const poss = /^(.+?)['’]s\s/.exec(g.text);
  const coreInG = GROUP_CORE.exec(g.text);
  let body: Piece | null = null;
  if (of) body = sub(g, of.index + of[0].length);
  else if (poss) body = sub(g, 0, poss[1]!.length);
  else if (coreInG && coreInG.index > 0) body = trim(sub(g, 0, coreInG.index));
  if (body && body.text) draft.body = { value: body.text, span: spanOf(body) };
  return end;
}

const SESSION_VERB_EN = /\b(?:held|convened|organized|organised|conducted|carried out|hosted|launched|staged|had)\b/;

/** Verbs (and adverbs) that start a clause of purpose: a comma before one ends a theme. */
const THEME_VERBS = new Set(
  (
    'study learn grasp implement understand provide promote deepen enhance strengthen improve push advance carry consolidate build accelerate make ensure review explore focus lay summarize summarise apply adhere uphold continue guide plan unite inspire better deploy discuss research draw absorb solve stabilize listen exchange thoroughly earnestly comprehensively systematically conscientiously further deeply fully firmly effectively constantly continuously resolutely vigorously solidly steadily actively strive foster cultivate create boost raise safeguard secure maintain prevent fight combat tackle transform translate turn put take give set mobilize motivate rally gather pool follow serve support help achieve realize reach meet respond analyze analyse examine assess evaluate identify clarify communicate convey relay pass spread publicize learned studied reviewed discussed deployed heard watched visited toured conveyed look hear sum probe do carry conduct hold launch keep pursue work forge open step expand shoulder perform fulfil fulfill accomplish complete highlight emphasize emphasise stress insist persist resolve address drive optimize optimise innovate integrate coordinate standardize normalize protect rectify enforce practice practise refine upgrade win establish develop prepare modernize reinforce intensify expedite facilitate formulate attach pay adopt embark spur propel empower revitalize invigorate comprehend master grasp sort comb'
  ).split(' '),
);

function startsVerb(text: string): boolean {
  const w = /^(?:and to\s|and\s|to\s|so as to\s|in order to\s)?([a-z]+)/i.exec(text);
  if (!w) return false;
  const word = w[1]!.toLowerCase();
  // "discussing", "studying": the -ing form of a verb starts a clause too.
  const stem = word.endsWith('ing') ? word.slice(0, -3) : '';
  const forms = stem ? [stem, `${stem}e`, stem.replace(/(.)\1$/, '$1'), stem.replace(/y$/, 'ie')] : [];
  return THEME_VERBS.has(word) || forms.some((f) => THEME_VERBS.has(f)) || /^study/.test(stem) || (/ly$/.test(word) && word.length > 4);
}

const PURPOSE = /\s(?:to|in order to|so as to|focusing on|focused on|aiming to|with the aim of|with a view to|for the purpose of)\s|,\s(?=(?:studying|learning|focusing on)\s)/;
/** "a study session with the theme of strengthening …" (no quotation marks): the topic is one theme. */
const UNQUOTED_THEME = /\s(?:on|with|under)\sthe\s(?:theme|topic)\sof\s/;
const PURPOSE_OR_TOPIC = new RegExp(
  `${PURPOSE.source}|\\b(?:study|session|meeting|lecture)\\son\\s(?!(?:the\\s)?(?:morning|afternoon|evening|night)\\b|(?:${MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b|\\d)`,
);

/** "on the theme of “…”": the quoted topic, which may hold apostrophes ("People's"). */
const QUOTED_THEME = /\b(?:theme|topic|subject|themed|entitled|titled)\s(?:of\s)?(?:“([^“”]{1,300})”|"([^"]{1,300})"|‘([^‘]{1,300}?)’(?![A-Za-z]))/i;

/** Themes: the clauses of purpose after "held a collective study …", split where a new verb phrase starts. */
export function readThemesEn(lead: Piece, afterGroup: number, datePhrase: Piece | null, draft: ReleaseDraft): void {
  let rest = sub(lead, Math.max(0, afterGroup));
  const themes: Piece[] = [];
  // "In order to …, the Theoretical Learning Center Group … held" (or "On March 6, to …, the …"): a purpose said before the group.
  const groupAt = draft.group ? draft.group.span[0] - lead.start : -1;
  const before = groupAt > 0 ? /(?:^|,\s)(?:in order to|so as to|to)\s/i.exec(lead.text.slice(0, groupAt)) : null;
  if (before) {
    const from = before.index + before[0].length;
    const comma = lastIndexOutside(lead.text, ',', groupAt);
    if (comma > from) themes.push(...splitThemesEn(trim(sub(lead, from, comma), new Set([' ', ',', ';']))));
  }
  const quoted = QUOTED_THEME.exec(rest.text);
  if (quoted) {
    const topic = quoted[1] ?? quoted[2] ?? quoted[3]!;
    const at = quoted.index + quoted[0].indexOf(topic);
    themes.push(sub(rest, at, at + topic.length));
  }
  // "held a collective study to …"; without such a verb ("met to …", "gathered for a study to …", or the
  // verb before the group) the purpose is looked for right after the group.
  const verb = SESSION_VERB_EN.exec(rest.text);
  const verbEnd = verb ? verb.index + verb[0].length : 0;
  rest = sub(rest, verbEnd);
  // After a quoted topic, the purpose follows it; without one, "a study session on X" names the topic.
  const afterQuote = quoted ? Math.max(0, quoted.index + quoted[0].length - verbEnd) : 0;
  const tail = sub(rest, afterQuote);
  const unquoted = quoted ? null : UNQUOTED_THEME.exec(tail.text);
  if (unquoted) {
    const start = unquoted.index + unquoted[0].length;
    const stop = tail.text.slice(start).search(/,|;|\s(?:to|in order to|so as to)\s/);
    let topic = sub(tail, start, stop >= 0 ? start + stop : tail.text.length);
    if (datePhrase && datePhrase.start >= topic.start && datePhrase.start < topic.start + topic.text.length) topic = sub(topic, 0, datePhrase.start - topic.start);
    topic = trim(topic, STOPS);
    if (topic.text) themes.push(topic);
  }
  const purposeText = unquoted ? sub(tail, unquoted.index + unquoted[0].length) : tail;
  const purpose = (quoted || unquoted ? PURPOSE : PURPOSE_OR_TOPIC).exec(purposeText.text);
  // "held a collective study, carrying out in-depth study of X, promoting Y, and …": a participle series.
  const participle = participleAt(purposeText.text);
  const start = participle >= 0 && (!purpose || participle < purpose.index) ? participle : purpose ? purpose.index + purpose[0].length : -1;
  if (start >= 0) {
    let body = sub(purposeText, start);
    if (datePhrase && datePhrase.start >= body.start) body = sub(body, 0, datePhrase.start - body.start);
    body = trim(body, new Set([' ', '.', ',', ';']));
    // "…, and members of the group spoke in turn": what happened next is no purpose.
    for (const m of matchesOutside(body.text, /,\s(?:and\s)?/g)) {
      if (startsWithGroup(body.text, m.index + m[0].length) && collectiveSpeakers(body.text.slice(m.index + m[0].length)) !== null) {
        body = sub(body, 0, m.index);
        break;
      }
    }
    themes.push(...splitThemesEn(body));
  }
  draft.themes = themes.filter((t) => t.text).map((t) => ({ value: t.text, span: spanOf(t) }));
}

/** Where a participle clause of purpose starts after a comma (", carrying out …", ", and solidly doing …"), or -1. */
function participleAt(text: string): number {
  for (const m of matchesOutside(text, /,\s(?:and\s)?(?=(?:[a-z]+ly\s)?[a-z]+ing\b)/g)) {
    const word = /^(?:[a-z]+ly\s)?([a-z]+ing)\b/.exec(text.slice(m.index + m[0].length))![1]!;
    if (startsVerb(word)) return m.index + m[0].length;
  }
  return -1;
}

const NOT_A_VERB = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'for', 'with', 'to', 'by', 'from', 'at', 'as', 'its', 'their', 'all', 'other', 'such', 'also', 'then', 'so', 'its', 'our', 'his', 'her', 'this', 'these', 'those', 'that', 'relevant', 'related', 'various', 'new', 'key', 'major', 'important']);

/** "…, and do solid work": after a comma, an unknown word followed by an article or a possessive is a verb taking its object. */
function verbBeforeObject(text: string): boolean {
  const m = /^(?:and\s)?(?:[a-z]+ly\s)?([a-z]+)\s(?:a|an|the|good|solid|well|our|their|its|every|all|more|new|further|in-depth|its)\b/.exec(text);
  return m !== null && !NOT_A_VERB.has(m[1]!);
}

function splitThemesEn(p: Piece): Piece[] {
  const out: Piece[] = [];
  for (const part of split(p, /;\s*/g)) {
    let last = 0;
    for (const m of matchesOutside(part.text, /,\s+|\sand\s/g)) {
      const restText = part.text.slice(m.index + m[0].length);
      const isAnd = /and/.test(m[0]) && !m[0].startsWith(',');
      // "study X and discuss Y": a second verb after a full object starts a theme of its own.
      // "study and implement X", "deeply study and implement X": an "and" between verbs alone joins them.
      if (isAnd && part.text.slice(Math.max(last, m.index - 200), m.index).trim().split(/\s+/).every((w) => /^(?:and|to|in|order|so|as)$/i.test(w) || startsVerb(w))) continue;
      // "investigation and research in …": a verb after "and" leads a theme only when it takes an object.
      if (isAnd && !/^[a-z]+\s(?!(?:in|of|on|at|for|with|and|or|to|by|from|as)\b)[a-z]/i.test(restText)) continue;
      // "strengthening and improving X" is one clause; "studying X and discussing Y" is two.
      if (isAnd && /^[a-z]+ing\b/i.test(restText) && (/ing$/i.test(part.text.slice(0, m.index)) || !/^(?:\w+ly\s)?[a-z]+ing\b/i.test(part.text.slice(last)))) continue;
      if (startsVerb(restText) || (!isAnd && verbBeforeObject(restText))) {
        out.push(sub(part, last, m.index));
        last = m.index + m[0].length;
      }
    }
    out.push(sub(part, last));
  }
  return out
    .map((t) => {
      const lead = /^(?:and to|and|to|so as to|in order to)\s/i.exec(t.text);
      return trim(lead ? sub(t, lead[0].length) : t, new Set([' ', ',', ';', '.']));
    })
    .filter((t) => t.text.length > 0);
}

// --- people -------------------------------------------------------------------------------------

const HOST_EN = /\b(?:hosted|presided over|presided|chaired|moderated)\b/;
const HOST_BY_EN = /\b(?:was|were)\s(?:hosted|presided over|chaired|moderated)\sby\b|\bunder the (?:chairmanship|presidency) of\b|^(?:Presiding|Hosting|Chairing)\s(?:over\s)?(?:the\s(?:meeting|study|session)\s)?was\b/;
const GUIDE_EN =
  /\b(?:attended|were present|was present|came)\s(?:the meeting |the study |the session )?(?:to|and)\s(?:give|gave|provide|provided|offer|offered)\s(?:guidance|instructions)\b|\bfor (?:supervision and )?guidance\b|\bgave guidance\b|\bprovided guidance\b|\bsupervised\b|\bto supervise\b|\bto give guidance\b|\bto guide\b/;
const OBSERVE_EN =
  /\b(?:attended|were present|was present)\s(?:the meeting |the study |the session )?as\s(?:an?\s)?(?:non-voting\s(?:participants?|delegates?|attendees?|members?)|observers?)\b|\bsat in\b|\bwere invited to sit in\b|\bas non-voting participants?\b/;
const ATTEND_EN = /\b(?:participated|attended|were present|was present|took part|joined)\b/;
const ATTEND_BY_EN = /\b(?:attended by|(?:also\s)?present\s(?:at the (?:meeting|study|session)\s)?were|(?:also\s)?attending\s(?:the (?:meeting|study|session)\s)?were|(?:also\s)?participating\s(?:in the (?:meeting|study|session)\s)?were|participants included)\b/i;
const SPEAK_EN = /\b(?:spoke|speak|speaking|took turns|share|speeches|speech|remarks|statements|presentations|talks?|exchanged|exchanges|shared|reported on|talked about|made exchange|made key|took the floor)\b|^Speaking\b/;

const SPEECH_KIND_EN = /\b(?:key|keynote|main|central|focused)\s(?:speeches|speech|remarks|presentations)\b/i;

function speechWordsEn(clause: Piece, verb: number): Field<string> {
  const m = /\b(?:made|delivered|gave|presented|spoke|exchanged|shared|took turns)\b[^,;]*/.exec(clause.text.slice(verb));
  const at = m ? verb + m.index : verb;
  const text = m ? m[0].trim() : clause.text.slice(verb).trim();
  return { value: text.replace(/[.;,]$/, ''), span: [clause.start + at, clause.start + at + text.replace(/[.;,]$/, '').length] };
}

const SUBJECT_PREFIX = /^(?:and|also|while|meanwhile|then|afterwards|subsequently|next|in turn|at the meeting|during the meeting|during the discussion|at the study|at the study session|at the session)\s*,?\s*/i;

const STOPS = new Set([' ', '.', ',']);
const ANY_VERB = /\b(?:hosted|presided|chaired|moderated|attended|participated|took part|joined|spoke|speeches|speech|remarks|sat in|guidance|supervised|exchanged|shared)\b/;

export function readPeopleEn(sentence: Piece, isLead: boolean, ctx: EnContext, draft: ReleaseDraft): void {
  for (const clause of split(sentence, /;\s*/g)) {
    // "A chaired the meeting, and B attended" / "A spoke about X, and B spoke about Y": two clauses,
    // cut at ", and" only where both sides have a verb of their own (never inside "A, B, and C").
    let from = 0;
    for (const m of matchesOutside(clause.text, /,\s(?:(?:and|while|then|with)\s)?/g)) {
      // A bare comma starts a clause of its own only before a group that spoke.
      if (m[0].length === 2 && !startsWithGroup(clause.text, m.index + 2)) continue;
      const right = sub(clause, m.index + m[0].length, Math.min(clause.text.length, m.index + 400));
      const verb = ANY_VERB.exec(right.text);
      const left = clause.text.slice(from, m.index);
      // The right side needs a subject of its own that names someone ("and President N attended"),
      // else its verb belongs to the list before ("…, Pan Deqiang, and other leaders participated");
      // or a group that spoke ("…, and members of the Leading Party Group made exchange speeches").
      const named = m[0].length > 2 && ANY_VERB.test(left) && verb !== null && namesEn(sub(right, 0, verb.index), ctx.known).length > 0;
      const group = collectiveSpeakers(right.text) !== null && (ANY_VERB.test(left) || SPEAK_EN.test(left) || /\b(?:[a-z]{3,}ed|held|met|made|gave)\b/.test(left));
      if (named || group) {
        readClauseEn(trim(sub(clause, from, m.index), STOPS), isLead, ctx, draft);
        from = m.index + m[0].length;
      }
    }
    readClauseEn(trim(sub(clause, from), STOPS), isLead, ctx, draft);
  }
}

function readClauseEn(clause: Piece, isLead: boolean, ctx: EnContext, draft: ReleaseDraft): void {
  const t = clause.text;
  // Guidance from above.
  const guide = GUIDE_EN.exec(t);
  if (guide) {
    let who = sub(clause, 0, guide.index);
    who = trim(who);
    const decorated = /^(?:(?:relevant|leading)\s)?(?:comrades|officials|members|leaders|people|representatives|responsible comrades)\s(?:from|of)\s/i.exec(who.text);
    if (decorated) who = sub(who, decorated[0].length);
    const verb = /\s(?:attended|were present|was present|came)(?:\s(?:the meeting|the study|the session))?$/.exec(who.text);
    if (verb) who = sub(who, 0, verb.index);
    const lastComma = who.text.lastIndexOf(', ');
    if (lastComma >= 0 && /\b(?:and|while)\b/.test(who.text.slice(0, lastComma))) who = sub(who, lastComma + 2);
    who = trim(who, new Set([' ', ',', '.']));
    if (who.text && !draft.guidance.some((g) => g.value === who.text)) draft.guidance.push({ value: who.text, span: spanOf(who) });
    return;
  }
  const sittingIn = /^(?:Also\s)?(?:sitting in|attending as non-voting participants)(?:\son the (?:meeting|study|session))?\swere\s/i.exec(t);
  if (sittingIn) {
    const list = sub(clause, sittingIn[0].length);
    const { people, rest } = peopleEn(list, ctx.known);
    draft.observers.push(...people.map((p): DraftObserver => ({ ...p, named: true })));
    for (const r of rest) if (looksLikeGroupEn(r.text)) draft.observers.push({ name: r.text, titles: [], span: spanOf(r), named: false });
    return;
  }
  const under = /\bunder the (?:guidance|supervision) of\s/.exec(t);
  if (under) {
    const end = t.slice(under.index + under[0].length).search(/,|$/);
    const who = trim(sub(clause, under.index + under[0].length, under.index + under[0].length + end), STOPS);
    const plain = /^(?:(?:relevant\s)?comrades\s(?:from|of)\s)/i.exec(who.text);
    const body = plain ? sub(who, plain[0].length) : who;
    if (body.text && !draft.guidance.some((g) => g.value === body.text)) draft.guidance.push({ value: body.text, span: spanOf(body) });
    const before = trim(sub(clause, 0, under.index), STOPS);
    if (before.text) readClauseEn(before, isLead, ctx, draft);
    return;
  }
  const observe = OBSERVE_EN.exec(t);
  if (observe) {
    const who = trim(stripSubjectPrefix(sub(clause, 0, observe.index)));
    const { people, rest } = peopleEn(who, ctx.known);
    draft.observers.push(...people.map((p): DraftObserver => ({ ...p, named: true })));
    if (!people.length && who.text) draft.observers.push({ name: who.text, titles: [], span: spanOf(who), named: false });
    else for (const r of rest) if (/\b(?:secretaries|heads|leaders|directors|members|officials|comrades|representatives|chiefs)\b/i.test(r.text)) draft.observers.push({ name: r.text, titles: [], span: spanOf(r), named: false });
    // "…attended as a non-voting participant, together with principal officials of the departments".
    const together = /^,?\s(?:together|along)\swith\s/.exec(t.slice(observe.index + observe[0].length));
    if (together) {
      const group = trim(sub(clause, observe.index + observe[0].length + together[0].length), STOPS);
      if (group.text) draft.observers.push({ name: group.text, titles: [], span: spanOf(group), named: false });
    }
    return;
  }
  const byHost = HOST_BY_EN.exec(t);
  const host = byHost ?? HOST_EN.exec(t);
  if (host && !draft.host) {
    readHostEn(clause, host, byHost !== null, ctx, draft);
    // "X presided over the meeting, and A, B attended" — the rest of the clause may name participants.
    const after = sub(clause, host.index + host[0].length);
    const attendInRest = ATTEND_EN.exec(after.text);
    if (attendInRest && !byHost) {
      // "X hosted and delivered a speech, A, B and C participated": the list starts after the host's verbs.
      const comma = after.text.indexOf(',');
      if (comma >= 0 && comma < attendInRest.index) readClauseEn(trim(sub(after, comma + 1)), isLead, ctx, draft);
    } else if (byHost) {
      const attendedBy = /\b(?:and\s)?attended by\b/.exec(after.text);
      if (attendedBy) draft.participants.push(...peopleEn(sub(after, attendedBy.index + attendedBy[0].length), ctx.known).people);
    }
    return;
  }
  const attendBy = ATTEND_BY_EN.exec(t);
  if (attendBy) {
    draft.participants.push(...peopleEn(sub(clause, attendBy.index + attendBy[0].length), ctx.known).people);
    return;
  }
  const speak = SPEAK_EN.exec(t);
  const attend = ATTEND_EN.exec(t);
  if (attend && (!speak || attend.index < speak.index)) {
    const who = stripSubjectPrefix(sub(clause, 0, attend.index));
    const { people } = peopleEn(who, ctx.known);
    draft.participants.push(...people);
    // "A and B attended and spoke": they are speakers too; "Members of the group attended and spoke in turn": a group spoke.
    if (speak && !isLead && /^\s(?:the\s(?:meeting|study|session)\s)?and\b/.test(t.slice(attend.index + attend[0].length, speak.index))) {
      if (people.length) addSpeakers(draft, people);
      else if (!draft.collectiveSpeech && collectiveSpeakers(t)) {
        const group = trim(who, STOPS);
        draft.collectiveSpeech = { value: group.text, span: spanOf(group) };
      }
    }
    return;
  }
  // The lead says what the session set out to do ("to exchange experiences"), not who spoke — unless a group did.
  if (speak && (!isLead || collectiveSpeakers(t) !== null)) readSpeakersEn(clause, speak, ctx, draft);
}

function addSpeakers(draft: ReleaseDraft, people: DraftPerson[]): void {
  const named = new Set(draft.speakers.map((s) => s.name));
  for (const p of people) {
    if (named.has(p.name)) continue;
    named.add(p.name);
    draft.speakers.push({ ...p, titles: [...p.titles], span: [...p.span] });
  }
}

/**
 * "members of the Leading Party Group made exchange speeches", "Leading members of the bureau spoke in
 * turn": a clause whose subject is a body's members (or comrades, leaders, heads…) and whose verb is
 * one of speaking. Returns the subject, or null.
 */
const COLLECTIVE_SUBJECT =
  /^(?:(?:the|all|other|each|every|and)\s){0,3}(?:(?:leading|other|all|responsible|the)\s)?(?:members?|comrades|leaders|heads|participants|attendees|officials|cadres|everyone|those present)\b[^,;.]{0,120}?(?=\s(?:then\s|also\s|respectively\s|successively\s|each\s|in turn\s|one by one\s|one after another\s|in succession\s)*(?:spoke|speak|made|delivered|gave|shared|exchanged|took turns|conducted|held|talked|presented|submitted|expressed|offered|attended|participated)\b)/i;

const GROUP_HEAD = /(?:(?:the|all|other|each|every|and|then|also|at the meeting|meanwhile)\s){0,3}(?:(?:leading|other|all|responsible|the)\s)?(?:members?|comrades|leaders|heads|participants|attendees|officials|cadres|everyone|those present)\b/iy;

/** Whether the text at `at` starts like a group of people ("members of", "other comrades"): a cheap test before collectiveSpeakers. */
function startsWithGroup(text: string, at: number): boolean {
  GROUP_HEAD.lastIndex = at;
  return GROUP_HEAD.test(text);
}

function collectiveSpeakers(text: string): string | null {
  const t = text.replace(SUBJECT_PREFIX, '');
  const m = COLLECTIVE_SUBJECT.exec(t);
  return m && SPEAK_EN.test(t.slice(m[0].length)) ? m[0] : null;
}

/** "Members of the Standing Committee", "Participants", "The heads of the divisions": a group that spoke in turn. */
function looksLikeGroupEn(text: string): boolean {
  if (!/^[A-Za-z]/.test(text) || text.length > 100 || text.split(' ').length > 14) return false;
  if (/^(?:he|she|it|they|we|the meeting|the session|the study|this|that|there|which|who)\b/i.test(text)) return false;
  return /\b(?:members?|participants|comrades|attendees|leaders|heads|officials|cadres|everyone|all|each|secretaries|directors|chiefs|representatives|team|group|committee|those present)\b/i.test(text);
}

function stripSubjectPrefix(p: Piece): Piece {
  const m = SUBJECT_PREFIX.exec(p.text);
  return m ? sub(p, m[0].length) : p;
}

function readHostEn(clause: Piece, verb: RegExpExecArray, passive: boolean, ctx: EnContext, draft: ReleaseDraft): void {
  const t = clause.text;
  let who: Piece;
  if (passive) {
    const after = sub(clause, verb.index + verb[0].length);
    const end = after.text.search(/,\s(?:who|and|with)\b|\sand\s(?:attended|delivered|made|gave)\b|\swho\b/);
    who = end >= 0 ? sub(after, 0, end) : after;
  } else {
    who = sub(clause, 0, verb.index);
  }
  who = trim(stripSubjectPrefix(trim(who)));
  const { people } = peopleEn(who, ctx.known);
  const person = passive ? people[0] : people[people.length - 1];
  if (!person) return;
  const tail = t.slice(verb.index);
  const spoke = /\b(?:delivered|made|gave)\s(?:(?:a|an|the)\s)?(?:\w+\s){0,2}(?:speech|address|remarks)\b|\bspoke\b|\bconcluding remarks\b/.exec(tail);
  draft.host = {
    name: person.name,
    titles: person.titles,
    span: person.span,
    role: /presided|chaired|chairmanship|presidency/.test(verb[0]) ? 'preside' : 'host',
    spoke: spoke !== null,
    speech: spoke ? spoke[0] : null,
  };
}

function readSpeakersEn(clause: Piece, verb: RegExpExecArray, ctx: EnContext, draft: ReleaseDraft): void {
  const t = clause.text;
  const by = /\b(?:were made|were delivered|were given|spoke|came)\sby\s|\bspeeches by\s|\bremarks by\s|^Speaking (?:at the (?:meeting|session|study)\s)?(?:in turn\s)?were\s/.exec(t);
  let who: Piece;
  if (by) who = sub(clause, by.index + by[0].length);
  else {
    // The subject: everything before the first verb-ish word of the predicate.
    const pred = /\s(?:respectively|one after another|one by one|in turn|successively|in succession|each|also|then|took turns|made|delivered|gave|spoke|exchanged|shared|reported|talked|presented|submitted|expressed|offered|conducted|held|carried|engaged|focused|centered|centred|around|on behalf)\b/.exec(t);
    who = sub(clause, 0, pred ? pred.index : verb.index);
  }
  who = trim(stripSubjectPrefix(trim(who)));
  const { people } = peopleEn(who, ctx.known);
  // "X spoke first, followed by Y and Z".
  const followed = /\bfollowed by\s/.exec(t);
  if (followed) people.push(...peopleEn(sub(clause, followed.index + followed[0].length), ctx.known).people);
  if (people.length) addSpeakers(draft, people);
  else if (!draft.collectiveSpeech && looksLikeGroupEn(who.text)) {
    // "Members of the group, in light of their own work, made …": the aside is not the group's name.
    const aside = /,\s(?=[a-z])/.exec(who.text);
    const group = aside ? sub(who, 0, aside.index) : who;
    draft.collectiveSpeech = { value: group.text, span: spanOf(group) };
  }
  if (!draft.speech) {
    const words = speechWordsEn(clause, Math.max(0, by ? 0 : (who.start - clause.start) + who.text.length));
    draft.speech = { words, kind: SPEECH_KIND_EN.test(t) ? 'key_speech' : 'exchange' };
  }
}
