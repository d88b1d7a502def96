import { useQuery } from '@tanstack/react-query';
import { api, type Page } from './client.ts';
import type { Person, Unit } from './types.ts';

export function useAllUnits() {
  return useQuery({ queryKey: ['units', 'all'], queryFn: () => api<Page<Unit>>('/units', { query: { pageSize: 500, sort: 'sortOrder', order: 'asc' } }) });
}

export function usePeopleOptions(q: string) {
  return useQuery({
    queryKey: ['people', 'options', q],
    queryFn: () => api<Page<Person>>('/people', { query: { q, pageSize: 50, sort: 'name', order: 'asc' } }),
  });
}
