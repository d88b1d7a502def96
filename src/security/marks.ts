import { isMarkLevel, renderMark } from '../secrecy/marks.ts';
import type { Level } from './levels.ts';

/**
 * The mark shown beside a record. Records carry no secrecy period yet, so a state secret shows the
 * bare mark, which by rule means the default period of its level.
 */
export function markOf(level: Level): string | null {
  return isMarkLevel(level) ? renderMark({ level, period: { kind: 'default' } }) : null;
}
