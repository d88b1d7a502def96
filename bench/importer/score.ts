/**
 * Field-level precision and recall of the release importer over the corpus in
 * test/fixtures/releases (each release `X.txt` with its hand-written expectation `X.json`).
 *
 * - date, halfDay, body, group, host: one value per release; a value counts as right when it equals
 *   the expected one after normalization (case, spaces and punctuation ignored); host compares the
 *   name and the set of titles.
 * - themes, participants (name and titles), findings, requirements: multisets of values.
 * - speakers: the order counts: right = the longest common subsequence of the two lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importRelease, type ReleaseDraft } from '../../src/study/release-importer.ts';

export const CORPUS_DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'releases');

export interface ExpectedPerson {
  name: string;
  titles: string[];
}

export interface Expected {
  date: string | null;
  halfDay: string | null;
  body: string | null;
  group: string | null;
  themes: string[];
  host: ExpectedPerson | null;
  participants: ExpectedPerson[];
  speakers: string[];
  findings: string[];
  requirements: string[];
}

export const FIELDS = ['date', 'halfDay', 'body', 'group', 'themes', 'host', 'participants', 'speakers', 'findings', 'requirements'] as const;
export type FieldName = (typeof FIELDS)[number];

export const TARGETS: Record<FieldName, number> = {
  date: 0.95,
  halfDay: 0.9,
  body: 0.9,
  group: 0.9,
  themes: 0.9,
  host: 0.95,
  participants: 0.9,
  speakers: 0.95,
  findings: 0.9,
  requirements: 0.9,
};

export const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');

const person = (p: ExpectedPerson) => `${norm(p.name)}|${p.titles.map(norm).sort().join('/')}`;

/** What the draft says, in the expectation's shape. */
export function asExpected(d: ReleaseDraft): Expected {
  return {
    date: d.date?.value ?? null,
    halfDay: d.halfDay?.value ?? null,
    body: d.body?.value ?? null,
    group: d.group?.value ?? null,
    themes: d.themes.map((t) => t.value),
    host: d.host ? { name: d.host.name, titles: d.host.titles } : null,
    participants: d.participants.map((p) => ({ name: p.name, titles: p.titles })),
    speakers: d.speakers.map((s) => s.name),
    findings: d.findings.map((f) => f.value),
    requirements: d.requirements.map((r) => r.value),
  };
}

function values(e: Expected, field: FieldName): string[] {
  const v = e[field];
  if (v === null) return [];
  if (field === 'host' || field === 'participants') return (Array.isArray(v) ? (v as ExpectedPerson[]) : [v as ExpectedPerson]).map(person);
  return (Array.isArray(v) ? (v as string[]) : [v as string]).map(norm);
}

function lcs(a: string[], b: string[]): number {
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

function multisetOverlap(a: string[], b: string[]): number {
  const left = [...b];
  let n = 0;
  for (const x of a) {
    const i = left.indexOf(x);
    if (i >= 0) {
      left.splice(i, 1);
      n++;
    }
  }
  return n;
}

export interface Counts {
  predicted: number;
  expected: number;
  correct: number;
}

export interface Mismatch {
  release: string;
  field: FieldName;
  predicted: string[];
  expected: string[];
}

export interface Scores {
  releases: string[];
  counts: Record<FieldName, Counts>;
  precision: Record<FieldName, number>;
  recall: Record<FieldName, number>;
  mismatches: Mismatch[];
}

export function corpus(dir = CORPUS_DIR): { name: string; text: string; expected: Expected }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      return { name, text: readFileSync(join(dir, f), 'utf8'), expected: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Expected };
    });
}

export function score(dir = CORPUS_DIR): Scores {
  const counts = Object.fromEntries(FIELDS.map((f) => [f, { predicted: 0, expected: 0, correct: 0 }])) as Record<FieldName, Counts>;
  const mismatches: Mismatch[] = [];
  const items = corpus(dir);
  for (const { name, text, expected } of items) {
    const got = asExpected(importRelease(text));
    for (const field of FIELDS) {
      const p = values(got, field);
      const e = values(expected, field);
      const correct = field === 'speakers' ? lcs(p, e) : multisetOverlap(p, e);
      const c = counts[field];
      c.predicted += p.length;
      c.expected += e.length;
      c.correct += correct;
      if (correct !== p.length || correct !== e.length) {
        const raw = (x: Expected) => {
          const v = x[field];
          return v === null ? [] : (Array.isArray(v) ? v : [v]).map((y) => (typeof y === 'string' ? y : JSON.stringify(y)));
        };
        mismatches.push({ release: name, field, predicted: raw(got), expected: raw(expected) });
      }
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    releases: items.map((i) => i.name),
    counts,
    precision: Object.fromEntries(FIELDS.map((f) => [f, ratio(counts[f].correct, counts[f].predicted)])) as Record<FieldName, number>,
    recall: Object.fromEntries(FIELDS.map((f) => [f, ratio(counts[f].correct, counts[f].expected)])) as Record<FieldName, number>,
    mismatches,
  };
}
