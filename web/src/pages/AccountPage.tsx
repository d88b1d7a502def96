import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { api } from '../api/client.ts';
import type { ApiToken } from '../api/types.ts';
import { ME_KEY } from '../auth/session.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorAlert } from '../components/States.tsx';
import { useSignOut } from '../layout/AppLayout.tsx';
import { formatDateTime } from '../lib/format.ts';
import { PASSWORD_MIN, TOTP_PATTERN } from '../lib/validation.ts';

const CalendarFeedsCard = lazy(() => import('./study/CalendarFeedsCard.tsx'));

export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('account.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <Typography.Text>({me.username})</Typography.Text>
          <LevelBadge level={me.clearance} />
          <Button onClick={() => void signOut()}>{t('auth.signOut')}</Button>
        </Space>
      </Card>
      <PasswordCard />
      <TotpCard enabled={me.totpEnabled} />
      {me.permissions.includes('tokens.own') ? <TokensCard /> : null}
      {me.permissions.includes('tokens.own') && me.permissions.includes('study.read') ? (
        <Suspense fallback={null}>
          <CalendarFeedsCard target={me.personId ? { scope: 'person', id: me.personId } : undefined} defaultName={t('study.myStudySessions')} />
        </Suspense>
      ) : null}
    </Space>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      api('/auth/password', { method: 'POST', body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    },
  });
  return (
    <Card title={t('account.changePassword')}>
      <ErrorAlert error={change.error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 400 }} onFinish={(v) => change.mutate(v)}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[
            { required: true, message: t('validation.required') },
            { min: PASSWORD_MIN, message: t('validation.passwordMin', { min: PASSWORD_MIN }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function TotpCard({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ME_KEY });

  useEffect(() => {
    if (!setup) return setQr(null);
    let live = true;
    QRCode.toDataURL(setup.uri, { margin: 1, width: 200 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [setup]);

  const start = useMutation({
    mutationFn: () => api<{ secret: string; uri: string }>('/auth/totp/setup', { method: 'POST' }),
    onSuccess: setSetup,
  });
  const enable = useMutation({
    mutationFn: (code: string) => api('/auth/totp/enable', { method: 'POST', body: { code } }),
    onSuccess: async () => {
      setSetup(null);
      void message.success(t('account.totpEnabled'));
      await refresh();
    },
  });
  const disable = useMutation({
    mutationFn: (password: string) => api('/auth/totp/disable', { method: 'POST', body: { password } }),
    onSuccess: async () => {
      void message.success(t('account.totpDisabled'));
      await refresh();
    },
  });

  return (
    <Card title={t('account.totp')} extra={enabled ? <Tag style={{ color: "#135200", background: "#f6ffed", borderColor: "#95de64" }}>{t("account.on")}</Tag> : <Tag>{t('account.off')}</Tag>}>
      {enabled ? (
        <>
          <ErrorAlert error={disable.error} />
          <Typography.Paragraph>{t('account.totpDisableHelp')}</Typography.Paragraph>
          <Form<{ password: string }> layout="inline" onFinish={(v) => disable.mutate(v.password)}>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>
              {t('account.disableTotp')}
            </Button>
          </Form>
        </>
      ) : setup ? (
        <>
          <ErrorAlert error={enable.error} />
          <Typography.Paragraph>{t('account.totpScan')}</Typography.Paragraph>
          {qr ? <img src={qr} alt={t('account.qrAlt')} width={200} height={200} data-testid="totp-qr" /> : null}
          <Typography.Paragraph>
            {t('account.totpSecret')}: <Typography.Text code copyable data-testid="totp-secret">{setup.secret}</Typography.Text>
          </Typography.Paragraph>
          <Form<{ code: string }> layout="inline" onFinish={(v) => enable.mutate(v.code)}>
            <Form.Item
              name="code"
              label={t('auth.totpCode')}
              rules={[
                { required: true, message: t('validation.required') },
                { pattern: TOTP_PATTERN, message: t('validation.totp') },
              ]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={enable.isPending}>
              {t('account.enableTotp')}
            </Button>
            <Button onClick={() => setSetup(null)}>{t('common.cancel')}</Button>
          </Form>
        </>
      ) : (
        <>
          <ErrorAlert error={start.error} />
          <Typography.Paragraph>{t('account.totpHelp')}</Typography.Paragraph>
          <Button type="primary" onClick={() => start.mutate()} loading={start.isPending}>
            {t('account.setupTotp')}
          </Button>
        </>
      )}
    </Card>
  );
}

interface TokenValues {
  name: string;
  expiresInDays?: number;
  password: string;
  totp?: string;
}

function TokensCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm<TokenValues>();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api<{ items: ApiToken[] }>('/tokens') });
  const create = useMutation({
    mutationFn: (v: TokenValues) =>
      api<{ token: string; item: ApiToken }>('/tokens', { method: 'POST', body: { ...v, totp: v.totp || undefined } }),
    onSuccess: (r) => {
      setCreated(r.token);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <Card title={t('account.tokens')}>
      <ErrorAlert error={create.error ?? revoke.error ?? tokens.error} />
      {created ? (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          style={{ marginBottom: 16 }}
          title={t('account.tokenCreated')}
          description={<Typography.Text code copyable data-testid="new-token">{created}</Typography.Text>}
        />
      ) : null}
      <Typography.Paragraph type="secondary">{t(me.totpEnabled ? 'account.tokenHelpTotp' : 'account.tokenHelp')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="name" label={t('account.tokenName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('account.expiresInDays')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name="password" label={t('account.tokenPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="token-password" />
        </Form.Item>
        {me.totpEnabled ? (
          <Form.Item
            name="totp"
            label={t('auth.totpCode')}
            rules={[
              { required: true, message: t('validation.required') },
              { pattern: TOTP_PATTERN, message: t('validation.totp') },
            ]}
          >
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('account.createToken')}
        </Button>
      </Form>
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('account.tokenName'), dataIndex: 'name' },
          { title: t('account.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          { title: t('account.lastUsed'), dataIndex: 'lastUsedAt', render: formatDateTime },
          { title: t('account.expires'), dataIndex: 'expiresAt', render: formatDateTime },
          { title: t('account.secondFactor'), dataIndex: 'secondFactor', render: (v: boolean) => (v ? t('common.yes') : t('account.internalOnly')) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, row) =>
              row.revokedAt ? (
                <Tag>{t('account.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('account.revokeConfirm')} onConfirm={() => revoke.mutate(row.id)} okText={t('common.yes')} cancelText={t('common.no')}>
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
