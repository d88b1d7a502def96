import { Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Person } from '../../api/types.ts';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  name: string;
  nameEn?: string;
  email?: string;
  phone?: string;
  note?: string;
  level: string;
}

export function PersonForm({ open, person, onClose, onSaved }: { open: boolean; person: Person | null; onClose: () => void; onSaved: (p: Person) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const values: Partial<Values> = person
      ? { name: person.name, nameEn: person.nameEn ?? '', email: person.email ?? '', phone: person.phone ?? '', note: person.note ?? '', level: person.level }
      : { level: 'public' };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { ...v, nameEn: v.nameEn || null, email: v.email || null, phone: v.phone || null, note: v.note || null };
      return person ? api<Person>(`/people/${person.id}`, { method: 'PATCH', body }) : api<Person>('/people', { method: 'POST', body });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      onSaved(saved);
    },
  });
  return (
    <FormModal open={open} title={person ? t('org.editPerson') : t('org.newPerson')} name="person" submit={save} onClose={onClose} form={form} values={values}>
      <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="nameEn" label={t('org.nameEn')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('org.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('org.phone')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="note" label={t('org.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
