import type { Holiday } from '../api/duties.ts';

/**
 * One line a day: `2024-02-10 休 春节` / `2024-02-04,workday,春节调休`. The kind word is
 * holiday/休/假 or workday/班; a line without one is a holiday.
 */
export function parseHolidayList(text: string, year: number): { items: Holiday[]; errors: { line: number; text: string }[] } {
  const items: Holiday[] = [];
  const errors: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[\s,，\t]*(holiday|workday|休|假|班)?[\s,，\t]*(.*)$/i.exec(line);
    if (!m || Number(m[1]) !== year) return errors.push({ line: i + 1, text: line });
    const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    const date = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return errors.push({ line: i + 1, text: line });
    const kind = m[4] && /workday|班/i.test(m[4]) ? 'workday' : 'holiday';
    items.push({ day, kind, name: m[5]!.trim() });
  });
  return { items, errors };
}
