import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useRelease, type Release, type ReleaseVersion } from '../../api/media.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';
import { ReleaseFields, StateTag, ToneTag } from './ReleasesPage.tsx';

type Dialog = 'edit' | 'schedule' | 'retract' | 'version' | null;

/** The review's standing for one version, with the way to the review in the register. */
export function ReviewStatus({ version }: { version: ReleaseVersion }) {
  const { t } = useTranslation();
  if (!version.reviewId) return <Typography.Text type="secondary">{t('media.review.none')}</Typography.Text>;
  const review = version.review;
  return (
    <Space wrap data-testid="review-status">
      {!version.reviewCurrent ? <ToneTag tone="red">{t('media.review.stale')}</ToneTag> : null}
      {review ? (
        <>
          <ToneTag tone={review.outcome === 'publish' ? 'green' : review.outcome ? 'red' : 'gold'}>{review.outcome ? t(`media.review.outcome.${review.outcome}`) : t('media.review.pending')}</ToneTag>
          {review.openFindings > 0 ? <ToneTag tone="red">{t('media.review.openFindings', { count: review.openFindings })}</ToneTag> : null}
          {review.hasStarMark ? <ToneTag tone="red">{t('media.review.star')}</ToneTag> : null}
          <span>{t('media.review.by', { reviewer: review.reviewer, decidedBy: review.decidedBy ?? '—' })}</span>
        </>
      ) : null}
      <Link to={`/secrecy/reviews/${version.reviewId}`} data-testid="open-review">
        {t('media.review.open')}
      </Link>
    </Space>
  );
}

