import '../../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '../../i18n/index.ts';
import type { TaskDetail } from '../../api/duties.ts';
import { LightTag } from './common.tsx';
import { TaskActions } from './TaskActions.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

function task(may: TaskDetail['may'], state = 'assigned'): TaskDetail {
  return {
    id: 't1', code: 'DB-2023-0001', title: '保密工作责任制', content: null, level: 'internal', state, light: 'green', lightReasons: [], progress: 0, sentBack: false, area: null,
    source: { kind: 'requirement', conclusionId: 'c1', sessionId: 's1', text: null, date: null }, leadLeader: null, leadUnit: null, responsiblePerson: null, cooperatingUnits: [],
    deadline: '2023-03-31', originalDeadline: '2023-03-31', reportFrequency: 'monthly', reportDates: [], nextReportDue: null, assignedAt: null, acceptedAt: null, completedAt: null,
    verifiedAt: null, closedAt: null, cancelledAt: null, cancellation: null, createdAt: '', updatedAt: '', milestones: [], subtasks: [], events: [], reports: [], extensions: [], may,
  };
}

function renderActions(t: TaskDetail) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <TaskActions task={t} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const buttons = () => screen.queryAllByRole('button').map((b) => b.getAttribute('data-testid'));

describe('TaskActions', () => {
  it('offers the lead unit accepting or returning an assigned task, and nothing the API does not allow', () => {
    renderActions(task({ accept: true, assign: false, verify: false }));
    expect(buttons()).toEqual(['action-accept', 'action-return']);
  });

  it('offers the office verifying, reminding and cancelling, the next step first', () => {
    renderActions(task({ verify: true, remind: true, cancel: true, instruct: false }, 'completion_reported'));
    expect(buttons()).toEqual(['action-verify', 'action-remind', 'action-cancel']);
  });

  it('offers no button to a reader who may do nothing', () => {
    renderActions(task({}));
    expect(buttons()).toEqual([]);
  });
});

describe('LightTag', () => {
  it('says the light in words, not by colour alone', async () => {
    render(<LightTag light="red" />);
    expect(screen.getByTestId('task-light').textContent).toContain('Red');
    await act(() => i18n.changeLanguage('zh-CN'));
    expect(screen.getByTestId('task-light').textContent).toContain('红灯');
    await act(() => i18n.changeLanguage('en'));
  });
});
