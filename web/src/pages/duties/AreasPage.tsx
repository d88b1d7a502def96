import { useState } from 'react';
import { App, Button, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { AREA_LEADER_ROLES, useAreas, type Area } from '../../api/duties.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { localName } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';
import { refName, UnitTreeSelect } from './common.tsx';

type Role = (typeof AREA_LEADER_ROLES)[number];
type Values = { name: string; nameEn?: string; description?: string; level: string; unitIds?: string[] } & Partial<Record<Role, string[]>>;

/** Responsibility areas (责任制): leaders by role, lead units, and how many tasks are filed under each. */
export default function AreasPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const writable = can(me.permissions, 'duties.areas');
  const areas = useAreas();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ open: boolean; area: Area | null }>({ open: false, area: null });
  const remove = useMutation({
    mutationFn: (a: Area) => api(`/duties/areas/${a.id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['duties', 'areas'] });
    },
  });
  const hidden = t('duties.hidden');
  return (
    <>
      <PageTitle
        extra={
          writable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, area: null })} data-testid="new-area">
              {t('duties.areas.new')}
            </Button>
          ) : null
        }
      >
        {t('nav.dutiesAreas')}
      </PageTitle>
      <ErrorAlert error={remove.error} />
      {areas.isError ? (
        <ErrorResult error={areas.error} onRetry={() => void areas.refetch()} />
      ) : (
        <Table<Area>
          rowKey="id"
          size="small"
          loading={areas.isPending}
          dataSource={areas.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('duties.areas.name'), dataIndex: 'name', render: (_, a) => <span data-testid="area-name">{localName(a.name, a.nameEn)}</span> },
            ...AREA_LEADER_ROLES.map((role) => ({
              title: t(`duties.areaRole.${role}`),
              key: role,
              render: (_: unknown, a: Area) =>
                a.leaders
                  .filter((l) => l.role === role)
                  .map((l) => refName({ id: l.personId, name: l.name, nameEn: l.nameEn, hidden: l.hidden }, hidden))
                  .join('、') || '—',
            })),
            { title: t('duties.areas.units'), key: 'units', render: (_, a) => a.units.map((u) => <Tag key={u.id ?? 'hidden'}>{refName(u, hidden)}</Tag>) },
            { title: t('duties.areas.tasks'), dataIndex: 'taskCount', render: (v: number, a) => <Link to={`/duties/tasks?areaId=${a.id}`}>{v}</Link> },
            { title: t('common.level'), dataIndex: 'level', render: (v: string) => <LevelBadge level={v} /> },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, a: Area) => (
                      <Space>
                        <Button size="small" onClick={() => setEditing({ open: true, area: a })}>
                          {t('common.edit')}
                        </Button>
                        <Popconfirm title={t('duties.areas.confirmDelete')} onConfirm={() => remove.mutate(a)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                          <Button size="small" danger disabled={a.taskCount > 0} title={a.taskCount > 0 ? t('duties.areas.hasTasks') : undefined}>
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <AreaForm open={editing.open} area={editing.area} onClose={() => setEditing({ open: false, area: null })} />
    </>
  );
}

function AreaForm({ open, area, onClose }: { open: boolean; area: Area | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const leaders = AREA_LEADER_ROLES.flatMap((role) => (v[role] ?? []).map((personId) => ({ personId, role })));
      const body = { name: v.name.trim(), nameEn: v.nameEn?.trim() || null, description: v.description?.trim() || null, level: v.level, leaders, unitIds: v.unitIds ?? [] };
      return area ? api(`/duties/areas/${area.id}`, { method: 'PATCH', body }) : api('/duties/areas', { method: 'POST', body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['duties', 'areas'] });
      onClose();
    },
  });
  const values: Partial<Values> = area
    ? {
        name: area.name,
        nameEn: area.nameEn ?? '',
        description: area.description ?? '',
        level: area.level,
        unitIds: area.unitIds,
        ...Object.fromEntries(AREA_LEADER_ROLES.map((role) => [role, area.leaders.filter((l) => l.role === role && l.personId).map((l) => l.personId!)])),
      }
    : { level: 'public', unitIds: [] };
  return (
    <FormModal<Values> open={open} title={area ? t('duties.areas.edit') : t('duties.areas.new')} name="area" submit={save} onClose={onClose} values={values} width={640}>
      <Form.Item name="name" label={t('duties.areas.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="nameEn" label={t('org.nameEn')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('org.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {AREA_LEADER_ROLES.map((role) => (
        <Form.Item key={role} name={role} label={t(`duties.areaRole.${role}`)}>
          <PersonSelect mode="multiple" allowClear />
        </Form.Item>
      ))}
      <Form.Item name="unitIds" label={t('duties.areas.units')}>
        <UnitTreeSelect multiple allowClear />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
