/**
 * Release importer: reads a published news release about a collective study (Chinese or English)
 * and proposes a draft study session that says only what the release says. Every proposed value
 * carries the character span [start, end) of the source it came from, so a clerk can see where
 * each value was read and correct it before the session is created. Pure functions, no database.
 *
 * The field definitions it follows are those of test/fixtures/releases-blind/README.md; the
 * readers of each language are release-zh.ts and release-en.ts. Its running time is linear in the
 * length of the text (see release-text.ts).
 */
import { readDateEn, readGroupEn, readPeopleEn, readThemesEn } from './release-en.ts';
import { hasHan, looksLikeNameZh, titledNameZh } from './release-names.ts';
import { paragraphs, sentencesEn, sentencesZh, spanOf, sub, trim, type ConclusionKind, type DraftConclusion, type DraftPerson, type Lang, type Piece, type ReleaseDraft } from './release-text.ts';
import { readDateZh, readGroupZh, readPeopleZh, readThemesZh } from './release-zh.ts';

export type { ConclusionKind, DateField, DraftConclusion, DraftHost, DraftObserver, DraftPerson, DraftSpeech, Field, HalfDay, Lang, ReleaseDraft, Span } from './release-text.ts';

/** The longest text read as a release: the longest real ones are a few thousand characters. */
export const MAX_RELEASE_CHARS = 30_000;

export interface ImportOptions {
  /** The date the portal shows beside the release (YYYY-MM-DD): a day without a year is resolved against it. */
  publishedOn?: string | null;
  /** Names of people already known (Chinese or pinyin): a name list is cut at them first. */
  knownNames?: readonly string[];
  /** The publication date to assume when neither `publishedOn` nor a "date" first line gives one (the page's default: today). */
  today?: string;
}

