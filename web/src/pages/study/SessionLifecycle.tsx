import { Button, Card, DatePicker, Form, Popconfirm, Radio, Space, Steps, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useStudyMeta, type StudySession } from '../../api/study.ts';
import { ErrorAlert } from '../../components/States.tsx';
import { formatDate } from '../../lib/format.ts';
import { useStudyLabel } from './common.tsx';

const STEP_INDEX: Record<string, number> = { mark_held: 0, write_minutes: 1, approve_minutes: 2, write_release: 3 };

/**
 * Where a session stands (planned → held → minutes written → minutes approved → release) and the
 * one next step, offered here with its refusal shown beside it rather than at the top of the page.
 */
export function SessionLifecycle({
  session,
  writable,
  approver,
  onChanged,
  onWriteMinutes,
}: {
  session: StudySession;
  writable: boolean;
  approver: boolean;
  onChanged: (record: StudySession) => void;
  onWriteMinutes: () => void;
}) {
  const { t } = useTranslation();
  const meta = useStudyMeta();
  const label = useStudyLabel();
  const [form] = Form.useForm<{ date: Dayjs; halfDay?: string }>();
  const step = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<StudySession>(`/study/sessions/${session.id}/${path}`, { method: 'POST', body }),
    onSuccess: onChanged,
  });
  const next = session.nextStep;
  const current = next === null ? 4 : STEP_INDEX[next]!;
  const today = dayjs();
  const planned = dayjs(session.date);

  const action = () => {
    switch (next) {
      case 'mark_held':
        return writable ? (
          <Form
            form={form}
            layout="inline"
            name="held"
            initialValues={{ date: planned.isAfter(today) ? today : planned, halfDay: session.halfDay ?? undefined }}
            onFinish={(v) => step.mutate({ path: 'held', body: { date: v.date.format('YYYY-MM-DD'), ...(v.halfDay ? { halfDay: v.halfDay } : {}) } })}
          >
            <Form.Item name="date" label={t('study.lifecycle.heldOn')} rules={[{ required: true, message: t('validation.required') }]}>
              <DatePicker allowClear={false} data-testid="held-date" />
            </Form.Item>
            {session.halfDay || !session.startTime ? (
              <Form.Item name="halfDay" label={t('study.halfDay')}>
                <Radio.Group optionType="button" size="small" options={(meta.data?.halfDays ?? []).map((h) => ({ value: h.code, label: label('halfDays', h.code) }))} />
              </Form.Item>
            ) : null}
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={step.isPending} data-testid="mark-held">
                {t('study.lifecycle.markHeld')}
              </Button>
            </Form.Item>
          </Form>
        ) : (
          <Typography.Text type="secondary">{t('study.lifecycle.clerkMarksHeld')}</Typography.Text>
        );
      case 'write_minutes':
        return writable ? (
          <Button type="primary" onClick={onWriteMinutes} data-testid="go-write-minutes">
            {t('study.lifecycle.writeMinutes')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('study.lifecycle.clerkWritesMinutes')}</Typography.Text>
        );
      case 'approve_minutes':
        return approver ? (
          <Popconfirm title={t('study.approveConfirm')} onConfirm={() => step.mutate({ path: 'minutes/approve' })} okText={t('common.yes')} cancelText={t('common.no')}>
            <Button type="primary" loading={step.isPending} data-testid="approve-minutes">
              {t('study.approveMinutes')}
            </Button>
          </Popconfirm>
        ) : (
          <Typography.Text type="secondary">{t('study.lifecycle.leaderApproves')}</Typography.Text>
        );
      case 'write_release':
        return (
          <Link to={`/study/sessions/${session.id}/release`} data-testid="go-release">
            {t('study.lifecycle.writeRelease')}
          </Link>
        );
      default:
        return null;
    }
  };

  return (
    <Card size="small" title={t('study.lifecycle.title')} data-testid="lifecycle">
      <Steps
        size="small"
        current={current}
        status={next === null ? 'finish' : 'process'}
        items={[
          { title: t('study.lifecycle.stepHeld'), content: session.status === 'planned' ? t('study.lifecycle.plannedFor', { date: formatDate(session.date) }) : formatDate(session.date) },
          { title: t('study.lifecycle.stepMinutes') },
          { title: t('study.lifecycle.stepApproved') },
          { title: t('study.lifecycle.stepRelease') },
        ]}
      />
      <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
        <Typography.Text strong data-testid="next-step">
          {next ? t(`study.lifecycle.next.${next}`) : t('study.lifecycle.done')}
        </Typography.Text>
        {action()}
        <ErrorAlert error={step.error} style={{ marginBottom: 0 }} />
      </Space>
    </Card>
  );
}
