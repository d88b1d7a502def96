// The facts of the seed release, in the seed's order, for the writer and round-trip tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Expected } from '../../bench/importer/score.ts';

export const RELEASES = join(import.meta.dirname, '..', 'fixtures', 'releases');
export const BLIND_DEV = join(import.meta.dirname, '..', 'fixtures', 'releases-blind', 'dev');
export { SEED_TEXT } from '../helpers/seed.ts';
const seed = JSON.parse(readFileSync(join(RELEASES, 'seed.json'), 'utf8')) as { publishedOn: string; expected: Expected };
export const SEED_EXPECTED = seed.expected;
export const SEED_PUBLISHED_ON = seed.publishedOn;

/** Every fact of the seed document: date and half-day, group, each theme, host and speech, participants with titles, speakers in order, findings, requirements. */
export const SEED_FACTS: string[] = [
  'On the afternoon of January 20th',
  'the Theoretical Learning Center Group of the Municipal Party Committee held a collective study',
  ...SEED_EXPECTED.themes,
  'Liu Qiang, secretary of the Municipal Party Committee, hosted and delivered a speech',
  'Deputy Secretary of the Municipal Party Committee and Mayor Yu Haitian',
  'Chairman of the CPPCC Lei Jie',
  'Deputy Secretary of the Municipal Party Committee Yang Feng',
  'participated in the study',
  'Yu Haitian, Lei Jie, Yang Feng, Wang Hongzhi, Dai Longcheng, and Li Guoqiang respectively made key speeches',
  `The meeting pointed out that ${SEED_EXPECTED.findings[0]}`,
  ...SEED_EXPECTED.findings.slice(1),
  ...SEED_EXPECTED.requirements.map((r) => `The meeting emphasized that ${r}`),
];

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/** Each fact occurs in the text, after the one before it (case-insensitive). */
export function expectFactsInOrder(text: string, facts: string[]): void {
  const hay = squash(text);
  let from = 0;
  for (const fact of facts) {
    const at = hay.indexOf(squash(fact), from);
    expect(at, `missing or out of order: ${fact}\n--- in ---\n${text}`).toBeGreaterThanOrEqual(0);
    from = at + squash(fact).length;
  }
}
