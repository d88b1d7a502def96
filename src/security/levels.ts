/**
 * Classification levels, low to high. Codes are pinyin for the three state-secret levels because
 * their English renderings differ between sources; the labels carry both languages.
 */
export const LEVELS = ['public', 'internal', 'mimi', 'jimi', 'juemi'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  public: { zh: '公开', en: 'Public' },
  internal: { zh: '内部', en: 'Internal' },
  mimi: { zh: '秘密', en: 'Confidential (秘密)' },
  jimi: { zh: '机密', en: 'Secret (机密)' },
  juemi: { zh: '绝密', en: 'Top secret (绝密)' },
};

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function atMost(a: Level, b: Level): boolean {
  return levelRank(a) <= levelRank(b);
}

export function isStateSecret(level: Level): boolean {
  return levelRank(level) >= levelRank('mimi');
}

/** Every level an actor cleared to `clearance` may read, for use in a SQL `in` filter. */
export function levelsUpTo(clearance: Level): Level[] {
  return LEVELS.slice(0, levelRank(clearance) + 1);
}

export function highestOf(levels: Iterable<Level>): Level {
  let highest: Level = 'public';
  for (const level of levels) if (levelRank(level) > levelRank(highest)) highest = level;
  return highest;
}
