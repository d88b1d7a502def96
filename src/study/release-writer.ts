/**
 * Release writer: turns a study session record into a news release in the form of the seed
 * (seed/000_7167ab428842f2f5.txt), in Chinese or in English: the lead sentence with date, half-day,
 * group and themes; the host and participants with their titles; the speakers in order; the
 * paragraphs of findings and of requirements.
 *
 * Only public content goes into a release. Whatever the record holds above public (internal
 * themes, speeches, conclusions, attendance, minutes…) is left out and listed in `omitted` with the
 * reason, so the person preparing the release sees what was held back.
 */
import { unprocessable } from '../errors.ts';
import { LEVEL_LABELS, type Level } from '../security/levels.ts';
import type { PersonRef, SessionRecord } from './record.ts';
import { conclusionLeadIn } from './release-importer.ts';
import { hasHan } from './release-names.ts';
import type { SpeechKind } from './vocabulary.ts';

export type ReleaseLang = 'zh' | 'en';

export interface OmittedItem {
  part: 'theme' | 'attendance' | 'speech' | 'conclusion' | 'observer' | 'guidance' | 'material' | 'minutes';
  id: string;
  level: Level;
  /** A short label of what was left out (a theme's first words, a speaker's name…). */
  label: string;
  /** Why, in English (for API readers); the pages word `reasonCode` from their catalogue. */
  reason: string;
  /** `minutes`: the minutes never go into a release; `not_public`: the part is above public. */
  reasonCode: 'minutes' | 'not_public';
}

/** A part the record holds only in the other language: written as recorded, and said so. */
export interface FallbackItem {
  part: 'theme' | 'conclusion' | 'group';
  id: string;
  /** The language the part was written in instead of the release's. */
  writtenIn: ReleaseLang;
  label: string;
}

export interface WrittenRelease {
  lang: ReleaseLang;
  text: string;
  omitted: OmittedItem[];
  /** Parts with no text in the release's language; the page lists them so none goes out unnoticed. */
  fallback: FallbackItem[];
}

const languageOf = (text: string): ReleaseLang => (hasHan(text) ? 'zh' : 'en');

/**
 * The record's texts in the release's language: a theme's or conclusion's own wording in that
 * language when it carries one, else its text as recorded when that is in the language; otherwise
 * the text as recorded, listed as a fallback.
 */
