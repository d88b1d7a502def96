import { useMemo, useState } from 'react';
import { Button, Card, Drawer, Empty, Form, Input, List, Radio, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import { isStateSecret, useKnowable, type KnowableMember, type KnowableRegister, type ScopeObjectType } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';

/** "Who may know" (知悉范围): a button that opens the register of a record above internal. */
export function KnowableButton({ objectType, objectId, level }: { objectType: ScopeObjectType; objectId: string; level: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!isStateSecret(level) || !can(me.permissions, 'knowable.read', 'knowable.request', 'knowable.approve')) return null;
  return (
    <>
      <Button icon={<TeamOutlined />} onClick={() => setOpen(true)} data-testid="open-knowable">
        {t('secrecy.knowable.title')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('secrecy.knowable.title')} size="large" destroyOnHidden>
        {open ? <KnowablePanel objectType={objectType} objectId={objectId} /> : null}
      </Drawer>
    </>
  );
}

export function KnowablePanel({ objectType, objectId }: { objectType: ScopeObjectType; objectId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const mayRead = can(me.permissions, 'knowable.read');
  const register = useKnowable(objectType, objectId, mayRead);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="knowable-panel">
      {mayRead ? (
        register.isPending ? (
          <Loading />
        ) : register.isError ? (
          <ErrorResult error={register.error} onRetry={() => void register.refetch()} />
        ) : (
          <>
            <Entries data={register.data} objectType={objectType} objectId={objectId} />
            <Requests data={register.data} objectType={objectType} objectId={objectId} />
          </>
        )
      ) : (
        <Typography.Paragraph type="secondary" data-testid="knowable-no-read">
          {t('secrecy.knowable.noRead')}
        </Typography.Paragraph>
      )}
      {can(me.permissions, 'knowable.request') ? <RequestForm objectType={objectType} objectId={objectId} /> : null}
    </Space>
  );
}

function Entries({ data, objectType, objectId }: { data: KnowableRegister; objectType: ScopeObjectType; objectId: string }) {
  const { t } = useTranslation();
  const keeper = can(useMe().permissions, 'knowable.keep');
  return (
    <Card size="small" title={t('secrecy.knowable.entries')}>
      <List
        size="small"
        dataSource={data.entries}
        locale={{ emptyText: <Empty description={t('secrecy.knowable.empty')} /> }}
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  <Tag>{t(`secrecy.knowable.subject.${e.subjectType}`)}</Tag>
                  {e.name ?? t('secrecy.knowable.hidden')}
                </Space>
              }
              description={
                <>
                  {e.reason ? <div>{e.reason === 'author' ? t('secrecy.knowable.author') : e.reason}</div> : null}
                  <div>{formatDateTime(e.addedAt)}</div>
                  {e.people.length ? <div>{t('secrecy.knowable.through', { names: e.people.map((p) => p.name ?? t('secrecy.knowable.hidden')).join('、') })}</div> : null}
                  {e.subjectType === 'unit' ? <UnitMembers members={e.members} pending={e.pending} keeper={keeper} objectType={objectType} objectId={objectId} /> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Who a unit brings in: its approved members (admitted today or no longer), and those waiting for the secrecy officer. */
function UnitMembers({ members, pending, keeper, objectType, objectId }: { members: KnowableMember[]; pending: KnowableMember[]; keeper: boolean; objectType: ScopeObjectType; objectId: string }) {
  const { t } = useTranslation();
  const who = (m: KnowableMember) => `${m.name ?? t('secrecy.knowable.hidden')}${m.title ? ` · ${m.title}` : ''}`;
  return (
    <div data-testid="knowable-members">
      {members.map((m) => (
        <div key={m.positionId}>
          {who(m)} <Tag>{t(m.admitted ? 'secrecy.knowable.admitted' : 'secrecy.knowable.lapsed')}</Tag>
        </div>
      ))}
      {pending.length ? <Typography.Text strong>{t('secrecy.knowable.pendingMembers')}</Typography.Text> : null}
      {pending.map((m) => (
        <div key={m.positionId} data-testid="knowable-pending-member">
          {who(m)} {m.startDate ? <span>({t('secrecy.knowable.since', { date: formatDate(m.startDate) })})</span> : null}{' '}
          {keeper ? <MemberDecision objectType={objectType} objectId={objectId} positionId={m.positionId} /> : <Tag>{t('secrecy.knowable.status.pending')}</Tag>}
        </div>
      ))}
    </div>
  );
}

/** The secrecy officer approves or refuses one pending member (their own waits for another officer). */
export function MemberDecision({ objectType, objectId, positionId }: { objectType: ScopeObjectType; objectId: string; positionId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (approve: boolean) => api(`/knowable/${objectType}/${objectId}/members/${positionId}/decide`, { method: 'POST', body: { approve, note: note || null } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['knowable'] }),
  });
  return (
    <Space orientation="vertical" size={4}>
      <ErrorAlert error={decide.error} />
      <Input size="small" aria-label={t('secrecy.note')} placeholder={t('secrecy.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Space>
        <Button size="small" type="primary" onClick={() => decide.mutate(true)} loading={decide.isPending && decide.variables} data-testid="approve-member">
          {t('secrecy.knowable.approve')}
        </Button>
        <Button size="small" danger onClick={() => decide.mutate(false)} loading={decide.isPending && !decide.variables} data-testid="refuse-member">
          {t('secrecy.knowable.reject')}
        </Button>
      </Space>
    </Space>
  );
}

function Requests({ data, objectType, objectId }: { data: KnowableRegister; objectType: ScopeObjectType; objectId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const units = useAllUnits();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) => api(`/knowable/requests/${id}/decide`, { method: 'POST', body: { approve, note: notes[id] || null } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['knowable', objectType, objectId] }),
  });
  const approver = can(me.permissions, 'knowable.approve');
  const nameOf = (type: string, id: string) => (type === 'unit' ? (units.data?.items.find((u) => u.id === id)?.name ?? id) : (data.entries.find((e) => e.subjectId === id)?.name ?? id));
  return (
    <Card size="small" title={t('secrecy.knowable.requests')}>
      <ErrorAlert error={decide.error} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.requests}
        locale={{ emptyText: <Empty description={t('secrecy.knowable.noRequests')} /> }}
        columns={[
          { title: t('secrecy.knowable.subjectLabel'), key: 's', render: (_, r) => <span><Tag>{t(`secrecy.knowable.subject.${r.subjectType}`)}</Tag>{nameOf(r.subjectType, r.subjectId)}</span> },
          {
            title: t('secrecy.knowable.reason'),
            key: 'reason',
            render: (_, r) => (
              <>
                {r.reason}
                {r.wouldAdmit?.length ? <div style={{ color: '#595959' }}>{t('secrecy.knowable.wouldAdmit', { names: r.wouldAdmit.map((p) => p.name ?? t('secrecy.knowable.hidden')).join('、') })}</div> : null}
              </>
            ),
          },
          { title: t('secrecy.knowable.requestedAt'), dataIndex: 'requestedAt', render: formatDateTime },
          {
            title: t('secrecy.status'),
            key: 'st',
            render: (_, r) =>
              r.status === 'pending' && approver && r.requestedBy !== me.id ? (
                <Space orientation="vertical" size={4}>
                  <Input size="small" aria-label={t('secrecy.note')} placeholder={t('secrecy.note')} value={notes[r.id] ?? ''} onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))} />
                  <Space>
                    <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, approve: true })} loading={decide.isPending && decide.variables?.id === r.id && decide.variables.approve} data-testid="approve-request">
                      {t('secrecy.knowable.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => decide.mutate({ id: r.id, approve: false })} loading={decide.isPending && decide.variables?.id === r.id && !decide.variables.approve}>
                      {t('secrecy.knowable.reject')}
                    </Button>
                  </Space>
                </Space>
              ) : (
                <span>
                  <Tag>{t(`secrecy.knowable.status.${r.status}`)}</Tag>
                  {r.decidedAt ? formatDateTime(r.decidedAt) : null}
                  {r.decisionNote ? <div>{r.decisionNote}</div> : null}
                </span>
              ),
          },
        ]}
      />
    </Card>
  );
}

