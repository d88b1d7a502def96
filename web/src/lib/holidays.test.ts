import { describe, expect, it } from 'vitest';
import { parseHolidayList } from './holidays.ts';

describe('parseHolidayList', () => {
  it('reads a yearly list in Chinese or English words, a holiday where no kind is given', () => {
    const text = '2024-02-10 休 春节\n2024-2-4,班,春节调休\n\n2024-05-01\tholiday\tLabour Day\n2024-10-01 国庆节';
    expect(parseHolidayList(text, 2024)).toEqual({
      items: [
        { day: '2024-02-10', kind: 'holiday', name: '春节' },
        { day: '2024-02-04', kind: 'workday', name: '春节调休' },
        { day: '2024-05-01', kind: 'holiday', name: 'Labour Day' },
        { day: '2024-10-01', kind: 'holiday', name: '国庆节' },
      ],
      errors: [],
    });
  });

  it('names the lines it cannot read: other years, impossible dates, no date', () => {
    const { items, errors } = parseHolidayList('2023-12-31 休 元旦\n2024-02-30 休 x\nSpring Festival\n2024-01-01 休 元旦', 2024);
    expect(items).toEqual([{ day: '2024-01-01', kind: 'holiday', name: '元旦' }]);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3]);
  });
});
