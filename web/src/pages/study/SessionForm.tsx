import { DatePicker, Form, Input, Radio, Select, Space, TimePicker } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useStudyGroups, useStudyMeta, type StudySession } from '../../api/study.ts';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { localName } from '../../lib/format.ts';
import { useStudyLabel } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  groupId: string;
  date: Dayjs;
  timing: 'halfDay' | 'times';
  halfDay?: string;
  start?: Dayjs | null;
  end?: Dayjs | null;
  place?: string;
  form: string;
  hostPersonId?: string | null;
  status?: 'planned' | 'held';
  organizingBody?: string;
  level: string;
  themes?: string;
}

/** Creates a session, or changes the details of one (`reason` on a locked session). */
export function SessionForm({
  open,
  session,
  defaultGroupId,
  onClose,
  run,
}: {
  open: boolean;
  session: StudySession | null;
  defaultGroupId?: string;
  onClose: () => void;
  run?: (fn: (reason: string | undefined) => void) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const groups = useStudyGroups();
  const meta = useStudyMeta();
  const label = useStudyLabel();
  const timing = Form.useWatch('timing', form);
  const values: Partial<Values> = session
      ? {
          groupId: session.group.id,
          date: dayjs(session.date),
          timing: session.startTime ? 'times' : 'halfDay',
          halfDay: session.halfDay ?? undefined,
          start: session.startTime ? dayjs(session.startTime, 'HH:mm') : null,
          end: session.endTime ? dayjs(session.endTime, 'HH:mm') : null,
          place: session.place ?? '',
          form: session.form,
          hostPersonId: session.host?.personId ?? null,
          organizingBody: session.organizingBody ?? '',
          level: session.level,
        }
      : { groupId: defaultGroupId, timing: 'halfDay', halfDay: 'afternoon', form: 'concentrated_study', status: 'held', level: 'public' };
  const save = useMutation({
    mutationFn: ({ v, reason }: { v: Values; reason?: string }) => {
      const times = v.timing === 'times';
      const body = {
        date: v.date.format('YYYY-MM-DD'),
        halfDay: times ? null : (v.halfDay ?? null),
        startTime: times && v.start ? v.start.format('HH:mm') : null,
        endTime: times && v.end ? v.end.format('HH:mm') : null,
        place: v.place || null,
        form: v.form,
        hostPersonId: v.hostPersonId || null,
        organizingBody: v.organizingBody || null,
        level: v.level,
      };
      if (session) return api<StudySession>(`/study/sessions/${session.id}`, { method: 'PATCH', body, query: { reason } });
      const themes = (v.themes ?? '')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((text) => ({ text }));
      return api<StudySession>('/study/sessions', { method: 'POST', body: { ...body, groupId: v.groupId, status: v.status, themes } });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      onClose();
      if (!session) void navigate(`/study/sessions/${saved.id}`);
    },
  });
  const submit = (v: Values) => (run ? run((reason) => save.mutate({ v, reason })) : save.mutate({ v }));
  return (
    <FormModal
      open={open}
      title={session ? t('study.editSession') : t('study.newSession')}
      name="session"
      submit={{ mutate: submit, isPending: save.isPending, error: save.error, reset: save.reset }}
      onClose={onClose}
      form={form} values={values}
      width={640}
    >
      {!session ? (
        <Form.Item name="groupId" label={t('study.group')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))} />
        </Form.Item>
      ) : null}
      <Space wrap align="start">
        <Form.Item name="date" label={t('study.date')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="timing" label={t('study.timing')}>
          <Radio.Group
            options={[
              { value: 'halfDay', label: t('study.halfDay') },
              { value: 'times', label: t('study.exactTimes') },
            ]}
          />
        </Form.Item>
      </Space>
      {timing === 'times' ? (
        <Space wrap align="start">
          <Form.Item name="start" label={t('study.startTime')} rules={[{ required: true, message: t('validation.required') }]}>
            <TimePicker format="HH:mm" minuteStep={5} />
          </Form.Item>
          <Form.Item
            name="end"
            label={t('study.endTime')}
            dependencies={['start']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null) => {
                  const start = getFieldValue('start') as Dayjs | null;
                  return !value || !start || value.isAfter(start) ? Promise.resolve() : Promise.reject(new Error(t('study.endAfterStart')));
                },
              }),
            ]}
          >
            <TimePicker format="HH:mm" minuteStep={5} />
          </Form.Item>
        </Space>
      ) : (
        <Form.Item name="halfDay" label={t('study.halfDay')} rules={[{ required: true, message: t('validation.required') }]}>
          <Radio.Group options={(meta.data?.halfDays ?? []).map((h) => ({ value: h.code, label: label('halfDays', h.code) }))} />
        </Form.Item>
      )}
      <Form.Item name="place" label={t('study.place')}>
        <Input />
      </Form.Item>
      <Form.Item name="form" label={t('study.form')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={(meta.data?.forms ?? []).map((f) => ({ value: f.code, label: label('forms', f.code) }))} />
      </Form.Item>
      <Form.Item name="hostPersonId" label={t('study.host')}>
        <PersonSelect allowClear />
      </Form.Item>
      <Form.Item name="organizingBody" label={t('study.organizingBody')}>
        <Input />
      </Form.Item>
      {!session ? (
        <>
          <Form.Item name="status" label={t('study.status')}>
            <Radio.Group
              options={[
                { value: 'planned', label: label('statuses', 'planned') },
                { value: 'held', label: label('statuses', 'held') },
              ]}
            />
          </Form.Item>
          <Form.Item name="themes" label={t('study.themes')} extra={t('study.themesOnePerLine')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
