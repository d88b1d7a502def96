import { useMemo } from 'react';
import { App as AntApp, Button, Input, Layout, Menu, Space, Tag } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import { ME_KEY, useMeta, useSession } from '../auth/session.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorResult, Loading } from '../components/States.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { can, filterNav } from './nav.ts';

const { Header, Sider, Content } = Layout;

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api('/auth/logout', { method: 'POST', noRedirect: true });
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      void navigate('/login');
    }
  };
}

export default function AppLayout() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const meta = useMeta();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const user = session.data?.user;
  const groups = useMemo(() => filterNav(user?.permissions ?? []), [user]);

  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorResult error={session.error} onRetry={() => void session.refetch()} />;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }

  const zh = i18n.language?.startsWith('zh');
  const roleLabel = (code: string) => {
    const r = meta.data?.roles.find((x) => x.code === code);
    return r ? (zh ? r.zh : r.en) : t(`roles.${code}`, { defaultValue: code });
  };
  const selected = groups.flatMap((g) => g.items).find((i) => location.pathname.startsWith(i.path))?.key;

  return (
    <AntApp>
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 24,
        }}
      >
        {/* The organization's name (REMIT_ORG_NAME) stands where the product's would: it is their system. */}
        <Link to="/" style={{ flex: 1, minWidth: 0, fontWeight: 600, fontSize: 18, color: '#a8071a', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="org-name">
          {meta.data?.orgName ?? t('app.name')}
        </Link>
        <Space size="middle" wrap={false}>
          {can(user.permissions, 'study.read') ? (
            <form role="search" aria-label={t('study.search')} onSubmit={(e) => e.preventDefault()}>
              <Input.Search
                key={location.pathname === '/study/search' ? location.search : 'search'}
                allowClear
                placeholder={t('study.searchPlaceholderShort')}
                aria-label={t('study.search')}
                style={{ width: 220 }}
                data-testid="header-search"
                onSearch={(q) => {
                  if (q.trim()) void navigate(`/study/search?q=${encodeURIComponent(q.trim())}`);
                }}
              />
            </form>
          ) : null}
          {can(user.permissions, 'duties.read') ? <NotificationBell /> : null}
          <Link to="/account" data-testid="header-user">
            <UserOutlined /> {user.displayName}
          </Link>
          <span data-testid="header-roles">
            {user.roles.map((r) => (
              <Tag key={r}>{roleLabel(r)}</Tag>
            ))}
          </span>
          <span aria-label={t('header.clearance')} title={t('header.clearance')}>
            <LevelBadge level={user.clearance} />
          </span>
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
            {t('auth.signOut')}
          </Button>
        </Space>
      </Header>
      <Layout>
        <Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
          <nav aria-label={t('nav.label')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              defaultOpenKeys={groups.map((g) => g.key)}
              data-testid="side-nav"
              items={groups.map((g) => ({
                key: g.key,
                type: 'group' as const,
                label: t(g.labelKey),
                children: g.items.map((i) => ({ key: i.key, label: <Link to={i.path}>{t(i.labelKey)}</Link> })),
              }))}
            />
          </nav>
        </Sider>
        <Content style={{ padding: 24 }}>
          <main>
            <Outlet context={session.data} />
          </main>
        </Content>
      </Layout>
    </Layout>
    </AntApp>
  );
}
