import { Form, Input, InputNumber, TreeSelect } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Unit } from '../../api/types.ts';
import { LevelSelect, MetaSelect } from '../../components/MetaSelects.tsx';
import type { UnitNode } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  name: string;
  nameEn?: string;
  kind: string;
  parentId?: string | null;
  sortOrder?: number;
  level: string;
}


export function UnitForm({
  open,
  unit,
  parentId,
  tree,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | null;
  parentId: string | null;
  tree: UnitNode[];
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const values: Partial<Values> = unit
      ? { name: unit.name, nameEn: unit.nameEn ?? '', kind: unit.kind, parentId: unit.parentId, sortOrder: unit.sortOrder, level: unit.level }
      : { parentId, kind: 'department', level: 'public', sortOrder: 0 };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { ...v, parentId: v.parentId ?? null, nameEn: v.nameEn || null };
      return unit ? api<Unit>(`/units/${unit.id}`, { method: 'PATCH', body }) : api<Unit>('/units', { method: 'POST', body });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      onSaved(saved);
    },
  });
  return (
    <FormModal open={open} title={unit ? t('org.editUnit') : t('org.newUnit')} name="unit" submit={save} onClose={onClose} form={form} values={values}>
      <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="nameEn" label={t('org.nameEn')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('validation.required') }]}>
        <MetaSelect list="unitKinds" />
      </Form.Item>
      <Form.Item name="parentId" label={t('org.parent')}>
        <TreeSelect allowClear treeDefaultExpandAll treeData={unitOptions(tree, unit?.id)} placeholder={t('org.noParent')} />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('org.sortOrder')}>
        <InputNumber min={0} max={100000} />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
