import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export interface PartField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'person' | 'url';
  required?: boolean;
  options?: { value: string; label: string }[];
}

/** One modal for adding or changing any ordered part of a session (theme, speech, conclusion…). */
export function PartForm({
  open,
  title,
  fields,
  initial,
  onSubmit,
  onClose,
  saving,
  error,
  name,
}: {
  open: boolean;
  title: string;
  fields: PartField[];
  initial: Record<string, unknown>;
  onSubmit: (values: Record<string, unknown>) => void;
  onClose: () => void;
  saving: boolean;
  error: unknown;
  name: string;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<Record<string, unknown>>
      open={open}
      title={title}
      name={name}
      submit={{ mutate: onSubmit, isPending: saving, error }}
      onClose={onClose}
      values={{ level: 'public', ...initial }}
      width={640}
    >
      {fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={f.label}
          rules={[
            ...(f.required ? [{ required: true, whitespace: f.kind !== 'select' && f.kind !== 'person', message: t('validation.required') }] : []),
            ...(f.kind === 'url' ? [{ type: 'url' as const, message: t('study.notUrl') }] : []),
          ]}
        >
          {f.kind === 'textarea' ? (
            <Input.TextArea rows={4} />
          ) : f.kind === 'select' ? (
            <Select options={f.options} />
          ) : f.kind === 'person' ? (
            <PersonSelect allowClear />
          ) : (
            <Input />
          )}
        </Form.Item>
      ))}
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
