import type { Context } from '../context.ts';
import { chineseDate, englishDate, renderOfficialDocx, type Block } from '../documents/official.ts';
import type { Actor } from '../security/actor.ts';
import { loadSessionRecord, type SessionRecord } from './record.ts';
import { writeRelease, type ReleaseLang } from './release-writer.ts';
import { ATTENDANCE_LABELS, HALF_DAY_LABELS, SESSION_FORM_LABELS, SPEECH_KIND_LABELS } from './vocabulary.ts';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
type Lang = 'zh' | 'en';
/** A text in the document's language where the record carries it, else as recorded. */
const inLang = (item: { text: string; textZh: string | null; textEn: string | null }, lang: Lang) => (lang === 'zh' ? (item.textZh ?? item.text) : (item.textEn ?? item.text));
const personName = (p: { name: string; nameEn?: string | null }, lang: Lang) => (lang === 'en' ? (p.nameEn ?? p.name) : p.name);
const titled = (p: { name: string; nameEn: string | null; titles: { zh: string; en: string | null }[] }, lang: Lang) =>
  lang === 'zh' ? `${p.titles.map((t) => t.zh).join('、')}${p.titles.length ? ' ' : ''}${p.name}` : `${personName(p, lang)}${p.titles.length ? `, ${p.titles.map((t) => t.en ?? t.zh).join(', ')}` : ''}`;

/** The words of the minutes in each language. */
const WORDS = {
  zh: { time: '时间', place: '地点', form: '形式', host: '主持人', observers: '列席', guidance: '上级指导', themes: '学习主题', speeches: '发言', findings: '会议指出', requirements: '会议强调', minutes: '纪要', list: '、', title: (g: string) => `${g}集体学习纪要` },
  en: { time: 'Time', place: 'Place', form: 'Form', host: 'Host', observers: 'Observers', guidance: 'Guidance from above', themes: 'Themes', speeches: 'Speeches', findings: 'The meeting pointed out', requirements: 'The meeting emphasized', minutes: 'Minutes', list: '; ', title: (g: string) => `Minutes of the collective study of the ${g}` },
} as const;

/**
 * The minutes (纪要) of a session as an official document: the facts of the meeting, its themes,
 * speeches, findings, requirements and the minutes' text, in the reader's language (Chinese by
 * default; a text the record holds in one language only is printed as recorded). It compiles the
 * whole record the reader may read, so it takes the highest level of what it holds and carries that mark.
 */
function minutesDocument(record: SessionRecord, issuer: string, lang: Lang) {
  const w = WORDS[lang];
  const day = lang === 'zh' ? chineseDate(record.date) : englishDate(record.date);
  const when = `${day}${record.startTime && record.endTime ? ` ${record.startTime}—${record.endTime}` : record.halfDay ? `${lang === 'zh' ? '' : ', '}${HALF_DAY_LABELS[record.halfDay][lang]}` : ''}`;
  const names = (status: 'present' | 'on_leave' | 'absent') => record.attendance.filter((a) => a.status === status);
  const rows: [string, string][] = [
    [w.time, when],
    [w.place, record.place ?? '—'],
    [w.form, SESSION_FORM_LABELS[record.form][lang]],
    [w.host, record.host ? titled(record.host, lang) : '—'],
    [ATTENDANCE_LABELS.present[lang], names('present').map((a) => personName(a, lang)).join(w.list) || '—'],
  ];
  const leave = names('on_leave');
  if (leave.length) rows.push([ATTENDANCE_LABELS.on_leave[lang], leave.map((a) => (lang === 'zh' ? `${a.name}（${a.reason ?? ''}）` : `${personName(a, lang)} (${a.reason ?? ''})`)).join(w.list)]);
  const absent = names('absent');
  if (absent.length) rows.push([ATTENDANCE_LABELS.absent[lang], absent.map((a) => personName(a, lang)).join(w.list)]);
  if (record.observers.length) rows.push([w.observers, record.observers.map((o) => (lang === 'zh' ? `${o.title ?? ''}${o.name}` : `${o.name}${o.title ? `, ${o.title}` : ''}`)).join(w.list)]);
  if (record.guidance.length) rows.push([w.guidance, record.guidance.map((g) => g.body).join(w.list)]);

  const speech = (s: SessionRecord['speeches'][number]) => {
    const who = s.speaker ? personName(s.speaker, lang) : (s.collective ?? '—');
    const head = lang === 'zh' ? `${who}（${SPEECH_KIND_LABELS[s.kind].zh}）：${s.title}` : `${who} (${SPEECH_KIND_LABELS[s.kind].en}): ${s.title}`;
    return `${head}${s.text ? `\n${s.text}` : ''}`;
  };
  const sections: { heading: string; paragraphs: string[] }[] = [
    { heading: w.themes, paragraphs: record.themes.map((t, i) => `${i + 1}. ${inLang(t, lang)}`) },
    { heading: w.speeches, paragraphs: record.speeches.map(speech) },
    { heading: w.findings, paragraphs: record.conclusions.filter((c) => c.kind === 'finding').map((c) => inLang(c, lang)) },
    { heading: w.requirements, paragraphs: record.conclusions.filter((c) => c.kind === 'requirement').map((c) => inLang(c, lang)) },
    { heading: w.minutes, paragraphs: record.minutes ? record.minutes.text.split(/\n+/).filter((p) => p.trim()) : [] },
  ].filter((s) => s.paragraphs.length > 0);
  const blocks: Block[] = [{ kind: 'form', rows }];
  sections.forEach((s, i) => {
    blocks.push({ kind: 'heading1', text: lang === 'zh' ? `${ORDINALS[i]}、${s.heading}` : `${ROMAN[i]}. ${s.heading}` });
    for (const p of s.paragraphs) blocks.push({ kind: 'paragraph', text: p });
  });
  const group = lang === 'zh' ? record.group.name : (record.group.nameEn ?? record.group.name);
  return {
    level: record.highestLevel,
    issuer,
    title: w.title(group),
    blocks,
    signature: group,
    date: record.minutes?.approvedAt?.slice(0, 10) ?? record.date,
    lang,
  };
}

export async function sessionMinutesDocx(ctx: Context, actor: Actor, sessionId: string, lang: Lang = 'zh'): Promise<{ docx: Buffer; record: SessionRecord }> {
  const record = await loadSessionRecord(ctx, actor, sessionId);
  return { docx: await renderOfficialDocx(minutesDocument(record, ctx.settings.orgName, lang)), record };
}

/** The news release of a session as a document, in the release's language (public content only). */
export async function sessionReleaseDocx(ctx: Context, actor: Actor, sessionId: string, lang: ReleaseLang): Promise<{ docx: Buffer; record: SessionRecord }> {
  const record = await loadSessionRecord(ctx, actor, sessionId);
  const release = writeRelease(record, lang);
  const group = lang === 'zh' ? record.group.name : (record.group.nameEn ?? record.group.name);
  const docx = await renderOfficialDocx({
    level: 'public',
    issuer: ctx.settings.orgName,
    title: lang === 'zh' ? `${group}举行集体学习` : `The ${group} held a collective study`,
    blocks: release.text.split(/\n{2,}/).map((text) => ({ kind: 'paragraph', text })),
    date: record.date,
    lang,
  });
  return { docx, record };
}
