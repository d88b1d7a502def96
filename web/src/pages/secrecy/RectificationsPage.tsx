import { useState } from 'react';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { RECTIFICATION_STATES, type Rectification } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { SeverityTag } from './CampaignPage.tsx';
import { PageTitle } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { ListFilters, useListFilters } from '../../components/ListFilters.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

export default function RectificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const list$ = useListFilters<{ status?: string }>({});
  const { status } = list$.filters;
  const [closing, setClosing] = useState<Rectification | null>(null);
  const list = useQuery({
    queryKey: ['secrecy', 'rectifications', list$.query],
    queryFn: () => api<Page<Rectification>>('/secrecy/rectifications', { query: list$.query }),
  });
  const start = useMutation({
    mutationFn: (r: Rectification) => api(`/secrecy/rectifications/${r.id}`, { method: 'PATCH', body: { status: 'in_progress' } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['secrecy'] }),
  });
  const mayChange = (r: Rectification) => r.status !== 'closed' && (can(me.permissions, 'secrecy.manage') || r.ownerPersonId === me.personId);
  return (
    <>
      <PageTitle
        extra={
          <ListFilters exportPath="/api/secrecy/rectifications/export" exportQuery={list$.filters}>
            <Select allowClear aria-label={t('secrecy.status')} placeholder={t('secrecy.status')} style={{ width: 140 }} value={status} onChange={(v) => list$.set('status', v)} options={RECTIFICATION_STATES.map((s) => ({ value: s, label: t(`secrecy.rectifications.status.${s}`) }))} />
          </ListFilters>
        }
      >
        {t('nav.secrecyRectifications')}
      </PageTitle>
      <ErrorAlert error={start.error} />
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Rectification>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.rectifications.purpose')} firstStep={t('firstSteps.rectifications.first')} action={can(me.permissions, 'secrecy.manage') ? <Link to="/secrecy/inspections">{t('nav.secrecyInspections')}</Link> : null} /> }}
          pagination={list$.pagination(list.data?.total)}
          columns={[
            { title: t('secrecy.inspections.campaignTitle'), dataIndex: 'campaignTitle', render: (v: string, r) => <Link to={`/secrecy/inspections/${r.campaignId}`}>{r.year} · {v}</Link> },
            { title: t('secrecy.unit'), dataIndex: 'unitName', render: (v: string | null, r) => (r.unitHidden ? t('secrecy.hiddenUnit') : v) },
            { title: t('secrecy.inspections.description'), dataIndex: 'description' },
            { title: t('secrecy.inspections.severity'), dataIndex: 'severity', render: (v: string) => <SeverityTag severity={v} /> },
            { title: t('secrecy.rectifications.owner'), dataIndex: 'ownerName', render: (v: string | null, r) => (r.ownerHidden ? t('secrecy.hiddenPerson') : v) },
            { title: t('secrecy.rectifications.deadline'), dataIndex: 'deadline', render: formatDate },
            { title: t('secrecy.status'), dataIndex: 'status', render: (v: string, r) => <span><Tag>{t(`secrecy.rectifications.status.${v}`, { defaultValue: v })}</Tag>{r.closedAt ? formatDateTime(r.closedAt) : null}</span> },
            { title: t('secrecy.inspections.evidence'), dataIndex: 'evidence', ellipsis: true, render: (v: string | null) => v || '—' },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, r) =>
                mayChange(r) ? (
                  <Space>
                    {r.status === 'open' ? (
                      <Button size="small" onClick={() => start.mutate(r)} loading={start.isPending && start.variables?.id === r.id}>
                        {t('secrecy.rectifications.start')}
                      </Button>
                    ) : null}
                    <Button size="small" type="primary" onClick={() => setClosing(r)}>
                      {t('secrecy.rectifications.close')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
      <CloseModal item={closing} onClose={() => setClosing(null)} />
    </>
  );
}

function CloseModal({ item, onClose }: { item: Rectification | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ evidence: string }>();
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: (v: { evidence: string }) => api(`/secrecy/rectifications/${item?.id}`, { method: 'PATCH', body: { status: 'closed', evidence: v.evidence } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={!!item}
      title={t('secrecy.rectifications.close')}
      name="closeRectification"
      submit={close}
      onClose={onClose}
      form={form}
      initialValues={{ evidence: item?.evidence ?? '' }}
    >
      <Form.Item name="evidence" label={t('secrecy.inspections.evidence')} extra={t('secrecy.rectifications.evidenceHint')} rules={[{ required: true, whitespace: true, message: t('secrecy.rectifications.evidenceRequired') }, { max: 8000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    </FormModal>
  );
}
