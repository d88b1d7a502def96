import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Timeline } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { POST_GRADES, type Clearance, type ClearanceHistory } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PageTitle } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useListFilters } from '../../components/ListFilters.tsx';

export default function ClearancesPage() {
  const { t } = useTranslation();
  const me = useMe();
  // The secrecy office asks for a grade; a second person, a security administrator, approves it.
  const writable = can(me.permissions, 'clearance.request');
  const list$ = useListFilters<{ grade?: string; q: string }>({ q: '' });
  const { grade, q } = list$.filters;
  const { page } = list$;
  const [granting, setGranting] = useState<{ open: boolean; personId?: string; personName?: string }>({ open: false });
  const [history, setHistory] = useState<Clearance | null>(null);
  const list = useQuery({
    queryKey: ['secrecy', 'clearances', grade, q, page],
    queryFn: () => api<Page<Clearance>>('/secrecy/clearances', { query: { grade, q, page, pageSize: 50 } }),
  });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Input.Search allowClear placeholder={t('secrecy.person')} aria-label={t('secrecy.person')} onSearch={(v) => list$.set('q', v)} style={{ width: 200 }} />
            <Select allowClear aria-label={t('secrecy.clearances.grade')} placeholder={t('secrecy.clearances.grade')} style={{ width: 160 }} value={grade} onChange={(v) => list$.set('grade', v)} options={POST_GRADES.map((g) => ({ value: g, label: t(`secrecy.grade.${g}`) }))} />
            {writable ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting({ open: true })} data-testid="grant-clearance">
                {t('secrecy.clearances.grant')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {t('nav.secrecyClearances')}
      </PageTitle>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Clearance>
          rowKey="personId"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.clearances.purpose')} firstStep={t('firstSteps.clearances.first')} /> }}
          pagination={list$.pagination(list.data?.total)}
          columns={[
            { title: t('secrecy.person'), dataIndex: 'personName', render: (v: string, c) => <Link to={`/org/people/${c.personId}`}>{v}</Link> },
            { title: t('secrecy.clearances.grade'), dataIndex: 'grade', render: (v: string) => t(`secrecy.grade.${v}`, { defaultValue: v }) },
            { title: t('secrecy.clearances.highestLevel'), dataIndex: 'highestLevel', render: (v: string) => <LevelBadge level={v} /> },
            { title: t('secrecy.clearances.grantedOn'), dataIndex: 'grantedOn', render: formatDate },
            { title: t('secrecy.clearances.grantedBy'), dataIndex: 'grantedBy' },
            { title: t('secrecy.clearances.basis'), dataIndex: 'basis', ellipsis: true },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, c) => (
                <Space>
                  <Button size="small" onClick={() => setHistory(c)}>
                    {t('secrecy.clearances.history')}
                  </Button>
                  {writable ? (
                    <Button size="small" onClick={() => setGranting({ open: true, personId: c.personId, personName: c.personName })}>
                      {t('secrecy.clearances.change')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      <RequestsPanel approver={can(me.permissions, 'clearance.approve')} myId={me.id} />
      <GrantModal open={granting.open} personId={granting.personId} personName={granting.personName} onClose={() => setGranting({ open: false })} />
      <Drawer open={!!history} title={history ? `${t('secrecy.clearances.history')} · ${history.personName}` : ''} onClose={() => setHistory(null)} size="large" destroyOnHidden>
        {history ? <HistoryList personId={history.personId} /> : null}
      </Drawer>
    </>
  );
}

function HistoryList({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const history = useQuery({ queryKey: ['secrecy', 'clearances', 'history', personId], queryFn: () => api<{ items: ClearanceHistory[] }>(`/secrecy/clearances/${personId}/history`) });
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorResult error={history.error} />;
  if (history.data.items.length === 0) return <Empty />;
  return (
    <Timeline
      items={history.data.items.map((h) => ({
        key: h.id,
        content: (
          <div>
            <strong>{t(`secrecy.grade.${h.grade}`, { defaultValue: h.grade })}</strong> <LevelBadge level={h.highestLevel} /> · {formatDate(h.grantedOn)}
            <div>
              {t('secrecy.clearances.grantedBy')}: {h.grantedBy}
            </div>
            <div>
              {t('secrecy.clearances.basis')}: {h.basis}
            </div>
            <div style={{ color: '#595959' }}>
              {t('secrecy.clearances.recorded', { who: h.recordedBy ?? '—', when: formatDateTime(h.recordedAt) })}
              {h.accountClearance ? <> · {t('secrecy.clearances.accountClearance')}: <LevelBadge level={h.accountClearance} /></> : null}
            </div>
          </div>
        ),
      }))}
    />
  );
}

interface GrantValues {
  personId: string;
  grade: string;
  grantedOn: Dayjs;
  grantedBy: string;
  basis: string;
}

// Antd's success colours fall short of the contrast ratio on small text; these are the project's green.
const APPROVED_STYLE = { color: '#135200', background: '#f6ffed', borderColor: '#95de64' };

interface ClearanceRequest {
  id: string;
  personId: string;
  personName: string;
  grade: string;
  grantedOn: string;
  grantedBy: string;
  basis: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedById: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** Requests for a grade: pending first; a security administrator who did not ask decides them. */
function RequestsPanel({ approver, myId }: { approver: boolean; myId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: ['secrecy', 'clearances', 'requests'], queryFn: () => api<{ items: ClearanceRequest[] }>('/secrecy/clearance-requests') });
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) => api(`/secrecy/clearance-requests/${id}/decide`, { method: 'POST', body: { approve } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['secrecy', 'clearances'] }),
  });
  if (requests.isError) return <ErrorResult error={requests.error} onRetry={() => void requests.refetch()} />;
  return (
    <Card size="small" title={t('secrecy.clearances.requests')} style={{ marginTop: 16 }} data-testid="clearance-requests">
      <ErrorAlert error={decide.error} />
      <Table<ClearanceRequest>
        rowKey="id"
        size="small"
        loading={requests.isPending}
        dataSource={requests.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyState purpose={t('firstSteps.clearanceRequests.purpose')} firstStep={t('firstSteps.clearanceRequests.first')} testId="empty-requests" /> }}
        columns={[
          { title: t('secrecy.person'), dataIndex: 'personName' },
          { title: t('secrecy.clearances.grade'), dataIndex: 'grade', render: (v: string) => t(`secrecy.grade.${v}`, { defaultValue: v }) },
          { title: t('secrecy.clearances.grantedBy'), dataIndex: 'grantedBy' },
          { title: t('secrecy.clearances.basis'), dataIndex: 'basis', ellipsis: true },
          { title: t('secrecy.clearances.requestedCol'), key: 'asked', render: (_, r) => t('secrecy.clearances.requestedBy', { who: r.requestedBy, when: formatDateTime(r.requestedAt) }) },
          {
            title: t('users.status'),
            dataIndex: 'status',
            render: (v: ClearanceRequest['status'], r) => (
              <Space size={4} wrap>
                <Tag color={v === 'pending' ? 'processing' : undefined} style={v === 'approved' ? APPROVED_STYLE : undefined}>
                  {t(`secrecy.clearances.status.${v}`)}
                </Tag>
                {r.decidedBy ? t('secrecy.clearances.decidedBy', { who: r.decidedBy }) : null}
              </Space>
            ),
          },
          ...(approver
            ? [
                {
                  title: t('common.actions'),
                  key: 'decide',
                  render: (_: unknown, r: ClearanceRequest) =>
                    r.status === 'pending' && r.requestedById !== myId ? (
                      <Space size={4}>
                        <Popconfirm title={t('secrecy.clearances.approveConfirm')} onConfirm={() => decide.mutate({ id: r.id, approve: true })} okText={t('common.yes')} cancelText={t('common.no')}>
                          <Button size="small" type="primary">
                            {t('secrecy.clearances.approve')}
                          </Button>
                        </Popconfirm>
                        <Button size="small" onClick={() => decide.mutate({ id: r.id, approve: false })}>
                          {t('secrecy.clearances.reject')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function GrantModal({ open, personId, personName, onClose }: { open: boolean; personId?: string; personName?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantValues>();
  const queryClient = useQueryClient();
  const grant = useMutation({
    mutationFn: (v: GrantValues) =>
      api<ClearanceRequest>('/secrecy/clearances', { method: 'POST', body: { ...v, grantedOn: v.grantedOn.format('YYYY-MM-DD') } }),
    onSuccess: async () => {
      void message.success(t('secrecy.clearances.requested'));
      await queryClient.invalidateQueries({ queryKey: ['secrecy', 'clearances'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.clearances.grant')}
      name="grant"
      submit={grant}
      onClose={onClose}
      form={form}
      initialValues={{ personId, grantedOn: dayjs() }}
    >
      <Alert type="info" showIcon title={t('secrecy.clearances.capNote')} style={{ marginBottom: 12 }} />
      <Form.Item name="personId" label={t('secrecy.person')} rules={[{ required: true, message: t('validation.required') }]}>
        <PersonSelect disabled={!!personId} labelRender={(o) => (o.value === personId ? personName : o.label)} />
      </Form.Item>
      <Form.Item name="grade" label={t('secrecy.clearances.grade')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={POST_GRADES.map((g) => ({ value: g, label: t(`secrecy.grade.${g}`) }))} />
      </Form.Item>
      <Form.Item name="grantedOn" label={t('secrecy.clearances.grantedOn')} rules={[{ required: true, message: t('validation.required') }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="grantedBy" label={t('secrecy.clearances.grantedBy')} rules={[{ required: true, whitespace: true, message: t('secrecy.clearances.grantedByRequired') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="basis" label={t('secrecy.clearances.basis')} rules={[{ required: true, whitespace: true, message: t('secrecy.clearances.basisRequired') }, { max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
