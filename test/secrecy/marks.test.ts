import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_MONTHS,
  MAX_YEARS,
  combineSources,
  conditionProblem,
  parseMark,
  periodEnd,
  periodEndDate,
  renderMark,
  type Mark,
  type Period,
} from '../../src/secrecy/marks.ts';
import { markOf } from '../../src/security/marks.ts';

const level = fc.constantFrom('mimi' as const, 'jimi' as const, 'juemi' as const);
const date = fc
  .date({ min: new Date('1949-10-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const conditionChars = fc.constantFrom(...'会议开始前方案公布后决定发布之日起满年月日个长期0123456789甲乙丙丁ABCxyz-'.split(''));
const condition = fc
  .array(conditionChars, { minLength: 1, maxLength: 20 })
  .map((cs) => cs.join(''))
  .filter((c) => conditionProblem(c) === null);
const period: fc.Arbitrary<Period> = fc.oneof(
  fc.constant({ kind: 'default' as const }),
  fc.integer({ min: 1, max: MAX_YEARS }).map((years) => ({ kind: 'years' as const, years })),
  fc.integer({ min: 1, max: MAX_MONTHS }).map((months) => ({ kind: 'months' as const, months })),
  fc.constant({ kind: 'long_term' as const }),
  date.map((d) => ({ kind: 'until' as const, date: d })),
  condition.map((c) => ({ kind: 'condition' as const, condition: c })),
);
const mark: fc.Arbitrary<Mark> = fc.record({ level, period });

describe('marks', () => {
  it.each([
    ['秘密★10年', { level: 'mimi', period: { kind: 'years', years: 10 } }],
    ['机密★6个月', { level: 'jimi', period: { kind: 'months', months: 6 } }],
    ['绝密★长期', { level: 'juemi', period: { kind: 'long_term' } }],
    ['机密★2027年12月31日', { level: 'jimi', period: { kind: 'until', date: '2027-12-31' } }],
    ['秘密★会议开始前', { level: 'mimi', period: { kind: 'condition', condition: '会议开始前' } }],
    ['机密★', { level: 'jimi', period: { kind: 'default' } }],
    ['秘密★2028年2月29日', { level: 'mimi', period: { kind: 'until', date: '2028-02-29' } }],
  ])('parses %s', (text, expected) => {
    expect(parseMark(text)).toEqual(expected);
    expect(renderMark(parseMark(text))).toBe(text);
  });

  it.each([
    ['机 密 ★ 十 年', '机密★10年'],
    ['机密★十年', '机密★10年'],
    ['机密★二十年', '机密★20年'],
    ['秘密★六个月', '秘密★6个月'],
    ['秘密★十二个月', '秘密★12个月'],
    ['秘密 ★ 5年', '秘密★5年'],
    ['秘密★5 年', '秘密★5年'],
    ['秘　密★', '秘密★'],
    ['机密★ 10年', '机密★10年'],
    ['秘密★１０年', '秘密★10年'],
    ['机密★020年', '机密★20年'],
    ['机密★2027年02月01日', '机密★2027年2月1日'],
    ['机密★二〇二七年十二月三十一日', '机密★2027年12月31日'],
    ['绝密★一百年', '绝密★100年'],
    ['機密★長期', '机密★长期'],
    ['絕密☆', '绝密★'],
    ['秘密*10年', '秘密★10年'],
    ['机密＊6个月', '机密★6个月'],
    ['机\u200b密★\u200b3年', '机密★3年'],
    ['秘密★會議開始前', '秘密★会议开始前'],
  ])('reads %s as it is typed, and writes it %s', (typed, canonical) => {
    expect(renderMark(parseMark(typed))).toBe(canonical);
    expect(parseMark(canonical)).toEqual(parseMark(typed));
  });

  it('never takes a period written in Chinese numerals for a condition', () => {
    const chinese = (n: number): string => {
      const d = '〇一二三四五六七八九';
      if (n === 100) return '一百';
      if (n < 10) return d[n]!;
      return `${n >= 20 ? d[Math.floor(n / 10)] : ''}十${n % 10 ? d[n % 10] : ''}`;
    };
    fc.assert(
      fc.property(level, fc.integer({ min: 1, max: MAX_YEARS }), fc.constantFrom('', ' ', '\u3000'), (l, n, space) => {
        const word = { mimi: '秘密', jimi: '机密', juemi: '绝密' }[l];
        expect(parseMark(`${word}★${space}${chinese(n)}${space}年`)).toEqual({ level: l, period: { kind: 'years', years: n } });
        if (n <= 99) expect(parseMark(`${word}★${chinese(n)}个月`)).toEqual({ level: l, period: { kind: 'months', months: n } });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a mark typed with spaces, full-width digits, traditional characters and a star typed for ★ as its canonical form (property)', () => {
    const typedForms = (written: string) =>
      fc
        .tuple(fc.array(fc.constantFrom('', ' ', '\u3000', '\u200b'), { minLength: written.length + 1, maxLength: written.length + 1 }), fc.constantFrom('★', '☆', '*', '＊'), fc.boolean())
        .map(([gaps, star, wide]) =>
          [...written]
            .map((ch) => (ch === '★' ? star : wide && /\d/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch === '机' ? '機' : ch))
            .map((ch, i) => gaps[i] + ch)
            .join(''),
        );
    fc.assert(
      fc.property(
        mark.chain((m) => typedForms(renderMark(m)).map((typed) => [m, typed] as const)),
        ([m, typed]) => {
          expect(renderMark(parseMark(typed))).toBe(renderMark(m));
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['机密', /no ★/],
    ['内部★10年', /not a state-secret level/],
    ['机密★2027年2月30日', /not a calendar date/],
    ['机密★10年★', /only one ★/],
    ['机密★101年', /长期/],
    ['机密★0年', /at least 1 year/],
    ['秘密★6月', /N年, N个月 or YYYY年M月D日/],
    ['机密★一百五年', /"一百五" is not a number of years/],
  ])('refuses %s with a message saying what was expected', (text, problem) => {
    expect(() => parseMark(text)).toThrow(problem);
    expect(() => parseMark(text)).toThrow(/Expected a level \(秘密, 机密 or 绝密\), then ★/);
  });

  it('render(parse(x)) == x for every valid mark', () => {
    fc.assert(fc.property(mark, (m) => renderMark(parseMark(renderMark(m))) === renderMark(m)));
  });

  it('parse(render(m)) deep-equals m', () => {
    fc.assert(
      fc.property(mark, (m) => {
        expect(parseMark(renderMark(m))).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('renders the bare mark for a record of a state-secret level and nothing below', () => {
    expect(markOf('jimi')).toBe('机密★');
    expect(markOf('juemi')).toBe('绝密★');
    expect(markOf('internal')).toBeNull();
    expect(markOf('public')).toBeNull();
  });

  it('computes the end of the period from the issue date', () => {
    expect(periodEndDate('秘密★', '2023-01-21')).toBe('2033-01-21');
    expect(periodEndDate('机密★', '2023-01-21')).toBe('2043-01-21');
    expect(periodEndDate('绝密★', '2023-01-21')).toBe('2053-01-21');
    expect(periodEndDate('秘密★6个月', '2023-08-31')).toBe('2024-02-29');
    expect(periodEndDate('秘密★1年', '2024-02-29')).toBe('2025-02-28');
    expect(periodEndDate('机密★2027年12月31日', '2023-01-21')).toBe('2027-12-31');
    expect(periodEnd('绝密★长期', '2023-01-21')).toEqual({ kind: 'long_term' });
    expect(periodEnd('秘密★会议开始前', '2023-01-21')).toEqual({ kind: 'condition', condition: '会议开始前' });
    expect(() => periodEnd('机密★2020年1月1日', '2023-01-21')).toThrow(/ends before the issue date/);
    expect(() => periodEnd('机密★', '2023-1-21')).toThrow(/YYYY-MM-DD/);
  });

  it('a period of N years always ends after one of fewer years', () => {
    fc.assert(
      fc.property(level, fc.integer({ min: 1, max: 99 }), date, (l, n, issued) => {
        const shorter = periodEndDate({ level: l, period: { kind: 'years', years: n } }, issued)!;
        const longer = periodEndDate({ level: l, period: { kind: 'years', years: n + 1 } }, issued)!;
        return shorter > issued && longer > shorter;
      }),
    );
  });
});

describe('combineSources', () => {
  it('takes the highest level and the latest end, written as a date', () => {
    const result = combineSources([
      { mark: '秘密★10年', issued: '2023-01-21' },
      { mark: '机密★6个月', issued: '2023-02-01' },
      { mark: null, issued: '2023-03-01' },
    ]);
    expect(result.mark).toEqual({ level: 'jimi', period: { kind: 'until', date: '2033-01-21' } });
    expect(renderMark(result.mark!)).toBe('机密★2033年1月21日');
  });

  it('compares periods by the day they end, not by their numbers', () => {
    // 10 years from 2023 ends after 11 years from 2010.
    const result = combineSources([
      { mark: '秘密★11年', issued: '2010-01-01' },
      { mark: '秘密★10年', issued: '2023-01-01' },
    ]);
    expect(result.end).toEqual({ kind: 'date', date: '2033-01-01' });
  });

  it('long-term beats everything', () => {
    expect(combineSources([{ mark: '秘密★长期', issued: '2023-01-01' }, { mark: '绝密★', issued: '2023-01-01' }]).mark).toEqual({
      level: 'juemi',
      period: { kind: 'long_term' },
    });
  });

  it('a condition counts as ending by the default period of its level', () => {
    const cond = combineSources([
      { mark: '秘密★会议开始前', issued: '2023-01-21' },
      { mark: '秘密★5年', issued: '2023-01-21' },
    ]);
    expect(cond.mark).toEqual({ level: 'mimi', period: { kind: 'condition', condition: '会议开始前' } });
    const dated = combineSources([
      { mark: '秘密★会议开始前', issued: '2023-01-21' },
      { mark: '机密★2040年1月1日', issued: '2023-01-21' },
    ]);
    expect(dated.mark).toEqual({ level: 'jimi', period: { kind: 'until', date: '2040-01-01' } });
    const both = combineSources([
      { mark: '秘密★会议开始前', issued: '2023-01-21' },
      { mark: '秘密★方案公布后', issued: '2023-01-21' },
    ]);
    expect(renderMark(both.mark!)).toBe('秘密★会议开始前且方案公布后');
  });

  it('answers no mark when no source is a state secret', () => {
    expect(combineSources([{ mark: null, issued: '2023-01-01' }]).mark).toBeNull();
  });

  it('the combined end is never earlier than any source end (property)', () => {
    const source = fc.record({ mark, issued: date });
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 6 }), (sources) => {
        const valid = sources.filter((s) => s.mark.period.kind !== 'until' || s.mark.period.date >= s.issued);
        if (valid.length === 0) return true;
        const combined = combineSources(valid);
        for (const s of valid) expect(['mimi', 'jimi', 'juemi'].indexOf(combined.mark!.level)).toBeGreaterThanOrEqual(['mimi', 'jimi', 'juemi'].indexOf(s.mark.level));
        if (combined.end!.kind !== 'date') return true;
        for (const s of valid) {
          const end = periodEnd(s.mark, s.issued);
          if (end.kind === 'long_term') return false;
          if (end.kind === 'date') expect(end.date <= combined.end!.date).toBe(true);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
