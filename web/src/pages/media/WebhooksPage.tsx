import { useState } from 'react';
import { Alert, App, Button, Checkbox, Drawer, Empty, Form, Input, Modal, Popconfirm, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useDeliveries, useDeliveryLog, useWebhooks, WEBHOOK_EVENTS, type DeliveryState, type WebhookDelivery, type WebhookEvent, type WebhookSubscription, type WithSecret } from '../../api/webhooks.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';

type Values = { name: string; url: string; events: WebhookEvent[]; secret?: string; active?: boolean };

// Solid tags in the darker shades: antd's light green and orange tags fall short of WCAG AA contrast (axe).
const GREEN = '#237804';
const STATE_COLORS: Record<DeliveryState, string> = { pending: 'default', sending: 'processing', retrying: '#ad4e00', delivered: GREEN, failed: 'red' };

/** 推送订阅: where published releases are sent (the portal's CMS, a WeChat bridge), and what each delivery did. */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const writable = can(me.permissions, 'webhooks.manage');
  const hooks = useWebhooks();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ open: boolean; hook: WebhookSubscription | null }>({ open: false, hook: null });
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const [log, setLog] = useState<WebhookSubscription | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const toggle = useMutation({
    mutationFn: (h: WebhookSubscription) => api(`/media/webhooks/${h.id}`, { method: 'PATCH', body: { active: !h.active } }),
    onSuccess: async () => {
      void message.success(t('webhooks.saved'));
      await refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: (h: WebhookSubscription) => api<WithSecret>(`/media/webhooks/${h.id}/secret`, { method: 'POST', body: {} }),
    onSuccess: async (made) => {
      setSecret(made);
      await refresh();
    },
  });
  const items = hooks.data?.items ?? [];
  return (
    <>
      <PageTitle
        extra={
          writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, hook: null })} data-testid="new-webhook">
              {t('webhooks.new')}
            </Button>
          ) : null
        }
      >
        {t('webhooks.title')}
      </PageTitle>
      <ErrorAlert error={toggle.error ?? rotate.error} />
      {hooks.isError ? (
        <ErrorResult error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : !hooks.isPending && items.length === 0 ? (
        <Empty
          data-testid="webhooks-empty"
          description={
            <Space direction="vertical" style={{ maxWidth: 640, textAlign: 'left' }}>
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                {t('webhooks.emptyTitle')}
              </Typography.Title>
              <Typography.Paragraph style={{ margin: 0 }}>{t('webhooks.emptyText')}</Typography.Paragraph>
              <Typography.Paragraph strong style={{ margin: 0 }}>
                {t('webhooks.emptyFirst')}
              </Typography.Paragraph>
            </Space>
          }
        >
          {writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, hook: null })}>
              {t('webhooks.new')}
            </Button>
          ) : null}
        </Empty>
      ) : (
        <Table<WebhookSubscription>
          rowKey="id"
          size="small"
          loading={hooks.isPending}
          dataSource={items}
          pagination={false}
          scroll={{ x: 960 }}
          columns={[
            { title: t('webhooks.name'), dataIndex: 'name', render: (v: string) => <span data-testid="webhook-name">{v}</span> },
            {
              title: t('webhooks.url'),
              dataIndex: 'url',
              width: 260,
              render: (v: string) => (
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {v}
                </Typography.Text>
              ),
            },
            { title: t('webhooks.events'), dataIndex: 'events', render: (v: WebhookEvent[]) => v.map((e) => <Tag key={e}>{t(`webhooks.event.${e}`)}</Tag>) },
            { title: t('webhooks.state'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color={GREEN}>{t('webhooks.active')}</Tag> : <Tag>{t('webhooks.inactive')}</Tag>) },
            {
              title: t('webhooks.deliveries'),
              key: 'deliveries',
              render: (_, h) => (
                <Button type="link" size="small" onClick={() => setLog(h)} data-testid="webhook-deliveries" style={{ padding: 0 }}>
                  {t('webhooks.counts', h.deliveries)}
                </Button>
              ),
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, h: WebhookSubscription) => (
                      <Space wrap>
                        <Button size="small" onClick={() => setEditing({ open: true, hook: h })}>
                          {t('common.edit')}
                        </Button>
                        {h.active ? (
                          <Popconfirm title={t('webhooks.confirmDeactivate')} onConfirm={() => toggle.mutate(h)} okText={t('webhooks.deactivate')} cancelText={t('common.cancel')}>
                            <Button size="small" danger>
                              {t('webhooks.deactivate')}
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Button size="small" onClick={() => toggle.mutate(h)}>
                            {t('webhooks.activate')}
                          </Button>
                        )}
                        <Popconfirm title={t('webhooks.confirmRotate')} onConfirm={() => rotate.mutate(h)} okText={t('webhooks.rotate')} cancelText={t('common.cancel')}>
                          <Button size="small">{t('webhooks.rotate')}</Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <WebhookForm open={editing.open} hook={editing.hook} onClose={() => setEditing({ open: false, hook: null })} onSecret={setSecret} />
      <Modal
        open={!!secret}
        title={t('webhooks.secretTitle')}
        onCancel={() => setSecret(null)}
        onOk={() => setSecret(null)}
        okText={t('common.close')}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('webhooks.secretOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph>{secret?.subscription.name}</Typography.Paragraph>
        <Typography.Text code copyable data-testid="webhook-secret">
          {secret?.secret}
        </Typography.Text>
      </Modal>
      <DeliveriesDrawer hook={log} writable={writable} onClose={() => setLog(null)} />
    </>
  );
}

function WebhookForm({ open, hook, onClose, onSecret }: { open: boolean; hook: WebhookSubscription | null; onClose: () => void; onSecret: (made: WithSecret) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (hook) {
        await api(`/media/webhooks/${hook.id}`, { method: 'PATCH', body: { name: v.name.trim(), url: v.url.trim(), events: v.events } });
        return null;
      }
      return api<WithSecret>('/media/webhooks', { method: 'POST', body: { name: v.name.trim(), url: v.url.trim(), events: v.events, active: v.active ?? true, ...(v.secret?.trim() ? { secret: v.secret.trim() } : {}) } });
    },
    onSuccess: async (made) => {
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      onClose();
      if (made) onSecret(made);
      else void message.success(t('webhooks.saved'));
    },
  });
  const values: Partial<Values> = hook ? { name: hook.name, url: hook.url, events: hook.events } : { events: [...WEBHOOK_EVENTS], active: true };
  return (
    <FormModal<Values> open={open} title={hook ? t('webhooks.edit') : t('webhooks.new')} name="webhook" submit={save} onClose={onClose} values={values} width={600}>
      <Form.Item name="name" label={t('webhooks.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="url" label={t('webhooks.url')} extra={t('webhooks.urlHelp')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 2000 }]}>
        <Input inputMode="url" autoComplete="off" />
      </Form.Item>
      <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}>
        <Checkbox.Group options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: t(`webhooks.event.${e}`) }))} />
      </Form.Item>
      {hook ? null : (
        <>
          <Form.Item name="secret" label={t('webhooks.secret')} extra={t('webhooks.secretHelp')} rules={[{ max: 500 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="active" label={t('webhooks.activate')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

function lastResult(t: (key: string, options?: Record<string, unknown>) => string, status: number | null, error: string | null): string {
  if (error === 'status' && status !== null) return t('webhooks.withStatus', { error: t('webhooks.errors.status'), status: t('webhooks.httpStatus', { status }) });
  if (error) return t(`webhooks.errors.${error}`);
  return status === null ? '—' : t('webhooks.httpStatus', { status });
}

function DeliveriesDrawer({ hook, writable, onClose }: { hook: WebhookSubscription | null; writable: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [state, setState] = useState<string>('all');
  const deliveries = useDeliveries(hook?.id ?? null, { page, pageSize: 20, state: state === 'all' ? undefined : state });
  const retry = useMutation({
    mutationFn: (d: WebhookDelivery) => api(`/media/webhooks/deliveries/${d.id}/retry`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      void message.success(t('webhooks.retried'));
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  return (
    <Drawer open={!!hook} title={hook ? t('webhooks.logTitle', { name: hook.name }) : ''} onClose={onClose} size="min(1040px, 100vw)" destroyOnHidden>
      <Segmented
        value={state}
        onChange={(v) => {
          setState(String(v));
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('webhooks.filterAll') },
          { value: 'open', label: t('webhooks.filterOpen') },
          { value: 'delivered', label: t('webhooks.filterDelivered') },
          { value: 'failed', label: t('webhooks.filterFailed') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={retry.error ?? deliveries.error} />
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={deliveries.isPending && !!hook}
        dataSource={deliveries.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('webhooks.noDeliveries')} /> }}
        pagination={{ current: page, pageSize: 20, total: deliveries.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (d) => <AttemptLog id={d.id} /> }}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('webhooks.events'), dataIndex: 'event', render: (v: WebhookEvent) => <Tag>{t(`webhooks.event.${v}`)}</Tag> },
          { title: t('webhooks.release'), key: 'release', render: (_, d) => `${d.release.title ?? d.release.id} · ${t('webhooks.version', { version: d.release.version })}` },
          { title: t('webhooks.state'), dataIndex: 'state', render: (v: DeliveryState) => <Tag color={STATE_COLORS[v]} data-testid="delivery-state">{t(`webhooks.states.${v}`)}</Tag> },
          { title: t('webhooks.attempts'), dataIndex: 'attempts' },
          { title: t('webhooks.lastResult'), key: 'last', render: (_, d) => lastResult(t, d.lastStatus, d.lastError) },
          { title: t('webhooks.nextAttempt'), dataIndex: 'nextAttemptAt', render: (v: string | null) => formatDateTime(v) },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, d: WebhookDelivery) =>
                    d.state === 'delivered' || d.state === 'sending' ? null : (
                      <Button size="small" onClick={() => retry.mutate(d)} loading={retry.isPending && retry.variables?.id === d.id} data-testid="delivery-retry">
                        {t('webhooks.retry')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Drawer>
  );
}

function AttemptLog({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useDeliveryLog(id, true);
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  return (
    <Table
      rowKey="attempt"
      size="small"
      loading={detail.isPending}
      dataSource={detail.data?.log ?? []}
      pagination={false}
      locale={{ emptyText: t('webhooks.noDeliveries') }}
      columns={[
        { title: t('webhooks.attemptLog'), dataIndex: 'attempt', render: (n: number) => t('webhooks.attemptNo', { n }) },
        { title: t('webhooks.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
        { title: t('webhooks.answer'), key: 'answer', render: (_, a) => (a.ok ? <Tag color={GREEN}>{t('webhooks.httpStatus', { status: a.status })}</Tag> : <Tag color="red">{lastResult(t, a.status, a.error)}</Tag>) },
        { title: t('webhooks.duration'), dataIndex: 'durationMs', render: (ms: number) => t('webhooks.durationMs', { ms }) },
      ]}
    />
  );
}
