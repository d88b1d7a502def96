import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CalendarFeed } from '../../api/study.ts';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorAlert } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';

/**
 * The secret iCalendar addresses of the signed-in user. With a target, new feeds are made for it
 * (a group or a person) and only its feeds are listed; the address is shown once, to copy.
 */
export default function CalendarFeedsCard({ target, defaultName }: { target?: { scope: 'group' | 'person'; id: string }; defaultName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const feeds = useQuery({ queryKey: ['study', 'feeds'], queryFn: () => api<{ items: CalendarFeed[] }>('/study/calendar/feeds') });
  const create = useMutation({
    mutationFn: (v: { name: string; maxLevel: string }) =>
      api<CalendarFeed & { token: string; path: string }>('/study/calendar/feeds', { method: 'POST', body: { scope: target!.scope, targetId: target!.id, name: v.name, maxLevel: v.maxLevel } }),
    onSuccess: (feed) => {
      setCreated(new URL(feed.path, window.location.origin).toString());
      void queryClient.invalidateQueries({ queryKey: ['study', 'feeds'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/study/calendar/feeds/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['study', 'feeds'] }),
  });
  const items = (feeds.data?.items ?? []).filter((f) => !target || (f.scope === target.scope && f.targetId === target.id));
  return (
    <Card title={t('study.calendarFeeds')} data-testid="calendar-feeds">
      <Typography.Paragraph type="secondary">{t('study.calendarHelp')}</Typography.Paragraph>
      <ErrorAlert error={feeds.error ?? create.error ?? revoke.error} />
      {created ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('study.feedCreated')}
          description={
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={created} aria-label={t('study.feedAddress')} data-testid="feed-url" onFocus={(e) => e.target.select()} />
              <Button
                onClick={() => {
                  void navigator.clipboard?.writeText(created).then(() => message.success(t('study.copied')));
                }}
              >
                {t('study.copy')}
              </Button>
            </Space.Compact>
          }
          closable={{ onClose: () => setCreated(null), 'aria-label': t('common.close') }}
        />
      ) : null}
      {target ? (
        <Form layout="inline" name="feed" initialValues={{ name: defaultName, maxLevel: 'public' }} onFinish={(v) => create.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item name="name" label={t('study.feedName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="maxLevel" label={t('study.feedMaxLevel')}>
            <LevelSelect style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit" loading={create.isPending} data-testid="create-feed">
            {t('study.createFeed')}
          </Button>
        </Form>
      ) : null}
      <Table<CalendarFeed>
        rowKey="id"
        size="small"
        pagination={false}
        loading={feeds.isPending}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('study.noFeeds')} /> }}
        columns={[
          { title: t('study.feedName'), dataIndex: 'name' },
          { title: t('study.feedScope'), dataIndex: 'scope', render: (v: string) => t(`study.feedScopes.${v}`) },
          { title: t('account.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          { title: t('account.lastUsed'), dataIndex: 'lastUsedAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, f) =>
              f.revokedAt ? (
                <Tag>{t('account.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('study.revokeFeedConfirm')} onConfirm={() => revoke.mutate(f.id)} okText={t('common.yes')} cancelText={t('common.no')}>
                  <Button size="small" danger>
                    {t('account.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
