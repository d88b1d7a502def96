import { useState } from 'react';
import { Button, Form, Input, Space, Table, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { StudyGroup } from '../../api/types.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { localName } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';


export default function GroupsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const groups = useQuery({ queryKey: ['groups', 'list', page], queryFn: () => api<Page<StudyGroup>>('/study-groups', { query: page }) });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('nav.groups')}
        </Typography.Title>
        {can(me.permissions, 'org.write') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('org.newGroup')}
          </Button>
        ) : null}
      </Space>
      {groups.isError ? (
        <ErrorResult error={groups.error} onRetry={() => void groups.refetch()} />
      ) : (
        <Table<StudyGroup>
          rowKey="id"
          loading={groups.isPending}
          dataSource={groups.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.groups.purpose')} firstStep={t('firstSteps.groups.first')} action={can(me.permissions, 'org.write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('org.newGroup')}</Button> : null} /> }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: groups.data?.total ?? 0, showTotal: (total) => t('common.total', { total }) }}
          onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
          columns={[
            { title: t('org.name'), dataIndex: 'name', render: (_, g) => <Link to={`/org/groups/${g.id}`}>{localName(g.name, g.nameEn)}</Link> },
            { title: t('org.unit'), dataIndex: 'unitName', render: (_, g) => localName(g.unitName, g.unitNameEn) },
            { title: t('org.memberCount'), dataIndex: 'memberCount' },
            { title: t('common.level'), dataIndex: 'level', render: (_, g) => <LevelBadge level={g.level} mark={g.mark} /> },
          ]}
        />
      )}
      <GroupForm open={creating} group={null} onClose={() => setCreating(false)} />
    </>
  );
}

interface GroupValues {
  unitId: string;
  name: string;
  nameEn?: string;
  description?: string;
  level: string;
}

export function GroupForm({ open, group, onClose }: { open: boolean; group: StudyGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const units = useAllUnits();
  const save = useMutation({
    mutationFn: (v: GroupValues) => {
      const body = { ...v, nameEn: v.nameEn || null, description: v.description || null };
      return group ? api<StudyGroup>(`/study-groups/${group.id}`, { method: 'PATCH', body }) : api<StudyGroup>('/study-groups', { method: 'POST', body });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      onClose();
      if (!group) void navigate(`/org/groups/${saved.id}`);
    },
  });
  return (
    <FormModal
      open={open}
      title={group ? t('org.editGroup') : t('org.newGroup')}
      name="group"
      submit={save}
      onClose={onClose}
      initialValues={
          group
            ? { unitId: group.unitId, name: group.name, nameEn: group.nameEn ?? '', description: group.description ?? '', level: group.level }
            : { level: 'public' }
        }
      preserve={false}
    >
      <Form.Item name="unitId" label={t('org.unit')} rules={[{ required: true, message: t('validation.required') }]}>
        <TreeSelect treeDefaultExpandAll treeData={unitOptions(buildUnitTree(units.data?.items ?? []))} />
      </Form.Item>
      <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="nameEn" label={t('org.nameEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('org.description')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
