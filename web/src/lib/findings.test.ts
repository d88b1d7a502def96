import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../api/secrecy.ts';
import { findingExplanation, findingSegments, findingTone, parseTerms, publishProblem, spanMatches, unresolvedCount } from './findings.ts';
import { markProblem } from './marks.ts';

const text = '会议地点：某某路1号。身份证号110101199003070019，机密★20年。';

describe('findingSegments', () => {
  it('cuts the draft at each finding so every highlighted piece names its findings', () => {
    const id = text.indexOf('1101');
    const mark = text.indexOf('机密');
    const segments = findingSegments(text, [
      { start: id, end: id + 18 },
      { start: mark, end: mark + 6 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.keys.length).map((s) => [s.text, s.keys])).toEqual([
      ['110101199003070019', ['f0']],
      ['机密★20年', ['f1']],
    ]);
  });

  it('keeps overlapping findings apart: the shared piece carries both keys', () => {
    const segments = findingSegments('abcdefgh', [
      { start: 1, end: 5 },
      { start: 3, end: 7 },
    ]);
    expect(segments.map((s) => [s.text, s.keys])).toEqual([
      ['a', []],
      ['bc', ['f0']],
      ['de', ['f0', 'f1']],
      ['fg', ['f1']],
      ['h', []],
    ]);
  });

  it('drops spans that do not fit the text (a draft edited since the scan) and empty spans', () => {
    const segments = findingSegments('short', [
      { start: 2, end: 40 },
      { start: 3, end: 3 },
    ]);
    expect(segments).toEqual([{ text: 'short', start: 0, end: 5, keys: [] }]);
  });

  it('leaves out a finding without a span (refer up) and keeps the others in place', () => {
    const mark = text.indexOf('机密');
    const segments = findingSegments(text, [{}, { start: mark, end: mark + 6 }]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.keys.length).map((s) => [s.text, s.keys])).toEqual([['机密★20年', ['f1']]]);
  });

  it('counts UTF-16 offsets as the API does (characters outside the BMP take two units)', () => {
    const draft = '𠀀秘密文件';
    const segments = findingSegments(draft, [{ start: 2, end: 4 }]);
    expect(segments.find((s) => s.keys.length)?.text).toBe('秘密');
  });
});

describe('spanMatches', () => {
  it('answers whether the excerpt is still at its span', () => {
    expect(spanMatches('abc秘密', { start: 3, end: 5, excerpt: '秘密' })).toBe(true);
    expect(spanMatches('abcd秘密', { start: 3, end: 5, excerpt: '秘密' })).toBe(false);
  });

  it('does not let a finding without a span hide the draft', () => {
    expect(spanMatches('abc', {})).toBe(true);
  });
});

describe('findingTone and findingExplanation', () => {
  it('shows a dismissible warning in the warning colour, whatever its kind', () => {
    expect(findingTone('copied_text')).toBe('severe');
    expect(findingTone('copied_text', 'warn')).toBe('warn');
    expect(findingTone('id_number', 'block')).toBe('warn');
  });

  it('explains a finding from the catalogue by its code, with its values, or with the server text when the catalogue has none', () => {
    const t = (key: string, options: Record<string, unknown>) => (key === 'secrecy.finding.copied_text' ? `similar ${String(options.similarity)}%` : String(options.defaultValue));
    expect(findingExplanation(t, { code: 'copied_text', reason: 'server text', params: { similarity: 78 } })).toBe('similar 78%');
    expect(findingExplanation(t, { code: 'unknown_code', reason: 'server text' })).toBe('server text');
  });
});

describe('publishProblem (the outcome form)', () => {
  const base = { outcome: null, hasStarMark: false, findings: [] as StoredFinding[] };
  const f = (resolved: boolean, severity: 'block' | 'warn' = 'block'): StoredFinding => ({
    id: 'x',
    kind: 'keyword' as const,
    code: 'keyword',
    severity,
    start: 0,
    end: 1,
    excerpt: 'x',
    reason: '',
    resolved,
    resolutionNote: null,
    resolvedBy: null,
    resolvedAt: null,
  });

  it('allows publishing a clean draft', () => {
    expect(publishProblem({ ...base, findings: [] })).toBeNull();
  });

  it('refuses publishing while a finding is unresolved, and allows it once all are resolved', () => {
    expect(publishProblem({ ...base, findings: [f(true), f(false)] })).toBe('unresolved');
    expect(unresolvedCount({ findings: [f(true), f(false), f(false)] })).toBe(2);
    expect(publishProblem({ ...base, findings: [f(true), f(true)] })).toBeNull();
  });

  it('does not count open warnings (a mistyped identity number) as stopping publication', () => {
    expect(unresolvedCount({ findings: [f(false, 'warn'), f(true)] })).toBe(0);
    expect(publishProblem({ ...base, findings: [f(false, 'warn')] })).toBeNull();
  });

  it('prefers the count the API gives', () => {
    expect(publishProblem({ ...base, findings: undefined, unresolved: 3 })).toBe('unresolved');
    expect(publishProblem({ ...base, findings: [f(false)], unresolved: 0 })).toBeNull();
  });

  it('never publishes a draft with a ★ mark, even when every finding is resolved', () => {
    expect(publishProblem({ ...base, hasStarMark: true, findings: [f(true)] })).toBe('star_mark');
  });

  it('treats a decided review as final', () => {
    expect(publishProblem({ ...base, outcome: 'do_not_publish' })).toBe('decided');
  });
});

describe('parseTerms', () => {
  it('reads keywords one per line or separated by commas, 、 and semicolons, without repeats or blanks', () => {
    expect(parseTerms('绝密文件\n 内部资料 ,内部资料，会议纪要、代号；X\r\n\n\t')).toEqual(['绝密文件', '内部资料', '会议纪要', '代号', 'X']);
  });

  it('reads ten thousand keywords', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `词${i}`).join('\n');
    expect(parseTerms(many)).toHaveLength(10_000);
  });
});

describe('markProblem', () => {
  it.each([
    ['', 'required'],
    ['机密20年', 'noStar'],
    ['内部★1年', 'level'],
    ['机密★20年', null],
    ['秘密★6个月', null],
    ['绝密★长期', null],
    ['机密★2027年12月31日', null],
    ['秘密★会议开始前', null],
    ['机密★', null],
  ])('%s → %s', (input, expected) => {
    expect(markProblem(input)).toBe(expected);
  });
});
