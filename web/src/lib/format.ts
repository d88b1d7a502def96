import i18n from '../i18n/index.ts';

/** A UTC ISO timestamp shown in the user's locale and time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.language || 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (YYYY-MM-DD) shown as is in the user's locale, without time-zone shifting. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return formatDateTime(value);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(i18n.language || 'en', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Picks the English name when the interface is in English and one exists. */
export function localName(zh: string, en: string | null | undefined): string {
  return i18n.language?.startsWith('zh') || !en ? zh : en;
}

/** True when the interface is in Chinese. */
/** A text the record may carry in both languages: the interface language's wording when it has one. */
export function localText(item: { text: string; textZh?: string | null; textEn?: string | null }): string {
  return (i18n.language?.startsWith('zh') ? item.textZh : item.textEn) || item.text;
}

/** A row's themes in the interface language (as recorded where a theme has no text in it). */
export function localThemes(row: { themes: string[]; themeTexts?: { text: string; textZh: string | null; textEn: string | null }[] }): string[] {
  return (row.themeTexts ?? row.themes.map((text) => ({ text }))).map(localText);
}

export function isZh(): boolean {
  return !!i18n.language?.startsWith('zh');
}

/** The interface language as the server's `lang` of a download (a link sends the browser's Accept-Language, not the page's). */
export function readerLang(): 'zh' | 'en' {
  return isZh() ? 'zh' : 'en';
}

/** A title in the interface language: the English title when the interface is in English and one exists. */
export function localTitle(zh: string, en: string | null | undefined): string {
  return localName(zh, en);
}

/**
 * Titles in the interface language. Accepts parallel lists (`titles` / `titlesEn`) or a list of
 * `{ zh, en }` pairs; an English title that is missing falls back to the Chinese one.
 */
export function localTitles(titles: readonly (string | { zh: string; en: string | null })[] | null | undefined, titlesEn?: readonly (string | null)[] | null): string[] {
  return (titles ?? []).map((title, i) => (typeof title === 'string' ? localName(title, titlesEn?.[i]) : localName(title.zh, title.en)));
}

/** Joins titles the way each language writes them. */
export function joinTitles(titles: readonly string[]): string {
  if (!titles.length) return '—';
  return titles.join(isZh() ? '、' : '; ');
}

/** A position in a list shown to people: the first is 1. */
export function displayOrder(index: number): number {
  return index + 1;
}
