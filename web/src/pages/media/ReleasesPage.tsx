import { useState } from 'react';
import { Button, Empty, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { RELEASE_STATES, useReleases, type Release, type ReleaseListItem, type ReleaseState } from '../../api/media.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';

/** Text, background and border of each tone, with a contrast of at least 4.5:1 (antd's preset tag colours fall short). */
const TONES = {
  grey: { color: '#434343', background: '#f5f5f5', borderColor: '#d9d9d9' },
  blue: { color: '#003a8c', background: '#e6f4ff', borderColor: '#69b1ff' },
  cyan: { color: '#00474f', background: '#e6fffb', borderColor: '#5cdbd3' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#b37feb' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffd666' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' },
} as const;
export type Tone = keyof typeof TONES;
const STATE_TONES: Record<string, Tone> = { draft: 'grey', reviewed: 'blue', approved: 'cyan', scheduled: 'purple', published: 'green', retracted: 'red', superseded: 'grey' };

export function ToneTag({ tone, children, ...rest }: { tone: Tone; children: React.ReactNode; 'data-testid'?: string }) {
  return (
    <Tag style={TONES[tone]} {...rest}>
      {children}
    </Tag>
  );
}

/** A release's or version's state in words, in its tone. */
export function StateTag({ state, testId }: { state: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ToneTag tone={STATE_TONES[state] ?? 'grey'} {...(testId ? { 'data-testid': testId } : {})}>
      {t(`media.state.${state}`)}
    </ToneTag>
  );
}

type DraftValues = { title: string; body: string; language: 'zh-CN' | 'en'; level: 'public' | 'internal'; slug?: string };

/** The draft form's fields, shared by the new draft and the edit of a draft. */
export function ReleaseFields({ withLanguage }: { withLanguage: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="title" label={t('media.fields.title')} rules={[{ required: true, whitespace: true, message: t('media.fields.titleRequired') }]}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="body" label={t('media.fields.body')} rules={[{ required: true, whitespace: true, message: t('media.fields.bodyRequired') }]} extra={t('media.fields.bodyHelp')}>
        <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} />
      </Form.Item>
      <Space wrap size="large">
        {withLanguage ? (
          <Form.Item name="language" label={t('media.fields.language')}>
            <Select style={{ width: 160 }} options={[{ value: 'zh-CN', label: t('media.language.zh-CN') }, { value: 'en', label: t('media.language.en') }]} />
          </Form.Item>
        ) : null}
        <Form.Item name="level" label={t('common.level')} extra={t('media.fields.levelHelp')}>
          <Select style={{ width: 160 }} options={[{ value: 'public', label: t('level.public') }, { value: 'internal', label: t('level.internal') }]} />
        </Form.Item>
        <Form.Item name="slug" label={t('media.fields.slug')} extra={t('media.fields.slugHelp')} rules={[{ pattern: /^[a-z0-9-]*$/, message: t('media.fields.slugPattern') }]}>
          <Input style={{ width: 280 }} maxLength={80} />
        </Form.Item>
      </Space>
    </>
  );
}

/** 新闻发布: every release with its state, a filter by state, and a new draft written by hand. */
export default function ReleasesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') ?? '') as ReleaseState | '';
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const releases = useReleases({ page, pageSize: 20, state: state || undefined });
  const writable = can(me.permissions, 'media.write');
  const create = useMutation({
    mutationFn: (values: DraftValues) => api<Release>('/media/releases', { method: 'POST', body: { ...values, slug: values.slug || null, source: 'manual' } }),
    onSuccess: async (made) => {
      setCreating(false);
      await queryClient.invalidateQueries({ queryKey: ['media'] });
      void navigate(`/media/releases/${made.id}`);
    },
  });
  const items = releases.data?.items ?? [];
  const newButton = writable ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-release">
      {t('media.new')}
    </Button>
  ) : null;
  return (
    <>
      <PageTitle extra={newButton}>{t('media.title')}</PageTitle>
      <Segmented
        style={{ marginBottom: 16 }}
        value={state}
        onChange={(v) => {
          setPage(1);
          setParams(v ? { state: String(v) } : {});
        }}
        options={[{ value: '', label: t('media.allStates') }, ...RELEASE_STATES.map((s) => ({ value: s, label: t(`media.state.${s}`) }))]}
        data-testid="release-state-filter"
      />
      {releases.isError ? (
        <ErrorResult error={releases.error} onRetry={() => void releases.refetch()} />
      ) : !releases.isPending && items.length === 0 && !state ? (
        <Empty
          data-testid="releases-empty"
          description={
            <Space direction="vertical" style={{ maxWidth: 640, textAlign: 'left' }}>
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                {t('media.emptyTitle')}
              </Typography.Title>
              <Typography.Paragraph style={{ margin: 0 }}>{t('media.emptyText')}</Typography.Paragraph>
              <Typography.Paragraph strong style={{ margin: 0 }}>
                {t('media.emptyFirst')}
              </Typography.Paragraph>
            </Space>
          }
        >
          {newButton}
        </Empty>
      ) : (
        <Table<ReleaseListItem>
          rowKey="id"
          size="small"
          loading={releases.isPending}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('media.emptyState', { state: state ? t(`media.state.${state}`) : '' }) }}
          pagination={{ current: page, pageSize: 20, total: releases.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('media.fields.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/media/releases/${r.id}`} data-testid="release-link">{v}</Link> },
            { title: t('media.fields.state'), dataIndex: 'state', render: (v: string) => <StateTag state={v} /> },
            { title: t('media.fields.version'), dataIndex: 'latestVersion', render: (v: number, r) => (r.liveVersion && r.liveVersion !== v ? t('media.versionWithLive', { version: v, live: r.liveVersion }) : v) },
            { title: t('media.fields.language'), dataIndex: 'language', render: (v: string) => t(`media.language.${v}`) },
            { title: t('common.level'), dataIndex: 'level', render: (v: string, r) => <LevelBadge level={v} mark={r.mark} /> },
            { title: t('media.fields.author'), dataIndex: 'author' },
            { title: t('media.fields.publishedAt'), dataIndex: 'publishedAt', render: (v: string | null, r) => (v ? formatDateTime(v) : r.scheduledAt ? t('media.scheduledFor', { at: formatDateTime(r.scheduledAt) }) : '—') },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
      <FormModal<DraftValues> open={creating} title={t('media.new')} name="release" submit={create} onClose={() => setCreating(false)} initialValues={{ language: 'zh-CN', level: 'public' }} width={760} intro={<Typography.Paragraph type="secondary">{t('media.newIntro')}</Typography.Paragraph>}>
        <ReleaseFields withLanguage />
      </FormModal>
    </>
  );
}
