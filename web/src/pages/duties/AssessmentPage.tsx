import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, List, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import type { Breakdown, Publication, Ranking, SchemeDetail, SchemeSummary, ShownIndicator, ShownRecord, Subject } from '../../api/assessment.ts';
import { useMe } from '../../auth/useMe.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, formatDateTime, isZh, localName, readerLang } from '../../lib/format.ts';
import { SchemeEditor } from './SchemeEditor.tsx';

/**
 * The year-end assessment (考核): the ranking of units or leaders for a year's scheme, live or as
 * published, and the "why" of one score — each indicator's formula, inputs, weight and points, and
 * the records behind it (a record the reader may not read is shown as such, without its title).
 */
const BASE = '/duties/assessment';

function subjectName(s: Subject, t: (k: string) => string): string {
  if (s.hidden) return t(s.type === 'unit' ? 'assessment.hiddenUnit' : 'assessment.hiddenPerson');
  return localName(s.name ?? '', s.nameEn);
}

const text2 = (v: { zh: string; en: string }) => (isZh() ? v.zh : v.en);

export default function AssessmentPage() {
  const { t } = useTranslation();
  const me = useMe();
  const manager = can(me.permissions, 'assessment.manage');
  const [schemeId, setSchemeId] = useState<string | undefined>();
  const [subjectType, setSubjectType] = useState<'unit' | 'leader'>('unit');
  const [version, setVersion] = useState<number | undefined>();
  const [picked, setPicked] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  const [editing, setEditing] = useState<'new' | 'edit' | null>(null);

  const schemes = useQuery({ queryKey: ['assessment', 'schemes'], queryFn: () => api<{ items: SchemeSummary[] }>(`${BASE}/schemes`) });
  const current = schemeId ?? schemes.data?.items[0]?.id;
  const ranking = useQuery({
    queryKey: ['assessment', 'ranking', current, subjectType, version],
    queryFn: () => api<Ranking>(`${BASE}/schemes/${current}/scores`, { query: { subjectType, version } }),
    enabled: Boolean(current),
  });
  const detail = useQuery({
    queryKey: ['assessment', 'scheme', current],
    queryFn: () => api<SchemeDetail>(`${BASE}/schemes/${current}`),
    enabled: Boolean(current) && editing === 'edit',
  });
  const publications = useQuery({
    queryKey: ['assessment', 'publications', current],
    queryFn: () => api<{ items: Publication[] }>(`${BASE}/schemes/${current}/publications`),
    enabled: Boolean(current),
  });

  if (schemes.isError) return <ErrorResult error={schemes.error} onRetry={() => void schemes.refetch()} />;
  const query = { subjectType, version };
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('nav.dutiesAssessment')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('assessment.scheme')}
            style={{ width: 260 }}
            value={current}
            onChange={(v) => {
              setSchemeId(v);
              setVersion(undefined);
              setPicked(null);
            }}
            options={(schemes.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.year} ${s.title}` }))}
          />
          <Radio.Group
            aria-label={t('assessment.subjectType')}
            value={subjectType}
            onChange={(e) => {
              setSubjectType(e.target.value as 'unit' | 'leader');
              setPicked(null);
            }}
            optionType="button"
            options={[
              { value: 'unit', label: t('assessment.units') },
              { value: 'leader', label: t('assessment.leaders') },
            ]}
          />
          <Select
            aria-label={t('assessment.version')}
            style={{ width: 180 }}
            value={version ?? 0}
            onChange={(v) => setVersion(v === 0 ? undefined : v)}
            options={[{ value: 0, label: t('assessment.live') }, ...(publications.data?.items ?? []).map((p) => ({ value: p.version, label: t('assessment.publishedVersion', { version: p.version }) }))]}
          />
          {current ? (
            <>
              <Button href={withQuery(`/api${BASE}/schemes/${current}/scores/export`, { ...query, format: 'xlsx', lang: readerLang() })}>{t('assessment.exportXlsx')}</Button>
              <Button href={withQuery(`/api${BASE}/schemes/${current}/scores/docx`, query)}>{t('assessment.exportDocx')}</Button>
            </>
          ) : null}
          <Link to="/duties/dashboard">
            <Button data-testid="open-dashboard">{t('nav.dutiesDashboard')}</Button>
          </Link>
          {manager ? (
            <Button onClick={() => setEditing('new')} data-testid="new-scheme">
              {t('assessment.editor.new')}
            </Button>
          ) : null}
          {manager && current ? (
            <>
              <Button onClick={() => setEditing('edit')} data-testid="edit-scheme">
                {t('assessment.editor.edit')}
              </Button>
              <Button onClick={() => setAdjusting(true)}>{t('assessment.addAdjustment')}</Button>
              <Button type="primary" onClick={() => setPublishing(true)} data-testid="publish">
                {t('assessment.publish')}
              </Button>
            </>
          ) : null}
        </Space>
      </Space>
      {schemes.data && schemes.data.items.length === 0 ? <Empty description={t('assessment.noScheme')} /> : null}
      {ranking.isError ? <ErrorResult error={ranking.error} onRetry={() => void ranking.refetch()} /> : null}
      {ranking.data ? <RankingView ranking={ranking.data} onPick={setPicked} picked={picked} /> : null}
      {current && picked ? <BreakdownView schemeId={current} subjectType={subjectType} subjectId={picked} version={version} /> : null}
      {publications.data && publications.data.items.length > 0 ? <Publications items={publications.data.items} /> : null}
      {current ? <PublishModal open={publishing} onClose={() => setPublishing(false)} schemeId={current} needsReason={(publications.data?.items.length ?? 0) > 0} /> : null}
      <SchemeEditor
        open={editing === 'new' || (editing === 'edit' && Boolean(detail.data))}
        scheme={editing === 'edit' ? detail.data : undefined}
        onClose={() => setEditing(null)}
        onSaved={(id) => {
          setSchemeId(id);
          setVersion(undefined);
          setPicked(null);
        }}
      />
      {current && ranking.data ? <AdjustmentModal open={adjusting} onClose={() => setAdjusting(false)} schemeId={current} ranking={ranking.data} year={ranking.data.scheme.year} /> : null}
    </>
  );
}

function RankingView({ ranking, onPick, picked }: { ranking: Ranking; onPick: (id: string) => void; picked: string | null }) {
  const { t } = useTranslation();
  type Row = Ranking['items'][number];
  return (
    <Row gutter={16}>
      <Col xs={24} xl={17}>
        <Card size="small" title={t('assessment.ranking', { from: formatDate(ranking.period.from), to: formatDate(ranking.period.to) })}>
          {ranking.published ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('assessment.frozen', { version: ranking.published.version, at: formatDateTime(ranking.published.publishedAt) })} /> : null}
          <Table<Row>
            rowKey={(r) => r.subject.id ?? `hidden-${r.rank}-${r.total}`}
            size="small"
            pagination={false}
            dataSource={ranking.items}
            rowClassName={(r) => (r.subject.id && r.subject.id === picked ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('assessment.rank'), dataIndex: 'rank', width: 60 },
              {
                title: ranking.subjectType === 'unit' ? t('assessment.unit') : t('assessment.leader'),
                render: (_, r) =>
                  r.subject.id ? (
                    <Button type="link" style={{ padding: 0 }} onClick={() => onPick(r.subject.id!)}>
                      {subjectName(r.subject, t)}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{subjectName(r.subject, t)}</Typography.Text>
                  ),
              },
              ...ranking.areas.map((a) => ({ title: `${text2(a.label)} (${a.weight})`, render: (_: unknown, r: Row) => r.byArea.find((b) => b.area === a.area)?.points ?? 0 })),
              { title: t('assessment.bonus'), dataIndex: 'bonus' },
              { title: t('assessment.deduction'), dataIndex: 'deduction' },
              { title: t('assessment.total', { full: ranking.scheme.fullScore }), dataIndex: 'total', render: (v: number) => <strong>{v}</strong> },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card size="small" title={t('assessment.distribution')}>
          <Descriptions size="small" column={1} items={[
            { key: 'mean', label: t('assessment.mean'), children: ranking.stats.mean ?? '—' },
            { key: 'max', label: t('assessment.max'), children: ranking.stats.max ?? '—' },
            { key: 'min', label: t('assessment.min'), children: ranking.stats.min ?? '—' },
          ]} />
          <Table
            size="small"
            rowKey="from"
            pagination={false}
            dataSource={ranking.distribution.filter((b) => b.count > 0)}
            columns={[
              { title: t('assessment.band'), render: (_, b) => `${b.from}%–${b.to}%` },
              { title: t('assessment.count'), dataIndex: 'count' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function RecordItem({ r }: { r: ShownRecord }) {
  const { t } = useTranslation();
  const effect = t(`assessment.effects.${r.effect}`, { defaultValue: r.effect });
  const value = r.value !== null ? ` (${r.value})` : '';
  const person = r.person ? ` · ${r.person.hidden ? t('assessment.hiddenPerson') : localName(r.person.name ?? '', r.person.nameEn)}` : '';
  return (
    <li>
      <Tag>{effect + value}</Tag>
      {r.hidden ? <Typography.Text type="secondary">{t('assessment.hiddenRecord')}</Typography.Text> : r.path ? <Link to={r.path}>{r.title}</Link> : r.title}
      {person}
    </li>
  );
}

function IndicatorCard({ i }: { i: ShownIndicator }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 8 }} title={`${i.name} — ${i.points} / ${i.weight}`} extra={<Tag>{text2(i.areaLabel)}</Tag>}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{text2(i.formula)}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('assessment.inputs')}: {Object.entries(i.inputs).map(([k, v]) => `${t(`assessment.inputNames.${k}`, { defaultValue: k })} ${v}`).join('，')}
        {i.rate !== null ? ` · ${t('assessment.rate')} ${(i.rate * 100).toFixed(1)}%` : ''}
        {i.noData ? ` · ${t('assessment.noData')}` : ''}
      </Typography.Paragraph>
      {i.records.length > 0 ? (
        <details>
          <summary>{t('assessment.records', { count: i.records.length })}</summary>
          <ul style={{ marginTop: 4 }}>
            {i.records.slice(0, 200).map((r, n) => (
              <RecordItem key={n} r={r} />
            ))}
          </ul>
        </details>
      ) : null}
    </Card>
  );
}

function BreakdownView({ schemeId, subjectType, subjectId, version }: { schemeId: string; subjectType: string; subjectId: string; version: number | undefined }) {
  const { t } = useTranslation();
  const why = useQuery({
    queryKey: ['assessment', 'why', schemeId, subjectType, subjectId, version],
    queryFn: () => api<Breakdown>(`${BASE}/schemes/${schemeId}/scores/${subjectType}/${subjectId}`, { query: { version } }),
  });
  if (why.isError) return <ErrorResult error={why.error} onRetry={() => void why.refetch()} />;
  if (!why.data) return null;
  const b = why.data;
  return (
    <Card style={{ marginTop: 16 }} title={t('assessment.why', { name: subjectName(b.subject, t) })} data-testid="breakdown">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { key: 'total', label: t('assessment.total', { full: b.scheme.fullScore }), children: <strong>{b.total}</strong> },
        { key: 'rank', label: t('assessment.rank'), children: `${b.rank} / ${b.of}` },
        { key: 'parts', label: t('assessment.parts'), children: `${b.indicatorPoints} + ${b.bonus} − ${b.deduction}` },
      ]} />
      {b.indicators.map((i) => (
        <IndicatorCard key={i.indicatorId} i={i} />
      ))}
      {b.adjustments.length > 0 ? (
        <List
          size="small"
          header={t('assessment.adjustments')}
          dataSource={b.adjustments}
          renderItem={(a) => (
            <List.Item>
              <Tag color={a.kind === 'bonus' ? 'green' : 'red'}>{`${a.kind === 'bonus' ? '+' : '−'}${a.points}`}</Tag>
              {a.reason} · {t('assessment.evidence')}: {a.evidence} · {formatDate(a.onDay)} · {a.enteredByName}
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

function Publications({ items }: { items: Publication[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginTop: 16 }} title={t('assessment.publications')}>
      <Table<Publication>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={items}
        columns={[
          { title: t('assessment.version'), dataIndex: 'version', width: 70 },
          { title: t('assessment.publishedAt'), render: (_, p) => `${formatDateTime(p.publishedAt)} · ${p.publishedByName}` },
          { title: t('assessment.reason'), render: (_, p) => p.reason ?? '—' },
          { title: 'SHA-256', render: (_, p) => <Typography.Text code copyable={{ text: p.hash }}>{p.hash.slice(0, 16)}…</Typography.Text> },
          { title: t('assessment.intact'), render: (_, p) => (p.intact ? <Tag color="green">{t('assessment.intactYes')}</Tag> : <Tag color="red">{t('assessment.intactNo')}</Tag>) },
        ]}
      />
    </Card>
  );
}

function PublishModal({ open, onClose, schemeId, needsReason }: { open: boolean; onClose: () => void; schemeId: string; needsReason: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const publish = useMutation({
    mutationFn: (v: { reason?: string }) => api(`${BASE}/schemes/${schemeId}/publish`, { method: 'POST', body: { reason: v.reason || undefined } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['assessment'] });
      onClose();
    },
  });
  return (
    <FormModal open={open} title={t('assessment.publish')} name="publish" submit={publish} onClose={onClose} intro={t('assessment.publishIntro')}>
      <Form.Item name="reason" label={t('assessment.reason')} rules={needsReason ? [{ required: true, whitespace: true, message: t('assessment.reasonRequired') }] : []}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

interface AdjustmentValues {
  subjectId: string;
  kind: 'bonus' | 'deduction';
  points: number;
  reason: string;
  evidence: string;
  onDay: string;
}

function AdjustmentModal({ open, onClose, schemeId, ranking, year }: { open: boolean; onClose: () => void; schemeId: string; ranking: Ranking; year: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: AdjustmentValues) => api(`${BASE}/schemes/${schemeId}/adjustments`, { method: 'POST', body: { ...v, subjectType: ranking.subjectType } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['assessment'] });
      onClose();
    },
  });
  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <FormModal<AdjustmentValues> open={open} title={t('assessment.addAdjustment')} name="adjustment" submit={save} onClose={onClose} initialValues={{ kind: 'deduction', points: 1, onDay: `${year}-12-31` }}>
      <Form.Item name="subjectId" label={ranking.subjectType === 'unit' ? t('assessment.unit') : t('assessment.leader')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={ranking.items.filter((r) => r.subject.id).map((r) => ({ value: r.subject.id!, label: subjectName(r.subject, t) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="kind" label={t('assessment.kind')}>
          <Radio.Group options={[{ value: 'bonus', label: t('assessment.bonus') }, { value: 'deduction', label: t('assessment.deduction') }]} />
        </Form.Item>
        <Form.Item name="points" label={t('assessment.points')} rules={[{ required: true, type: 'number', min: 0.01, max: 100, message: t('assessment.pointsRange') }]}>
          <InputNumber min={0} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name="onDay" label={t('assessment.onDay')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('assessment.dayFormat') }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
      </Space>
      <Form.Item name="reason" label={t('assessment.reason')} rules={[required, { max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="evidence" label={t('assessment.evidence')} rules={[required, { max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
