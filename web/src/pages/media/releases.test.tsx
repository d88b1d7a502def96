import '../../test-setup.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import i18n from '../../i18n/index.ts';
import type { ReleaseVersion } from '../../api/media.ts';
import { ReviewStatus } from './ReleasePage.tsx';
import { StateTag } from './ReleasesPage.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

const version: ReleaseVersion = {
  id: 'v1',
  version: 1,
  title: '标题',
  body: '正文',
  sha256: 'b'.repeat(64),
  state: 'draft',
  changeNote: null,
  draftedBy: 'clerk',
  draftedById: 'u1',
  reviewId: 'r1',
  reviewedSha256: 'a'.repeat(64),
  reviewedAt: '2026-01-20T08:00:00Z',
  reviewCurrent: false,
  review: { id: 'r1', reviewer: 'press', outcome: null, decidedBy: null, decidedAt: null, hasStarMark: true, openFindings: 2 },
  approvedBy: null,
  approvedAt: null,
  scheduledAt: null,
  publishedBy: null,
  publishedAt: null,
  supersededAt: null,
  createdAt: '2026-01-20T07:00:00Z',
};

describe('release review status', () => {
  it('says the text changed since review, the open findings and the ★ mark, and leads to the review', () => {
    render(
      <MemoryRouter>
        <ReviewStatus version={version} />
      </MemoryRouter>,
    );
    expect(screen.getByText('Text changed after review')).toBeTruthy();
    expect(screen.getByText('Awaiting the decision')).toBeTruthy();
    expect(screen.getByText('2 open finding(s)')).toBeTruthy();
    expect(screen.getByText('★ mark')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the review' }).getAttribute('href')).toBe('/secrecy/reviews/r1');
  });

  it('says when a version has not been reviewed', () => {
    render(
      <MemoryRouter>
        <ReviewStatus version={{ ...version, reviewId: null, review: null }} />
      </MemoryRouter>,
    );
    expect(screen.getByText('Not reviewed yet')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it("words each state in the reader's language", async () => {
    render(<StateTag state="superseded" />);
    expect(screen.getByText('Superseded')).toBeTruthy();
    cleanup();
    await act(() => i18n.changeLanguage('zh-CN'));
    render(<StateTag state="retracted" />);
    expect(screen.getByText('已撤回')).toBeTruthy();
    await act(() => i18n.changeLanguage('en'));
  });
});