export function detectLanguage(text: string): Lang {
  let han = 0;
  let latin = 0;
  for (const c of text) {
    if (hasHan(c)) han++;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) latin++;
  }
  return han * 3 >= latin ? 'zh' : 'en';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A first line "date 2023-01-21" (as the seed's copy has) gives the publication date. */
function header(source: string): { publishedOn: string | null; bodyStart: number } {
  const m = /^\s{0,10}(?:date|日期|发布日期|published)[ \t]{0,10}[:：]?[ \t]{0,10}(\d{4})-(\d{1,2})-(\d{1,2})/i.exec(source);
  if (!m) return { publishedOn: null, bodyStart: 0 };
  return { publishedOn: `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`, bodyStart: m[0].length };
}

// --- conclusions ----------------------------------------------------------------------------------

interface LeadIn {
  kind: ConclusionKind;
  length: number;
  /** The leader whose words these are, when not the meeting's. */
  person?: string;
  spoke?: boolean;
}

const ZH_LEAD =
  /^(?:会议|会上|会议上|大家|与会同志|与会人员|与会者|大家一致|会议一致|学习会)(?:还|也|同时|最后|进一步|一致|首先|再次|并|特别|充分|深刻|明确)?(?:强调指出|指出|认为|提出|强调|要求|号召|倡议|希望)[，,：:]?/;
const ZH_FINDING = /指出$|认为$|提出$/;

const EN_LEAD =
  /^(?:The meeting|The session|The study session|The study|The participants|Participants|The attendees|Attendees|Those present|It was|The group|The conference)\s(?:also\s|further\s|again\s|finally\s|unanimously\s|then\s|first\s|additionally\s|moreover\s)?(pointed out|held|believed|noted|agreed|concluded|stated|recognized|recognised|observed|considered|maintained|put forward|proposed|emphasized|emphasised|stressed|required|demanded|called on|called upon|called for|urged|requested|asked)(?:\s(?:at the meeting|at the session|during the meeting))?(?:\s(?:that|it))?(?:\s?[,:])?\s/i;
const EN_FINDING = /^(?:pointed out|held|believed|noted|agreed|concluded|stated|recognized|recognised|observed|considered|maintained|put forward|proposed)$/i;

/** "欧阳景行在讲话中强调，" / "时书恒强调，": a leader's words at the meeting, led like the meeting's. */
const ZH_PERSON_LEAD = /^([\p{Script=Han}、]{2,16}?)(?:同志)?(?:在[\p{Script=Han}]{0,8}?讲话(?:中|时))?(?:还|也|同时|最后|进一步|特别)?(指出|认为|提出|强调|要求|号召)[，,：:]/u;

function leadIn(sentence: string, lang: Lang, known: ReadonlySet<string> = new Set()): LeadIn | null {
  if (lang === 'zh') {
    const m = ZH_LEAD.exec(sentence);
    if (m) {
      const verb = m[0].replace(/[，,：:]$/, '');
      return { kind: ZH_FINDING.test(verb) ? 'finding' : 'requirement', length: m[0].length };
    }
    const p = ZH_PERSON_LEAD.exec(sentence);
    if (!p || !(looksLikeNameZh(p[1]!, known) || titledNameZh(p[1]!, known))) return null;
    return { kind: ZH_FINDING.test(p[2]!) ? 'finding' : 'requirement', length: p[0].length, person: titledNameZh(p[1]!, known)?.name ?? p[1]!, spoke: p[0].includes('讲话') };
  }
  const m = EN_LEAD.exec(sentence);
  if (!m) return null;
  // "It was pointed out" — the passive voice has "was" before the verb.
  return { kind: EN_FINDING.test(m[1]!) ? 'finding' : 'requirement', length: m[0].length };
}

const EN_PASSIVE_LEAD = /^It (?:was|has been) (?:also )?(pointed out|noted|held|emphasized|emphasised|stressed|required|agreed)(?: at the meeting)? that\s/i;

/** Paragraphs that tell what happened rather than what was concluded. */
const NARRATIVE_ZH = /主持|参加|出席|列席|发言|观看|收看|辅导|授课|报告会|领学|传达学习|学习了|集体学习了/;
const NARRATIVE_EN = /\b(?:hosted|presided|chaired|attended|participated|spoke|watched|viewed|lectured?|gave a report|delivered a report|made a report|studied|learned)\b/i;

const stops = new Set(['。', '！', '？', '.', '!', '?', ' ', ';', '；']);

function conclusionValue(p: Piece): Piece {
  return trim(p, stops);
}

// --- reading --------------------------------------------------------------------------------------

/** Reads a release and proposes a draft session. */
export function importRelease(text: string, options: ImportOptions = {}): ReleaseDraft {
  const head = header(text);
  // A "date" line pasted with the text is the portal's own date for it; it outranks the field's default.
  const publishedOn = head.publishedOn ?? options.publishedOn ?? options.today ?? null;
  const language = detectLanguage(text.slice(head.bodyStart, head.bodyStart + 4000));
  const draft = emptyDraft(language, publishedOn);
  const known = new Set((options.knownNames ?? []).filter((n) => (language === 'zh' ? hasHan(n) : !hasHan(n))));
  const sentencesOf = language === 'zh' ? sentencesZh : sentencesEn;
  const paras = paragraphs(text, head.bodyStart).map((p) => sentencesOf(p));
  const all = paras.flat();
  if (!all.length) return draft;
  return readDraft(text, paras, all, known, draft);
}

function emptyDraft(language: Lang, publishedOn: string | null): ReleaseDraft {
  return {
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
    speech: null,
    collectiveSpeech: null,
    observers: [],
    guidance: [],
    conclusions: [],
    findings: [],
    requirements: [],
    present: [],
  };
}

function readDraft(text: string, paras: Piece[][], all: Piece[], known: ReadonlySet<string>, draft: ReleaseDraft): ReleaseDraft {
  const { language, publishedOn } = draft;
  // The sentence that announces the session: the first that names the study group.
  const groupWord = language === 'zh' ? /中心组/ : /\bCent(?:er|re)\s(?:Study\s)?Group\b|\bStudy Group\b|\bCentral Group\b/i;
  const lead = all.slice(0, 6).find((s) => groupWord.test(s.text)) ?? all[0]!;
  const ctx = { known, publishedOn };
  if (language === 'zh') {
    const afterDate = readDateZh(lead, ctx, draft);
    // "近日" in the lead: a date elsewhere in the first paragraph still dates the session.
    if (!draft.date) for (const s of paras[0] ?? []) if (!draft.date && s !== lead) readDateZh(s, ctx, draft);
    const afterGroup = readGroupZh(lead, draft);
    readThemesZh(lead, afterGroup >= 0 ? afterGroup : afterDate, draft);
  } else {
    const datePhrase = readDateEn(lead, ctx, draft);
    if (!draft.date) for (const s of paras[0] ?? []) if (!draft.date && s !== lead) readDateEn(s, ctx, draft);
    const afterGroup = readGroupEn(lead, draft);
    readThemesEn(lead, Math.max(afterGroup, 0), datePhrase, draft);
  }

  // Conclusions by paragraph: the lead verb of a paragraph decides the kind of its sentences.
  let previousWasConclusion = false;
  const leadersWhoSpoke = new Set<string>();
  let paragraphNo = 0;
  for (const sentences of paras) {
    let kind: ConclusionKind | null = null;
    let leadText: string | null = null;
    const first = sentences[0];
    const firstLead = first ? leadIn(first.text, language, known) ?? passiveLead(first.text, language) : null;
    const narrative = language === 'zh' ? NARRATIVE_ZH : NARRATIVE_EN;
    // A paragraph that says who hosted, attended or spoke ("Members of the group made exchange speeches") tells what happened.
    if (!firstLead && previousWasConclusion && first && !narrative.test(first.text) && first !== lead && !saysWho(first, language, ctx)) {
      kind = draft.conclusions[draft.conclusions.length - 1]!.kind;
    }
    paragraphNo++;
    let isConclusion = false;
    for (const sentence of sentences) {
      const l = sentence === lead ? null : (leadIn(sentence.text, language, known) ?? passiveLead(sentence.text, language));
      if (l) {
        if (l.spoke && l.person) leadersWhoSpoke.add(l.person);
        kind = l.kind;
        leadText = sentence.text.slice(0, l.length);
      }
      if (!kind) {
        readPeople(sentence, sentence === lead, language, ctx, draft);
        continue;
      }
      const value = conclusionValue(l ? sub(sentence, l.length) : sentence);
      if (!value.text) continue;
      isConclusion = true;
      const c: DraftConclusion = { kind, value: value.text, span: spanOf(value), leadIn: l ? leadText!.trim() : null, paragraph: paragraphNo };
      draft.conclusions.push(c);
      (kind === 'finding' ? draft.findings : draft.requirements).push({ value: c.value, span: c.span });
    }
    previousWasConclusion = isConclusion;
  }
  // "欧阳景行在讲话中强调", or the host among the speakers: the host spoke.
  if (draft.host && !draft.host.spoke && (leadersWhoSpoke.has(draft.host.name) || draft.speakers.some((s) => s.name === draft.host!.name))) {
    draft.host.spoke = true;
    draft.host.speech = '讲话';
  }
  if (language === 'zh') mendCutNames(draft, text, known);
  finish(draft);
  return draft;
}

/**
 * A name read short where the text goes on with a longer name of the same release or a known
 * person (聂清 where it says 聂清和): it is that person, not a new one marked present.
 */
function mendCutNames(draft: ReleaseDraft, source: string, known: ReadonlySet<string>): void {
  const people: DraftPerson[] = [...(draft.host ? [draft.host] : []), ...draft.participants, ...draft.speakers, ...draft.observers.filter((o) => o.named)];
  const longer = [...new Set([...people.map((p) => p.name), ...known])].sort((a, b) => b.length - a.length);
  for (const p of people) {
    const at = p.span[1] - p.name.length;
    if (source.slice(at, p.span[1]) !== p.name) continue;
    const whole = longer.find((n) => n.length > p.name.length && n.startsWith(p.name) && source.startsWith(n, at));
    if (!whole) continue;
    p.span = [p.span[0], at + whole.length];
    p.name = whole;
  }
}

/** The lead-in a conclusion's text starts with ("会议强调，", "The meeting pointed out that"), and the kind it gives. */
export function conclusionLeadIn(text: string): { kind: ConclusionKind; leadIn: string } | null {
  const lang: Lang = hasHan(text.slice(0, 4)) ? 'zh' : 'en';
  const l = leadIn(text, lang) ?? passiveLead(text, lang);
  return l ? { kind: l.kind, leadIn: text.slice(0, l.length).trim() } : null;
}

function passiveLead(sentence: string, lang: Lang): LeadIn | null {
  if (lang !== 'en') return null;
  const m = EN_PASSIVE_LEAD.exec(sentence);
  if (!m) return null;
  return { kind: EN_FINDING.test(m[1]!) ? 'finding' : 'requirement', length: m[0].length };
}

/** True when the people readers find anyone (or any group) in the sentence. */
function saysWho(sentence: Piece, language: Lang, ctx: { known: ReadonlySet<string>; publishedOn: string | null }): boolean {
  const scratch = emptyDraft(language, ctx.publishedOn);
  readPeople(sentence, false, language, ctx, scratch);
  return Boolean(scratch.host || scratch.participants.length || scratch.speakers.length || scratch.collectiveSpeech || scratch.observers.length || scratch.guidance.length);
}

function readPeople(sentence: Piece, isLead: boolean, language: Lang, ctx: { known: ReadonlySet<string>; publishedOn: string | null }, draft: ReleaseDraft): void {
  if (language === 'zh') readPeopleZh(sentence, isLead, ctx, draft);
  else readPeopleEn(sentence, isLead, ctx, draft);
}

/** Each person once: the host is not a participant; present is everyone named as there. */
function finish(draft: ReleaseDraft): void {
  const host = draft.host?.name;
  const seen = new Set<string>(host ? [host] : []);
  draft.participants = draft.participants.filter((p) => (seen.has(p.name) ? false : (seen.add(p.name), true)));
  const named = [
    ...(draft.host ? [draft.host] : []),
    ...draft.participants,
    ...draft.speakers,
    ...draft.observers.filter((o) => o.named),
  ].sort((a, b) => a.span[0] - b.span[0]);
  draft.present = [...new Set(named.map((p) => p.name))];
}

/** Every person the draft names (host, participants, speakers, named observers), once each, in order of mention. */
export function draftPeople(draft: ReleaseDraft): { name: string; titles: string[] }[] {
  const byName = new Map<string, { name: string; titles: string[] }>();
  const named = [...(draft.host ? [draft.host] : []), ...draft.participants, ...draft.speakers, ...draft.observers.filter((o) => o.named)].sort((a, b) => a.span[0] - b.span[0]);
  for (const p of named) {
    const existing = byName.get(p.name);
    if (existing) {
      for (const t of p.titles) if (!existing.titles.includes(t)) existing.titles.push(t);
    } else byName.set(p.name, { name: p.name, titles: [...p.titles] });
  }
  return [...byName.values()];
}

export { matchPeople, type KnownPerson, type PersonMatch } from './release-match.ts';
