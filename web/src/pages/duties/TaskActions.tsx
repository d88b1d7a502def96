import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Radio, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { UploadFile } from 'antd/es/upload/interface';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { fileToBase64, REPORT_FREQUENCIES, type TaskAction, type TaskDetail } from '../../api/duties.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { UnitTreeSelect } from './common.tsx';

type Values = Record<string, unknown>;
const day = (d: unknown) => (d ? (d as Dayjs).format('YYYY-MM-DD') : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Evidence picked in the form, sent as base64 inside the JSON body (5 files of 1 MiB at most). */
async function evidence(v: Values) {
  const list = (v.files as UploadFile[] | undefined) ?? [];
  return Promise.all(list.map(async (f) => ({ name: f.name, mediaType: f.type || 'application/octet-stream', contentBase64: await fileToBase64(f.originFileObj as Blob) })));
}

interface ActionSpec {
  /** The button's and the dialog's words (duties.action.*). */
  label: string;
  danger?: boolean;
  primary?: boolean;
  request: (task: TaskDetail, v: Values) => Promise<{ path: string; body: Values }>;
  fields: (t: (k: string) => string) => React.ReactNode;
}

const required = (t: (k: string) => string) => [{ required: true, whitespace: true, message: t('validation.required') }];
const requiredPick = (t: (k: string) => string) => [{ required: true, message: t('validation.required') }];

function NoteField({ t, name = 'note', label = 'duties.form.note', must = false }: { t: (k: string) => string; name?: string; label?: string; must?: boolean }) {
  return (
    <Form.Item name={name} label={t(label)} rules={[...(must ? required(t) : []), { max: 4000 }]}>
      <Input.TextArea rows={3} data-testid={`field-${name}`} />
    </Form.Item>
  );
}

function EvidenceField({ t }: { t: (k: string) => string }) {
  return (
    <Form.Item name="files" label={t('duties.form.evidence')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList} extra={t('duties.form.evidenceHelp')}>
      <Upload beforeUpload={() => false} multiple maxCount={5} data-testid="field-files">
        <Button icon={<UploadOutlined />}>{t('duties.form.chooseFiles')}</Button>
      </Upload>
    </Form.Item>
  );
}

const SPECS: Partial<Record<TaskAction | 'return', ActionSpec>> = {
  assign: {
    label: 'duties.action.assign',
    primary: true,
    request: async (task, v) => ({
      path: `/duties/tasks/${task.id}/assign`,
      body: { leadLeaderPersonId: v.leadLeaderPersonId, leadUnitId: v.leadUnitId, responsiblePersonId: v.responsiblePersonId, deadline: day(v.deadline), note: text(v.note) },
    }),
    fields: (t) => (
      <>
        <Form.Item name="leadLeaderPersonId" label={t('duties.task.leadLeader')}>
          <PersonSelect allowClear data-testid="field-leadLeader" />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('duties.task.leadUnit')} rules={requiredPick(t)}>
          <UnitTreeSelect data-testid="field-leadUnit" />
        </Form.Item>
        <Form.Item name="responsiblePersonId" label={t('duties.task.responsible')} rules={requiredPick(t)}>
          <PersonSelect data-testid="field-responsible" />
        </Form.Item>
        <Form.Item name="deadline" label={t('duties.task.deadline')} rules={requiredPick(t)}>
          <DatePicker data-testid="field-deadline" />
        </Form.Item>
        <NoteField t={t} />
      </>
    ),
  },
  accept: { label: 'duties.action.accept', primary: true, request: async (task, v) => ({ path: `/duties/tasks/${task.id}/accept`, body: { note: text(v.note) } }), fields: (t) => <NoteField t={t} /> },
  return: {
    label: 'duties.action.return',
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/return`, body: { reason: text(v.reason) } }),
    fields: (t) => <NoteField t={t} name="reason" label="duties.form.reason" must />,
  },
  report: {
    label: 'duties.action.report',
    primary: true,
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/reports`, body: { percent: v.percent, narrative: text(v.narrative), files: await evidence(v) } }),
    fields: (t) => (
      <>
        <Form.Item name="percent" label={t('duties.form.percent')} rules={requiredPick(t)}>
          <InputNumber min={0} max={100} addonAfter="%" data-testid="field-percent" />
        </Form.Item>
        <NoteField t={t} name="narrative" label="duties.form.narrative" must />
        <EvidenceField t={t} />
      </>
    ),
  },
  complete: {
    label: 'duties.action.complete',
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/complete`, body: { narrative: text(v.narrative), files: await evidence(v) } }),
    fields: (t) => (
      <>
        <NoteField t={t} name="narrative" label="duties.form.narrative" must />
        <EvidenceField t={t} />
      </>
    ),
  },
  verify: {
    label: 'duties.action.verify',
    primary: true,
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/verify`, body: { outcome: v.outcome, reason: text(v.reason) } }),
    fields: (t) => (
      <>
        <Form.Item name="outcome" label={t('duties.form.outcome')} rules={requiredPick(t)} initialValue="accept">
          <Radio.Group
            data-testid="field-outcome"
            options={[
              { value: 'accept', label: t('duties.form.verifyAccept') },
              { value: 'send_back', label: t('duties.form.sendBack') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['outcome']}>
          {({ getFieldValue }) => <NoteField t={t} name="reason" label="duties.form.reason" must={getFieldValue('outcome') === 'send_back'} />}
        </Form.Item>
      </>
    ),
  },
  close: { label: 'duties.action.close', primary: true, request: async (task, v) => ({ path: `/duties/tasks/${task.id}/close`, body: { note: text(v.note) } }), fields: (t) => <NoteField t={t} /> },
  extend: {
    label: 'duties.action.extend',
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/extensions`, body: { newDeadline: day(v.newDeadline), reason: text(v.reason) } }),
    fields: (t) => (
      <>
        <Form.Item name="newDeadline" label={t('duties.form.newDeadline')} rules={requiredPick(t)}>
          <DatePicker data-testid="field-newDeadline" />
        </Form.Item>
        <NoteField t={t} name="reason" label="duties.form.reason" must />
      </>
    ),
  },
  remind: { label: 'duties.action.remind', request: async (task, v) => ({ path: `/duties/tasks/${task.id}/reminders`, body: { note: text(v.note) } }), fields: (t) => <NoteField t={t} /> },
  instruct: {
    label: 'duties.action.instruct',
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/instructions`, body: { text: text(v.text), date: day(v.date) } }),
    fields: (t) => (
      <>
        <NoteField t={t} name="text" label="duties.form.instruction" must />
        <Form.Item name="date" label={t('duties.form.date')} rules={requiredPick(t)}>
          <DatePicker />
        </Form.Item>
      </>
    ),
  },
  cancel: {
    label: 'duties.action.cancel',
    danger: true,
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/cancellation`, body: { reason: text(v.reason) } }),
    fields: (t) => <NoteField t={t} name="reason" label="duties.form.reason" must />,
  },
  decideCancel: {
    label: 'duties.action.decideCancel',
    request: async (task, v) => ({ path: `/duties/tasks/${task.id}/cancellation/decide`, body: { approve: v.approve === 'yes', note: text(v.note) } }),
    fields: (t) => <Decision t={t} />,
  },
};

function Decision({ t }: { t: (k: string) => string }) {
  return (
    <>
      <Form.Item name="approve" label={t('duties.form.decision')} rules={requiredPick(t)}>
        <Radio.Group
          data-testid="field-approve"
          options={[
            { value: 'yes', label: t('duties.form.approve') },
            { value: 'no', label: t('duties.form.refuse') },
          ]}
        />
      </Form.Item>
      <NoteField t={t} />
    </>
  );
}

/** The order buttons stand in: the next step first. */
const ORDER: (TaskAction | 'return')[] = ['assign', 'accept', 'return', 'report', 'complete', 'verify', 'close', 'extend', 'remind', 'instruct', 'decideCancel', 'cancel'];

/** The lifecycle's buttons the reader may press on this task now (the API's `may`), each with its form. */
export function TaskActions({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<TaskAction | 'return' | null>(null);
  const spec = open ? SPECS[open] : undefined;
  const run = useMutation({
    mutationFn: async (v: Values) => {
      const { path, body } = await spec!.request(task, v);
      return api<TaskDetail>(path, { method: 'POST', body });
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(['duties', 'task', task.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['duties'] });
      setOpen(null);
    },
  });
  // Returning is the lead unit's other answer to an assignment: offered where accepting is.
  const allowed = ORDER.filter((a) => (a === 'return' ? task.may.accept : task.may[a]) && SPECS[a]);
  return (
    <>
      <Space wrap data-testid="task-actions">
        {allowed.map((a) => (
          <Button key={a} type={SPECS[a]!.primary ? 'primary' : 'default'} danger={SPECS[a]!.danger} onClick={() => setOpen(a)} data-testid={`action-${a}`}>
            {t(SPECS[a]!.label)}
          </Button>
        ))}
      </Space>
      <FormModal<Values>
        open={!!spec}
        title={spec ? `${t(spec.label)} · ${task.code}` : ''}
        name={`task-${open ?? 'action'}`}
        submit={run}
        onClose={() => setOpen(null)}
        values={open === 'assign' ? { leadLeaderPersonId: task.leadLeader?.id ?? undefined, leadUnitId: task.leadUnit?.id ?? undefined, responsiblePersonId: task.responsiblePerson?.id ?? undefined } : {}}
      >
        {spec?.fields(t)}
      </FormModal>
    </>
  );
}

/** Decide one pending extension request (supervision office or the lead leader). */
export function ExtensionDecision({ task, extensionId }: { task: TaskDetail; extensionId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const decide = useMutation({
    mutationFn: (v: Values) => api<TaskDetail>(`/duties/extensions/${extensionId}/decide`, { method: 'POST', body: { approve: v.approve === 'yes', note: text(v.note) } }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['duties', 'task', task.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['duties'] });
      setOpen(false);
    },
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="action-decideExtension">
        {t('duties.action.decideExtension')}
      </Button>
      <FormModal<Values> open={open} title={t('duties.action.decideExtension')} name="decideExtension" submit={decide} onClose={() => setOpen(false)}>
        <Decision t={t} />
      </FormModal>
    </>
  );
}

export const FREQUENCY_OPTIONS = (t: (k: string) => string) => REPORT_FREQUENCIES.map((f) => ({ value: f, label: t(`duties.frequency.${f}`) }));
