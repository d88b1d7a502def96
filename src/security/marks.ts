import { LEVEL_LABELS, isStateSecret, type Level } from './levels.ts';

/**
 * The mark shown beside a record. Records carry no secrecy period yet, so a state secret shows the
 * bare mark, which by rule means the default period of its level.
 */
export function markOf(level: Level): string | null {
  return isStateSecret(level) ? `${LEVEL_LABELS[level].zh}★` : null;
}
