import '../test-setup.ts';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import i18n from '../i18n/index.ts';
import { FormModal, type Submission } from './FormModal.tsx';

afterEach(cleanup);
beforeAll(async () => {
  await act(() => i18n.changeLanguage('en'));
});

interface V {
  title: string;
}

function Harness({ submit, values, onClose = () => {} }: { submit: Submission<V>; values?: V; onClose?: () => void }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        reopen
      </button>
      <FormModal<V>
        open={open}
        title="Edit"
        name="thing"
        submit={submit}
        values={values}
        onClose={() => {
          setOpen(false);
          onClose();
        }}
      >
        <Form.Item name="title" label="Title" rules={[{ required: true, message: 'Title is required' }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}

const idle = (mutate: (v: V) => void = () => {}): Submission<V> => ({ mutate, isPending: false, error: null, reset: vi.fn() });

describe('FormModal', () => {
  it('validates before it writes, then writes what was typed', async () => {
    const mutate = vi.fn();
    render(<Harness submit={idle(mutate)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Title is required')).toBeTruthy();
    expect(mutate).not.toHaveBeenCalled();
    fireEvent.change(document.getElementById('thing_title')!, { target: { value: 'Spring Festival' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(mutate).toHaveBeenCalledWith({ title: 'Spring Festival' }));
  });

  it('fills the record being edited each time it opens', async () => {
    render(<Harness submit={idle()} values={{ title: 'Secrecy work' }} />);
    const field = () => document.getElementById('thing_title') as HTMLInputElement;
    await waitFor(() => expect(field().value).toBe('Secrecy work'));
    fireEvent.change(field(), { target: { value: 'typed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'reopen' }));
    await waitFor(() => expect(field().value).toBe('Secrecy work'));
  });

  it('shows the failed write above the fields and keeps Save busy while writing', () => {
    const { rerender } = render(<Harness submit={{ ...idle(), error: new Error('The deadline is before today') }} />);
    expect(screen.getByRole('alert').textContent).toContain('The deadline is before today');
    rerender(<Harness submit={{ ...idle(), isPending: true }} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: /Save/ }).className).toContain('loading');
  });

  it('Cancel closes without writing', () => {
    const mutate = vi.fn();
    const onClose = vi.fn();
    render(<Harness submit={idle(mutate)} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(mutate).not.toHaveBeenCalled();
  });
});
