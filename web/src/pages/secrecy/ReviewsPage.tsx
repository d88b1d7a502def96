import { useState } from 'react';
import { Button, Select, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { OUTCOMES, type PublicationReview } from '../../api/secrecy.ts';
import { ErrorResult } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { PageTitle } from './common.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

export function OutcomeTag({ outcome }: { outcome: string | null }) {
  const { t } = useTranslation();
  if (!outcome) return <Tag>{t('secrecy.outcome.pending')}</Tag>;
  const style =
    outcome === 'publish'
      ? { color: '#135200', background: '#f6ffed', borderColor: '#95de64' }
      : outcome === 'do_not_publish'
        ? { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' }
        : { color: '#873800', background: '#fff7e6', borderColor: '#ffc069' };
  return <Tag style={style}>{t(`secrecy.outcome.${outcome}`)}</Tag>;
}

export default function ReviewsPage() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const reviews = useQuery({
    queryKey: ['secrecy', 'reviews', outcome, page],
    queryFn: () => api<Page<PublicationReview>>('/secrecy/reviews', { query: { outcome, page, pageSize: 20, sort: 'createdAt', order: 'desc' } }),
  });
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Select
              allowClear
              aria-label={t('secrecy.review.outcome')}
              placeholder={t('secrecy.review.outcome')}
              style={{ width: 180 }}
              value={outcome}
              onChange={(v) => {
                setOutcome(v);
                setPage(1);
              }}
              options={[...OUTCOMES, 'pending'].map((o) => ({ value: o, label: t(`secrecy.outcome.${o}`) }))}
            />
            <Link to="/secrecy/review">
              <Button type="primary">{t('secrecy.review.new')}</Button>
            </Link>
          </Space>
        }
      >
        {t('nav.secrecyReviews')}
      </PageTitle>
      {reviews.isError ? (
        <ErrorResult error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : (
        <Table<PublicationReview>
          rowKey="id"
          size="small"
          loading={reviews.isPending}
          dataSource={reviews.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.reviews.purpose')} firstStep={t('firstSteps.reviews.first')} action={<Link to="/secrecy/review">{t('nav.secrecyReview')}</Link>} /> }}
          pagination={{ current: page, total: reviews.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('secrecy.review.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/secrecy/reviews/${r.id}`}>{v}</Link> },
            { title: t('secrecy.review.hash'), dataIndex: 'draftSha256', render: (v: string) => <code title={v}>{v.slice(0, 12)}…</code> },
            { title: t('secrecy.review.draftedBy'), dataIndex: 'draftedBy', render: (v: string | null) => v || '—' },
            { title: t('secrecy.review.reviewer'), dataIndex: 'reviewerName', render: (v: string | null) => v || '—' },
            { title: t('secrecy.review.approver'), dataIndex: 'approverName', render: (v: string | null) => v || '—' },
            { title: t('secrecy.review.outcome'), dataIndex: 'outcome', render: (v: string | null) => <OutcomeTag outcome={v} /> },
            { title: t('secrecy.review.basis'), dataIndex: 'basis', ellipsis: true, render: (v: string | null) => v || '—' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          ]}
        />
      )}
    </>
  );
}
