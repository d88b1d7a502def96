import { useState } from 'react';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, withQuery, type Page } from '../../api/client.ts';
import { useStudyGroups, type SessionListItem } from '../../api/study.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, localName, localThemes, readerLang } from '../../lib/format.ts';
import { StatusTag, useStudyLabel, useWhen, yearOptions } from './common.tsx';
import { SessionForm } from './SessionForm.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

export default function SessionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const label = useStudyLabel();
  const when = useWhen();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const groups = useStudyGroups();
  const filters = {
    groupId: params.get('groupId') ?? undefined,
    year: params.get('year') ? Number(params.get('year')) : undefined,
    status: params.get('status') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (key: string, value: string | number | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const sessions = useQuery({
    queryKey: ['study', 'sessions', 'list', filters, paging],
    queryFn: () => api<Page<SessionListItem>>('/study/sessions', { query: { ...filters, ...paging } }),
    placeholderData: keepPreviousData,
  });
  const statuses = ['planned', 'held', 'minutes_approved', 'archived'];
  if (sessions.isError) return <ErrorResult error={sessions.error} onRetry={() => void sessions.refetch()} />;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('study.sessions')}
        </Typography.Title>
        <Space wrap>
          <a href={withQuery('/api/study/sessions/export', { ...filters, format: 'xlsx', lang: readerLang() })} download>
            {t('common.exportXlsx')}
          </a>
          {can(me.permissions, 'study.write') ? (
            <>
              <Link to="/study/import">{t('study.importRelease')}</Link>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-session">
                {t('study.newSession')}
              </Button>
            </>
          ) : null}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('study.group')}
          aria-label={t('study.group')}
          style={{ width: 280 }}
          value={filters.groupId}
          onChange={(v) => set('groupId', v)}
          loading={groups.isPending}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))}
        />
        <Select allowClear placeholder={t('study.year')} aria-label={t('study.year')} style={{ width: 110 }} value={filters.year} onChange={(v) => set('year', v)} options={yearOptions()} />
        <Select
          allowClear
          placeholder={t('study.status')}
          aria-label={t('study.status')}
          style={{ width: 160 }}
          value={filters.status}
          onChange={(v) => set('status', v)}
          options={statuses.map((s) => ({ value: s, label: label('statuses', s) }))}
        />
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('study.filterText')}
          aria-label={t('study.filterText')}
          onSearch={(q) => set('q', q)}
          style={{ width: 240 }}
          data-testid="sessions-search"
        />
      </Space>
      <Table<SessionListItem>
        rowKey="id"
        loading={sessions.isFetching}
        dataSource={sessions.data?.items ?? []}
        locale={{ emptyText: <EmptyState purpose={t('firstSteps.sessions.purpose')} firstStep={t('firstSteps.sessions.first')} action={can(me.permissions, 'study.write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('study.newSession')}</Button> : null} /> }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: sessions.data?.total ?? 0, showTotal: (total) => t('common.total', { total }) }}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        columns={[
          { title: t('study.date'), dataIndex: 'date', width: 140, render: (_, s) => <Link to={`/study/sessions/${s.id}`}>{formatDate(s.date)}</Link> },
          { title: t('study.when'), key: 'when', width: 110, render: (_, s) => when(s) },
          // The group's name is read whole: never squeezed below a few words by the themes beside it.
          { title: t('study.group'), dataIndex: 'groupName', onHeaderCell: () => ({ style: { minWidth: 220 } }), onCell: () => ({ style: { minWidth: 220 } }), render: (_, s) => localName(s.groupName, s.groupNameEn) },
          {
            title: t('study.themes'),
            dataIndex: 'themes',
            render: (_: string[], s) => {
              const themes = localThemes(s);
              return themes.length ? <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{themes.join(t('study.listSeparator'))}</Typography.Paragraph> : '—';
            },
          },
          { title: t('study.host'), dataIndex: 'hostName', width: 140, render: (_, s) => (s.hostName ? localName(s.hostName, s.hostNameEn ?? null) : '—') },
          { title: t('study.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('common.level'), dataIndex: 'level', render: (_, s) => <LevelBadge level={s.level} mark={s.mark} /> },
        ]}
      />
      <SessionForm open={creating} session={null} defaultGroupId={filters.groupId} onClose={() => setCreating(false)} />
    </>
  );
}
