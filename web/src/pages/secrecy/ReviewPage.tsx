import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import type { PublicationReview, ScanResult } from '../../api/secrecy.ts';
import { useSession, type ReleaseText } from '../../api/study.ts';
import { formatDate, localName } from '../../lib/format.ts';
import { useMe } from '../../auth/useMe.ts';
import { ErrorAlert } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { isReferUp } from '../../lib/findings.ts';
import { FindingList, HighlightedDraft, PageTitle } from './common.tsx';
import { MarkChecker } from './MarkChecker.tsx';

const MAX_DRAFT = 500_000;

export default function ReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<{ title: string; draftedBy?: string; text: string }>();
  const [scanned, setScanned] = useState<{ text: string; result: ScanResult } | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const scan = useMutation({
    mutationFn: (text: string) => api<ScanResult>('/secrecy/review', { method: 'POST', body: { text } }),
    onSuccess: (result, text) => {
      setScanned({ text, result });
      setActive(null);
    },
  });
  const register = useMutation({
    mutationFn: (v: { title: string; draftedBy?: string; text: string }) =>
      api<PublicationReview>('/secrecy/reviews', { method: 'POST', body: { title: v.title, text: v.text, draftedBy: v.draftedBy || null } }),
    onSuccess: (review, v) => void navigate(`/secrecy/reviews/${review.id}`, { state: { text: v.text } }),
  });
  // Sent from a session's release page: the release in the language chosen there fills the draft and its title.
  const [params] = useSearchParams();
  const fromSession = params.get('session') ?? '';
  const releaseLang = params.get('lang') === 'en' ? 'en' : 'zh';
  const session = useSession(fromSession);
  const release = useQuery({
    queryKey: ['study', 'sessions', fromSession, 'release', releaseLang],
    queryFn: () => api<ReleaseText>(`/study/sessions/${fromSession}/release`, { query: { lang: releaseLang } }),
    enabled: fromSession !== '',
  });
  const filled = fromSession !== '' && release.data && session.data ? { text: release.data.text, group: releaseLang === 'zh' ? session.data.group.name : (session.data.group.nameEn ?? session.data.group.name), date: session.data.date } : null;
  const [fillText, fillGroup, fillDate] = [filled?.text, filled?.group, filled?.date];
  useEffect(() => {
    if (fillText === undefined || form.getFieldValue('text')) return;
    form.setFieldsValue({ text: fillText, title: t('secrecy.review.releaseTitle', { group: fillGroup, date: formatDate(fillDate ?? '') }) });
  }, [fillText, fillGroup, fillDate, form, t]);
  const existing = register.error instanceof ApiError ? (register.error.details as { reviewId?: string } | undefined)?.reviewId : undefined;
  const warnings = scanned?.result.findings.filter((f) => f.severity === 'warn').length ?? 0;

  const onScan = async () => {
    const { text } = await form.validateFields(['text']);
    scan.mutate(text);
  };

  return (
    <>
      <PageTitle extra={<Link to="/secrecy/reviews">{t('nav.secrecyReviews')}</Link>}>{t('nav.secrecyReview')}</PageTitle>
      <Row gutter={16}>
        <Col xs={24} lg={scanned ? 12 : 24}>
          <Card title={t('secrecy.review.draft')} size="small">
            {filled && session.data ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="review-from-session"
                title={
                  <>
                    {t('secrecy.review.fromSession', { date: formatDate(session.data.date) })} <Link to={`/study/sessions/${fromSession}`}>{localName(session.data.group.name, session.data.group.nameEn)} · {t('secrecy.review.openSession')}</Link>
                  </>
                }
              />
            ) : null}
            <ScanError error={scan.error} />
            <ScanError error={register.error} />
            {existing ? (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} title={<Link to={`/secrecy/reviews/${existing}`}>{t('secrecy.review.openExisting')}</Link>} />
            ) : null}
            <Form form={form} layout="vertical" name="draft" onFinish={(v) => register.mutate(v)}>
              <Form.Item name="text" label={t('secrecy.review.draftText')} rules={[{ required: true, message: t('secrecy.review.pasteDraft') }, { max: MAX_DRAFT, message: t('secrecy.review.tooLong') }]}>
                <Input.TextArea rows={scanned ? 10 : 14} data-testid="draft-input" onChange={() => setActive(null)} />
              </Form.Item>
              <Space wrap style={{ marginBottom: 16 }}>
                <Button type="primary" onClick={() => void onScan()} loading={scan.isPending} data-testid="scan-draft">
                  {t('secrecy.review.check')}
                </Button>
              </Space>
              <Typography.Paragraph type="secondary">{t('secrecy.review.registerHint')}</Typography.Paragraph>
              <Row gutter={8}>
                <Col xs={24} md={12}>
                  <Form.Item name="title" label={t('secrecy.review.title')} rules={[{ required: true, whitespace: true, message: t('secrecy.review.titleRequired') }, { max: 300 }]}>
                    <Input data-testid="review-title" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="draftedBy" label={t('secrecy.review.draftedBy')} rules={[{ max: 200 }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Button htmlType="submit" loading={register.isPending} disabled={!can(me.permissions, 'secrecy.review')} data-testid="register-review">
                {t('secrecy.review.register')}
              </Button>
            </Form>
          </Card>
        </Col>
        {scanned ? (
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('secrecy.review.findingsCount', { count: scanned.result.findings.length })}
              extra={<Typography.Text type="secondary" copyable={{ text: scanned.result.sha256 }}>{`SHA-256 ${scanned.result.sha256.slice(0, 12)}…`}</Typography.Text>}
            >
              {scanned.result.findings.length === 0 ? (
                <Alert type="success" showIcon title={t('secrecy.review.clean')} data-testid="scan-clean" style={{ marginBottom: 12 }} />
              ) : scanned.result.hasStarMark ? (
                <Alert type="error" showIcon title={t('secrecy.review.starMark')} style={{ marginBottom: 12 }} />
              ) : null}
              {scanned.result.findings.some(isReferUp) ? (
                <Alert type="warning" showIcon title={t('secrecy.review.referUpAlert')} style={{ marginBottom: 12 }} data-testid="refer-up-alert" />
              ) : null}
              {warnings > 0 ? <Typography.Paragraph type="secondary">{t('secrecy.review.warningsHint', { count: warnings })}</Typography.Paragraph> : null}
              <FindingList findings={scanned.result.findings} active={active} onPick={setActive} />
            </Card>
            <Card size="small" title={t('secrecy.review.highlighted')} style={{ marginTop: 16 }}>
              <HighlightedDraft text={scanned.text} findings={scanned.result.findings} active={active} onPick={setActive} />
            </Card>
          </Col>
        ) : null}
      </Row>
      <MarkChecker />
    </>
  );
}

/**
 * The scan's error. Too many scans in a minute gets the catalogue's sentence with the wait the
 * server gave; anything else the server's own message.
 */
export function ScanError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'too_many_scans') {
    const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
    return <Alert type="warning" showIcon title={t('secrecy.review.tooManyScans', { seconds })} style={{ marginBottom: 16 }} role="alert" data-testid="too-many-scans" />;
  }
  return <ErrorAlert error={error} />;
}
