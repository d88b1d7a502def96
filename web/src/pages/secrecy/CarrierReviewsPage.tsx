import { useState } from 'react';
import { App, Button, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api, type Page } from '../../api/client.ts';
import { REVIEW_DECISIONS, type CarrierReview } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { markProblem } from '../../lib/marks.ts';
import { PageTitle, yearOptions } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useListFilters } from '../../components/ListFilters.tsx';

export default function CarrierReviewsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const writable = can(me.permissions, 'secrecy.manage');
  const list$ = useListFilters<{ year?: number; status?: string }>({ year: new Date().getFullYear() });
  const { year, status } = list$.filters;
  const { page } = list$;
  const [deciding, setDeciding] = useState<CarrierReview | null>(null);
  const reviews = useQuery({
    queryKey: ['secrecy', 'carrier-reviews', year, status, page],
    queryFn: () => api<Page<CarrierReview>>('/secrecy/carrier-reviews', { query: { year, status, page, pageSize: 50 } }),
  });
  const run = useMutation({
    mutationFn: () => api<{ ran: boolean; alerts: number; declassified: number; reviewsOpened: number }>('/secrecy/jobs/run', { method: 'POST' }),
    onSuccess: (r) => {
      void message.success(r.ran ? t('secrecy.carrierReviews.jobsDone', { alerts: r.alerts, declassified: r.declassified, reviews: r.reviewsOpened }) : t('secrecy.carrierReviews.jobsBusy'));
      void queryClient.invalidateQueries({ queryKey: ['secrecy'] });
    },
  });
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Select allowClear aria-label={t('secrecy.year')} placeholder={t('secrecy.year')} style={{ width: 110 }} value={year} onChange={(v) => list$.set('year', v)} options={yearOptions()} />
            <Select allowClear aria-label={t('secrecy.status')} placeholder={t('secrecy.status')} style={{ width: 130 }} value={status} onChange={(v) => list$.set('status', v)} options={['open', 'decided', 'closed'].map((s) => ({ value: s, label: t(`secrecy.carrierReviews.status.${s}`) }))} />
            {writable ? (
              <Button onClick={() => run.mutate()} loading={run.isPending}>
                {t('secrecy.carrierReviews.runJobs')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {t('nav.secrecyCarrierReviews')}
      </PageTitle>
      <ErrorAlert error={run.error} />
      {reviews.isError ? (
        <ErrorResult error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : (
        <Table<CarrierReview>
          rowKey="id"
          size="small"
          loading={reviews.isPending}
          dataSource={reviews.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.carrierReviews.purpose')} firstStep={t('firstSteps.carrierReviews.first')} /> }}
          pagination={list$.pagination(reviews.data?.total)}
          columns={[
            { title: t('secrecy.year'), dataIndex: 'year' },
            { title: t('secrecy.carriers.title'), dataIndex: 'title', render: (v: string, r) => `${r.number ? `${r.number} ` : ''}${v}` },
            { title: t('secrecy.carriers.mark'), dataIndex: 'mark', render: (_, r) => <LevelBadge level={r.carrierLevel} mark={r.mark} /> },
            { title: t('secrecy.carriers.periodEnd'), dataIndex: 'periodEnd', render: (v: string | null) => (v ? formatDate(v) : '—') },
            { title: t('secrecy.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`secrecy.carrierReviews.status.${v}`, { defaultValue: v })}</Tag> },
            {
              title: t('secrecy.carrierReviews.decision'),
              dataIndex: 'decision',
              render: (v: string | null, r) =>
                v ? (
                  <span>
                    {t(`secrecy.carrierReviews.decisions.${v}`, { defaultValue: v })}
                    {r.newMark ? ` → ${r.newMark}` : ''} · {r.decidedBy} · {formatDateTime(r.decidedAt)}
                    {r.note ? <div style={{ color: '#595959' }}>{r.note}</div> : null}
                  </span>
                ) : writable && r.status === 'open' ? (
                  <Button size="small" onClick={() => setDeciding(r)}>
                    {t('secrecy.carrierReviews.decide')}
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
      <DecisionModal review={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

function DecisionModal({ review, onClose }: { review: CarrierReview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: string; mark?: string; note?: string }>();
  const decision = Form.useWatch('decision', form);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { decision: string; mark?: string; note?: string }) =>
      api(`/secrecy/carrier-reviews/${review?.id}/decision`, { method: 'POST', body: { decision: v.decision, mark: v.mark || null, note: v.note || null } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['secrecy'] });
      onClose();
    },
  });
  const needsMark = decision === 'change' || decision === 'extend';
  return (
    <FormModal
      open={!!review}
      title={`${t('secrecy.carrierReviews.decide')} · ${review?.title ?? ''}`}
      name="carrierReviewDecision"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ decision: 'keep' }}
    >
      <Form.Item name="decision" label={t('secrecy.carrierReviews.decision')}>
        <Radio.Group options={REVIEW_DECISIONS.map((d) => ({ value: d, label: t(`secrecy.carrierReviews.decisions.${d}`) }))} />
      </Form.Item>
      {needsMark ? (
        <Form.Item
          name="mark"
          label={t('secrecy.carrierReviews.newMark')}
          rules={[{ validator: (_, v: string | undefined) => { const p = markProblem(v ?? ''); return p ? Promise.reject(new Error(t(`secrecy.marks.problem.${p}`))) : Promise.resolve(); } }]}
        >
          <Input placeholder={review?.mark} />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t('secrecy.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
