import '../../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import i18n from '../../i18n/index.ts';
import type { Dashboard, Kinds } from '../../api/assessment.ts';
import DashboardPage from './DashboardPage.tsx';
import { SchemeEditor, weightSum } from './SchemeEditor.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

/** A query client already holding what the page would fetch, so no request leaves the test. */
function client(data: [unknown[], unknown][]): QueryClient {
  const c = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const [key, value] of data) c.setQueryData(key, value);
  return c;
}

const kinds: Kinds = {
  areas: [
    { area: 'duties', label: { zh: '督查督办', en: 'Tasks' } },
    { area: 'study', label: { zh: '理论学习', en: 'Study' } },
    { area: 'secrecy', label: { zh: '保密工作', en: 'Secrecy work' } },
  ],
  items: [
    ['duty_on_time', 'duties', {}], ['duty_first_pass', 'duties', {}], ['duty_overdue_days', 'duties', { pointsPerDay: 0.1 }], ['duty_late_reports', 'duties', { pointsPerReport: 0.5 }],
    ['study_attendance', 'study', {}], ['study_speeches', 'study', { perPerson: 1 }], ['study_themes', 'study', {}],
    ['secrecy_letter', 'secrecy', { dueMonthDay: '03-31' }], ['secrecy_inspection', 'secrecy', {}], ['secrecy_rectification', 'secrecy', {}], ['secrecy_review', 'secrecy', {}], ['secrecy_training', 'secrecy', { hoursPerPerson: 8 }],
  ].map(([kind, area, params]) => ({ kind: kind as string, area: area as string, shape: 'rate' as const, label: { zh: kind as string, en: kind as string }, formula: { zh: '公式', en: 'formula' }, params: params as Record<string, number | string> })),
};

describe('weightSum', () => {
  it('adds the weights by area and says how far they are from the full score', () => {
    const s = weightSum([{ area: 'duties', weight: 20 }, { area: 'duties', weight: 10.5 }, { area: 'study', weight: 30 }, { area: 'secrecy' }], 100);
    expect(s.sum).toBe(60.5);
    expect(Object.fromEntries(s.byArea)).toEqual({ duties: 30.5, study: 30, secrecy: 0 });
    expect(s.gap).toBe(39.5);
    expect(s.equal).toBe(false);
    expect(weightSum([{ area: 'duties', weight: 0.1 }, { area: 'duties', weight: 0.2 }], 0.3).equal).toBe(true);
  });
});

describe('SchemeEditor', () => {
  it('shows the weights’ sum live against the full score', async () => {
    render(
      <QueryClientProvider client={client([[['assessment', 'kinds'], kinds], [['units', 'all'], { items: [], total: 0 }], [['people', 'options', ''], { items: [], total: 0 }]])}>
        <App>
          <MemoryRouter>
            <SchemeEditor open onClose={() => {}} />
          </MemoryRouter>
        </App>
      </QueryClientProvider>,
    );
    const sum = await screen.findByTestId('weight-sum');
    // The starter scheme: eleven indicators adding up to the full score of 100.
    await waitFor(() => expect(sum.getAttribute('data-sum')).toBe('100'));
    expect(sum.getAttribute('data-equal')).toBe('yes');
    expect(screen.getAllByTestId('indicator-row')).toHaveLength(11);
    expect(sum.textContent).toContain('Tasks 45');

    const first = document.getElementById('scheme_indicators_0_weight') as HTMLInputElement;
    fireEvent.change(first, { target: { value: '25' } });
    await waitFor(() => expect(sum.getAttribute('data-sum')).toBe('105'));
    expect(sum.getAttribute('data-equal')).toBe('no');
    expect(sum.textContent).toContain('take 5 points off');

    fireEvent.change(document.getElementById('scheme_fullScore') as HTMLInputElement, { target: { value: '110' } });
    await waitFor(() => expect(sum.textContent).toContain('add 5 points'));
    fireEvent.change(document.getElementById('scheme_fullScore') as HTMLInputElement, { target: { value: '105' } });
    await waitFor(() => expect(sum.getAttribute('data-equal')).toBe('yes'));
  });
});

const dashboard: Dashboard = {
  year: 2023,
  period: { from: '2023-01-01', to: '2023-12-31' },
  lightsOn: '2026-12-01',
  lightsByArea: [{ key: { id: 'a1', name: '意识形态工作责任制', nameEn: 'Ideological work', hidden: false }, green: 0, yellow: 1, red: 2, grey: 2, total: 5 }],
  lightsByUnit: [
    { key: { id: 'u1', name: '甲单位', nameEn: 'Unit Jia', hidden: false }, green: 0, yellow: 0, red: 1, grey: 1, total: 2 },
    { key: { id: null, name: null, nameEn: null, hidden: true }, green: 0, yellow: 0, red: 0, grey: 2, total: 2 },
  ],
  onTimeByMonth: [{ month: '2023-06', from: '2023-06-01', to: '2023-06-30', due: 3, onTime: 1, rate: 0.3333 }],
  attendanceByGroup: [{ key: { id: 'g1', name: '甲单位学习组', nameEn: 'Jia study group', hidden: false }, sessions: 2, present: 2, absent: 1, onLeave: 1, rate: 0.6667 }],
  secrecy: null,
};

describe('DashboardPage', () => {
  it('gives every chart a table view with the same figures, each leading to its records', async () => {
    render(
      <QueryClientProvider client={client([[['assessment', 'schemes'], { items: [{ id: 's1', year: 2023, title: '2023年度考核方案', fullScore: 100 }] }], [['assessment', 'dashboard', 2023], dashboard]])}>
        <MemoryRouter initialEntries={['/duties/dashboard?year=2023']}>
          <DashboardPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const card = await screen.findByTestId('dashboard-lights-unit');
    // The chart is one labelled image; its figures are in the table view.
    expect(within(card).getByRole('img').getAttribute('aria-label')).toContain('Task lights by lead unit');
    fireEvent.click(within(card).getByText('Table'));
    const table = await within(card).findByTestId('dashboard-lights-unit-table');
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    // Columns: unit, red, yellow, green, grey, total.
    expect(rows).toEqual([
      ['Unit Jia', '1', '0', '0', '1', '2'],
      ['(a unit you may not know)', '0', '0', '0', '2', '2'],
    ]);
    const red = within(table).getAllByRole('link').find((a) => a.textContent === '1' && a.getAttribute('href')!.includes('light=red'))!;
    expect(red.getAttribute('href')).toBe('/duties/tasks?light=red&leadUnitId=u1&deadlineFrom=2023-01-01&deadlineTo=2023-12-31');
    // The folded row names no unit and leads nowhere.
    expect(within(within(table).getAllByRole('row')[2]!).queryAllByRole('link')).toEqual([]);

    const attendance = screen.getByTestId('dashboard-attendance');
    fireEvent.click(within(attendance).getByText('Table'));
    const group = await within(attendance).findByRole('link', { name: 'Jia study group' });
    expect(group.getAttribute('href')).toBe('/study/sessions?groupId=g1&year=2023');
    expect(within(attendance).getByText('66.7%')).toBeTruthy();
    // A reader without the secrecy registers is told so, not shown empty figures.
    expect(screen.getByText(/shown to those who may read the secrecy registers/)).toBeTruthy();
  });
});
