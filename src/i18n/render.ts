import { CODED_VALUES, type Bilingual, type Lang } from '../http/coded-values.ts';
import { MESSAGES, type MessageKey } from './messages.ts';
import { TERMS } from './terms.ts';

export type { Lang };

/** A value a message names: a number, a text, a code of a vocabulary, a list of them, or a text in both languages. */
export type ParamValue = string | number | boolean | null | undefined | readonly (string | number)[] | Readonly<Bilingual>;
export type MessageParams = Readonly<Record<string, ParamValue>>;

/** Every vocabulary a template may name with `{param:vocabulary}`: the coded values and the messages' own terms. */
const VOCABULARIES: Record<string, Record<string, Bilingual>> = { ...CODED_VALUES, ...TERMS };

/**
 * The words for one value: a vocabulary's text when the template names one and it knows the code,
 * else the value as given. The vocabulary `message` names another catalogue message, filled with
 * the same parameters (a refusal that quotes why, such as a mark's problem).
 */
function word(value: string | number, vocabulary: string | undefined, params: MessageParams, lang: Lang): string {
  if (!vocabulary) return String(value);
  if (vocabulary === 'message') return Object.hasOwn(MESSAGES, value) ? renderMessage(value as MessageKey, params, lang) : String(value);
  const words = VOCABULARIES[vocabulary]?.[String(value)];
  return words ? words[lang] : String(value);
}

function format(value: ParamValue, vocabulary: string | undefined, params: MessageParams, lang: Lang): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return String(value);
  // A text the thrower already has in both languages (a nested check's own words).
  if (!Array.isArray(value) && typeof value === 'object') return (value as Bilingual)[lang];
  if (Array.isArray(value)) return value.map((v) => word(v as string | number, vocabulary, params, lang)).join(lang === 'zh' ? '、' : ', ');
  return word(value as string | number, vocabulary, params, lang);
}

/** Fills a template's `{name}` and `{name:vocabulary}` places; a place without a value is left empty, never shown as code. */
export function fill(template: string, params: MessageParams, lang: Lang): string {
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (_all, name: string, vocabulary: string | undefined) => format(params[name], vocabulary, params, lang));
}

/** A catalogue message in a reader's language. */
export function renderMessage(key: MessageKey, params: MessageParams, lang: Lang): string {
  return fill(MESSAGES[key][lang], params, lang);
}

/** A line for an operator's console or log: Chinese first, then English, as every page and message is. */
export function zhThenEn(zh: string, en: string): string {
  return `${zh} / ${en}`;
}
