import { useState } from 'react';
import { Alert, Button, DatePicker, Empty, Form, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { AuditEntry, AuditVerify } from '../api/types.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorAlert, ErrorResult } from '../components/States.tsx';
import { can } from '../layout/nav.ts';
import { formatDateTime } from '../lib/format.ts';

interface Filters {
  action?: string;
  objectType?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

interface FormValues {
  action?: string;
  objectType?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const log = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => api<Page<AuditEntry>>('/audit', { query: { ...filters, ...page } }),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => api<AuditVerify>('/audit/verify') });

  const apply = (v: FormValues) => {
    setFilters({
      action: v.action?.trim() || undefined,
      objectType: v.objectType?.trim() || undefined,
      actorId: v.actorId?.trim() || undefined,
      from: v.range?.[0]?.startOf('day').toISOString(),
      to: v.range?.[1]?.endOf('day').toISOString(),
    });
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        {can(me.permissions, 'audit.verify', 'audit.read') ? (
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="verify-chain">
            {t('audit.verify')}
          </Button>
        ) : null}
      </Space>
      <ErrorAlert error={verify.error} />
      {verify.data ? (
        verify.data.ok ? (
          <Alert type="success" showIcon title={t('audit.verifyOk', { count: verify.data.checked })} data-testid="verify-result" />
        ) : (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('audit.verifyBroken', { seq: verify.data.brokenAt ?? '?', count: verify.data.checked })}
            description={verify.data.reason ?? undefined}
            data-testid="verify-result"
          />
        )
      ) : null}
      <Form<FormValues> layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear placeholder="unit.create" />
        </Form.Item>
        <Form.Item name="objectType" label={t('audit.objectType')}>
          <Input allowClear placeholder="unit" />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actor')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="range" label={t('audit.dateRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.filter')}
        </Button>
      </Form>
      {log.isError ? (
        <ErrorResult error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={log.isFetching}
          dataSource={log.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: log.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t(log.data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total }),
          }}
          onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 50 })}
          expandable={{
            rowExpandable: (r) => !r.redacted && r.detail != null,
            expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre>,
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
            { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null, r) => v ?? r.actorId ?? '—' },
            { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('audit.objectType'), dataIndex: 'objectType', render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.objectId'),
              dataIndex: 'objectId',
              render: (v: string | null, r) =>
                r.redacted ? (
                  <Tooltip title={t('audit.redactedHelp')}>
                    <Tag data-testid="audit-redacted">{t('audit.redacted')}</Tag>
                  </Tooltip>
                ) : (
                  v ?? '—'
                ),
            },
            { title: t('common.level'), dataIndex: 'level', render: (v: AuditEntry['level']) => (v ? <LevelBadge level={v} /> : '—') },
          ]}
        />
      )}
    </Space>
  );
}
