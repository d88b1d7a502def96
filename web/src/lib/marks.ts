/**
 * A first look at a state-secret mark as the user types it (level + ★ + period). The server parses
 * the period itself and answers its own message; this only catches what is plainly not a mark.
 */
export type MarkProblem = 'required' | 'noStar' | 'level' | null;

const WORDS = ['秘密', '机密', '绝密'];

export function markProblem(input: string): MarkProblem {
  const text = input.trim();
  if (!text) return 'required';
  const star = text.indexOf('★');
  if (star < 0) return 'noStar';
  if (!WORDS.includes(text.slice(0, star).trim())) return 'level';
  return null;
}
