import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Row, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import type { Training, TrainingTotal } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate } from '../../lib/format.ts';
import { PageTitle, yearOptions } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useListFilters } from '../../components/ListFilters.tsx';

export default function TrainingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const writable = can(me.permissions, 'secrecy.manage');
  const [params] = useSearchParams();
  // A year may come in the address (?year=, as the assessment dashboard links).
  const list$ = useListFilters<{ year: number; personId?: string }>({ year: Number(params.get('year')) || new Date().getFullYear() });
  const { year, personId } = list$.filters;
  const { page } = list$;
  const [adding, setAdding] = useState(false);
  const records = useQuery({
    queryKey: ['secrecy', 'training', year, personId, page],
    queryFn: () => api<Page<Training>>('/secrecy/training', { query: { year, personId, page, pageSize: 50 } }),
  });
  const totals = useQuery({ queryKey: ['secrecy', 'training', 'totals', year], queryFn: () => api<{ year: number; items: TrainingTotal[] }>('/secrecy/training/totals', { query: { year } }) });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Select aria-label={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={(v) => list$.set('year', v)} options={yearOptions()} />
            <PersonSelect allowClear aria-label={t('secrecy.person')} placeholder={t('secrecy.person')} style={{ width: 200 }} value={personId} onChange={(v) => list$.set('personId', v)} />
            {writable ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-training">
                {t('secrecy.training.add')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {t('nav.secrecyTraining')}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('secrecy.training.records')}>
            {records.isError ? (
              <ErrorResult error={records.error} onRetry={() => void records.refetch()} />
            ) : (
              <Table<Training>
                rowKey="id"
                size="small"
                loading={records.isPending}
                dataSource={records.data?.items ?? []}
                locale={{ emptyText: <EmptyState purpose={t('firstSteps.training.purpose')} firstStep={t('firstSteps.training.first')} action={writable ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('secrecy.training.add')}</Button> : null} /> }}
                pagination={list$.pagination(records.data?.total)}
                columns={[
                  { title: t('secrecy.person'), dataIndex: 'personName' },
                  { title: t('secrecy.training.course'), dataIndex: 'course' },
                  { title: t('secrecy.training.date'), dataIndex: 'date', render: formatDate },
                  { title: t('secrecy.training.hours'), dataIndex: 'hours' },
                  { title: t('secrecy.training.provider'), dataIndex: 'provider', render: (v: string | null) => v || '—' },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('secrecy.training.totals', { year })}>
            {totals.isError ? (
              <ErrorResult error={totals.error} onRetry={() => void totals.refetch()} />
            ) : (
              <Table<TrainingTotal>
                rowKey="personId"
                size="small"
                loading={totals.isPending}
                dataSource={totals.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={t('secrecy.training.none')} /> }}
                columns={[
                  { title: t('secrecy.person'), dataIndex: 'personName' },
                  { title: t('secrecy.training.courses'), dataIndex: 'courses' },
                  { title: t('secrecy.training.hours'), dataIndex: 'hours' },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      <TrainingModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

interface TrainingValues {
  personId: string;
  course: string;
  date: Dayjs;
  hours: number;
  provider?: string;
}

function TrainingModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TrainingValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: TrainingValues) => api('/secrecy/training', { method: 'POST', body: { ...v, date: v.date.format('YYYY-MM-DD'), provider: v.provider || null } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'training'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.training.add')}
      name="training"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ date: dayjs(), hours: 2 }}
    >
      <Form.Item name="personId" label={t('secrecy.person')} rules={[{ required: true, message: t('validation.required') }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="course" label={t('secrecy.training.course')} rules={[{ required: true, whitespace: true, message: t('secrecy.training.courseRequired') }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="date" label={t('secrecy.training.date')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="hours" label={t('secrecy.training.hours')} rules={[{ required: true, message: t('validation.required') }, { type: 'number', min: 0.1, max: 1000, message: t('secrecy.training.hoursRange') }]}>
          <InputNumber min={0} max={1000} step={0.5} />
        </Form.Item>
      </Space>
      <Form.Item name="provider" label={t('secrecy.training.provider')} rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
