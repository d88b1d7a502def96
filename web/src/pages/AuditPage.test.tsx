import '../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '../i18n/index.ts';
import type * as Client from '../api/client.ts';
import type { Page } from '../api/client.ts';
import type { AuditEntry, Me } from '../api/types.ts';
import AuditPage from './AuditPage.tsx';

const entries: AuditEntry[] = [
  {
    seq: 41, at: '2026-11-30T08:00:00.000Z', actorId: 'u1', actorName: 'Lin Qiao', action: 'study_session.create', objectType: 'study_session',
    objectId: 'sess-1', level: 'internal', requestId: 'req-41', detail: { groupId: 'g1', date: '2026-11-30' }, redacted: false,
  },
  {
    seq: 42, at: '2026-11-30T08:01:00.000Z', actorId: 'u1', actorName: 'Lin Qiao', action: 'widget.frobnicate', objectType: 'widget',
    objectId: 'w-1', level: 'internal', requestId: 'req-42', detail: { a: 1 }, redacted: false,
  },
  {
    seq: 43, at: '2026-11-30T08:02:00.000Z', actorId: 'u2', actorName: 'Zhou Ran', action: 'carrier.read', objectType: 'carrier',
    objectId: null, level: 'mimi', requestId: 'req-43', detail: null, redacted: true,
  },
];

const calls: string[] = [];
vi.mock('../api/client.ts', async (original) => ({
  ...(await original<typeof Client>()),
  api: vi.fn(async (path: string, options?: { query?: Record<string, unknown> }) => {
    calls.push(`${path}?${new URLSearchParams(Object.entries(options?.query ?? {}).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)])).toString()}`);
    const page: Page<AuditEntry> = { items: entries, total: entries.length, totalCapped: false, page: 1, pageSize: 50 };
    return page;
  }),
}));
vi.mock('../auth/useMe.ts', () => ({ useMe: (): Partial<Me> => ({ permissions: ['audit.read'] }) }));


afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

function renderPage() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <AuditPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const row = (seq: number) => screen.getByText(String(seq), { selector: 'td' }).closest('tr')!;

describe('AuditPage', () => {
  it('shows a known action and object type in words and an unknown one as code', async () => {
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('audit-action')).toHaveLength(2));
    expect(within(row(41)).getByTestId('audit-action').textContent).toBe('新增学习记录');
    expect(within(row(41)).getByTestId('audit-type').textContent).toBe('学习会议');
    expect(within(row(41)).queryByText('study_session.create')).toBeNull();
    expect(within(row(42)).getByTestId('audit-action-code').textContent).toBe('widget.frobnicate');
    expect(within(row(42)).getByTestId('audit-type-code').textContent).toBe('widget');
    expect(within(row(43)).getByTestId('audit-action').textContent).toBe('查阅涉密载体');

    await act(() => i18n.changeLanguage('en'));
    expect(within(row(41)).getByTestId('audit-action').textContent).toBe('Added a study session');
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('opens a row to the raw codes, request and detail, and keeps a withheld event withheld', async () => {
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('audit-action')).toHaveLength(2));
    fireEvent.click(within(row(41)).getByRole('button'));
    const detail = await screen.findByTestId('audit-event-detail');
    expect(within(detail).getByText('study_session.create')).toBeTruthy();
    expect(within(detail).getByText('sess-1')).toBeTruthy();
    expect(within(detail).getByText('req-41')).toBeTruthy();
    expect(JSON.parse(within(detail).getByTestId('audit-detail-json').textContent!)).toEqual({ groupId: 'g1', date: '2026-11-30' });

    fireEvent.click(within(row(43)).getByRole('button'));
    await waitFor(() => expect(screen.getAllByTestId('audit-event-detail')).toHaveLength(2));
    const withheld = screen.getAllByTestId('audit-event-detail')[1]!;
    expect(within(withheld).getByText('carrier.read')).toBeTruthy();
    expect(within(withheld).getByTestId('audit-detail-redacted')).toBeTruthy();
    expect(within(withheld).queryByTestId('audit-detail-json')).toBeNull();
  });

  it('filters by an action chosen in words and sends its code', async () => {
    renderPage();
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    const select = within(screen.getByTestId('audit-action-filter')).getByRole('combobox');
    fireEvent.mouseDown(select);
    fireEvent.change(select, { target: { value: '审定纪要' } });
    fireEvent.click(await screen.findByTitle('审定纪要'));
    fireEvent.click(screen.getByRole('button', { name: /筛\s*选/ }));
    await waitFor(() => expect(calls.at(-1)).toContain('action=study_session.minutes_approve'));
  });
});
