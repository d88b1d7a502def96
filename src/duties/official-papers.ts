import type { Executor } from '../db/database.ts';
import type { JoinedName } from '../security/joined-names.ts';
import type { ReportFrequency } from './vocabulary.ts';

/**
 * What the supervision office's official papers (督办通知单, 通报) share: who issues them, and how they
 * write the names and words of a task.
 */

/** The issuing body: the supervision office (督查室) of the top unit of the organization (市委督查室). */
export async function issuingOffice(db: Executor): Promise<string> {
  const top = await db.selectFrom('units').select('name').where('parent_id', 'is', null).where('level', '=', 'public').orderBy('sort_order').orderBy('name').limit(1).executeTakeFirst();
  return `${top?.name ?? ''}督查室`;
}

/** A name on paper: a record the reader may not know is said to be withheld, as on the page. */
export function paperName(name: JoinedName | null): string {
  if (!name) return '—';
  return name.hidden ? '（无权知悉）' : (name.name ?? '—');
}

export const FREQUENCY_WORDS: Record<ReportFrequency, string> = {
  once: '办结时报送办结报告',
  weekly: '每周报送一次办理进展',
  monthly: '每月报送一次办理进展',
  quarterly: '每季度报送一次办理进展',
  dates: '按指定日期报送办理进展',
};

/** A Content-Disposition that carries a Chinese file name (RFC 6266/5987) with an ASCII fallback. */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
