import type { SessionRecord } from './record.ts';

/**
 * The steps of a session's life: planned → held (on its actual date) → minutes written →
 * minutes approved → its news release. The page offers the next step; the server refuses the
 * others with a code of its own so the refusal can be shown beside the step.
 */
export const NEXT_STEPS = ['mark_held', 'write_minutes', 'approve_minutes', 'write_release'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export function nextStep(record: Pick<SessionRecord, 'status' | 'minutes'>): NextStep | null {
  switch (record.status) {
    case 'planned':
      return 'mark_held';
    case 'held':
      return record.minutes ? 'approve_minutes' : 'write_minutes';
    case 'minutes_approved':
      return 'write_release';
    case 'archived':
      return null;
  }
}

/**
 * The latest calendar date anywhere on Earth now (UTC+14): a session may be recorded as held on
 * its day in its own time zone whatever the server's clock zone, but never on a day still to come.
 */
export function latestToday(at = Date.now()): string {
  return new Date(at + 14 * 3_600_000).toISOString().slice(0, 10);
}
