import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Row, Segmented, Space, Table, Typography } from 'antd';
import { CopyOutlined, FileWordOutlined, NotificationOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useSession, type ReleaseText } from '../../api/study.ts';
import { useMe } from '../../auth/useMe.ts';
import { can } from '../../layout/nav.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult, Loading } from '../../components/States.tsx';
import { formatDate, isZh, localName } from '../../lib/format.ts';
import { personLabel, useStudyLabel, useWhen } from './common.tsx';

/** The release the writer makes from a session, beside the record it was written from. */
export default function ReleasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useStudyLabel();
  const when = useWhen();
  const [lang, setLang] = useState<'zh' | 'en'>(isZh() ? 'zh' : 'en');
  const session = useSession(id);
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [making, setMaking] = useState(false);
  // 新闻发布: the release in the chosen language becomes a draft there, to be reviewed, approved and published.
  const makeDraft = async () => {
    setMaking(true);
    try {
      const made = await api<{ id: string }>('/media/releases/from-session', { method: 'POST', body: { sessionId: id, language: lang === 'zh' ? 'zh-CN' : 'en' } });
      void message.success(t('media.madeFromSession'));
      void navigate(`/media/releases/${made.id}`);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setMaking(false);
    }
  };
  const release = useQuery({ queryKey: ['study', 'sessions', id, 'release', lang], queryFn: () => api<ReleaseText>(`/study/sessions/${id}/release`, { query: { lang } }) });
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorResult error={session.error} />;
  const s = session.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('study.releasePreview')}
        </Typography.Title>
        <Space wrap>
          <Link to={`/study/sessions/${id}`}>{t('study.backToSession')}</Link>
          <Button
            icon={<CopyOutlined />}
            disabled={!release.data}
            onClick={() => void navigator.clipboard?.writeText(release.data?.text ?? '').then(() => message.success(t('study.releaseCopied')))}
            data-testid="release-copy"
          >
            {t('study.copyRelease')}
          </Button>
          <Button icon={<FileWordOutlined />} href={`/api/study/sessions/${id}/release/docx?lang=${lang}`} data-testid="release-docx">
            {t('study.releaseDocx')}
          </Button>
          {can(me.permissions, 'secrecy.review') ? (
            <Button icon={<SafetyCertificateOutlined />} onClick={() => void navigate(`/secrecy/review?session=${id}&lang=${lang}`)} data-testid="release-to-review">
              {t('study.sendToReview')}
            </Button>
          ) : null}
          {can(me.permissions, 'media.write') ? (
            <Button type="primary" icon={<NotificationOutlined />} loading={making} onClick={() => void makeDraft()} data-testid="release-make-draft">
              {t('media.makeFromSession')}
            </Button>
          ) : null}
          <Segmented
            aria-label={t('study.releaseLanguage')}
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            data-testid="release-lang"
          />
        </Space>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('study.releaseText')} size="small" extra={<LevelBadge level="public" />}>
            {release.isError ? (
              <ErrorResult error={release.error} />
            ) : release.isPending ? (
              <Loading />
            ) : (
              <>
              {release.data.fallback.length ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="release-fallback"
                  title={t('study.fallback.title', { lang: t(`study.fallback.lang.${release.data.lang}`) })}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {release.data.fallback.map((f) => (
                        <li key={`${f.part}-${f.id}`}>
                          {t(`study.fallback.part.${f.part}`)}: {f.label}
                        </li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
              <div lang={release.data.lang === 'zh' ? 'zh-CN' : 'en'} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }} data-testid="release-text">
                {release.data.text}
              </div>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('study.record')} size="small" extra={<LevelBadge level={s.highestLevel} mark={s.mark} />}>
            <p>
              <strong>{localName(s.group.name, s.group.nameEn)}</strong> · {formatDate(s.date)} {when(s)}
            </p>
            <p>
              {t('study.host')}: {personLabel(s.host, true)}
            </p>
            <h2 style={{ fontSize: 15 }}>{t('study.themes')}</h2>
            <ol>
              {s.themes.map((x) => (
                <li key={x.id}>
                  {x.text} {x.level !== 'public' ? <LevelBadge level={x.level} mark={x.mark} /> : null}
                </li>
              ))}
            </ol>
            <h2 style={{ fontSize: 15 }}>{t('study.attendance')}</h2>
            <p>
              {s.attendance.map((a) => `${personLabel(a)} (${label('attendance', a.status)}${a.role ? ` · ${t(`releaseImport.role.${a.role}`)}` : ''})`).join(t('study.listSeparator'))}
            </p>
            {s.observers.length ? (
              <p>
                {t('study.observers')}: {s.observers.map((o) => `${o.title ?? ''}${o.title ? ' ' : ''}${o.name}`).join(t('study.listSeparator'))}
              </p>
            ) : null}
            {s.guidance.length ? (
              <p>
                {t('study.guidance')}: {s.guidance.map((g) => g.body).join(t('study.listSeparator'))}
              </p>
            ) : null}
            <h2 style={{ fontSize: 15 }}>{t('study.speeches')}</h2>
            <ol>
              {s.speeches.map((x) => (
                <li key={x.id}>
                  {x.speaker ? personLabel(x.speaker) : (x.collective ?? personLabel(null))} — {label('speechKinds', x.kind)} {x.level !== 'public' ? <LevelBadge level={x.level} mark={x.mark} /> : null}
                </li>
              ))}
            </ol>
            <h2 style={{ fontSize: 15 }}>{t('study.conclusions')}</h2>
            <ol>
              {s.conclusions.map((x) => (
                <li key={x.id}>
                  {label('conclusionKinds', x.kind)}: {x.text} {x.level !== 'public' ? <LevelBadge level={x.level} mark={x.mark} /> : null}
                </li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
      <Card title={t('study.leftOut')} size="small">
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('study.leftOutHelp')} />
        <Table
          rowKey={(r) => `${r.part}-${r.id}`}
          size="small"
          pagination={false}
          dataSource={release.data?.omitted ?? []}
          data-testid="omitted"
          locale={{ emptyText: <Empty description={t('study.nothingLeftOut')} /> }}
          columns={[
            { title: t('study.part'), dataIndex: 'part', render: (v: string) => t(`study.parts.${v}`, { defaultValue: v }) },
            { title: t('study.what'), dataIndex: 'label', render: (v: string, r) => (r.part === 'minutes' ? t('study.parts.minutes', { defaultValue: v }) : v) },
            { title: t('common.level'), dataIndex: 'level', render: (v: string) => <LevelBadge level={v} /> },
            { title: t('study.why'), dataIndex: 'reason', render: (v: string, r) => (r.reasonCode ? t(`study.omittedReason.${r.reasonCode}`) : v) },
          ]}
        />
      </Card>
    </Space>
  );
}
