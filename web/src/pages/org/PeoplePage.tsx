import { useState } from 'react';
import { Button, Input, Space, Table, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { Person } from '../../api/types.ts';
import { useMe } from '../../auth/useMe.ts';
import { ExportButton } from '../../components/ListFilters.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime, localName } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { PersonForm } from './PersonForm.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

interface Filters {
  page: number;
  pageSize: number;
  sort: 'name' | 'createdAt';
  order: 'asc' | 'desc';
  q: string;
  unitId?: string;
}


export default function PeoplePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 20, sort: 'name', order: 'asc', q: '' });
  const [creating, setCreating] = useState(false);
  const units = useAllUnits();
  const people = useQuery({
    queryKey: ['people', 'list', filters],
    queryFn: () => api<Page<Person>>('/people', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('nav.people')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('org.searchPeople')}
            aria-label={t('org.searchPeople')}
            onSearch={(q) => setFilters((f) => ({ ...f, q, page: 1 }))}
            style={{ width: 220 }}
            data-testid="people-search"
          />
          <TreeSelect
            allowClear
            style={{ width: 240 }}
            placeholder={t('org.filterUnit')}
            aria-label={t('org.filterUnit')}
            treeDefaultExpandAll
            treeData={unitOptions(buildUnitTree(units.data?.items ?? []))}
            value={filters.unitId}
            onChange={(unitId?: string) => setFilters((f) => ({ ...f, unitId: unitId ?? undefined, page: 1 }))}
          />
          <ExportButton path="/api/people/export" query={{ q: filters.q, unitId: filters.unitId, sort: filters.sort, order: filters.order }} testId="people-export" />
          {can(me.permissions, 'org.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-person">
              {t('org.newPerson')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {people.isError ? (
        <ErrorResult error={people.error} onRetry={() => void people.refetch()} />
      ) : (
        <Table<Person>
          rowKey="id"
          loading={people.isFetching}
          dataSource={people.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.people.purpose')} firstStep={t('firstSteps.people.first')} action={can(me.permissions, 'org.write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('org.newPerson')}</Button> : null} /> }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: people.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t(people.data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total }),
          }}
          onChange={(pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setFilters((f) => ({
              ...f,
              page: pagination.current ?? 1,
              pageSize: pagination.pageSize ?? 20,
              sort: s?.order ? ((s.field as Filters['sort']) ?? 'name') : 'name',
              order: s?.order === 'descend' ? 'desc' : 'asc',
            }));
          }}
          columns={[
            {
              title: t('org.name'),
              dataIndex: 'name',
              sorter: true,
              sortOrder: filters.sort === 'name' ? (filters.order === 'asc' ? 'ascend' : 'descend') : null,
              render: (_, p) => <Link to={`/org/people/${p.id}`}>{localName(p.name, p.nameEn)}</Link>,
            },
            { title: t('org.nameEn'), dataIndex: 'nameEn', render: (v: string | null) => v || '—' },
            ...(can(me.permissions, 'org.write')
              ? [
                  { title: t('org.email'), dataIndex: 'email', render: (v: string | null) => v || '—' },
                  { title: t('org.phone'), dataIndex: 'phone', render: (v: string | null) => v || '—' },
                ]
              : []),
            { title: t('common.level'), dataIndex: 'level', render: (_: unknown, p: Person) => <LevelBadge level={p.level} mark={p.mark} /> },
            {
              title: t('common.createdAt'),
              dataIndex: 'createdAt',
              sorter: true,
              sortOrder: filters.sort === 'createdAt' ? (filters.order === 'asc' ? 'ascend' : 'descend') : null,
              render: formatDateTime,
            },
          ]}
        />
      )}
      <PersonForm
        open={creating}
        person={null}
        onClose={() => setCreating(false)}
        onSaved={(p) => {
          setCreating(false);
          void navigate(`/org/people/${p.id}`);
        }}
      />
    </>
  );
}
