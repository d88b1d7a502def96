import { useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Holiday } from '../../api/duties.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate } from '../../lib/format.ts';
import { parseHolidayList } from '../../lib/holidays.ts';
import { PageTitle, yearOptions } from '../secrecy/common.tsx';

/** The holiday calendar working days follow: holidays and adjusted working days (调休) per year. */
export default function HolidaysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const writable = can(me.permissions, 'duties.calendar');
  const [year, setYear] = useState(new Date().getFullYear());
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const queryClient = useQueryClient();
  const days = useQuery({ queryKey: ['duties', 'holidays', year], queryFn: () => api<{ items: Holiday[] }>('/duties/holidays', { query: { year } }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['duties'] });
  const remove = useMutation({ mutationFn: (day: string) => api(`/duties/holidays/${day}`, { method: 'DELETE' }), onSuccess: refresh });
  const add = useMutation({
    mutationFn: (v: { day: Dayjs; kind: string; name: string }) => api('/duties/holidays', { method: 'POST', body: { day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() } }),
    onSuccess: async () => {
      await refresh();
      setAdding(false);
    },
  });
  const replace = useMutation({
    mutationFn: (v: { list: string }) => {
      const parsed = parseHolidayList(v.list, year);
      if (parsed.errors.length) throw new Error(t('duties.holidays.badLines', { lines: parsed.errors.map((e) => e.line).join(', ') }));
      return api<{ items: Holiday[] }>(`/duties/holidays/${year}`, { method: 'PUT', body: { items: parsed.items } });
    },
    onSuccess: async (r) => {
      void message.success(t('duties.holidays.imported', { count: r.items.length }));
      await refresh();
      setImporting(false);
    },
  });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Select aria-label={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={setYear} options={yearOptions()} />
            {writable ? (
              <>
                <Button onClick={() => setAdding(true)} data-testid="add-holiday">
                  {t('duties.holidays.add')}
                </Button>
                <Button type="primary" onClick={() => setImporting(true)} data-testid="import-holidays">
                  {t('duties.holidays.import')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      >
        {t('nav.dutiesHolidays')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('duties.holidays.help')}</Typography.Paragraph>
      <ErrorAlert error={remove.error} />
      {days.isError ? (
        <ErrorResult error={days.error} onRetry={() => void days.refetch()} />
      ) : (
        <Table<Holiday>
          rowKey="day"
          size="small"
          loading={days.isPending}
          dataSource={days.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.holidays.none', { year })} /> }}
          columns={[
            { title: t('duties.holidays.day'), dataIndex: 'day', render: formatDate },
            { title: t('duties.holidays.kind'), dataIndex: 'kind', render: (v: string) => <Tag color={v === 'holiday' ? 'red' : 'blue'}>{t(`duties.holidays.kinds.${v}`)}</Tag> },
            { title: t('duties.holidays.name'), dataIndex: 'name' },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_: unknown, h: Holiday) => (
                      <Popconfirm title={t('duties.holidays.confirmDelete')} onConfirm={() => remove.mutate(h.day)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                        <Button size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <FormModal open={adding} title={t('duties.holidays.add')} name="holiday" submit={add} onClose={() => setAdding(false)} initialValues={{ kind: 'holiday' }}>
        <Form.Item name="day" label={t('duties.holidays.day')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label={t('duties.holidays.kind')}>
          <Radio.Group options={['holiday', 'workday'].map((k) => ({ value: k, label: t(`duties.holidays.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('duties.holidays.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
          <Input />
        </Form.Item>
      </FormModal>
      <FormModal open={importing} title={t('duties.holidays.importTitle', { year })} name="holidayImport" submit={replace} onClose={() => setImporting(false)} intro={<Typography.Paragraph>{t('duties.holidays.importHelp', { year })}</Typography.Paragraph>}>
        <Form.Item name="list" label={t('duties.holidays.list')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={12} placeholder={`${year}-01-01 休 元旦\n${year}-02-04 班 春节调休`} data-testid="holiday-list" />
        </Form.Item>
      </FormModal>
    </>
  );
}
