import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asExpected, FIELDS, score, TARGETS } from '../../bench/importer/score.ts';
import { draftPeople, importRelease, matchPeople } from '../../src/study/release-importer.ts';
import { RELEASES, SEED_EXPECTED, SEED_TEXT } from './release-facts.ts';

describe('release importer', () => {
  it('reads every field of the seed right', () => {
    const draft = importRelease(SEED_TEXT);
    expect(draft.language).toBe('en');
    expect(draft.publishedOn).toBe('2023-01-21');
    expect(asExpected(draft)).toEqual(SEED_EXPECTED);
    expect(draft.host).toMatchObject({ role: 'host', spoke: true });
  });

  it('gives each field the span of the source it came from', () => {
    const draft = importRelease(SEED_TEXT);
    const at = (span: [number, number]) => SEED_TEXT.slice(span[0], span[1]);
    expect(at(draft.date!.span)).toBe('January 20th');
    expect(at(draft.halfDay!.span)).toBe('afternoon');
    expect(at(draft.group!.span)).toBe(draft.group!.value);
    expect(at(draft.body!.span)).toBe('Municipal Party Committee');
    for (const f of [...draft.themes, ...draft.findings, ...draft.requirements]) expect(at(f.span)).toBe(f.value);
    expect(at(draft.host!.span)).toBe('Liu Qiang, secretary of the Municipal Party Committee');
    expect(draft.participants.map((p) => at(p.span))).toEqual([
      'Deputy Secretary of the Municipal Party Committee and Mayor Yu Haitian',
      'Chairman of the CPPCC Lei Jie',
      'Deputy Secretary of the Municipal Party Committee Yang Feng',
    ]);
    for (const s of draft.speakers) expect(at(s.span)).toBe(s.name);
  });

  it('reads a Chinese release with spans', () => {
    const text = readFileSync(join(RELEASES, 'zh-01-county.txt'), 'utf8');
    const draft = importRelease(text);
    expect(draft.language).toBe('zh');
    expect(draft.date?.value).toBe('2023-04-06');
    expect(text.slice(...draft.date!.span)).toBe('4月6日');
    expect(text.slice(...draft.halfDay!.span)).toBe('上午');
    expect(draft.host).toMatchObject({ name: '赵明远', titles: ['县委书记'], spoke: true });
    expect(text.slice(...draft.participants[0]!.span)).toBe('县委副书记、县长钱书文');
    for (const f of [...draft.themes, ...draft.findings, ...draft.requirements]) expect(text.slice(...f.span)).toBe(f.value);
  });

  it('infers the year from the publication date (a December study published in January)', () => {
    expect(importRelease(readFileSync(join(RELEASES, 'en-04-municipal.txt'), 'utf8')).date?.value).toBe('2023-12-28');
    expect(importRelease(readFileSync(join(RELEASES, 'zh-04-municipal.txt'), 'utf8')).date?.value).toBe('2023-12-28');
  });

  it('meets the precision and recall targets over the corpus', () => {
    const result = score();
    expect(result.releases.length).toBeGreaterThanOrEqual(13);
    expect(result.releases.filter((r) => r.startsWith('zh-')).length).toBeGreaterThanOrEqual(5);
    expect(result.releases.filter((r) => r.startsWith('en-')).length).toBeGreaterThanOrEqual(5);
    for (const field of FIELDS) {
      expect(result.precision[field], `${field} precision`).toBeGreaterThanOrEqual(TARGETS[field]);
      expect(result.recall[field], `${field} recall`).toBeGreaterThanOrEqual(TARGETS[field]);
    }
  });

  it('matches draft people to known people by name, breaking ties by title, else "new"', () => {
    const known = [
      { id: 'p1', name: '刘强', nameEn: 'Liu Qiang', titles: ['市委书记', 'Secretary of the Municipal Party Committee'] },
      { id: 'p2', name: '杨峰', nameEn: 'Yang Feng', titles: ['市委副书记'] },
      { id: 'p3', name: '杨峰', nameEn: 'Yang Feng', titles: ['县长'] },
    ];
    const matches = matchPeople(
      [
        { name: 'Liu Qiang', titles: ['secretary of the Municipal Party Committee'] },
        { name: '杨峰', titles: ['县长'] },
        { name: '杨峰', titles: [] },
        { name: 'Wang Hongzhi', titles: [] },
      ],
      known,
    );
    expect(matches.map((m) => m.match)).toEqual(['p1', 'p3', 'new', 'new']);
    expect(matches[2]!.candidates).toEqual(['p2', 'p3']);
  });

  it('lists every person of a draft once', () => {
    const people = draftPeople(importRelease(SEED_TEXT));
    expect(people.map((p) => p.name)).toEqual(['Liu Qiang', 'Yu Haitian', 'Lei Jie', 'Yang Feng', 'Wang Hongzhi', 'Dai Longcheng', 'Li Guoqiang']);
    expect(people[1]!.titles).toEqual(['Deputy Secretary of the Municipal Party Committee', 'Mayor']);
  });
});