function VersionCard({ version, live }: { version: ReleaseVersion; live: boolean }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`version-${version.version}`}
      title={
        <Space wrap>
          <span>{t('media.versionN', { version: version.version })}</span>
          <StateTag state={version.state} testId="version-state" />
          {live ? <ToneTag tone="green">{t('media.live')}</ToneTag> : null}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('media.fields.draftedBy')}>{`${version.draftedBy} · ${formatDateTime(version.createdAt)}`}</Descriptions.Item>
        {version.changeNote ? <Descriptions.Item label={t('media.fields.changeNote')}>{version.changeNote}</Descriptions.Item> : null}
        <Descriptions.Item label={t('media.fields.review')} span={2}>
          <ReviewStatus version={version} />
        </Descriptions.Item>
        <Descriptions.Item label={t('media.fields.approvedBy')}>{version.approvedBy ? `${version.approvedBy} · ${formatDateTime(version.approvedAt)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('media.fields.publishedAt')}>
          {version.publishedAt ? `${version.publishedBy ?? ''} · ${formatDateTime(version.publishedAt)}` : version.scheduledAt ? t('media.scheduledFor', { at: formatDateTime(version.scheduledAt) }) : '—'}
        </Descriptions.Item>
        {version.supersededAt ? <Descriptions.Item label={t('media.fields.supersededAt')}>{formatDateTime(version.supersededAt)}</Descriptions.Item> : null}
        <Descriptions.Item label="SHA-256">
          <Typography.Text code style={{ fontSize: 12 }}>
            {version.sha256.slice(0, 16)}…
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {version.title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 6, expandable: 'collapsible', symbol: (expanded: boolean) => (expanded ? t('media.collapse') : t('media.expand')) }}>
        {version.body}
      </Typography.Paragraph>
    </Card>
  );
}

/** One release: its versions with their review, approval and publication, and the next step for who may take it. */
export default function MediaReleasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useRelease(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<Release>(`/media/releases/${id}${path}`, { method: 'POST', body: body ?? {} }),
    onSuccess: async (_data, variables) => {
      setDialog(null);
      void message.success(t(`media.done.${variables.path.slice(1)}`));
      await queryClient.invalidateQueries({ queryKey: ['media'] });
    },
  });
  const edit = useMutation({
    mutationFn: (values: { title: string; body: string; level: 'public' | 'internal'; slug?: string }) => api<Release>(`/media/releases/${id}`, { method: 'PATCH', body: { ...values, slug: values.slug || null } }),
    onSuccess: async () => {
      setDialog(null);
      void message.success(t('media.done.edit'));
      await queryClient.invalidateQueries({ queryKey: ['media'] });
    },
  });
  const schedule = { ...act, mutate: (v: { at: Dayjs }) => act.mutate({ path: '/publish', body: { at: v.at.toISOString() } }) };
  const retract = { ...act, mutate: (v: { reason: string }) => act.mutate({ path: '/retract', body: v }) };
  const version = { ...act, mutate: (v: { title: string; body: string; note: string }) => act.mutate({ path: '/versions', body: v }) };

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  const release = query.data;
  const latest = release.versions[0]!;
  const retracted = !!release.retractedAt;
  const mayWrite = can(me.permissions, 'media.write') && !retracted;
  const mayApprove = can(me.permissions, 'media.approve') && !retracted;
  const mayPublish = can(me.permissions, 'media.publish') && !retracted;
  const own = latest.draftedById === me.id || release.authorId === me.id;
  const step = (path: string, label: string, testId: string, primary = false) => (
    <Button type={primary ? 'primary' : 'default'} loading={act.isPending && act.variables?.path === path} onClick={() => act.mutate({ path })} data-testid={testId}>
      {label}
    </Button>
  );
  const editable = ['draft', 'reviewed', 'approved'].includes(latest.state);

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <StateTag state={release.state} testId="release-state" />
            <LevelBadge level={release.level} mark={release.mark} />
          </Space>
        }
      >
        {release.title}
      </PageTitle>
      <ErrorAlert error={act.error} style={{ marginBottom: 16 }} />
      {retracted ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('media.retractedBanner', { by: release.retractedBy ?? '', at: formatDateTime(release.retractedAt) })} description={release.retractReason} data-testid="retracted-banner" />
      ) : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('media.fields.author')}>{release.author}</Descriptions.Item>
        <Descriptions.Item label={t('media.fields.language')}>{t(`media.language.${release.language}`)}</Descriptions.Item>
        <Descriptions.Item label={t('media.fields.source')}>{t(`media.source.${release.source}`)}</Descriptions.Item>
        {release.sessionId ? (
          <Descriptions.Item label={t('media.fields.session')}>
            <Link to={`/study/sessions/${release.sessionId}/view`}>{t('media.openSession')}</Link>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('media.fields.publicPage')}>
          {release.publicPath ? (
            <a href={release.publicPath} target="_blank" rel="noreferrer" data-testid="public-link">
              {release.publicPath}
            </a>
          ) : (
            t('media.notPublic')
          )}
        </Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('media.nextStep')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" data-testid="next-step-help">
          {retracted ? t('media.help.retracted') : t(`media.help.${latest.state}`)}
        </Typography.Paragraph>
        <Space wrap>
          {mayWrite && editable ? <Button onClick={() => setDialog('edit')} data-testid="edit-release">{t('common.edit')}</Button> : null}
          {mayWrite && latest.state === 'draft' ? step('/review', t('media.actions.review'), 'send-to-review', true) : null}
          {mayApprove && (latest.state === 'reviewed' || latest.state === 'draft') && latest.reviewId ? (
            own ? <Typography.Text type="secondary">{t('media.ownApproval')}</Typography.Text> : step('/approve', t('media.actions.approve'), 'approve-release', true)
          ) : null}
          {mayPublish && latest.state === 'approved' ? (
            <>
              {step('/publish', t('media.actions.publish'), 'publish-release', true)}
              <Button onClick={() => setDialog('schedule')} data-testid="schedule-release">
                {t('media.actions.schedule')}
              </Button>
            </>
          ) : null}
          {mayPublish && latest.state === 'scheduled' ? step('/unschedule', t('media.actions.unschedule'), 'unschedule-release') : null}
          {mayWrite && latest.state === 'published' ? <Button onClick={() => setDialog('version')} data-testid="new-version">{t('media.actions.newVersion')}</Button> : null}
          {mayPublish && release.liveVersion !== null ? (
            <Button danger onClick={() => setDialog('retract')} data-testid="retract-release">
              {t('media.actions.retract')}
            </Button>
          ) : null}
        </Space>
      </Card>

      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('media.versions')}
      </Typography.Title>
      {release.versions.map((v) => (
        <VersionCard key={v.id} version={v} live={release.liveVersion === v.version && !retracted} />
      ))}

      <FormModal open={dialog === 'edit'} title={t('media.editTitle')} name="release-edit" submit={edit} onClose={() => setDialog(null)} width={760} values={{ title: latest.title, body: latest.body, level: release.level as 'public' | 'internal', slug: release.slug ?? '' }} intro={<Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('media.editNotice')} />}>
        <ReleaseFields withLanguage={false} />
      </FormModal>
      <FormModal open={dialog === 'schedule'} title={t('media.actions.schedule')} name="release-schedule" submit={schedule} onClose={() => setDialog(null)} okText={t('media.actions.schedule')}>
        <Form.Item name="at" label={t('media.fields.scheduleAt')} rules={[{ required: true, message: t('media.fields.scheduleRequired') }]}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === 'retract'} title={t('media.actions.retract')} name="release-retract" submit={retract} onClose={() => setDialog(null)} okText={t('media.actions.retract')} intro={<Typography.Paragraph>{t('media.retractIntro')}</Typography.Paragraph>}>
        <Form.Item name="reason" label={t('media.fields.reason')} rules={[{ required: true, whitespace: true, message: t('media.fields.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === 'version'} title={t('media.actions.newVersion')} name="release-version" submit={version} onClose={() => setDialog(null)} width={760} values={{ title: latest.title, body: latest.body, note: '' }} intro={<Typography.Paragraph>{t('media.versionIntro')}</Typography.Paragraph>}>
        <Form.Item name="title" label={t('media.fields.title')} rules={[{ required: true, whitespace: true, message: t('media.fields.titleRequired') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="body" label={t('media.fields.body')} rules={[{ required: true, whitespace: true, message: t('media.fields.bodyRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} />
        </Form.Item>
        <Form.Item name="note" label={t('media.fields.changeNote')} rules={[{ required: true, whitespace: true, message: t('media.fields.noteRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
