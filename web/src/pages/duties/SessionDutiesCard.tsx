import { useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Empty, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { SessionConclusionTasks, Task } from '../../api/duties.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { LightTag, StateTag } from './common.tsx';
import { AssignmentFields } from './AssignmentFields.tsx';
import { FREQUENCY_OPTIONS } from './TaskActions.tsx';

interface Values {
  deadline: Dayjs;
  areaId?: string;
  leadUnitId?: string;
  leadLeaderPersonId?: string;
  responsiblePersonId?: string;
  reportFrequency: string;
}

/**
 * A session's requirements and findings with the tasks made from each (and their state); the
 * supervision office selects some and makes one task per conclusion in one step (立项).
 */
export function SessionDutiesCard({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const mayMake = can(me.permissions, 'duties.supervise');
  const [selected, setSelected] = useState<string[]>([]);
  const [making, setMaking] = useState(false);
  const conclusions = useQuery({ queryKey: ['duties', 'session', sessionId], queryFn: () => api<{ items: SessionConclusionTasks[] }>(`/duties/sessions/${sessionId}/conclusions`) });
  const make = useMutation({
    mutationFn: (v: Values) =>
      api<{ items: Task[] }>('/duties/from-session', {
        method: 'POST',
        body: {
          sessionId,
          conclusionIds: selected,
          deadline: v.deadline.format('YYYY-MM-DD'),
          areaId: v.areaId,
          leadUnitId: v.leadUnitId,
          leadLeaderPersonId: v.leadLeaderPersonId,
          responsiblePersonId: v.responsiblePersonId,
          reportFrequency: v.reportFrequency,
        },
      }),
    onSuccess: async () => {
      setSelected([]);
      setMaking(false);
      await queryClient.invalidateQueries({ queryKey: ['duties'] });
    },
  });
  if (conclusions.isError) return <ErrorResult error={conclusions.error} onRetry={() => void conclusions.refetch()} />;
  const items = conclusions.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('duties.session.title')}
      data-testid="session-duties"
      extra={
        mayMake ? (
          <Button type="primary" disabled={selected.length === 0} onClick={() => setMaking(true)} data-testid="make-tasks">
            {t('duties.session.make', { count: selected.length })}
          </Button>
        ) : null
      }
    >
      {items.length === 0 && !conclusions.isPending ? <Empty description={t('duties.session.none')} /> : null}
      <List
        loading={conclusions.isPending}
        dataSource={items}
        renderItem={(c) => (
          <List.Item data-testid="session-conclusion" data-conclusion={c.conclusionId}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                {mayMake ? (
                  <Checkbox
                    aria-label={t('duties.session.select')}
                    checked={selected.includes(c.conclusionId)}
                    onChange={(e) => setSelected((s) => (e.target.checked ? [...s, c.conclusionId] : s.filter((x) => x !== c.conclusionId)))}
                    data-testid="select-conclusion"
                  />
                ) : null}
                <Tag>{t(`duties.source.${c.kind}`, { defaultValue: c.kind })}</Tag>
                <LevelBadge level={c.level} />
                <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, flex: 1 }}>
                  {c.text}
                </Typography.Paragraph>
              </div>
              {c.tasks.length ? (
                <Space wrap style={{ paddingInlineStart: 24 }} data-testid="conclusion-tasks">
                  {c.tasks.map((x) => (
                    <Space key={x.id} size={4}>
                      <LightTag light={x.light} />
                      <Link to={`/duties/tasks/${x.id}`}>
                        {x.code} {x.title}
                      </Link>
                      <StateTag state={x.state} />
                    </Space>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ paddingInlineStart: 24 }}>
                  {t('duties.session.noTasks')}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <FormModal<Values>
        open={making}
        title={t('duties.session.makeTitle', { count: selected.length })}
        name="fromSession"
        submit={make}
        onClose={() => setMaking(false)}
        initialValues={{ reportFrequency: 'monthly' }}
        intro={<Typography.Paragraph>{t('duties.session.makeHelp')}</Typography.Paragraph>}
      >
        <Form.Item name="deadline" label={t('duties.task.deadline')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker data-testid="field-deadline" />
        </Form.Item>
        <AssignmentFields />
        <Form.Item name="reportFrequency" label={t('duties.task.frequency')}>
          <Select options={FREQUENCY_OPTIONS(t)} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
