import { describe, expect, it } from 'vitest';
import { lightOf, reportPeriods } from '../../src/duties/lights.ts';
import { addWorkingDays, isWorkingDay, workingDaysUntil, type Calendar } from '../../src/duties/working-days.ts';
import { HOLIDAYS_2023 } from '../../src/duties/demo.ts';

const calendar: Calendar = { kinds: new Map(HOLIDAYS_2023.map((h) => [h.day, h.kind])) };
const settings = { acceptDays: 2, yellowDays: 3 };

describe('working days over the 2023 calendar', () => {
  it('skips holidays and counts the adjusted weekend working days (调休)', () => {
    expect(isWorkingDay(calendar, '2023-01-23')).toBe(false); // Monday in the Spring Festival
    expect(isWorkingDay(calendar, '2023-01-28')).toBe(true); // Saturday worked
    expect(isWorkingDay(calendar, '2023-02-04')).toBe(false); // an ordinary Saturday
    expect(workingDaysUntil(calendar, '2023-01-20', '2023-01-31')).toBe(4);
    expect(addWorkingDays(calendar, '2023-01-20', 2)).toBe('2023-01-29');
    expect(addWorkingDays(calendar, '2023-09-28', 1)).toBe('2023-10-07');
  });

  it('makes a weekly report due on the last working day of its week, and a missed one red the next day', () => {
    // The week of the Spring Festival ends on Sunday 29 January, a worked day: that is when its report is due.
    const periods = reportPeriods(calendar, 'weekly', [], '2023-01-16', '2023-02-10');
    expect(periods.map((p) => `${p.period} ${p.due}`)).toEqual(['2023-W03 2023-01-20', '2023-W04 2023-01-29', '2023-W05 2023-02-03', '2023-W06 2023-02-10']);
    // September ends in the National Day holiday, so its report is due on Thursday 28 September.
    expect(reportPeriods(calendar, 'monthly', [], '2023-08-10', '2023-10-31').map((p) => p.due)).toEqual(['2023-08-31', '2023-09-28', '2023-10-31']);
    const task = { state: 'in_progress', deadline: '2023-02-10', progress: 20, sent_back: 0, assigned_at: '2023-01-15T02:00:00Z', accepted_at: '2023-01-16T02:00:00Z', report_frequency: 'weekly', report_dates: null };
    const reported = new Set(['2023-W03']);
    expect(lightOf(task, calendar, '2023-01-27', settings, reported, [])).toMatchObject({ light: 'yellow', reasons: ['report_soon'] });
    expect(lightOf(task, calendar, '2023-01-29', settings, reported, [])).toMatchObject({ light: 'yellow' });
    expect(lightOf(task, calendar, '2023-01-30', settings, reported, [])).toMatchObject({ light: 'red', overdueReports: ['2023-W04'] });
    expect(lightOf(task, calendar, '2023-01-30', settings, new Set(['2023-W03', '2023-W04']), [])).toMatchObject({ light: 'green', reasons: [] });
  });

  it('is yellow when progress lags the milestone plan, red when acceptance is late, grey when closed', () => {
    const task = { state: 'in_progress', deadline: '2023-12-31', progress: 20, sent_back: 0, assigned_at: '2023-03-01T02:00:00Z', accepted_at: '2023-03-01T02:00:00Z', report_frequency: 'once', report_dates: null };
    const milestones = [{ due_date: '2023-05-01', weight: 1 }, { due_date: '2023-09-01', weight: 1 }];
    expect(lightOf(task, calendar, '2023-04-01', settings, new Set(), milestones).light).toBe('green');
    expect(lightOf(task, calendar, '2023-06-01', settings, new Set(), milestones)).toMatchObject({ light: 'yellow', reasons: ['behind_plan'] });
    const assigned = { ...task, state: 'assigned', accepted_at: null, assigned_at: '2023-01-19T02:00:00Z' };
    // Assigned on Thursday 19 January: 20 January and Saturday 28 January are the two working days to accept.
    expect(lightOf(assigned, calendar, '2023-01-28', settings, new Set(), []).light).toBe('green');
    expect(lightOf(assigned, calendar, '2023-01-29', settings, new Set(), [])).toMatchObject({ light: 'red', reasons: ['accept_overdue'] });
    expect(lightOf({ ...task, state: 'closed' }, calendar, '2024-01-01', settings, new Set(), []).light).toBe('grey');
  });
});

describe('counting working days', () => {
  // The definition, one day at a time: what the counted workingDaysUntil must agree with.
  const walked = (cal: Calendar, from: string, to: string) => {
    let count = 0;
    for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      if (isWorkingDay(cal, new Date(t).toISOString().slice(0, 10))) count++;
    }
    return count;
  };
  const dayAt = (offset: number) => new Date(Date.UTC(2022, 11, 1) + offset * 86_400_000).toISOString().slice(0, 10);

  it('agrees with a day-by-day walk over every span of two years of a calendar with holidays and 调休 days', () => {
    // Every start in four months against ends up to two years on, including ends before starts.
    const checked: string[] = [];
    for (let a = 0; a < 120; a += 1) {
      for (let b = a - 9; b < a + 760; b += 13) {
        const from = dayAt(a);
        const to = dayAt(b);
        const counted = workingDaysUntil(calendar, from, to);
        if (counted !== walked(calendar, from, to)) checked.push(`${from}→${to}: ${counted} counted, ${walked(calendar, from, to)} walked`);
      }
    }
    expect(checked).toEqual([]);
    expect(workingDaysUntil(calendar, '2023-01-01', '2023-12-31')).toBe(walked(calendar, '2023-01-01', '2023-12-31'));
  });

  it('counts plain weekdays without a calendar, across years and before 1970', () => {
    const none: Calendar = { kinds: new Map() };
    expect(workingDaysUntil(none, '2026-11-27', '2026-11-30')).toBe(1); // Friday → Monday
    expect(workingDaysUntil(none, '2026-11-30', '2026-11-30')).toBe(0);
    expect(workingDaysUntil(none, '2026-12-05', '2026-12-06')).toBe(0); // a weekend
    expect(workingDaysUntil(none, '1969-12-25', '1970-01-08')).toBe(walked(none, '1969-12-25', '1970-01-08'));
    expect(workingDaysUntil(none, '2000-01-01', '2030-01-01')).toBe(walked(none, '2000-01-01', '2030-01-01'));
  });
});
