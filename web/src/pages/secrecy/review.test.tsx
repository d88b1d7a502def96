import '../../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '../../i18n/index.ts';
import type { PublicationReview, ScanFinding, StoredFinding } from '../../api/secrecy.ts';
import { FindingList, HighlightedDraft } from './common.tsx';
import { OutcomeForm } from './ReviewDetailPage.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

const draft = '请联系张三，身份证号110101199003070019。本文件为机密★20年。';
const idAt = draft.indexOf('1101');
const markAt = draft.indexOf('机密');
const findings: ScanFinding[] = [
  { kind: 'id_number', code: 'id_number', severity: 'block', start: idAt, end: idAt + 18, excerpt: '110101199003070019', reason: 'A PRC resident identity number.' },
  { kind: 'mark', code: 'mark', severity: 'block', start: markAt, end: markAt + 6, excerpt: '机密★20年', reason: 'A state-secret mark.', params: { mark: '机密★20年' } },
];

describe('HighlightedDraft', () => {
  it('highlights every finding span in the draft and marks the active one', () => {
    const { container, rerender } = render(<HighlightedDraft text={draft} findings={findings} active={null} onPick={() => {}} />);
    const marks = [...container.querySelectorAll('mark')];
    expect(marks.map((m) => m.textContent)).toEqual(['110101199003070019', '机密★20年']);
    expect(container.textContent).toBe(draft);
    expect(container.querySelector('.finding-active')).toBeNull();
    rerender(<HighlightedDraft text={draft} findings={findings} active={1} onPick={() => {}} />);
    expect(container.querySelector('.finding-active')?.textContent).toBe('机密★20年');
  });

  it('scrolls the active finding into view', () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    try {
      render(<HighlightedDraft text={draft} findings={findings} active={0} onPick={() => {}} />);
      expect(scroll).toHaveBeenCalledTimes(1);
    } finally {
      delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    }
  });

  it('picks a finding when its highlight is clicked', () => {
    const onPick = vi.fn();
    const { container } = render(<HighlightedDraft text={draft} findings={findings} active={null} onPick={onPick} />);
    fireEvent.click(container.querySelectorAll('mark')[1]!);
    expect(onPick).toHaveBeenCalledWith(1);
  });
});

describe('FindingList', () => {
  it('lists kind, excerpt and reason, and picks a finding on click', () => {
    const onPick = vi.fn();
    render(
      <MemoryRouter>
        <FindingList findings={findings} active={null} onPick={onPick} />
      </MemoryRouter>,
    );
    expect(screen.getByText('ID number')).toBeTruthy();
    expect(screen.getByText('A state-secret mark (机密★20年). Anything carrying a ★ mark is never published.')).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('finding-show')[0]!);
    expect(onPick).toHaveBeenCalledWith(0);
  });

  it('names the source record when the finding has one', () => {
    const copied: ScanFinding = {
      kind: 'copied_text',
      code: 'copied_text',
      severity: 'block',
      start: 0,
      end: 4,
      excerpt: '请联系张',
      reason: 'A passage 78% similar to the text of a record above public (study session).',
      params: { similarity: 78, sourceType: 'study_session' },
      source: { type: 'study_session', id: 's1', level: 'internal' },
    };
    render(
      <MemoryRouter>
        <FindingList findings={[copied]} active={null} onPick={() => {}} />
      </MemoryRouter>,
    );
    const link = screen.getByRole('link', { name: 'Study session' });
    expect(link.getAttribute('href')).toBe('/study/sessions/s1/view');
    expect(screen.getByText('A passage 78% similar to the text of a record above public.')).toBeTruthy();
  });

  it('opens the session of a part of a study session (a speech) found as the source', () => {
    const copied: ScanFinding = {
      kind: 'copied_text',
      code: 'copied_text',
      severity: 'block',
      start: 0,
      end: 4,
      excerpt: '请联系张',
      reason: '',
      params: { similarity: 100 },
      source: { type: 'speech', id: 'sp1', level: 'internal', parent: { type: 'study_session', id: 's1' } },
    };
    render(
      <MemoryRouter>
        <FindingList findings={[copied]} active={null} onPick={() => {}} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'Speech' }).getAttribute('href')).toBe('/study/sessions/s1/view');
  });

  it('shows a "refer up" finding without excerpt, source or a way to highlight it', () => {
    const referUp: ScanFinding = { kind: 'copied_text', code: 'refer_up', severity: 'block', reason: 'Refer up: matches a record you may not read.' };
    const { container } = render(
      <MemoryRouter>
        <FindingList findings={[findings[1]!, referUp]} active={null} onPick={() => {}} />
      </MemoryRouter>,
    );
    const items = screen.getAllByTestId('finding');
    expect(items).toHaveLength(2);
    expect(items[1]!.textContent).toContain('Refer up: this draft matches a record you may not read.');
    expect(items[1]!.textContent).not.toContain('«');
    expect(screen.getAllByTestId('finding-show')).toHaveLength(1);
    expect(container.querySelector('[data-testid="finding-source"]')).toBeNull();
  });

  it('marks a mistyped identity number as a warning', () => {
    const typo: ScanFinding = { kind: 'id_number', code: 'id_number_check_digit', severity: 'warn', start: idAt, end: idAt + 18, excerpt: '110101199003070018', reason: '' };
    render(
      <MemoryRouter>
        <FindingList findings={[typo]} active={null} onPick={() => {}} />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('finding-warning').textContent).toBe('Warning');
    expect(screen.getByText(/typing error/)).toBeTruthy();
  });
});

function review(over: Partial<PublicationReview>): PublicationReview {
  const stored = (resolved: boolean): StoredFinding => ({ ...findings[0]!, id: `f${resolved}`, resolved, resolutionNote: null, resolvedBy: null, resolvedAt: null });
  return {
    id: 'r1',
    title: 'Draft',
    draftSha256: 'a'.repeat(64),
    draftLength: draft.length,
    hasStarMark: false,
    draftedBy: null,
    reviewerId: 'u1',
    reviewerName: 'Reviewer',
    approverId: null,
    approverName: null,
    outcome: null,
    basis: null,
    decidedAt: null,
    level: 'internal',
    mark: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    findings: [stored(true), stored(false)],
    unresolved: 1,
    ...over,
  };
}

function renderForm(r: PublicationReview) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <OutcomeForm review={r} />
    </QueryClientProvider>,
  );
}

describe('OutcomeForm', () => {
  it('warns that publishing is refused while findings are unresolved', async () => {
    renderForm(review({}));
    expect(screen.queryByTestId('publish-warning')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Publish'));
    });
    expect((await screen.findByTestId('publish-warning')).textContent).toMatch(/1 finding\(s\) are unresolved/);
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Do not publish'));
    });
    // The help text leaves with an animation.
    await waitFor(() => expect(screen.queryByTestId('publish-warning')).toBeNull());
  });

  it('does not warn when every finding is resolved', async () => {
    renderForm(review({ unresolved: 0 }));
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Publish'));
    });
    expect(screen.queryByTestId('publish-warning')).toBeNull();
  });

  it('warns that a draft with a ★ mark is never published', async () => {
    renderForm(review({ unresolved: 0, hasStarMark: true }));
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Publish'));
    });
    expect((await screen.findByTestId('publish-warning')).textContent).toMatch(/★ mark/);
  });
});
