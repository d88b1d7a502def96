import type { Context } from '../context.ts';
import { chineseDate, renderOfficialDocx, type Block } from '../documents/official.ts';
import type { Actor } from '../security/actor.ts';
import { loadSessionRecord, type SessionRecord } from './record.ts';
import { writeRelease, type ReleaseLang } from './release-writer.ts';
import { ATTENDANCE_LABELS, HALF_DAY_LABELS, SESSION_FORM_LABELS, SPEECH_KIND_LABELS } from './vocabulary.ts';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const zhText = (item: { text: string; textZh: string | null }) => item.textZh ?? item.text;
const titled = (p: { name: string; titles: { zh: string }[] }) => `${p.titles.map((t) => t.zh).join('、')}${p.titles.length ? ' ' : ''}${p.name}`;

/**
 * The minutes (纪要) of a session as an official document: the facts of the meeting, its themes,
 * speeches, findings, requirements and the minutes' text. It compiles the whole record the reader
 * may read, so it takes the highest level of what it holds and carries that mark.
 */
function minutesDocument(record: SessionRecord, issuer: string) {
  const when = `${chineseDate(record.date)}${record.startTime && record.endTime ? ` ${record.startTime}—${record.endTime}` : record.halfDay ? HALF_DAY_LABELS[record.halfDay].zh : ''}`;
  const names = (status: 'present' | 'on_leave' | 'absent') => record.attendance.filter((a) => a.status === status);
  const rows: [string, string][] = [
    ['时间', when],
    ['地点', record.place ?? '—'],
    ['形式', SESSION_FORM_LABELS[record.form].zh],
    ['主持人', record.host ? titled(record.host) : '—'],
    [ATTENDANCE_LABELS.present.zh, names('present').map((a) => a.name).join('、') || '—'],
  ];
  const leave = names('on_leave');
  if (leave.length) rows.push([ATTENDANCE_LABELS.on_leave.zh, leave.map((a) => `${a.name}（${a.reason ?? ''}）`).join('、')]);
  const absent = names('absent');
  if (absent.length) rows.push([ATTENDANCE_LABELS.absent.zh, absent.map((a) => a.name).join('、')]);
  if (record.observers.length) rows.push(['列席', record.observers.map((o) => `${o.title ?? ''}${o.name}`).join('、')]);
  if (record.guidance.length) rows.push(['上级指导', record.guidance.map((g) => g.body).join('、')]);

  const sections: { heading: string; paragraphs: string[] }[] = [
    { heading: '学习主题', paragraphs: record.themes.map((t, i) => `${i + 1}. ${zhText(t)}`) },
    {
      heading: '发言',
      paragraphs: record.speeches.map((s) => `${s.speaker?.name ?? s.collective ?? '—'}（${SPEECH_KIND_LABELS[s.kind].zh}）：${s.title}${s.text ? `\n${s.text}` : ''}`),
    },
    { heading: '会议指出', paragraphs: record.conclusions.filter((c) => c.kind === 'finding').map(zhText) },
    { heading: '会议强调', paragraphs: record.conclusions.filter((c) => c.kind === 'requirement').map(zhText) },
    { heading: '纪要', paragraphs: record.minutes ? record.minutes.text.split(/\n+/).filter((p) => p.trim()) : [] },
  ].filter((s) => s.paragraphs.length > 0);
  const blocks: Block[] = [{ kind: 'form', rows }];
  sections.forEach((s, i) => {
    blocks.push({ kind: 'heading1', text: `${ORDINALS[i]}、${s.heading}` });
    for (const p of s.paragraphs) blocks.push({ kind: 'paragraph', text: p });
  });
  return {
    level: record.highestLevel,
    issuer,
    title: `${record.group.name}集体学习纪要`,
    blocks,
    signature: record.group.name,
    date: record.minutes?.approvedAt?.slice(0, 10) ?? record.date,
  };
}

export async function sessionMinutesDocx(ctx: Context, actor: Actor, sessionId: string): Promise<{ docx: Buffer; record: SessionRecord }> {
  const record = await loadSessionRecord(ctx, actor, sessionId);
  return { docx: await renderOfficialDocx(minutesDocument(record, ctx.settings.orgName)), record };
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
  });
  return { docx, record };
}
