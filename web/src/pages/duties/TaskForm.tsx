import { DatePicker, Form, Input, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { SOURCE_KINDS, type TaskDetail } from '../../api/duties.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { UnitTreeSelect } from './common.tsx';
import { AssignmentFields } from './AssignmentFields.tsx';
import { FREQUENCY_OPTIONS } from './TaskActions.tsx';

interface Values {
  title: string;
  content?: string;
  level: string;
  areaId?: string;
  sourceKind: string;
  sourceText?: string;
  sourceDate?: Dayjs;
  leadLeaderPersonId?: string;
  leadUnitId?: string;
  responsiblePersonId?: string;
  cooperatingUnitIds?: string[];
  deadline: Dayjs;
  reportFrequency: string;
}

/** Registers a task by hand or from an instruction, an annual item or another meeting (立项). */
export function TaskForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<TaskDetail>('/duties/tasks', {
        method: 'POST',
        body: {
          title: v.title.trim(),
          content: v.content?.trim() || '',
          level: v.level,
          areaId: v.areaId,
          source: { kind: v.sourceKind, text: v.sourceText?.trim() || undefined, date: v.sourceDate?.format('YYYY-MM-DD') },
          leadLeaderPersonId: v.leadLeaderPersonId,
          leadUnitId: v.leadUnitId,
          responsiblePersonId: v.responsiblePersonId,
          cooperatingUnitIds: v.cooperatingUnitIds ?? [],
          deadline: v.deadline.format('YYYY-MM-DD'),
          reportFrequency: v.reportFrequency,
        },
      }),
    onSuccess: async (task) => {
      await queryClient.invalidateQueries({ queryKey: ['duties'] });
      onClose();
      void navigate(`/duties/tasks/${task.id}`);
    },
  });
  const manualSources = SOURCE_KINDS.filter((k) => k !== 'requirement' && k !== 'finding');
  return (
    <FormModal<Values> open={open} title={t('duties.tasks.new')} name="task" submit={save} onClose={onClose} width={680} initialValues={{ level: 'internal', sourceKind: 'manual', reportFrequency: 'monthly' }}>
      <Form.Item name="title" label={t('duties.task.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="content" label={t('duties.task.content')} rules={[{ max: 10000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="sourceKind" label={t('duties.task.source')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={manualSources.map((k) => ({ value: k, label: t(`duties.source.${k}`) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['sourceKind']}>
        {({ getFieldValue }) =>
          getFieldValue('sourceKind') === 'manual' ? null : (
            <>
              <Form.Item name="sourceText" label={t('duties.task.sourceText')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 4000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="sourceDate" label={t('duties.task.sourceDate')}>
                <DatePicker />
              </Form.Item>
            </>
          )
        }
      </Form.Item>
      <AssignmentFields />
      <Form.Item name="cooperatingUnitIds" label={t('duties.task.cooperating')}>
        <UnitTreeSelect multiple allowClear />
      </Form.Item>
      <Form.Item name="deadline" label={t('duties.task.deadline')} rules={[{ required: true, message: t('validation.required') }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reportFrequency" label={t('duties.task.frequency')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={FREQUENCY_OPTIONS(t)} />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
