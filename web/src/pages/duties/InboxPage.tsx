import { useState } from 'react';
import { Button, Empty, List, Segmented, Space, Tag } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import type { Notification } from '../../api/duties.ts';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';

/** Notifications carry no text: the title is the record's as the reader may see it, or withheld. */
export default function InboxPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['notifications', 'list', unread, page],
    queryFn: () => api<Page<Notification>>('/notifications', { query: { unread: unread || undefined, page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => api(`/notifications/${id}/read`, { method: 'POST' }), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => api('/notifications/read-all', { method: 'POST' }), onSuccess: refresh });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Segmented
              value={unread ? 'unread' : 'all'}
              onChange={(v) => {
                setUnread(v === 'unread');
                setPage(1);
              }}
              options={[
                { value: 'all', label: t('notify.all') },
                { value: 'unread', label: t('notify.unread') },
              ]}
            />
            <Button onClick={() => readAll.mutate()} loading={readAll.isPending} data-testid="read-all">
              {t('notify.readAll')}
            </Button>
          </Space>
        }
      >
        {t('nav.notifications')}
      </PageTitle>
      <ErrorAlert error={read.error ?? readAll.error} />
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <List
          data-testid="inbox"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.none')} /> }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { total }) }}
          renderItem={(n) => (
            <List.Item
              data-testid="notification"
              data-kind={n.kind}
              data-read={n.readAt ? 'yes' : 'no'}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button key="read" size="small" onClick={() => read.mutate(n.id)} data-testid="mark-read">
                        {t('notify.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {n.readAt ? null : <Tag color="blue">{t('notify.new')}</Tag>}
                    <span>{t(`notify.kind.${n.kind}`, { defaultValue: n.kind })}</span>
                    {!n.record.title ? (
                      <span>{t('notify.withheld')}</span>
                    ) : (
                      <Link to={n.record.path} onClick={() => (n.readAt ? undefined : read.mutate(n.id))}>
                        {n.record.title}
                      </Link>
                    )}
                  </Space>
                }
                description={`${formatDateTime(n.createdAt)}${n.actorName ? ` · ${n.actorName}` : ''}`}
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}
