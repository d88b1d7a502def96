import { tokenize } from './search.ts';

/**
 * How much of a plan theme's title a session theme says, from 0 to 1: the share of the title's
 * terms (Chinese words and character pairs, English word stems) found in the theme's text. A
 * plan's titles are short ("保密工作") and a session's themes long ("深入学习贯彻……关于保密工作
 * 重要指示精神"), so the measure is containment of the title, not likeness of the two.
 */
export function themeSimilarity(planTitle: string, themeText: string): number {
  const title = new Set(tokenize(planTitle).keys());
  if (title.size === 0) return 0;
  const text = new Set(tokenize(themeText).keys());
  let shared = 0;
  for (const term of title) if (text.has(term)) shared++;
  return shared / title.size;
}

/** Below this share a match is a shared word ("工作", "study"), not a shared theme. */
export const SUGGEST_AT = 0.6;

export interface ThemeSuggestion {
  themeId: string;
  planThemeId: string;
  score: number;
}

/**
 * For each session theme not yet linked, the plan theme it most likely studies, when one is said
 * clearly enough; a plan theme is suggested for one session theme at most (the closest).
 */
export function suggestPlanThemes(
  themes: readonly { id: string; text: string; planThemeId: string | null }[],
  planThemes: readonly { id: string; title: string }[],
): ThemeSuggestion[] {
  const linked = new Set(themes.flatMap((t) => (t.planThemeId ? [t.planThemeId] : [])));
  const candidates: ThemeSuggestion[] = [];
  for (const theme of themes) {
    if (theme.planThemeId) continue;
    for (const plan of planThemes) {
      if (linked.has(plan.id)) continue;
      const score = themeSimilarity(plan.title, theme.text);
      if (score >= SUGGEST_AT) candidates.push({ themeId: theme.id, planThemeId: plan.id, score: Math.round(score * 100) / 100 });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const usedThemes = new Set<string>();
  const usedPlans = new Set<string>();
  const chosen: ThemeSuggestion[] = [];
  for (const c of candidates) {
    if (usedThemes.has(c.themeId) || usedPlans.has(c.planThemeId)) continue;
    usedThemes.add(c.themeId);
    usedPlans.add(c.planThemeId);
    chosen.push(c);
  }
  return chosen;
}
