import { useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { AuditEntry, AuditVerify } from '../api/types.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorAlert, ErrorResult } from '../components/States.tsx';
import { can } from '../layout/nav.ts';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, auditActionWords, auditTypeWords } from '../lib/auditWords.ts';
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

/** An action or object type in words; a code the catalogues do not know stays visibly a code. */
function Words({ words, code, testId }: { words: string | null; code: string | null; testId: string }) {
  const { t } = useTranslation();
  if (code == null) return <>—</>;
  if (words != null) return <span data-testid={testId}>{words}</span>;
  return (
    <Tooltip title={t('audit.unknownCode')}>
      <Typography.Text code data-testid={`${testId}-code`}>
        {code}
      </Typography.Text>
    </Tooltip>
  );
}

/** The opened row: the raw codes and everything the API gave this reader about the event, nothing more. */
function EventDetail({ entry, t }: { entry: AuditEntry; t: TFunction }) {
  const code = (v: string | null) => (v == null ? '—' : <Typography.Text code>{v}</Typography.Text>);
  const withheld = <Tag data-testid="audit-detail-redacted">{t('audit.redacted')}</Tag>;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      title={t('audit.details')}
      data-testid="audit-event-detail"
      items={[
        { key: 'seq', label: t('audit.seq'), children: entry.seq },
        { key: 'at', label: t('audit.at'), children: formatDateTime(entry.at) },
        { key: 'actor', label: t('audit.actor'), children: [entry.actorName, entry.actorId].filter(Boolean).join(' · ') || '—' },
        { key: 'action', label: t('audit.code'), children: code(entry.action) },
        { key: 'type', label: t('audit.objectTypeCode'), children: code(entry.objectType) },
        { key: 'id', label: t('audit.objectId'), children: entry.redacted ? withheld : code(entry.objectId) },
        { key: 'level', label: t('common.level'), children: entry.level ? <LevelBadge level={entry.level} /> : '—' },
        { key: 'request', label: t('audit.requestId'), children: code(entry.requestId) },
        {
          key: 'detail',
          label: t('audit.detail'),
          children: entry.redacted ? (
            t('audit.detailRedacted')
          ) : entry.detail == null ? (
            t('audit.noDetail')
          ) : (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="audit-detail-json">
              {JSON.stringify(entry.detail, null, 2)}
            </pre>
          ),
        },
      ]}
    />
  );
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
      action: v.action || undefined,
      objectType: v.objectType || undefined,
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
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.allActions')}
            style={{ minWidth: 240 }}
            options={AUDIT_ACTIONS.map((code) => ({ value: code, label: auditActionWords(t, code) ?? code }))}
            data-testid="audit-action-filter"
          />
        </Form.Item>
        <Form.Item name="objectType" label={t('audit.objectType')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.allTypes')}
            style={{ minWidth: 180 }}
            options={AUDIT_OBJECT_TYPES.map((type) => ({ value: type, label: auditTypeWords(t, type) ?? type }))}
          />
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
            expandedRowRender: (r) => <EventDetail entry={r} t={t} />,
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
            { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null, r) => v ?? r.actorId ?? '—' },
            { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Words words={auditActionWords(t, v)} code={v} testId="audit-action" /> },
            { title: t('audit.objectType'), dataIndex: 'objectType', render: (v: string | null) => <Words words={auditTypeWords(t, v)} code={v} testId="audit-type" /> },
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
