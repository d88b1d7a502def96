import '../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '../i18n/index.ts';
import type * as Client from '../api/client.ts';
import type { Me } from '../api/types.ts';
import SessionsPage from './study/SessionsPage.tsx';
import PeoplePage from './org/PeoplePage.tsx';
import TasksPage from './duties/TasksPage.tsx';
import RectificationsPage from './secrecy/RectificationsPage.tsx';
import CarrierReviewsPage from './secrecy/CarrierReviewsPage.tsx';
import InspectionsPage from './secrecy/InspectionsPage.tsx';
import ClearancesPage from './secrecy/ClearancesPage.tsx';

/**
 * Issue 12: an empty list page says what it is for and what the first step is, in the reader's
 * language, with the button for that step when the reader may take it.
 */
const META: Record<string, unknown> = {
  '/meta': { orgName: 'Remit', ceiling: 'internal', levels: [], roles: [], unitKinds: [], groupRoles: [] },
  '/study/meta': { halfDays: [], forms: [], statuses: [], attendance: [], speechKinds: [], conclusionKinds: [] },
};
vi.mock('../api/client.ts', async (original) => ({
  ...(await original<typeof Client>()),
  api: vi.fn(async (path: string) => META[path] ?? { items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 }),
}));
let permissions: string[] = [];
vi.mock('../auth/useMe.ts', () => ({ useMe: (): Partial<Me> => ({ id: 'u1', personId: null, permissions } as Partial<Me>) }));


afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('zh-CN'));
});

function renderPage(page: React.ReactElement) {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>{page}</MemoryRouter>
    </QueryClientProvider>,
  );
}

const cases: { name: string; page: () => React.ReactElement; key: string; may: string; button: string | null }[] = [
  { name: 'study sessions', page: () => <SessionsPage />, key: 'sessions', may: 'study.write', button: 'study.newSession' },
  { name: 'people', page: () => <PeoplePage />, key: 'people', may: 'org.write', button: 'org.newPerson' },
  { name: 'supervised tasks', page: () => <TasksPage />, key: 'tasks', may: 'duties.supervise', button: 'duties.tasks.new' },
  { name: 'rectifications', page: () => <RectificationsPage />, key: 'rectifications', may: 'secrecy.manage', button: 'nav.secrecyInspections' },
  { name: 'yearly carrier reviews', page: () => <CarrierReviewsPage />, key: 'carrierReviews', may: 'secrecy.manage', button: null },
  { name: 'self-inspections', page: () => <InspectionsPage />, key: 'campaigns', may: 'secrecy.manage', button: null },
  { name: 'post grades', page: () => <ClearancesPage />, key: 'clearances', may: 'clearance.request', button: null },
];

describe.each(cases)('the empty $name page', ({ page, key, may, button }) => {
  it('says what it is for and the first step, with its button for one who may take it, in Chinese and English', async () => {
    permissions = ['study.read', 'org.read', 'duties.read', 'secrecy.read', may];
    renderPage(page());
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByTestId('empty-purpose').textContent).toBe(i18n.t(`firstSteps.${key}.purpose`));
    expect(within(empty).getByTestId('empty-first-step').textContent).toMatch(/^第一步：/);
    if (button) expect(within(empty).getByText(i18n.t(button)).textContent).toBe(i18n.t(button));
    await act(() => i18n.changeLanguage('en'));
    await waitFor(() => expect(within(empty).getByTestId('empty-first-step').textContent).toMatch(/^First step: /));
    expect(within(empty).getByTestId('empty-purpose').textContent).not.toMatch(/[\u3400-\u9fff]/);
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('shows only the words to one who may not take the step', async () => {
    permissions = ['study.read', 'org.read', 'duties.read', 'secrecy.read'];
    renderPage(page());
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByTestId('empty-first-step')).toBeTruthy();
    expect(within(empty).queryByRole('button')).toBeNull();
    expect(within(empty).queryByRole('link')).toBeNull();
  });
});
