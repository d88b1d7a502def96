import { lazy, Suspense, useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, InputNumber, Popconfirm, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { GroupMember, StudyGroupDetail } from '../../api/types.ts';
import { useMeta } from '../../auth/session.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { KnowableButton } from '../secrecy/KnowableDrawer.tsx';
import { MetaSelect, useLabel } from '../../components/MetaSelects.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { displayOrder, formatDate, formatDateTime, joinTitles, localName, localTitles } from '../../lib/format.ts';
import { GroupForm } from './GroupsPage.tsx';
import { FormModal } from '../../components/FormModal.tsx';

const CalendarFeedsCard = lazy(() => import('../study/CalendarFeedsCard.tsx'));

export default function GroupPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const meta = useMeta();
  const label = useLabel();
  const writable = can(me.permissions, 'org.write');
  const [editing, setEditing] = useState(false);
  const [member, setMember] = useState<{ open: boolean; item: GroupMember | null }>({ open: false, item: null });
  const group = useQuery({ queryKey: ['groups', id], queryFn: () => api<StudyGroupDetail>(`/study-groups/${id}`) });
  const remove = useMutation({
    mutationFn: () => api(`/study-groups/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      void navigate('/org/groups');
    },
  });
  const removeMember = useMutation({
    mutationFn: (personId: string) => api(`/study-groups/${id}/members/${personId}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['groups'] }),
  });
  if (group.isPending) return <Loading />;
  if (group.isError) return <ErrorResult error={group.error} />;
  const g = group.data;
  const members = [...g.members].sort((a, b) => a.sortOrder - b.sortOrder);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <h1 style={{ fontSize: 20, margin: 0 }} data-testid="group-name">
              {localName(g.name, g.nameEn)}
            </h1>
            <LevelBadge level={g.level} mark={g.mark} />
            <KnowableButton objectType="study_group" objectId={g.id} level={g.level} />
          </Space>
        }
        extra={
          writable ? (
            <Space>
              <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
              <Popconfirm title={t('org.deleteGroupConfirm')} onConfirm={() => remove.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        <ErrorAlert error={remove.error} />
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('org.unit')}>
            <Link to={`/org/units/${g.unitId}`}>{localName(g.unitName, g.unitNameEn)}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.memberCount')}>{g.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('org.description')} span={2}>
            {g.description || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(g.updatedAt)}</Descriptions.Item>
          {can(me.permissions, 'study.read') ? (
            <Descriptions.Item label={t('nav.study')}>
              <Space wrap>
                <Link to={`/study/sessions?groupId=${g.id}`}>{t('study.sessions')}</Link>
                <Link to={`/study/plans?groupId=${g.id}`}>{t('study.plans')}</Link>
                <Link to={`/study/ledger?groupId=${g.id}`} data-testid="group-ledger-link">
                  {t('study.ledger')}
                </Link>
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card
        title={t('org.members')}
        extra={
          writable ? (
            <Button icon={<PlusOutlined />} onClick={() => setMember({ open: true, item: null })}>
              {t('org.addMember')}
            </Button>
          ) : null
        }
      >
        <ErrorAlert error={removeMember.error} />
        <Table<GroupMember>
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={members}
          locale={{ emptyText: <Empty description={t('org.noMembers')} /> }}
          columns={[
            { title: t('org.order'), key: 'order', width: 70, render: (_: unknown, __: GroupMember, i: number) => displayOrder(i) },
            { title: t('org.person'), dataIndex: 'personName', render: (_, m) => <Link to={`/org/people/${m.personId}`}>{localName(m.personName, m.personNameEn)}</Link> },
            { title: t('org.groupRole'), dataIndex: 'role', render: (v: string) => label(meta.data?.groupRoles, v) },
            { title: t('org.titles'), dataIndex: 'titles', render: (_: unknown, m: GroupMember) => joinTitles(localTitles(m.titles, m.titlesEn)) },
            { title: t('org.joinedOn'), dataIndex: 'joinedOn', render: formatDate },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: GroupMember) => (
                      <Space>
                        <Button size="small" onClick={() => setMember({ open: true, item: m })}>
                          {t('org.editRole')}
                        </Button>
                        <Popconfirm title={t('org.removeMemberConfirm')} onConfirm={() => removeMember.mutate(m.personId)} okText={t('common.yes')} cancelText={t('common.no')}>
                          <Button size="small" danger>
                            {t('org.removeMember')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {can(me.permissions, 'study.read') && can(me.permissions, 'tokens.own') ? (
        <Suspense fallback={null}>
          <CalendarFeedsCard target={{ scope: 'group', id: g.id }} defaultName={localName(g.name, g.nameEn)} />
        </Suspense>
      ) : null}
      <GroupForm open={editing} group={g} onClose={() => setEditing(false)} />
      <MemberForm groupId={id} open={member.open} item={member.item} nextOrder={members.length + 1} onClose={() => setMember({ open: false, item: null })} />
    </Space>
  );
}

function MemberForm({ groupId, open, item, nextOrder, onClose }: { groupId: string; open: boolean; item: GroupMember | null; nextOrder: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { personId: string; role: string; sortOrder?: number }) =>
      api(`/study-groups/${groupId}/members/${item?.personId ?? v.personId}`, { method: 'PUT', body: { role: v.role, sortOrder: v.sortOrder } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={item ? t('org.editRole') : t('org.addMember')}
      name="member"
      submit={save}
      onClose={onClose}
      initialValues={item ? { personId: item.personId, role: item.role, sortOrder: item.sortOrder } : { role: 'member', sortOrder: nextOrder - 1 }}
      preserve={false}
    >
      {item ? (
        <Form.Item label={t('org.person')}>{localName(item.personName, item.personNameEn)}</Form.Item>
      ) : (
        <Form.Item name="personId" label={t('org.person')} rules={[{ required: true, message: t('validation.required') }]}>
          <PersonSelect />
        </Form.Item>
      )}
      <Form.Item name="role" label={t('org.groupRole')} rules={[{ required: true, message: t('validation.required') }]}>
        <MetaSelect list="groupRoles" />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('org.order')}>
        <InputNumber min={0} max={10000} />
      </Form.Item>
    </FormModal>
  );
}
