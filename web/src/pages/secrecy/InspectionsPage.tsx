import { useMemo, useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Space, Table, TreeSelect } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import type { Campaign, CampaignSummary, InspectionTemplate } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { PageTitle, yearOptions } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export default function InspectionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const writable = can(me.permissions, 'secrecy.manage');
  const [params] = useSearchParams();
  // A year may come in the address (?year=, as the assessment dashboard links).
  const [year, setYear] = useState<number | undefined>(() => Number(params.get('year')) || undefined);
  const [modal, setModal] = useState<'template' | 'campaign' | null>(null);
  const templates = useQuery({ queryKey: ['secrecy', 'inspection-templates'], queryFn: () => api<{ items: InspectionTemplate[] }>('/secrecy/inspection-templates') });
  const campaigns = useQuery({ queryKey: ['secrecy', 'inspections', year], queryFn: () => api<Page<CampaignSummary>>('/secrecy/inspections', { query: { year, pageSize: 200 } }) });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Link to="/secrecy/rectifications">{t('nav.secrecyRectifications')}</Link>
            {writable ? (
              <>
                <Button onClick={() => setModal('template')} data-testid="new-checklist">
                  {t('secrecy.inspections.newTemplate')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('campaign')} data-testid="new-campaign">
                  {t('secrecy.inspections.newCampaign')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      >
        {t('nav.secrecyInspections')}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('secrecy.inspections.campaigns')} extra={<Select allowClear aria-label={t('secrecy.year')} placeholder={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={setYear} options={yearOptions()} />}>
            {campaigns.isError ? (
              <ErrorResult error={campaigns.error} onRetry={() => void campaigns.refetch()} />
            ) : (
              <Table<CampaignSummary>
                rowKey="id"
                size="small"
                loading={campaigns.isPending}
                dataSource={campaigns.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <EmptyState purpose={t('firstSteps.campaigns.purpose')} firstStep={t('firstSteps.campaigns.first')} /> }}
                columns={[
                  { title: t('secrecy.year'), dataIndex: 'year' },
                  { title: t('secrecy.inspections.campaignTitle'), dataIndex: 'title', render: (v: string, c) => <Link to={`/secrecy/inspections/${c.id}`}>{v}</Link> },
                  { title: t('secrecy.inspections.template'), dataIndex: 'templateId', render: (v: string) => templates.data?.items.find((x) => x.id === v)?.name ?? '—' },
                  { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('secrecy.inspections.templates')}>
            {templates.isError ? (
              <ErrorResult error={templates.error} onRetry={() => void templates.refetch()} />
            ) : (
              <Table<InspectionTemplate>
                rowKey="id"
                size="small"
                loading={templates.isPending}
                dataSource={templates.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <EmptyState purpose={t('firstSteps.checklists.purpose')} firstStep={t('firstSteps.checklists.first')} testId="empty-checklists" /> }}
                expandable={{ expandedRowRender: (x) => <ol>{x.items.map((i) => <li key={i.code}>{i.code}. {i.text}</li>)}</ol> }}
                columns={[
                  { title: t('secrecy.inspections.templateName'), dataIndex: 'name' },
                  { title: t('secrecy.inspections.items'), dataIndex: 'items', render: (v: unknown[]) => v.length },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      <TemplateModal open={modal === 'template'} onClose={() => setModal(null)} />
      <CampaignModal open={modal === 'campaign'} templates={templates.data?.items ?? []} onClose={() => setModal(null)} />
    </>
  );
}

function TemplateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; items: { code: string; text: string }[] }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { name: string; items: { code: string; text: string }[] }) => api('/secrecy/inspection-templates', { method: 'POST', body: v }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'inspection-templates'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.inspections.newTemplate')}
      name="checklist"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ items: [{ code: '1', text: '' }] }}
      width={720}
    >
      <Form.Item name="name" label={t('secrecy.inspections.templateName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.List name="items" rules={[{ validator: (_, items: unknown[]) => (items?.length ? Promise.resolve() : Promise.reject(new Error(t('secrecy.inspections.needItem')))) }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item
                  name={[field.name, 'code']}
                  rules={[
                    { required: true, whitespace: true, message: t('validation.required') },
                    ({ getFieldValue }) => ({
                      validator: (_, v: string) => {
                        const codes = ((getFieldValue('items') as { code?: string }[]) ?? []).map((i) => i?.code?.trim());
                        return v && codes.filter((c) => c === v.trim()).length > 1 ? Promise.reject(new Error(t('secrecy.inspections.codeTaken'))) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input style={{ width: 80 }} aria-label={t('secrecy.inspections.code')} placeholder={t('secrecy.inspections.code')} />
                </Form.Item>
                <Form.Item name={[field.name, 'text']} rules={[{ required: true, whitespace: true, message: t('validation.required') }]} style={{ flex: 1, minWidth: 420 }}>
                  <Input aria-label={t('secrecy.inspections.itemText')} placeholder={t('secrecy.inspections.itemText')} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: String(fields.length + 1), text: '' })}>
              {t('secrecy.inspections.addItem')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

function CampaignModal({ open, templates, onClose }: { open: boolean; templates: InspectionTemplate[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ year: number; title: string; templateId: string; unitIds: string[] }>();
  const units = useAllUnits();
  const treeData = useMemo(() => unitOptions(buildUnitTree(units.data?.items ?? [])), [units.data]);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { year: number; title: string; templateId: string; unitIds: string[] }) => api<Campaign>('/secrecy/inspections', { method: 'POST', body: v }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'inspections'] });
      onClose();
      void navigate(`/secrecy/inspections/${c.id}`);
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.inspections.newCampaign')}
      name="campaign"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ year: new Date().getFullYear() }}
    >
      <Form.Item name="year" label={t('secrecy.year')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={yearOptions()} />
      </Form.Item>
      <Form.Item name="title" label={t('secrecy.inspections.campaignTitle')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="templateId" label={t('secrecy.inspections.template')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={templates.map((x) => ({ value: x.id, label: x.name }))} notFoundContent={t('secrecy.inspections.noTemplates')} />
      </Form.Item>
      <Form.Item name="unitIds" label={t('secrecy.inspections.units')} rules={[{ required: true, type: 'array', min: 1, message: t('secrecy.inspections.needUnit') }]}>
        <TreeSelect multiple treeCheckable treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} />
      </Form.Item>
    </FormModal>
  );
}
