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

export type ReleaseLang = 'zh' | 'en';

export interface OmittedItem {
  part: 'theme' | 'attendance' | 'speech' | 'conclusion' | 'observer' | 'guidance' | 'material' | 'minutes';
  id: string;
  level: Level;
  /** A short label of what was left out (a theme's first words, a speaker's name…). */
  label: string;
  reason: string;
}

export interface WrittenRelease {
  lang: ReleaseLang;
  text: string;
  omitted: OmittedItem[];
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

const FINDING_LEAD_EN = /^(?:The meeting|It was)\b[^.]{0,40}?\b(?:pointed out|held|believed|noted)\b/i;
const REQUIRE_LEAD_EN = /^(?:The meeting|It was)\b[^.]{0,40}?\b(?:emphasized|emphasised|stressed|required|called)\b/i;
const FINDING_LEAD_ZH = /^(?:会议|会上)[^，。]{0,4}?(?:指出|认为)/;
const REQUIRE_LEAD_ZH = /^(?:会议|会上)[^，。]{0,4}?(?:强调|要求)/;

/** Splits the record into what may be published and what is left out. */
function publicParts(record: SessionRecord) {
  const omitted: OmittedItem[] = [];
  const because = (level: Level) =>
    `${LEVEL_LABELS[level].en} (${LEVEL_LABELS[level].zh}): only public content goes into a release.`;
  const keep = <T extends { level: Level }>(items: T[], part: OmittedItem['part'], id: (x: T) => string, label: (x: T) => string): T[] =>
    items.filter((x) => {
      if (x.level === 'public') return true;
      omitted.push({ part, id: id(x), level: x.level, label: short(label(x)), reason: because(x.level) });
      return false;
    });
  const themes = keep(record.themes, 'theme', (t) => t.id, (t) => t.text);
  const attendance = keep(record.attendance, 'attendance', (a) => a.personId, (a) => a.name);
  const speeches = keep(record.speeches, 'speech', (s) => s.id, (s) => `${s.speaker?.name ?? '—'}: ${s.title}`);
  const conclusions = keep(record.conclusions, 'conclusion', (c) => c.id, (c) => c.text);
  keep(record.observers, 'observer', (o) => o.id, (o) => o.name);
  keep(record.guidance, 'guidance', (g) => g.id, (g) => g.body);
  keep(record.materials, 'material', (m) => m.id, (m) => m.title);
  if (record.minutes) {
    omitted.push({
      part: 'minutes',
      id: record.minutes.id,
      level: record.minutes.level,
      label: 'Minutes',
      reason: record.minutes.level === 'public' ? 'The minutes are the internal record of the meeting; a release reports its public conclusions instead.' : because(record.minutes.level),
    });
  }
  // Speech texts are never quoted: the release names who spoke, as the seed does.
  return { themes, attendance, speeches, conclusions, omitted };
}

/** Paragraphs of conclusions: a finding opens "The meeting pointed out that…", requirements follow it or open their own paragraph. */
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
    const text = c.text.trim();
    const stop = lang === 'en' ? '.' : '。';
    const hasLead = FINDING_LEAD_EN.test(text) || REQUIRE_LEAD_EN.test(text) || FINDING_LEAD_ZH.test(text) || REQUIRE_LEAD_ZH.test(text);
    const latin = /^[A-Za-z]/.test(text);
    if (hasLead) {
      flush();
      current.push(endSentence(text, latin ? '.' : stop));
    } else if (c.kind === 'finding') {
      flush();
      current.push(lang === 'en' ? endSentence(`The meeting pointed out that ${lowerFirst(text)}`) : endSentence(`会议指出，${text}`, stop));
    } else if (currentKind !== null && current.length > 0) {
      // A requirement continues the paragraph it follows, as in the seed ("It is necessary to…").
      current.push(lang === 'en' ? endSentence(upperFirst(text)) : endSentence(text, stop));
    } else {
      flush();
      current.push(lang === 'en' ? endSentence(`The meeting emphasized that ${lowerFirst(text)}`) : endSentence(`会议强调，${text}`, stop));
    }
    currentKind = c.kind;
  }
  flush();
  return paragraphs;
}

