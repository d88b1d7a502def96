import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ANSWERS, SEVERITIES, type Campaign, type InspectionFinding } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PageTitle } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  const style =
    severity === 'high'
      ? { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' }
      : severity === 'medium'
        ? { color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }
        : { color: '#003a8c', background: '#e6f4ff', borderColor: '#69b1ff' };
  return <Tag style={style}>{t(`secrecy.severity.${severity}`, { defaultValue: severity })}</Tag>;
}

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const writable = can(me.permissions, 'secrecy.manage');
  const [adding, setAdding] = useState(false);
  const campaign = useQuery({ queryKey: ['secrecy', 'inspections', 'one', id], queryFn: () => api<Campaign>(`/secrecy/inspections/${id}`) });
  if (campaign.isPending) return <Loading />;
  if (campaign.isError) return <ErrorResult error={campaign.error} onRetry={() => void campaign.refetch()} />;
  const c = campaign.data;
  return (
    <>
      <PageTitle extra={<Link to="/secrecy/inspections">{t('nav.secrecyInspections')}</Link>}>
        {c.year} · {c.title}
      </PageTitle>
      <Card size="small" title={t('secrecy.inspections.units')}>
        <Table
          rowKey="unitId"
          size="small"
          pagination={false}
          dataSource={c.units}
          expandable={{ expandedRowRender: (u) => <AnswersForm campaign={c} unitId={u.unitId} writable={writable} />, rowExpandable: (u) => !u.unitHidden }}
          columns={[
            { title: t('secrecy.unit'), dataIndex: 'unitName', render: (v: string | null, u) => (u.unitHidden ? t('secrecy.hiddenUnit') : v) },
            { title: t('secrecy.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`secrecy.inspections.unitStatus.${v}`, { defaultValue: v })}</Tag> },
            { title: t('secrecy.inspections.answered'), key: 'n', render: (_, u) => `${u.answers.length} / ${c.items.length}` },
            { title: t('secrecy.inspections.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('secrecy.inspections.findings')}
        style={{ marginTop: 16 }}
        extra={
          writable ? (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-finding">
              {t('secrecy.inspections.addFinding')}
            </Button>
          ) : null
        }
      >
        <Table<InspectionFinding>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.findings}
          locale={{ emptyText: <Empty description={t('secrecy.inspections.noFindings')} /> }}
          columns={[
            { title: t('secrecy.unit'), dataIndex: 'unitName', render: (v: string | null, f) => (f.unitHidden ? t('secrecy.hiddenUnit') : v) },
            { title: t('secrecy.inspections.code'), dataIndex: 'itemCode', render: (v: string | null) => v || '—' },
            { title: t('secrecy.inspections.description'), dataIndex: 'description' },
            { title: t('secrecy.inspections.severity'), dataIndex: 'severity', render: (v: string) => <SeverityTag severity={v} /> },
            { title: t('secrecy.rectifications.owner'), key: 'o', render: (_, f) => (f.rectification.ownerHidden ? t('secrecy.hiddenPerson') : f.rectification.ownerName) },
            { title: t('secrecy.rectifications.deadline'), key: 'd', render: (_, f) => formatDate(f.rectification.deadline) },
            { title: t('secrecy.status'), key: 's', render: (_, f) => <Tag>{t(`secrecy.rectifications.status.${f.rectification.status}`, { defaultValue: f.rectification.status })}</Tag> },
          ]}
        />
      </Card>
      <FindingModal open={adding} campaign={c} onClose={() => setAdding(false)} />
    </>
  );
}

interface AnswerValues {
  answers: { itemCode: string; answer?: string; evidence?: string }[];
}

function AnswersForm({ campaign, unitId, writable }: { campaign: Campaign; unitId: string; writable: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AnswerValues>();
  const queryClient = useQueryClient();
  const unit = campaign.units.find((u) => u.unitId === unitId)!;
  const locked = unit.status === 'submitted' || !writable;
  useEffect(() => {
    form.setFieldsValue({
      answers: campaign.items.map((i) => {
        const a = unit.answers.find((x) => x.itemCode === i.code);
        return { itemCode: i.code, answer: a?.answer, evidence: a?.evidence ?? '' };
      }),
    });
  }, [campaign, unit, form]);
  const save = useMutation({
    mutationFn: ({ values, submit }: { values: AnswerValues; submit: boolean }) =>
      api<Campaign>(`/secrecy/inspections/${campaign.id}/units/${unitId}/answers`, {
        method: 'PUT',
        body: {
          submit,
          // Only the answer and evidence are form fields; the item code comes from the checklist by position.
          answers: (values.answers ?? [])
            .map((a, i) => ({ itemCode: campaign.items[i]?.code ?? '', answer: a?.answer, evidence: a?.evidence || null }))
            .filter((a) => a.answer && a.itemCode),
        },
      }),
    onSuccess: (updated) => queryClient.setQueryData(['secrecy', 'inspections', 'one', campaign.id], updated),
  });
  return (
    <div>
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" name={`answers-${unitId}`} disabled={locked}>
        <Form.List name="answers">
          {(fields) =>
            fields.map((field, i) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={`${campaign.items[i]?.code}. ${campaign.items[i]?.text}`}>
                <Form.Item name={[field.name, 'answer']} style={{ marginBottom: 8 }}>
                  <Radio.Group options={ANSWERS.map((a) => ({ value: a, label: t(`secrecy.inspections.answer.${a}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'evidence']} style={{ marginBottom: 0 }} rules={[{ max: 4000 }]}>
                  <Input.TextArea rows={2} aria-label={t('secrecy.inspections.evidence')} placeholder={t('secrecy.inspections.evidence')} />
                </Form.Item>
              </Card>
            ))
          }
        </Form.List>
        {!locked ? (
          <Space>
            <Button onClick={() => save.mutate({ values: form.getFieldsValue(), submit: false })} loading={save.isPending && !save.variables?.submit}>
              {t('common.save')}
            </Button>
            <Button type="primary" onClick={() => save.mutate({ values: form.getFieldsValue(), submit: true })} loading={save.isPending && save.variables?.submit}>
              {t('secrecy.inspections.submit')}
            </Button>
          </Space>
        ) : null}
      </Form>
    </div>
  );
}

interface FindingValues {
  unitId: string;
  itemCode?: string;
  description: string;
  severity: string;
  ownerPersonId: string;
  deadline: Dayjs;
}

function FindingModal({ open, campaign, onClose }: { open: boolean; campaign: Campaign; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FindingValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: FindingValues) =>
      api(`/secrecy/inspections/${campaign.id}/findings`, { method: 'POST', body: { ...v, itemCode: v.itemCode || null, deadline: v.deadline.format('YYYY-MM-DD') } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.inspections.addFinding')}
      name="inspectionFinding"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ severity: 'medium' }}
    >
      <Form.Item name="unitId" label={t('secrecy.unit')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={campaign.units.filter((u) => !u.unitHidden).map((u) => ({ value: u.unitId, label: u.unitName }))} />
      </Form.Item>
      <Form.Item name="itemCode" label={t('secrecy.inspections.code')}>
        <Select allowClear options={campaign.items.map((i) => ({ value: i.code, label: `${i.code}. ${i.text}` }))} />
      </Form.Item>
      <Form.Item name="description" label={t('secrecy.inspections.description')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="severity" label={t('secrecy.inspections.severity')}>
        <Radio.Group options={SEVERITIES.map((s) => ({ value: s, label: t(`secrecy.severity.${s}`) }))} />
      </Form.Item>
      <Form.Item name="ownerPersonId" label={t('secrecy.rectifications.owner')} rules={[{ required: true, message: t('validation.required') }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="deadline" label={t('secrecy.rectifications.deadline')} rules={[{ required: true, message: t('validation.required') }]}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}
