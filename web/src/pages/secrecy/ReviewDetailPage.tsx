import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { OUTCOMES, type Outcome, type PublicationReview, type StoredFinding } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { findingExplanation, isReferUp, publishProblem, spanMatches, unresolvedCount } from '../../lib/findings.ts';
import { FindingList, HighlightedDraft, PageTitle } from './common.tsx';
import { OutcomeTag } from './ReviewsPage.tsx';
import { FormModal } from '../../components/FormModal.tsx';

export default function ReviewDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const draft = (location.state as { text?: string } | null)?.text;
  const [active, setActive] = useState<number | null>(null);
  const [resolving, setResolving] = useState<StoredFinding | null>(null);
  const review = useQuery({ queryKey: ['secrecy', 'reviews', id], queryFn: () => api<PublicationReview>(`/secrecy/reviews/${id}`) });
  if (review.isPending) return <Loading />;
  if (review.isError) return <ErrorResult error={review.error} onRetry={() => void review.refetch()} />;
  const r = review.data;
  const findings = r.findings ?? [];
  const mayResolve = !r.outcome && (r.reviewerId === me.id || can(me.permissions, 'secrecy.review.decide'));
  const showDraft = draft !== undefined && findings.every((f) => spanMatches(draft, f));

  return (
    <>
      <PageTitle extra={<Link to="/secrecy/reviews">{t('nav.secrecyReviews')}</Link>}>
        <span data-testid="review-title-heading">{r.title}</span> <LevelBadge level={r.level} mark={r.mark} />
      </PageTitle>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('secrecy.review.hash')}>
            <Typography.Text code copyable>
              {r.draftSha256}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.length')}>{r.draftLength}</Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.draftedBy')}>{r.draftedBy || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.reviewer')}>
            {r.reviewerName || '—'} · {formatDateTime(r.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.approver')}>{r.approverName ? `${r.approverName} · ${formatDateTime(r.decidedAt)}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.outcome')}>
            <span data-testid="review-outcome">
              <OutcomeTag outcome={r.outcome} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('secrecy.review.basis')} span={2}>
            {r.basis || '—'}
          </Descriptions.Item>
        </Descriptions>
        {r.hasStarMark ? <Alert type="error" showIcon title={t('secrecy.review.starMark')} /> : null}
      </Card>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={showDraft ? 12 : 24}>
          <Card size="small" title={t('secrecy.review.findingsUnresolved', { count: findings.length, unresolved: unresolvedCount(r) })}>
            <FindingList
              findings={findings}
              active={active}
              onPick={setActive}
              actions={(f) =>
                // A "refer up" finding is for someone cleared for its source; the server refuses anyone else.
                !f.resolved && mayResolve && !isReferUp(f) ? (
                  <Button size="small" onClick={() => setResolving(f)} data-testid="resolve-finding">
                    {t(f.severity === 'warn' ? 'secrecy.review.dismiss' : 'secrecy.review.resolve')}
                  </Button>
                ) : null
              }
            />
          </Card>
        </Col>
        {showDraft ? (
          <Col xs={24} lg={12}>
            <Card size="small" title={t('secrecy.review.highlighted')}>
              <HighlightedDraft text={draft} findings={findings} active={active} onPick={setActive} />
            </Card>
          </Col>
        ) : null}
      </Row>
      {!r.outcome && can(me.permissions, 'secrecy.review.decide') ? <OutcomeForm review={r} /> : null}
      <ResolveModal review={r} finding={resolving} onClose={() => setResolving(null)} />
    </>
  );
}

function ResolveModal({ review, finding, onClose }: { review: PublicationReview; finding: StoredFinding | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const queryClient = useQueryClient();
  const resolve = useMutation({
    mutationFn: ({ note }: { note: string }) => api<PublicationReview>(`/secrecy/reviews/${review.id}/findings/${finding?.id}/resolve`, { method: 'POST', body: { note } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['secrecy', 'reviews', review.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'reviews'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={!!finding}
      title={t(finding?.severity === 'warn' ? 'secrecy.review.dismiss' : 'secrecy.review.resolve')}
      name="resolve"
      submit={resolve}
      onClose={onClose}
      form={form}
      intro={
        finding ? (
          <Typography.Paragraph>
            «{finding.excerpt}» — {findingExplanation(t, finding)}
          </Typography.Paragraph>
        ) : null
      }
    >
      <Form.Item name="note" label={t('secrecy.review.resolutionNote')} rules={[{ required: true, whitespace: true, message: t('secrecy.review.noteRequired') }, { max: 2000 }]}>
        <Input.TextArea rows={3} data-testid="resolve-note" />
      </Form.Item>
    </FormModal>
  );
}

export function OutcomeForm({ review }: { review: PublicationReview }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome: Outcome; basis: string }>();
  const outcome = Form.useWatch('outcome', form);
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (v: { outcome: Outcome; basis: string }) => api<PublicationReview>(`/secrecy/reviews/${review.id}/decision`, { method: 'POST', body: v }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['secrecy', 'reviews', review.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'reviews'] });
    },
  });
  const problem = outcome === 'publish' ? publishProblem(review) : null;
  return (
    <Card size="small" title={t('secrecy.review.decide')} style={{ marginTop: 16 }} data-testid="outcome-form">
      <ErrorAlert error={decide.error} />
      <Form form={form} layout="vertical" name="outcome" onFinish={(v) => decide.mutate(v)}>
        <Form.Item
          name="outcome"
          label={t('secrecy.review.outcome')}
          rules={[{ required: true, message: t('validation.required') }]}
          validateStatus={problem ? 'warning' : undefined}
          help={problem ? <span data-testid="publish-warning">{t(`secrecy.review.publishProblem.${problem}`, { count: unresolvedCount(review) })}</span> : undefined}
        >
          <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: t(`secrecy.outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item name="basis" label={t('secrecy.review.basis')} rules={[{ required: true, whitespace: true, message: t('secrecy.review.basisRequired') }, { max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="outcome-basis" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="decide">
            {t('secrecy.review.decideButton')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
