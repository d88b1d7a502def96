import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { SignInLock, User } from '../../api/types.ts';
import { useMeta } from '../../auth/session.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { MetaSelect, useLabel } from '../../components/MetaSelects.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PASSWORD_MIN, USERNAME_PATTERN } from '../../lib/validation.ts';
import { FormModal } from '../../components/FormModal.tsx';

export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const meta = useMeta();
  const label = useLabel();
  const manage = can(me.permissions, 'users.manage');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  const users = useQuery({
    queryKey: ['users', page],
    queryFn: () => api<Page<User>>('/users', { query: page }),
    placeholderData: keepPreviousData,
  });
  const reset = useMutation({
    mutationFn: (u: User) => api<{ password: string }>(`/users/${u.id}/reset-password`, { method: 'POST' }).then((r) => ({ ...r, username: u.username })),
    onSuccess: (r) => setSecret({ username: r.username, password: r.password }),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        {manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, user: null })} data-testid="new-user">
            {t('users.create')}
          </Button>
        ) : null}
      </Space>
      <ErrorAlert error={reset.error} />
      {secret ? (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setSecret(null) }}
          title={t('users.passwordOnce', { username: secret.username })}
          description={<Typography.Text code copyable data-testid="one-time-password">{secret.password}</Typography.Text>}
        />
      ) : null}
      {users.isError ? (
        <ErrorResult error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('users.empty')} /> }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: users.data?.total ?? 0, showTotal: (total) => t('common.total', { total }) }}
          onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
          columns={[
            { title: t('auth.username'), dataIndex: 'username' },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            { title: t('users.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{label(meta.data?.roles, r)}</Tag>) },
            { title: t('header.clearance'), dataIndex: 'clearance', render: (v: User['clearance']) => <LevelBadge level={v} /> },
            {
              title: t('users.status'),
              key: 'status',
              render: (_, u) => (
                <Space size={4} wrap>
                  {u.disabled ? <Tag>{t('users.disabled')}</Tag> : null}
                  {u.totpEnabled ? <Tag>{t('users.totp')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            ...(manage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, u: User) => (
                      <Space size={4} wrap>
                        <Button size="small" onClick={() => setEditing({ open: true, user: u })}>
                          {t('common.edit')}
                        </Button>
                        {u.id !== me.id ? (
                          <Popconfirm title={t('users.resetConfirm')} onConfirm={() => reset.mutate(u)} okText={t('common.yes')} cancelText={t('common.no')}>
                            <Button size="small">{t('users.resetPassword')}</Button>
                          </Popconfirm>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {can(me.permissions, 'locks.manage') ? <LocksPanel /> : null}
      <UserForm
        open={editing.open}
        self={editing.user?.id === me.id}
        user={editing.user}
        onClose={() => setEditing({ open: false, user: null })}
        onCreated={(username, password) => password && setSecret({ username, password })}
      />
    </Space>
  );
}

interface UserValues {
  username: string;
  displayName: string;
  roles: string[];
  clearance: string;
  personId?: string | null;
  passwordMode: 'generate' | 'set';
  password?: string;
  disabled?: boolean;
}

/** Only what changed is sent: a user's own roles and person link are not theirs to change, so they are never sent unchanged either. */
function changes(user: User, v: UserValues) {
  const sameRoles = [...v.roles].sort().join() === [...user.roles].sort().join();
  return {
    displayName: v.displayName,
    ...(sameRoles ? {} : { roles: v.roles }),
    ...((v.personId ?? null) === user.personId ? {} : { personId: v.personId ?? null }),
    ...(!!v.disabled === user.disabled ? {} : { disabled: !!v.disabled }),
  };
}

/** New accounts start at most at internal: higher clearance comes from the clearance procedure. */
function StartingLevelSelect() {
  const { t } = useTranslation();
  const meta = useMeta();
  const levels = meta.data?.ceiling === 'public' ? ['public'] : ['public', 'internal'];
  return <Select options={levels.map((code) => ({ value: code, label: t(`level.${code}`) }))} />;
}

function UserForm({ open, self, user, onClose, onCreated }: { open: boolean; self: boolean; user: User | null; onClose: () => void; onCreated: (username: string, password?: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserValues>();
  const mode = Form.useWatch('passwordMode', form);
  const save = useMutation({
    mutationFn: async (v: UserValues) => {
      if (user) {
        await api(`/users/${user.id}`, { method: 'PATCH', body: changes(user, v) });
        return { username: user.username, password: undefined };
      }
      const r = await api<{ user: User; password?: string }>('/users', {
        method: 'POST',
        body: {
          username: v.username,
          displayName: v.displayName,
          roles: v.roles,
          clearance: v.clearance,
          personId: v.personId ?? undefined,
          password: v.passwordMode === 'set' ? v.password : undefined,
        },
      });
      return { username: r.user.username, password: r.password };
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onCreated(r.username, r.password);
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      name="user"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={
          user
            ? { username: user.username, displayName: user.displayName, roles: user.roles, clearance: user.clearance, personId: user.personId, disabled: user.disabled, passwordMode: 'generate' }
            : { roles: ['viewer'], clearance: 'public', passwordMode: 'generate' }
        }
      preserve={false}
    >
      <Form.Item
        name="username"
        label={t('auth.username')}
        rules={[
          { required: true, message: t('validation.required') },
          { pattern: USERNAME_PATTERN, message: t('validation.username') },
        ]}
      >
        <Input disabled={!!user} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('users.roles')}
        extra={self ? t('users.ownGrants') : t('users.appointedRoles')}
        rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
      >
        <MetaSelect list="roles" mode="multiple" disabled={self} />
      </Form.Item>
      {user ? (
        <Form.Item label={t('header.clearance')} extra={t('users.clearanceProcedure')}>
          <LevelBadge level={user.clearance} />
        </Form.Item>
      ) : (
        <Form.Item name="clearance" label={t('header.clearance')} extra={t('users.clearanceProcedure')} rules={[{ required: true, message: t('validation.required') }]}>
          <StartingLevelSelect />
        </Form.Item>
      )}
      <Form.Item name="personId" label={t('users.person')}>
        <PersonSelect allowClear disabled={self} />
      </Form.Item>
      {user ? (
        <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="passwordMode" label={t('auth.password')}>
            <Radio.Group
              options={[
                { value: 'generate', label: t('users.generatePassword') },
                { value: 'set', label: t('users.setPassword') },
              ]}
            />
          </Form.Item>
          {mode === 'set' ? (
            <Form.Item
              name="password"
              label={t('users.initialPassword')}
              rules={[
                { required: true, message: t('validation.required') },
                { min: PASSWORD_MIN, message: t('validation.passwordMin', { min: PASSWORD_MIN }) },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          ) : null}
        </>
      )}
    </FormModal>
  );
}


/** Sign-in locks, per account and address, for the secrecy office to see and lift. */
function LocksPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const locks = useQuery({ queryKey: ['sign-in-locks'], queryFn: () => api<{ items: SignInLock[] }>('/auth/locks') });
  const lift = useMutation({
    mutationFn: (l: SignInLock) => api('/auth/locks/lift', { method: 'POST', body: { userId: l.userId, address: l.address } }),
    onSuccess: async () => {
      void message.success(t('users.lifted'));
      await queryClient.invalidateQueries({ queryKey: ['sign-in-locks'] });
    },
  });
  return (
    <Card title={t('users.locks')} data-testid="locks-panel">
      <Typography.Paragraph type="secondary">{t('users.locksHelp')}</Typography.Paragraph>
      <ErrorAlert error={lift.error ?? locks.error} />
      <Table<SignInLock>
        rowKey={(l) => `${l.userId} ${l.address}`}
        size="small"
        loading={locks.isFetching}
        dataSource={locks.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('users.noLocks')} /> }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('users.address'), dataIndex: 'address', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('users.status'),
            dataIndex: 'lockedUntil',
            render: (v: string | null, l) =>
              v ? <Tag color="error">{t('users.lockedUntil', { when: formatDateTime(v) })}</Tag> : <Tag>{t('users.failuresCounting', { count: l.failures })}</Tag>,
          },
          { title: t('users.lockouts'), dataIndex: 'lockouts' },
          { title: t('users.lastFailure'), dataIndex: 'lastFailureAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, l) => (
              <Popconfirm title={t('users.liftConfirm')} onConfirm={() => lift.mutate(l)} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button size="small">{t('users.lift')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
