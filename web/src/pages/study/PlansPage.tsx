import { useEffect, useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useStudyGroups, type Plan } from '../../api/study.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime, localName } from '../../lib/format.ts';
import { yearOptions } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

export default function PlansPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const groups = useStudyGroups();
  const [creating, setCreating] = useState(false);
  const filters = { groupId: params.get('groupId') ?? undefined, year: params.get('year') ? Number(params.get('year')) : undefined };
  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const plans = useQuery({
    queryKey: ['study', 'plans', 'list', filters],
    queryFn: () => api<Page<Plan>>('/study/plans', { query: { ...filters, pageSize: 200 } }),
    placeholderData: keepPreviousData,
  });
  if (plans.isError) return <ErrorResult error={plans.error} onRetry={() => void plans.refetch()} />;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('study.plans')}
        </Typography.Title>
        {can(me.permissions, 'study.write') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-plan">
            {t('study.newPlan')}
          </Button>
        ) : null}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('study.group')}
          aria-label={t('study.group')}
          style={{ width: 280 }}
          value={filters.groupId}
          onChange={(v) => set('groupId', v)}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))}
        />
        <Select allowClear placeholder={t('study.year')} aria-label={t('study.year')} style={{ width: 110 }} value={filters.year} onChange={(v) => set('year', v)} options={yearOptions()} />
      </Space>
      <Table<Plan>
        rowKey="id"
        loading={plans.isFetching}
        dataSource={plans.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyState purpose={t('firstSteps.plans.purpose')} firstStep={t('firstSteps.plans.first')} action={can(me.permissions, 'study.write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('study.newPlan')}</Button> : null} /> }}
        columns={[
          { title: t('study.year'), dataIndex: 'year', width: 90 },
          { title: t('study.planTitle'), dataIndex: 'title', render: (_, p) => <Link to={`/study/plans/${p.id}`}>{p.title}</Link> },
          { title: t('study.group'), dataIndex: 'groupName', render: (_, p) => localName(p.groupName, p.groupNameEn) },
          { title: t('common.level'), dataIndex: 'level', render: (_, p) => <LevelBadge level={p.level} mark={p.mark} /> },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
        ]}
      />
      <PlanForm open={creating} plan={null} defaultGroupId={filters.groupId} onClose={() => setCreating(false)} />
    </>
  );
}

export function PlanForm({ open, plan, defaultGroupId, onClose }: { open: boolean; plan: Plan | null; defaultGroupId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ groupId: string; year: number; title: string; level: string }>();
  const groups = useStudyGroups();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(plan ? { groupId: plan.groupId, year: plan.year, title: plan.title, level: plan.level } : { groupId: defaultGroupId, year: new Date().getFullYear(), level: 'public' });
  }, [open, plan, defaultGroupId, form]);
  const save = useMutation({
    mutationFn: (v: { groupId: string; year: number; title: string; level: string }) =>
      plan ? api<Plan>(`/study/plans/${plan.id}`, { method: 'PATCH', body: { year: v.year, title: v.title, level: v.level } }) : api<Plan>('/study/plans', { method: 'POST', body: v }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      onClose();
      if (!plan) void navigate(`/study/plans/${saved.id}`);
    },
  });
  return (
    <FormModal open={open} title={plan ? t('study.editPlan') : t('study.newPlan')} name="plan" submit={save} onClose={onClose} form={form}>
      {!plan ? (
        <Form.Item name="groupId" label={t('study.group')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))} />
        </Form.Item>
      ) : null}
      <Form.Item name="year" label={t('study.year')} rules={[{ required: true, message: t('validation.required') }]}>
        <InputNumber min={1949} max={2200} />
      </Form.Item>
      <Form.Item name="title" label={t('study.planTitle')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
