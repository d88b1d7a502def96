import '../test-setup.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import i18n from '../i18n/index.ts';
import { LevelBadge } from './LevelBadge.tsx';

afterEach(cleanup);

describe('LevelBadge', () => {
  it.each([
    ['en', 'public', 'Public'],
    ['en', 'internal', 'Internal'],
    ['en', 'jimi', 'Secret (机密)'],
    ['zh-CN', 'public', '公开'],
    ['zh-CN', 'mimi', '秘密'],
    ['zh-CN', 'juemi', '绝密'],
  ])('in %s labels %s as %s', async (lng, level, label) => {
    await act(() => i18n.changeLanguage(lng));
    render(<LevelBadge level={level} />);
    expect(screen.getByText(label)).toBeTruthy();
  });

  it('shows the mark when the record carries one', async () => {
    await act(() => i18n.changeLanguage('zh-CN'));
    const { container } = render(<LevelBadge level="jimi" mark="机密★20年" />);
    expect(container.textContent).toContain('机密★20年');
    expect(container.querySelector('[data-level="jimi"]')).toBeTruthy();
  });

  it('follows a language switch', async () => {
    await act(() => i18n.changeLanguage('en'));
    render(<LevelBadge level="internal" />);
    expect(screen.getByText('Internal')).toBeTruthy();
    await act(() => i18n.changeLanguage('zh-CN'));
    expect(screen.getByText('内部')).toBeTruthy();
  });
});
