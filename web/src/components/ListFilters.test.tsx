import '../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import i18n from '../i18n/index.ts';
import { ListFilters, useListFilters } from './ListFilters.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('useListFilters', () => {
  it('goes back to the first page when a filter changes', () => {
    const { result } = renderHook(() => useListFilters<{ state?: string }>({}, 20));
    act(() => result.current.setPage(3));
    expect(result.current.query).toEqual({ page: 3, pageSize: 20 });
    act(() => result.current.set('state', 'overdue'));
    expect(result.current.query).toEqual({ state: 'overdue', page: 1, pageSize: 20 });
  });

  it('gives the table a pager with the total in words that turns the page', () => {
    const { result } = renderHook(() => useListFilters({}, 50));
    const pager = result.current.pagination(120);
    expect(pager).toMatchObject({ current: 1, pageSize: 50, total: 120 });
    expect(pager.showTotal?.(120, [1, 50])).toBe(i18n.t('common.total', { total: 120 }));
    act(() => pager.onChange?.(2, 50));
    expect(result.current.page).toBe(2);
    expect(result.current.pagination(undefined).total).toBe(0);
  });
});

describe('ListFilters', () => {
  it('exports what the filters select, as XLSX in the page\'s language, and leaves out empty filters', () => {
    render(
      <ListFilters exportPath="/api/duties/tasks/export" exportQuery={{ light: 'red', areaId: undefined, q: '' }} exportTestId="x" actions={<button type="button">New</button>}>
        <input aria-label="filter" />
      </ListFilters>,
    );
    const href = screen.getByTestId('x').getAttribute('href');
    expect(href).toBe(`/api/duties/tasks/export?light=red&format=xlsx&lang=${i18n.language.startsWith('zh') ? 'zh' : 'en'}`);
    expect(screen.getByRole('button', { name: 'New' })).toBeTruthy();
    expect(screen.getByLabelText('filter')).toBeTruthy();
  });
});
