import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Table, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { Position, Unit } from '../../api/types.ts';
import { useMeta } from '../../auth/session.ts';
import { useMe } from '../../auth/useMe.ts';
import { ExportButton } from '../../components/ListFilters.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { KnowableButton } from '../secrecy/KnowableDrawer.tsx';
import { useLabel } from '../../components/MetaSelects.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime, localName } from '../../lib/format.ts';
import { allIds, buildUnitTree, type UnitNode } from '../../lib/unitTree.ts';
import { UnitForm } from './UnitForm.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

interface TreeData {
  key: string;
  title: React.ReactNode;
  children: TreeData[];
}

function toTree(nodes: UnitNode[]): TreeData[] {
  return nodes.map((n) => ({
    key: n.unit.id,
    title: (
      <span>
        {localName(n.unit.name, n.unit.nameEn)} {n.unit.level !== 'public' ? <LevelBadge level={n.unit.level} mark={n.unit.mark} /> : null}
      </span>
    ),
    children: toTree(n.children),
  }));
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const units = useAllUnits();
  const [form, setForm] = useState<{ open: boolean; unit: Unit | null }>({ open: false, unit: null });
  const tree = useMemo(() => buildUnitTree(units.data?.items ?? []), [units.data]);
  const expanded = useMemo(() => allIds(tree), [tree]);
  const writable = can(me.permissions, 'org.write');

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('nav.units')}
        </Typography.Title>
        <Space>
          <ExportButton path="/api/units/export" />
          {writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, unit: null })} data-testid="new-unit">
              {t('org.newUnit')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {units.isPending ? (
        <Loading />
      ) : units.isError ? (
        <ErrorResult error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={9}>
            <Card size="small" title={t('org.unitTree')}>
              {tree.length === 0 ? (
                <EmptyState purpose={t('firstSteps.units.purpose')} firstStep={t('firstSteps.units.first')} action={writable ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, unit: null })}>{t('org.newUnit')}</Button> : null} />
              ) : (
                <Tree
                  blockNode
                  key={expanded.length}
                  defaultExpandedKeys={expanded}
                  selectedKeys={id ? [id] : []}
                  treeData={toTree(tree)}
                  onSelect={(keys) => keys[0] && void navigate(`/org/units/${String(keys[0])}`)}
                  data-testid="unit-tree"
                />
              )}
            </Card>
          </Col>
          <Col xs={24} md={15}>
            {id ? (
              <UnitDetail id={id} writable={writable} onEdit={(unit) => setForm({ open: true, unit })} />
            ) : (
              <Card>
                <Empty description={t('org.selectUnit')} />
              </Card>
            )}
          </Col>
        </Row>
      )}
      <UnitForm
        open={form.open}
        unit={form.unit}
        parentId={form.unit ? null : (id ?? null)}
        tree={tree}
        onClose={() => setForm({ open: false, unit: null })}
        onSaved={(saved) => {
          setForm({ open: false, unit: null });
          void navigate(`/org/units/${saved.id}`);
        }}
      />
    </>
  );
}

function UnitDetail({ id, writable, onEdit }: { id: string; writable: boolean; onEdit: (unit: Unit) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const meta = useMeta();
  const label = useLabel();
  const queryClient = useQueryClient();
  const unit = useQuery({ queryKey: ['units', id], queryFn: () => api<Unit>(`/units/${id}`) });
  const positions = useQuery({
    queryKey: ['positions', 'unit', id],
    queryFn: () => api<Page<Position>>('/positions', { query: { unitId: id, current: true, pageSize: 500 } }),
    enabled: unit.isSuccess,
  });
  const remove = useMutation({
    mutationFn: () => api(`/units/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      void navigate('/org/units');
    },
  });
  if (unit.isPending) return <Loading />;
  if (unit.isError) return <ErrorResult error={unit.error} />;
  const u = unit.data;
  return (
    <Card
      title={
        <Space>
          <span data-testid="unit-title">{localName(u.name, u.nameEn)}</span>
          <LevelBadge level={u.level} mark={u.mark} />
          <KnowableButton objectType="unit" objectId={u.id} level={u.level} />
        </Space>
      }
      extra={
        writable ? (
          <Space>
            <Button onClick={() => onEdit(u)}>{t('common.edit')}</Button>
            <Popconfirm title={t('org.deleteUnitConfirm')} onConfirm={() => remove.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger loading={remove.isPending}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      <ErrorAlert error={remove.error} />
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('org.name')}>{u.name}</Descriptions.Item>
        <Descriptions.Item label={t('org.nameEn')}>{u.nameEn || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.kind')}>{label(meta.data?.unitKinds, u.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('org.sortOrder')}>{u.sortOrder}</Descriptions.Item>
        <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(u.updatedAt)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('org.peopleHere')}
      </Typography.Title>
      {positions.isError ? (
        <ErrorAlert error={positions.error} />
      ) : (
        <Table<Position>
          rowKey="id"
          size="small"
          loading={positions.isPending}
          pagination={false}
          dataSource={positions.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('org.noPositions')} /> }}
          columns={[
            {
              title: t('org.person'),
              dataIndex: 'personName',
              render: (_, p) => <Link to={`/org/people/${p.personId}`}>{localName(p.personName, p.personNameEn)}</Link>,
            },
            { title: t('org.title'), dataIndex: 'title', render: (_, p) => localName(p.title, p.titleEn) },
            { title: t('org.since'), dataIndex: 'startDate', render: formatDate },
            { title: t('common.level'), dataIndex: 'level', render: (_, p) => <LevelBadge level={p.level} mark={p.mark} /> },
          ]}
        />
      )}
    </Card>
  );
}
