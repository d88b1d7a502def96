import '../test-setup.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import i18n from '../i18n/index.ts';
import { Snippet } from './Snippet.tsx';
import { SortableList } from './SortableList.tsx';

afterEach(cleanup);

describe('Snippet', () => {
  it('renders matches as <mark> and nothing else as markup', () => {
    const { container } = render(<Snippet html={'&lt;img src=x onerror=alert(1)&gt; <mark>secrecy</mark> <script>alert(2)</script><b>bold</b>'} />);
    expect(container.querySelectorAll('mark')).toHaveLength(1);
    expect(container.querySelector('mark')?.textContent).toBe('secrecy');
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('SortableList', () => {
  const items = ['a', 'b', 'c'].map((id) => ({ id, content: <span>item {id}</span> }));

  it('answers the full ordered id list after a drag and drop', () => {
    const onReorder = vi.fn();
    const { container } = render(<SortableList label="Speeches" items={items} onReorder={onReorder} />);
    const li = (id: string) => container.querySelector(`li[data-id="${id}"]`)!;
    const dataTransfer = { setData: vi.fn(), effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(li('c'), { dataTransfer });
    fireEvent.dragOver(li('a'), { dataTransfer });
    fireEvent.drop(li('a'), { dataTransfer });
    expect(onReorder).toHaveBeenCalledWith(['c', 'a', 'b']);
  });

  it('moves with the buttons for keyboard users and shows order from 1', async () => {
    await i18n.changeLanguage('en');
    const onReorder = vi.fn();
    render(<SortableList label="Speeches" items={items} onReorder={onReorder} />);
    expect(screen.getByText('1.')).toBeTruthy();
    expect(screen.getByText('3.')).toBeTruthy();
    const down = screen.getAllByRole('button', { name: /move down|下移/i });
    fireEvent.click(down[0]!);
    expect(onReorder).toHaveBeenCalledWith(['b', 'a', 'c']);
    const up = screen.getAllByRole('button', { name: /move up|上移/i });
    expect((up[0] as HTMLButtonElement).disabled).toBe(true);
  });

  it('is not draggable when disabled', () => {
    const { container } = render(<SortableList label="Speeches" items={items} onReorder={() => {}} disabled />);
    expect(container.querySelector('li')?.getAttribute('draggable')).toBe('false');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });
});