function inLanguage(record: SessionRecord, parts: ReturnType<typeof publicParts>, lang: ReleaseLang) {
  const fallback: FallbackItem[] = [];
  const pick = <T extends { id: string; text: string; textZh: string | null; textEn: string | null }>(item: T, part: FallbackItem['part']): T => {
    const own = lang === 'zh' ? item.textZh : item.textEn;
    if (own) return { ...item, text: own };
    if (languageOf(item.text) !== lang) fallback.push({ part, id: item.id, writtenIn: languageOf(item.text), label: short(item.text) });
    return item;
  };
  const themes = parts.themes.map((t) => pick(t, 'theme'));
  const conclusions = parts.conclusions.map((c) => pick(c, 'conclusion'));
  if (lang === 'en' && !record.group.nameEn) fallback.push({ part: 'group', id: record.group.id, writtenIn: 'zh', label: record.group.name });
  return { parts: { ...parts, themes, conclusions }, fallback };
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const HALF_ZH = { morning: '上午', afternoon: '下午', evening: '晚上' } as const;

const ordinal = (n: number) => {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
};
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const endSentence = (s: string, stop = '.') => (/[.。!?！？]$/.test(s.trim()) ? s.trim() : `${s.trim().replace(/[,;，；]$/, '')}${stop}`);
const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

function listEn(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

const nameEn = (p: PersonRef) => p.nameEn ?? p.name;
const titlesEn = (p: PersonRef) => p.titles.map((t) => t.en ?? t.zh);
const titlesZh = (p: PersonRef) => p.titles.map((t) => t.zh);

/** Splits the record into what may be published and what is left out. */
function publicParts(record: SessionRecord) {
  const omitted: OmittedItem[] = [];
  const because = (level: Level) =>
    `${LEVEL_LABELS[level].en} (${LEVEL_LABELS[level].zh}): only public content goes into a release.`;
  const keep = <T extends { level: Level }>(items: T[], part: OmittedItem['part'], id: (x: T) => string, label: (x: T) => string): T[] =>
    items.filter((x) => {
      if (x.level === 'public') return true;
      omitted.push({ part, id: id(x), level: x.level, label: short(label(x)), reason: because(x.level), reasonCode: 'not_public' });
      return false;
    });
  const themes = keep(record.themes, 'theme', (t) => t.id, (t) => t.text);
  const attendance = keep(record.attendance, 'attendance', (a) => a.personId, (a) => a.name);
  const speeches = keep(record.speeches, 'speech', (s) => s.id, (s) => `${s.speaker?.name ?? '—'}: ${s.title}`);
  const conclusions = keep(record.conclusions, 'conclusion', (c) => c.id, (c) => c.text);
  const observers = keep(record.observers, 'observer', (o) => o.id, (o) => o.name);
  const guidance = keep(record.guidance, 'guidance', (g) => g.id, (g) => g.body);
  keep(record.materials, 'material', (m) => m.id, (m) => m.title);
  if (record.minutes) {
    omitted.push({
      part: 'minutes',
      id: record.minutes.id,
      level: record.minutes.level,
      label: 'Minutes',
      reason: record.minutes.level === 'public' ? 'The minutes are the internal record of the meeting; a release reports its public conclusions instead.' : because(record.minutes.level),
      reasonCode: record.minutes.level === 'public' ? 'minutes' : 'not_public',
    });
  }
  // Speech texts are never quoted: the release names who spoke, as the seed does.
  return { themes, attendance, observers, guidance, speeches, conclusions, omitted };
}

const DEFAULT_LEAD = {
  zh: { finding: '会议指出，', requirement: '会议强调，' },
  en: { finding: 'The meeting pointed out that', requirement: 'The meeting emphasized that' },
} as const;

/**
 * Paragraphs of conclusions, keeping each one's kind and lead-in: a conclusion that carries its
 * lead-in ("会议强调，…", as an import keeps it) opens a paragraph with it; one without continues the
 * paragraph before when that is of its kind, and otherwise opens a paragraph with the lead-in of its
 * kind. A lead-in that says the other kind is replaced, so a requirement is never folded into the
 * findings (the paragraph's lead verb decides the kind when the release is read again).
 */
function conclusionParagraphs(conclusions: SessionRecord['conclusions'], lang: ReleaseLang): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let currentKind: 'finding' | 'requirement' | null = null;
  const flush = () => {
    // Sentences in Latin script (a record kept in English) are joined with a space in either language.
    if (current.length) paragraphs.push(current.reduce((all, x) => (all && (/[A-Za-z.]$/.test(all) || /^[A-Za-z]/.test(x)) ? `${all} ${x}` : all + x), ''));
    current = [];
  };
  for (const c of conclusions) {
    let text = c.text.trim();
    const latin = /^[A-Za-z]/.test(text);
    const stop = latin || lang === 'en' ? '.' : '。';
    const lead = conclusionLeadIn(text);
    if (lead && lead.kind !== c.kind) text = text.slice(lead.leadIn.length).replace(/^[\s，,：:]+/, '');
    if (lead && lead.kind === c.kind) {
      flush();
      current.push(endSentence(text, stop));
    } else if (currentKind === c.kind && current.length > 0) {
      current.push(endSentence(latin ? upperFirst(text) : text, stop));
    } else {
      flush();
      const opening = latin || lang === 'en' ? `${DEFAULT_LEAD.en[c.kind]} ${lowerFirst(text)}` : `${DEFAULT_LEAD.zh[c.kind]}${text}`;
      current.push(endSentence(opening, stop));
    }
    currentKind = c.kind;
  }
  flush();
  return paragraphs;
}

const SPEECH_VERB_EN = /^(?:made|delivered|gave|spoke|shared|exchanged|took|presented|talked|reported)\b/;

/** The release's own words for a kind of speech, when the record keeps them as the speech's title. */
function speechPhrase(title: string, kind: SpeechKind, lang: ReleaseLang): string | null {
  const t = title.trim();
  if (lang === 'zh' && hasHan(t) && t.length <= 12) return /发言$/.test(t) ? `${kind === 'key_speech' ? '分别围绕学习主题' : '依次'}作${t.replace(/^作/, '')}` : t;
  if (lang === 'en' && !hasHan(t) && SPEECH_VERB_EN.test(t)) return kind === 'key_speech' ? `respectively ${t}` : t;
  return null;
}

/** Runs of speeches of one kind and title, in order: each becomes one sentence. */
function speechRuns(speeches: SessionRecord['speeches']) {
  const runs: { kind: SpeechKind; title: string; names: PersonRef[]; collective: string | null }[] = [];
  for (const s of speeches) {
    if (s.kind === 'host_speech' || (!s.speaker && !s.collective)) continue;
    const last = runs[runs.length - 1];
    if (s.speaker && last && !last.collective && last.kind === s.kind && last.title === s.title) last.names.push(s.speaker);
    else runs.push({ kind: s.kind, title: s.title, names: s.speaker ? [s.speaker] : [], collective: s.speaker ? null : s.collective });
  }
  return runs;
}

/** Attendance as a release reports it: the participants (not the host, not those named only as speakers). */
function participantsOf(record: SessionRecord, attendance: SessionRecord['attendance']) {
  return attendance.filter((a) => a.status === 'present' && a.personId !== record.host?.personId && a.role !== 'speaker' && a.role !== 'host');
}

function writeEnglish(record: SessionRecord, parts: ReturnType<typeof publicParts>): string {
  const [, m, d] = record.date.split('-').map(Number) as [number, number, number];
  const when = `On ${record.halfDay ? `the ${record.halfDay} of ` : ''}${MONTHS_EN[m - 1]} ${ordinal(d)}`;
  const group = record.group.nameEn ?? record.group.name;
  const themes = parts.themes.map((t) => t.text.trim().replace(/[.;。；]$/, '').replace(/^to\s+/i, ''));
  const lead = themes.length ? `${when}, the ${group} held a collective study to ${themes.join('; ')}.` : `${when}, the ${group} held a collective study.`;

  const host = record.host;
  const hostSpeech = parts.speeches.find((s) => s.kind === 'host_speech' && s.speaker?.personId === host?.personId);
  const participants = participantsOf(record, parts.attendance).map((p) => {
    const titles = titlesEn(p);
    return titles.length ? `${titles.join(' and ')} ${nameEn(p)}` : nameEn(p);
  });
  const clauses: string[] = [];
  if (host) {
    const titles = titlesEn(host).map(lowerFirst);
    const spoke = hostSpeech ? ` and ${hostSpeech.title && SPEECH_VERB_EN.test(hostSpeech.title) && !hasHan(hostSpeech.title) ? hostSpeech.title : 'delivered a speech'}` : ' the study';
    clauses.push(`${nameEn(host)}${titles.length ? `, ${titles.join(' and ')},` : ''} hosted${spoke}`);
  }
  if (participants.length) clauses.push(`${listEn(participants)} participated in the study`);
  const observers = parts.observers.map((o) => (o.title ? `${o.title} ${o.name}` : o.name));
  if (observers.length) clauses.push(`${listEn(observers)} attended as non-voting participants`);
  if (parts.guidance.length) clauses.push(`${listEn(parts.guidance.map((g) => g.body))} attended to give guidance`);
  const attendanceParagraph = clauses.length ? `${upperFirst(clauses.join('; '))}.` : '';

  const speakerSentences = speechRuns(parts.speeches).map((run) => {
    const who = run.collective ?? listEn(run.names.map(nameEn));
    const phrase = speechPhrase(run.title, run.kind, 'en');
    if (phrase) return `${upperFirst(who)} ${phrase}.`;
    if (run.collective) return `${upperFirst(who)} ${run.kind === 'key_speech' ? 'made key speeches in turn' : 'spoke in turn'}.`;
    return run.kind === 'key_speech' ? `${who} respectively made key speeches around the learning theme.` : `${who} made exchange speeches one by one around the learning theme.`;
  });
  return [lead, attendanceParagraph, speakerSentences.join(' '), ...conclusionParagraphs(parts.conclusions, 'en')].filter(Boolean).join('\n\n');
}

function writeChinese(record: SessionRecord, parts: ReturnType<typeof publicParts>): string {
  const [, m, d] = record.date.split('-').map(Number) as [number, number, number];
  const when = `${m}月${d}日${record.halfDay ? HALF_ZH[record.halfDay] : ''}`;
  const themes = parts.themes.map((t) => t.text.trim().replace(/[。；;.]$/, ''));
  const lead = `${when}，${record.group.name}举行集体学习${themes.length ? `，${themes.join('；')}` : ''}。`;

  const host = record.host;
  const hostSpeech = parts.speeches.find((s) => s.kind === 'host_speech' && s.speaker?.personId === host?.personId);
  const present = participantsOf(record, parts.attendance);
  const clauses: string[] = [];
  if (host) {
    const spoke = hostSpeech ? (hasHan(hostSpeech.title) && /讲话$/.test(hostSpeech.title) && hostSpeech.title.length <= 8 ? `并${hostSpeech.title.replace(/^并/, '')}` : '并讲话') : '学习';
    clauses.push(`${titlesZh(host).join('、')}${host.name}主持${spoke}`);
  }
  if (present.length) clauses.push(`${present.map((p) => `${titlesZh(p).join('、')}${p.name}`).join('，')}参加学习`);
  if (parts.observers.length) clauses.push(`${parts.observers.map((o) => `${o.title ?? ''}${o.name}`).join('，')}列席会议`);
  if (parts.guidance.length) clauses.push(`${parts.guidance.map((g) => g.body).join('、')}到会指导`);
  const attendanceParagraph = clauses.length ? `${clauses.join('；')}。` : '';

  const speakerSentences = speechRuns(parts.speeches).map((run) => {
    const who = run.collective ?? run.names.map((p) => p.name).join('、');
    const phrase = speechPhrase(run.title, run.kind, 'zh');
    if (phrase) return `${who}${phrase}。`;
    return run.kind === 'key_speech' ? `${who}分别围绕学习主题作重点发言。` : `${who}依次作交流发言。`;
  });
  return [lead, attendanceParagraph, speakerSentences.join(''), ...conclusionParagraphs(parts.conclusions, 'zh')].filter(Boolean).join('\n\n');
}

/** Writes the release of a session record; a session that is not itself public has no release. */
export function writeRelease(record: SessionRecord, lang: ReleaseLang): WrittenRelease {
  if (record.level !== 'public') {
    throw unprocessable('not_public', { level: record.level }, { level: record.level });
  }
  const { parts, fallback } = inLanguage(record, publicParts(record), lang);
  const text = lang === 'zh' ? writeChinese(record, parts) : writeEnglish(record, parts);
  return { lang, text, omitted: parts.omitted, fallback };
}
