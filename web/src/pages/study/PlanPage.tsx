import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Progress, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Plan, PlanTheme } from '../../api/study.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { displayOrder, formatDateTime, localName } from '../../lib/format.ts';
import { PlanForm } from './PlansPage.tsx';
import { FormModal } from '../../components/FormModal.tsx';

interface ThemeValues {
  title: string;
  plannedMonth?: number | null;
  requiredSessions?: number;
  hoursPerMember?: number | null;
  level: string;
}

export default function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const writable = can(me.permissions, 'study.write');
  const [editing, setEditing] = useState(false);
  const [theme, setTheme] = useState<{ open: boolean; item: PlanTheme | null }>({ open: false, item: null });
  const plan = useQuery({ queryKey: ['study', 'plans', id], queryFn: () => api<Plan>(`/study/plans/${id}`) });
  const done = (p: Plan) => {
    queryClient.setQueryData(['study', 'plans', id], p);
    void queryClient.invalidateQueries({ queryKey: ['study'] });
  };
  const removeTheme = useMutation({ mutationFn: (tid: string) => api<Plan>(`/study/plan-themes/${tid}`, { method: 'DELETE' }), onSuccess: done });
  const remove = useMutation({
    mutationFn: () => api(`/study/plans/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      void navigate('/study/plans');
    },
  });
  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorResult error={plan.error} />;
  const p = plan.data;
  const themes = [...(p.themes ?? [])].sort((a, b) => a.order - b.order);
  const studied = themes.filter((x) => x.studied).length;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        styles={{ title: { whiteSpace: 'normal' } }}
        title={
          <Space wrap>
            <h1 style={{ fontSize: 20, margin: 0 }} data-testid="plan-title">
              {p.title}
            </h1>
            <LevelBadge level={p.level} mark={p.mark} />
          </Space>
        }
        extra={
          writable ? (
            <Space>
              <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
              <Popconfirm title={t('study.deletePlanConfirm')} onConfirm={() => remove.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        <ErrorAlert error={remove.error ?? removeTheme.error} />
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('study.group')}>
            <Link to={`/study/ledger?groupId=${p.groupId}&year=${p.year}`}>{localName(p.groupName, p.groupNameEn)}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('study.year')}>{p.year}</Descriptions.Item>
          <Descriptions.Item label={t('study.coverage')}>
            <Progress percent={themes.length ? Math.round((studied / themes.length) * 100) : 0} size="small" style={{ width: 200 }} format={() => `${studied}/${themes.length}`} aria-label={t('study.coverage')} />
          </Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('study.planThemes')}
        extra={
          writable ? (
            <Button icon={<PlusOutlined />} onClick={() => setTheme({ open: true, item: null })} data-testid="add-plan-theme">
              {t('study.addTheme')}
            </Button>
          ) : null
        }
      >
        <Table<PlanTheme>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={themes}
          data-testid="plan-themes"
          locale={{ emptyText: <Empty description={t('study.noPlanThemes')} /> }}
          columns={[
            { title: t('org.order'), key: 'order', width: 60, render: (_, __, i) => displayOrder(i) },
            { title: t('study.theme'), dataIndex: 'title' },
            { title: t('study.plannedMonth'), dataIndex: 'plannedMonth', width: 100, render: (v: number | null) => (v ? t('study.monthN', { month: v }) : '—') },
            { title: t('study.requiredSessions'), dataIndex: 'requiredSessions', width: 110 },
            { title: t('study.hoursPerMember'), dataIndex: 'hoursPerMember', width: 110, render: (v: number | null) => v ?? '—' },
            {
              title: t('study.coverage'),
              key: 'coverage',
              render: (_, x) => (
                <Space wrap>
                  {x.studied ? (
                    <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('study.studied')}</Tag>
                  ) : (
                    <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('study.notYetStudied')}</Tag>
                  )}
                  <span>{t('study.sessionsHeld', { count: x.sessionsHeld })}</span>
                  {x.sessionIds.map((sid, i) => (
                    <Link key={sid} to={`/study/sessions/${sid}`}>
                      #{i + 1}
                    </Link>
                  ))}
                </Space>
              ),
            },
            { title: t('common.level'), dataIndex: 'level', render: (_, x) => <LevelBadge level={x.level} mark={x.mark} /> },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, x: PlanTheme) => (
                      <Space>
                        <Button size="small" onClick={() => setTheme({ open: true, item: x })}>
                          {t('common.edit')}
                        </Button>
                        <Popconfirm title={t('study.deleteConfirm')} onConfirm={() => removeTheme.mutate(x.id)} okText={t('common.yes')} cancelText={t('common.no')}>
                          <Button size="small" danger>
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
      </Card>
      <PlanForm open={editing} plan={p} onClose={() => setEditing(false)} />
      <ThemeForm planId={id} open={theme.open} item={theme.item} onClose={() => setTheme({ open: false, item: null })} onSaved={done} />
    </Space>
  );
}

function ThemeForm({ planId, open, item, onClose, onSaved }: { planId: string; open: boolean; item: PlanTheme | null; onClose: () => void; onSaved: (p: Plan) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ThemeValues>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      item
        ? { title: item.title, plannedMonth: item.plannedMonth, requiredSessions: item.requiredSessions, hoursPerMember: item.hoursPerMember, level: item.level }
        : { requiredSessions: 1, level: 'public' },
    );
  }, [open, item, form]);
  const save = useMutation({
    mutationFn: (v: ThemeValues) => {
      const body = { ...v, plannedMonth: v.plannedMonth ?? null, hoursPerMember: v.hoursPerMember ?? null };
      return item ? api<Plan>(`/study/plan-themes/${item.id}`, { method: 'PATCH', body }) : api<Plan>(`/study/plans/${planId}/themes`, { method: 'POST', body });
    },
    onSuccess: (p) => {
      onSaved(p);
      onClose();
    },
  });
  return (
    <FormModal open={open} title={item ? t('study.editTheme') : t('study.addTheme')} name="plan-theme" submit={save} onClose={onClose} form={form}>
      <Form.Item name="title" label={t('study.theme')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="plannedMonth" label={t('study.plannedMonth')}>
          <InputNumber min={1} max={12} />
        </Form.Item>
        <Form.Item name="requiredSessions" label={t('study.requiredSessions')}>
          <InputNumber min={0} max={100} />
        </Form.Item>
        <Form.Item name="hoursPerMember" label={t('study.hoursPerMember')}>
          <InputNumber min={0} max={1000} step={0.5} />
        </Form.Item>
      </Space>
      <Form.Item name="level" label={t('common.level')} rules={[{ required: true, message: t('validation.required') }]}>
        <LevelSelect />
      </Form.Item>
    </FormModal>
  );
}
