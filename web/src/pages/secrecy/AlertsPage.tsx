import { Button, Segmented, Space, Switch, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api, type Page } from '../../api/client.ts';
import type { Alert } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PageTitle } from './common.tsx';
import { useListFilters } from '../../components/ListFilters.tsx';

export default function AlertsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const list$ = useListFilters<{ all: boolean; unread: boolean }>({ all: false, unread: false });
  const { all, unread } = list$.filters;
  const { page } = list$;
  const alerts = useQuery({
    queryKey: ['secrecy', 'alerts', all, unread, page],
    queryFn: () => api<Page<Alert>>('/secrecy/alerts', { query: { all: all ? 'true' : undefined, unread: unread ? 'true' : undefined, page, pageSize: 50 } }),
  });
  const read = useMutation({
    mutationFn: (a: Alert) => api(`/secrecy/alerts/${a.id}/read`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['secrecy', 'alerts'] }),
  });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            {can(me.permissions, 'secrecy.manage') ? (
              <Segmented
                value={all ? 'all' : 'mine'}
                onChange={(v) => list$.set('all', v === 'all')}
                options={[
                  { value: 'mine', label: t('secrecy.alerts.mine') },
                  { value: 'all', label: t('secrecy.alerts.all') },
                ]}
              />
            ) : null}
            <label>
              <Switch size="small" checked={unread} onChange={(v) => list$.set('unread', v)} /> {t('secrecy.alerts.unreadOnly')}
            </label>
          </Space>
        }
      >
        {t('nav.secrecyAlerts')}
      </PageTitle>
      <ErrorAlert error={read.error} />
      {alerts.isError ? (
        <ErrorResult error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : (
        <Table<Alert>
          rowKey="id"
          size="small"
          loading={alerts.isPending}
          dataSource={alerts.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.alerts.purpose')} firstStep={t('firstSteps.alerts.first')} /> }}
          pagination={list$.pagination(alerts.data?.total)}
          columns={[
            { title: t('secrecy.alerts.kind'), dataIndex: 'kind', render: (v: string) => <Tag>{t(`secrecy.alerts.kinds.${v}`, { defaultValue: v })}</Tag> },
            { title: t('secrecy.alerts.message'), dataIndex: 'message' },
            { title: t('secrecy.alerts.carrier'), dataIndex: 'carrierTitle', render: (v: string | null) => v || '—' },
            { title: t('secrecy.alerts.due'), dataIndex: 'dueOn', render: (v: string | null) => (v ? formatDate(v) : '—') },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, a) =>
                a.readAt ? (
                  <span style={{ color: '#595959' }}>{t('secrecy.alerts.readAt', { when: formatDateTime(a.readAt) })}</span>
                ) : a.personId === me.personId ? (
                  <Button size="small" onClick={() => read.mutate(a)} loading={read.isPending && read.variables?.id === a.id}>
                    {t('secrecy.alerts.markRead')}
                  </Button>
                ) : (
                  <Tag>{t('secrecy.alerts.unread')}</Tag>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