function writeEnglish(record: SessionRecord, parts: ReturnType<typeof publicParts>): string {
  const [, m, d] = record.date.split('-').map(Number) as [number, number, number];
  const when = `On ${record.halfDay ? `the ${record.halfDay} of ` : ''}${MONTHS_EN[m - 1]} ${ordinal(d)}`;
  const group = record.group.nameEn ?? record.group.name;
  const themes = parts.themes.map((t) => t.text.trim().replace(/[.;。；]$/, '').replace(/^to\s+/i, ''));
  const lead = themes.length ? `${when}, the ${group} held a collective study to ${themes.join('; ')}.` : `${when}, the ${group} held a collective study.`;

  const host = record.host;
  const hostSpoke = parts.speeches.some((s) => s.kind === 'host_speech' && s.speaker?.personId === host?.personId);
  const present = parts.attendance.filter((a) => a.status === 'present' && a.personId !== host?.personId);
  const participants = present.map((p) => {
    const titles = titlesEn(p);
    return titles.length ? `${titles.join(' and ')} ${nameEn(p)}` : nameEn(p);
  });
  const clauses: string[] = [];
  if (host) {
    const titles = titlesEn(host).map(lowerFirst);
    clauses.push(`${nameEn(host)}${titles.length ? `, ${titles.join(' and ')},` : ''} hosted${hostSpoke ? ' and delivered a speech' : ' the study'}`);
  }
  if (participants.length) clauses.push(`${listEn(participants)} participated in the study`);
  const attendanceParagraph = clauses.length ? `${clauses.join('; ')}.` : '';

  const speeches = parts.speeches.filter((s) => s.kind !== 'host_speech' && s.speaker);
  let speakersParagraph = '';
  if (speeches.length) {
    const names = speeches.map((s) => nameEn(s.speaker!));
    const key = speeches.every((s) => s.kind === 'key_speech');
    speakersParagraph = key
      ? `${listEn(names)} respectively made key speeches around the learning theme.`
      : `${listEn(names)} made exchange speeches one by one around the learning theme.`;
  }
  return [lead, attendanceParagraph, speakersParagraph, ...conclusionParagraphs(parts.conclusions, 'en')].filter(Boolean).join('\n\n');
}

function writeChinese(record: SessionRecord, parts: ReturnType<typeof publicParts>): string {
  const [, m, d] = record.date.split('-').map(Number) as [number, number, number];
  const when = `${m}月${d}日${record.halfDay ? HALF_ZH[record.halfDay] : ''}`;
  const themes = parts.themes.map((t) => t.text.trim().replace(/[。；;.]$/, ''));
  const lead = `${when}，${record.group.name}举行集体学习${themes.length ? `，${themes.join('；')}` : ''}。`;

  const host = record.host;
  const hostSpoke = parts.speeches.some((s) => s.kind === 'host_speech' && s.speaker?.personId === host?.personId);
  const present = parts.attendance.filter((a) => a.status === 'present' && a.personId !== host?.personId);
  const clauses: string[] = [];
  if (host) clauses.push(`${titlesZh(host).join('、')}${host.name}主持${hostSpoke ? '并讲话' : '学习'}`);
  if (present.length) clauses.push(`${present.map((p) => `${titlesZh(p).join('、')}${p.name}`).join('，')}参加学习`);
  const attendanceParagraph = clauses.length ? `${clauses.join('；')}。` : '';

  const speeches = parts.speeches.filter((s) => s.kind !== 'host_speech' && s.speaker);
  let speakersParagraph = '';
  if (speeches.length) {
    const names = speeches.map((s) => s.speaker!.name).join('、');
    speakersParagraph = speeches.every((s) => s.kind === 'key_speech') ? `${names}分别围绕学习主题作重点发言。` : `${names}依次作交流发言。`;
  }
  return [lead, attendanceParagraph, speakersParagraph, ...conclusionParagraphs(parts.conclusions, 'zh')].filter(Boolean).join('\n\n');
}

/** Writes the release of a session record; a session that is not itself public has no release. */
export function writeRelease(record: SessionRecord, lang: ReleaseLang): WrittenRelease {
  if (record.level !== 'public') {
    throw unprocessable(
      'not_public',
      `This session is ${LEVEL_LABELS[record.level].en} (${LEVEL_LABELS[record.level].zh}); only a public session can have a news release. Change its level first if its facts may be published.`,
      { level: record.level },
    );
  }
  const parts = publicParts(record);
  const text = lang === 'zh' ? writeChinese(record, parts) : writeEnglish(record, parts);
  return { lang, text, omitted: parts.omitted };
}
