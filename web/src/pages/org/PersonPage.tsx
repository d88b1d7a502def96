import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { Person, Position } from '../../api/types.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { KnowableButton } from '../secrecy/KnowableDrawer.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime, localName } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { PersonForm } from './PersonForm.tsx';
import { FormModal } from '../../components/FormModal.tsx';


const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const writable = can(me.permissions, 'org.write');
  const [editing, setEditing] = useState(false);
  const [position, setPosition] = useState<{ open: boolean; item: Position | null }>({ open: false, item: null });
  const person = useQuery({ queryKey: ['people', id], queryFn: () => api<Person>(`/people/${id}`) });
  const positions = useQuery({
    queryKey: ['positions', 'person', id],
    queryFn: () => api<Page<Position>>('/positions', { query: { personId: id, pageSize: 500 } }),
    enabled: person.isSuccess,
  });
  const remove = useMutation({
    mutationFn: () => api(`/people/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      void navigate('/org/people');
    },
  });
  const end = useMutation({
    mutationFn: (p: Position) => api(`/positions/${p.id}`, { method: 'PATCH', body: { endDate: dayjs().format('YYYY-MM-DD') } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['positions'] }),
  });

  if (person.isPending) return <Loading />;
  if (person.isError) return <ErrorResult error={person.error} />;
  const p = person.data;
  const sorted = [...(positions.data?.items ?? [])].sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <h1 style={{ fontSize: 20, margin: 0 }} data-testid="person-name">
              {localName(p.name, p.nameEn)}
            </h1>
            <LevelBadge level={p.level} mark={p.mark} />
            <KnowableButton objectType="person" objectId={p.id} level={p.level} />
          </Space>
        }
        extra={
          <Space>
            {can(me.permissions, 'study.read') ? (
              <Link to={`/study/people/${p.id}`} data-testid="person-study-link">
                {t('study.personRecord')}
              </Link>
            ) : null}
            {writable ? (
            <Space>
              <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
              <Popconfirm title={t('org.deletePersonConfirm')} onConfirm={() => remove.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button danger loading={remove.isPending}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </Space>
            ) : null}
          </Space>
        }
      >
        <ErrorAlert error={remove.error} />
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('org.name')}>{p.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.nameEn')}>{p.nameEn || '—'}</Descriptions.Item>
          {p.email !== undefined ? <Descriptions.Item label={t('org.email')}>{p.email || '—'}</Descriptions.Item> : null}
          {p.phone !== undefined ? <Descriptions.Item label={t('org.phone')}>{p.phone || '—'}</Descriptions.Item> : null}
          <Descriptions.Item label={t('org.note')}>{p.note || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('org.positionsOverTime')}
        extra={
          writable ? (
            <Button icon={<PlusOutlined />} onClick={() => setPosition({ open: true, item: null })}>
              {t('org.addPosition')}
            </Button>
          ) : null
        }
      >
        <ErrorAlert error={positions.error ?? end.error} />
        <Table<Position>
          rowKey="id"
          size="small"
          loading={positions.isPending}
          pagination={false}
          dataSource={sorted}
          locale={{ emptyText: <Empty description={t('org.noPositions')} /> }}
          columns={[
            { title: t('org.unit'), dataIndex: 'unitName', render: (_, x) => <Link to={`/org/units/${x.unitId}`}>{localName(x.unitName, x.unitNameEn)}</Link> },
            { title: t('org.title'), dataIndex: 'title', render: (_, x) => localName(x.title, x.titleEn) },
            { title: t('org.rank'), dataIndex: 'rank', render: (v: string | null) => v || '—' },
            { title: t('org.startDate'), dataIndex: 'startDate', render: formatDate },
            {
              title: t('org.endDate'),
              dataIndex: 'endDate',
              render: (v: string | null) => (v ? formatDate(v) : <Tag style={{ color: '#003a8c', background: '#e6f4ff', borderColor: '#69b1ff' }}>{t('org.current')}</Tag>),
            },
            { title: t('common.level'), dataIndex: 'level', render: (_, x) => <LevelBadge level={x.level} mark={x.mark} /> },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, x: Position) => (
                      <Space>
                        <Button size="small" onClick={() => setPosition({ open: true, item: x })}>
                          {t('common.edit')}
                        </Button>
                        {!x.endDate ? (
                          <Popconfirm title={t('org.endPositionConfirm')} onConfirm={() => end.mutate(x)} okText={t('common.yes')} cancelText={t('common.no')}>
                            <Button size="small">{t('org.endPosition')}</Button>
                          </Popconfirm>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <PersonForm open={editing} person={p} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <PositionForm personId={id} open={position.open} item={position.item} onClose={() => setPosition({ open: false, item: null })} />
    </Space>
  );
}

interface PositionValues {
  unitId: string;
  title: string;
  titleEn?: string;
  rank?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  sortOrder?: number;
  level: string;
}

function PositionForm({ personId, open, item, onClose }: { personId: string; open: boolean; item: Position | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PositionValues>();
  const queryClient = useQueryClient();
  const units = useAllUnits();
  const treeData = useMemo(() => unitOptions(buildUnitTree(units.data?.items ?? [])), [units.data]);
  const values: Partial<PositionValues> = item
      ? {
          unitId: item.unitId,
          title: item.title,
          titleEn: item.titleEn ?? '',
          rank: item.rank ?? '',
          startDate: item.startDate ? dayjs(item.startDate) : null,
          endDate: item.endDate ? dayjs(item.endDate) : null,
          sortOrder: item.sortOrder,
          level: item.level,
        }
      : { level: 'public', sortOrder: 0 };
  const save = useMutation({
    mutationFn: (v: PositionValues) => {
      const body = {
        unitId: v.unitId,
        title: v.title,
        titleEn: v.titleEn || null,
        rank: v.rank || null,
        startDate: day(v.startDate),
        endDate: day(v.endDate),
        sortOrder: v.sortOrder ?? 0,
        level: v.level,
      };
      return item ? api(`/positions/${item.id}`, { method: 'PATCH', body }) : api('/positions', { method: 'POST', body: { ...body, personId } });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['positions'] });
      onClose();
    },
  });
  return (
    <FormModal open={open} title={item ? t('org.editPosition') : t('org.addPosition')} name="position" submit={save} onClose={onClose} form={form} values={values}>
      <Form.Item name="unitId" label={t('org.unit')} rules={[{ required: true, message: t('validation.required') }]}>
        <TreeSelect treeDefaultExpandAll treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} />
      </Form.Item>
      <Form.Item name="title" label={t('org.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="titleEn" label={t('org.titleEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="rank" label={t('org.rank')}>
        <Input />
      </Form.Item>
      <Space>
        <Form.Item name="startDate" label={t('org.startDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="endDate"
          label={t('org.endDate')}
          dependencies={['startDate']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | null) => {
                const start = getFieldValue('startDate') as Dayjs | null;
                return !value || !start || !value.isBefore(start, 'day') ? Promise.resolve() : Promise.reject(new Error(t('validation.endBeforeStart')));
              },
            }),
          ]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item name="sortOrder" label={t('org.sortOrder')}>
        <InputNumber min={0} max={100000} />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
