/**
 * Matching the people a release names to people already known, before anyone is created: the
 * same name, the same name in the other script (杨峰 and Yang Feng, compared in pinyin), with the
 * titles the release gives breaking ties. Each answer says why, so the clerk can judge it.
 */
import { hasHan, pinyinKey } from './release-names.ts';

export interface KnownPerson {
  id: string;
  name: string;
  nameEn: string | null;
  titles: string[];
}

export type MatchReason = 'same_name' | 'same_name_pinyin' | 'same_name_and_title' | 'same_name_pinyin_and_title';

export interface PersonCandidate {
  id: string;
  name: string;
  nameEn: string | null;
  reason: MatchReason;
}

export interface PersonMatch {
  name: string;
  /** The id of the known person this is taken to be, or 'new' when nobody is (or several are). */
  match: string | 'new';
  /** Why `match` was chosen (null when 'new'). */
  reason: MatchReason | null;
  /** Every known person this may be, best first ("this is the existing person X" comes before "new person"). */
  candidates: PersonCandidate[];
}

const normName = (s: string) => s.toLowerCase().replace(/[\s·•.\-'’]/g, '');
const normTitle = (s: string) => s.toLowerCase().replace(/[\s,，、]/g, '').replace(/^the/, '');

function nameReason(draftName: string, k: KnownPerson): 'same_name' | 'same_name_pinyin' | null {
  const n = normName(draftName);
  if (normName(k.name) === n || (k.nameEn !== null && normName(k.nameEn) === n)) return 'same_name';
  // Across scripts only: a Chinese name is compared in pinyin with a person known by a pinyin name
  // alone (two different Chinese names that sound alike are two people).
  const key = pinyinKey(draftName);
  if (!key) return null;
  if (hasHan(draftName)) {
    const latinOnly = [k.name, k.nameEn].filter((x): x is string => x !== null && !hasHan(x));
    if (!hasHan(k.name) && latinOnly.some((x) => pinyinKey(x) === key)) return 'same_name_pinyin';
    return null;
  }
  if (hasHan(k.name) && pinyinKey(k.name) === key) return 'same_name_pinyin';
  return null;
}

const titleOverlap = (titles: string[], k: KnownPerson) => {
  const mine = titles.map(normTitle).filter(Boolean);
  return k.titles.map(normTitle).filter((t) => t && mine.some((x) => x === t || x.includes(t) || t.includes(x))).length;
};

/** For each person of a draft, the known person they are, with the reason; 'new' when nobody (or not one alone) fits. */
export function matchPeople(drafts: { name: string; titles: string[] }[], known: KnownPerson[]): PersonMatch[] {
  return drafts.map((d) => {
    const found = known.flatMap((k) => {
      const reason = nameReason(d.name, k);
      return reason ? [{ k, reason, score: (reason === 'same_name' ? 2 : 1) * 10 + titleOverlap(d.titles, k) }] : [];
    });
    found.sort((a, b) => b.score - a.score);
    const candidates: PersonCandidate[] = found.map(({ k, reason, score }) => ({
      id: k.id,
      name: k.name,
      nameEn: k.nameEn,
      reason: score % 10 > 0 ? (reason === 'same_name' ? 'same_name_and_title' : 'same_name_pinyin_and_title') : reason,
    }));
    const best = found[0];
    const tie = best && found[1] && found[1].score === best.score;
    if (!best || tie) return { name: d.name, match: 'new', reason: null, candidates };
    return { name: d.name, match: best.k.id, reason: candidates[0]!.reason, candidates };
  });
}