function RequestForm({ objectType, objectId }: { objectType: ScopeObjectType; objectId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ subjectType: 'person' | 'unit'; subjectId: string; reason: string }>();
  const subjectType = Form.useWatch('subjectType', form) ?? 'person';
  const units = useAllUnits();
  const treeData = useMemo(() => unitOptions(buildUnitTree(units.data?.items ?? [])), [units.data]);
  const queryClient = useQueryClient();
  const request = useMutation({
    mutationFn: (v: { subjectType: string; subjectId: string; reason: string }) => api('/knowable/requests', { method: 'POST', body: { ...v, objectType, objectId } }),
    onSuccess: () => {
      form.resetFields(['subjectId', 'reason']);
      void queryClient.invalidateQueries({ queryKey: ['knowable', objectType, objectId] });
    },
  });
  return (
    <Card size="small" title={t('secrecy.knowable.request')}>
      <ErrorAlert error={request.error} />
      {request.isSuccess ? <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('secrecy.knowable.requested')}</Tag> : null}
      <Form form={form} layout="vertical" name="knowableRequest" initialValues={{ subjectType: 'person' }} onFinish={(v) => request.mutate(v)}>
        <Form.Item name="subjectType" label={t('secrecy.knowable.subjectLabel')}>
          <Radio.Group onChange={() => form.setFieldValue('subjectId', undefined)} options={['person', 'unit'].map((s) => ({ value: s, label: t(`secrecy.knowable.subject.${s}`) }))} />
        </Form.Item>
        <Form.Item name="subjectId" label={subjectType === 'unit' ? t('secrecy.knowable.addUnit') : t('secrecy.knowable.addPerson')} rules={[{ required: true, message: t('validation.required') }]}>
          {subjectType === 'unit' ? <TreeSelect treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} /> : <PersonSelect />}
        </Form.Item>
        <Form.Item name="reason" label={t('secrecy.knowable.reason')} rules={[{ required: true, whitespace: true, message: t('secrecy.knowable.reasonRequired') }, { max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={request.isPending} data-testid="request-knowable">
          {t('secrecy.knowable.submitRequest')}
        </Button>
      </Form>
    </Card>
  );
}
