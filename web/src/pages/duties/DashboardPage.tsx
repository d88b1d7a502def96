import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import type { Dashboard, DashboardKey, LightCounts, SchemeSummary, SecrecyRow } from '../../api/assessment.ts';
import { LIGHTS, type Light } from '../../api/duties.ts';
import { EChart, type ChartOption } from '../../components/EChart.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { formatDate, localName } from '../../lib/format.ts';
import { LIGHT_COLOR } from './common.tsx';

/**
 * The year's dashboards (考核看板): task lights by area and by lead unit, the on-time rate by month,
 * study attendance by group and the secrecy indicators by unit, from GET
 * /api/duties/assessment/dashboard. Every bar and every figure of the table view leads to the list
 * of the records behind it (the task list filtered by light, area or lead unit and the year's
 * deadlines; the group's sessions; the secrecy registers). A unit the reader may not know is one
 * unnamed row and leads nowhere.
 */
type LightRow = LightCounts & { key: DashboardKey };
type Kind = 'area' | 'unit' | 'group';
type T = (key: string, options?: Record<string, unknown>) => string;

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const ratio = (met: number, of: number) => (of === 0 ? null : met / of);

function keyName(key: DashboardKey, kind: Kind, t: T): string {
  if (key.hidden) return t(`assessment.dashboard.hidden.${kind}`);
  if (!key.id) return t(`assessment.dashboard.none.${kind}`);
  return localName(key.name ?? '', key.nameEn);
}

/** The task list behind one light of one row, or null for the folded row (and tasks with no lead unit). */
function tasksLink(year: number, kind: 'area' | 'unit', key: DashboardKey, light?: Light): string | null {
  if (key.hidden) return null;
  const filter = kind === 'area' ? { areaId: key.id ?? 'none' } : key.id ? { leadUnitId: key.id } : null;
  if (!filter) return null;
  return withQuery('/duties/tasks', { light, ...filter, deadlineFrom: `${year}-01-01`, deadlineTo: `${year}-12-31` });
}

const SECRECY_PARTS = ['letters', 'inspections', 'rectifications', 'reviews'] as const;
type SecrecyPart = (typeof SECRECY_PARTS)[number] | 'training';

function secrecyLink(part: SecrecyPart, year: number): string {
  switch (part) {
    case 'letters':
      return `/secrecy/letters?year=${year}`;
    case 'inspections':
      return `/secrecy/inspections?year=${year}`;
    case 'rectifications':
      return '/secrecy/rectifications';
    case 'reviews':
      return '/secrecy/reviews';
    case 'training':
      return `/secrecy/training?year=${year}`;
  }
}

function secrecyRate(row: SecrecyRow, part: (typeof SECRECY_PARTS)[number]): number | null {
  switch (part) {
    case 'letters':
      return ratio(row.lettersOnTime, row.letters);
    case 'inspections':
      return ratio(row.inspectionsDone, row.inspections);
    case 'rectifications':
      return ratio(row.rectificationsOnTime, row.rectifications);
    case 'reviews':
      return row.reviews === null ? null : ratio(row.reviewsClosed ?? 0, row.reviews);
  }
}

/** A figure that leads to its records, or plain text where there is nothing to follow. */
function Figure({ to, children, testId }: { to: string | null; children: React.ReactNode; testId?: string }) {
  return to ? (
    <Link to={to} data-testid={testId}>
      {children}
    </Link>
  ) : (
    <span>{children}</span>
  );
}

/** A chart and its table view: the same figures, the table for keyboard and screen-reader use. */
function ChartCard({ title, testId, chart, table, note }: { title: string; testId: string; chart: React.ReactNode; table: React.ReactNode; note?: React.ReactNode }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}
      extra={
        <Segmented
          size="small"
          aria-label={t('assessment.dashboard.view', { title })}
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('assessment.dashboard.asChart') },
            { value: 'table', label: t('assessment.dashboard.asTable') },
          ]}
          data-testid={`${testId}-view`}
        />
      }
      style={{ marginBottom: 16 }}
      data-testid={testId}
    >
      {note}
      {view === 'chart' ? chart : table}
    </Card>
  );
}

function LightsCard({ rows, kind, year, testId }: { rows: LightRow[]; kind: 'area' | 'unit'; year: number; testId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = t(kind === 'area' ? 'assessment.dashboard.lightsByArea' : 'assessment.dashboard.lightsByUnit');
  const names = rows.map((r) => keyName(r.key, kind, t));
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true },
      series: LIGHTS.map((light) => ({ type: 'bar' as const, name: t(`duties.light.${light}`), stack: 'lights', itemStyle: { color: LIGHT_COLOR[light] }, data: rows.map((r) => r[light]) })),
    }),
    [rows, t],
  );
  const columns: ColumnsType<LightRow> = [
    { title: t(kind === 'area' ? 'assessment.dashboard.area' : 'assessment.unit'), render: (_, r) => keyName(r.key, kind, t) },
    ...LIGHTS.map((light) => ({
      title: t(`duties.light.${light}`),
      render: (_: unknown, r: LightRow) => (r[light] > 0 ? <Figure to={tasksLink(year, kind, r.key, light)} testId={`${testId}-figure`}>{r[light]}</Figure> : 0),
    })),
    { title: t('assessment.dashboard.total'), render: (_, r) => <Figure to={tasksLink(year, kind, r.key)}>{r.total}</Figure> },
  ];
  if (rows.length === 0) return <Card size="small" title={title} style={{ marginBottom: 16 }}><Empty description={t('assessment.dashboard.noTasks')} /></Card>;
  return (
    <ChartCard
      title={title}
      testId={testId}
      chart={
        <EChart
          option={option}
          height={Math.max(160, 48 + rows.length * 36)}
          label={t('assessment.dashboard.chartLabel', { title })}
          onClick={({ seriesIndex, dataIndex }) => {
            const link = tasksLink(year, kind, rows[dataIndex]!.key, LIGHTS[seriesIndex]);
            if (link) void navigate(link);
          }}
          testId={`${testId}-chart`}
        />
      }
      table={<Table<LightRow> size="small" pagination={false} rowKey={(r) => r.key.id ?? (r.key.hidden ? 'hidden' : 'none')} dataSource={rows} columns={columns} data-testid={`${testId}-table`} />}
    />
  );
}

function OnTimeCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  type Month = Dashboard['onTimeByMonth'][number];
  const title = t('assessment.dashboard.onTimeByMonth');
  const link = (m: Month) => withQuery('/duties/tasks', { deadlineFrom: m.from, deadlineTo: m.to });
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: d.onTimeByMonth.map((m) => m.month.slice(5)) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('assessment.dashboard.due') },
        { type: 'value', min: 0, max: 100, name: '%' },
      ],
      series: [
        { type: 'bar', name: t('assessment.dashboard.due'), itemStyle: { color: '#8c8c8c' }, data: d.onTimeByMonth.map((m) => m.due) },
        { type: 'bar', name: t('assessment.dashboard.onTime'), itemStyle: { color: '#389e0d' }, data: d.onTimeByMonth.map((m) => m.onTime) },
        { type: 'line', name: t('assessment.dashboard.rate'), yAxisIndex: 1, itemStyle: { color: '#1d39c4' }, data: d.onTimeByMonth.map((m) => (m.rate === null ? null : Math.round(m.rate * 1000) / 10)) },
      ],
    }),
    [d, t],
  );
  return (
    <ChartCard
      title={title}
      testId="dashboard-ontime"
      chart={<EChart option={option} label={t('assessment.dashboard.chartLabel', { title })} onClick={({ dataIndex }) => void navigate(link(d.onTimeByMonth[dataIndex]!))} testId="dashboard-ontime-chart" />}
      table={
        <Table<Month>
          size="small"
          pagination={false}
          rowKey="month"
          dataSource={d.onTimeByMonth}
          columns={[
            { title: t('assessment.dashboard.month'), dataIndex: 'month' },
            { title: t('assessment.dashboard.due'), render: (_, m) => (m.due > 0 ? <Figure to={link(m)}>{m.due}</Figure> : 0) },
            { title: t('assessment.dashboard.onTime'), dataIndex: 'onTime' },
            { title: t('assessment.dashboard.rate'), render: (_, m) => pct(m.rate) },
          ]}
          data-testid="dashboard-ontime-table"
        />
      }
    />
  );
}

function AttendanceCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  type Group = Dashboard['attendanceByGroup'][number];
  const title = t('assessment.dashboard.attendanceByGroup');
  const link = (g: Group) => (g.key.id ? withQuery('/study/sessions', { groupId: g.key.id, year: d.year }) : null);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: d.attendanceByGroup.map((g) => keyName(g.key, 'group', t)), inverse: true },
      series: [
        { type: 'bar', stack: 'attendance', name: t('assessment.effects.present'), itemStyle: { color: '#389e0d' }, data: d.attendanceByGroup.map((g) => g.present) },
        { type: 'bar', stack: 'attendance', name: t('assessment.effects.on_leave'), itemStyle: { color: '#d48806' }, data: d.attendanceByGroup.map((g) => g.onLeave) },
        { type: 'bar', stack: 'attendance', name: t('assessment.effects.absent'), itemStyle: { color: '#cf1322' }, data: d.attendanceByGroup.map((g) => g.absent) },
      ],
    }),
    [d, t],
  );
  if (d.attendanceByGroup.length === 0) return <Card size="small" title={title} style={{ marginBottom: 16 }}><Empty description={t('assessment.dashboard.noSessions')} /></Card>;
  return (
    <ChartCard
      title={title}
      testId="dashboard-attendance"
      note={<Typography.Paragraph type="secondary">{t('assessment.dashboard.attendanceNote')}</Typography.Paragraph>}
      chart={
        <EChart
          option={option}
          height={Math.max(160, 48 + d.attendanceByGroup.length * 36)}
          label={t('assessment.dashboard.chartLabel', { title })}
          onClick={({ dataIndex }) => {
            const to = link(d.attendanceByGroup[dataIndex]!);
            if (to) void navigate(to);
          }}
          testId="dashboard-attendance-chart"
        />
      }
      table={
        <Table<Group>
          size="small"
          pagination={false}
          rowKey={(g) => g.key.id ?? 'hidden'}
          dataSource={d.attendanceByGroup}
          columns={[
            { title: t('assessment.dashboard.group'), render: (_, g) => <Figure to={link(g)}>{keyName(g.key, 'group', t)}</Figure> },
            { title: t('assessment.dashboard.sessions'), dataIndex: 'sessions' },
            { title: t('assessment.effects.present'), dataIndex: 'present' },
            { title: t('assessment.effects.absent'), dataIndex: 'absent' },
            { title: t('assessment.effects.on_leave'), dataIndex: 'onLeave' },
            { title: t('assessment.dashboard.rate'), render: (_, g) => pct(g.rate) },
          ]}
          data-testid="dashboard-attendance-table"
        />
      }
    />
  );
}

function SecrecyCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const secrecy = d.secrecy;
  const title = t('assessment.dashboard.secrecy');
  const rows = secrecy?.units ?? [];
  const parts = SECRECY_PARTS.filter((p) => p !== 'reviews' || rows.some((r) => r.reviews !== null));
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => keyName(r.key, 'unit', t)), axisLabel: { interval: 0, overflow: 'truncate', width: 110 } },
      yAxis: { type: 'value', min: 0, max: 100, name: '%' },
      series: parts.map((p) => ({ type: 'bar' as const, name: t(`assessment.dashboard.secrecyParts.${p}`), data: rows.map((r) => { const rate = secrecyRate(r, p); return rate === null ? null : Math.round(rate * 1000) / 10; }) })),
    }),
    [rows, t],
  );
  if (!secrecy) {
    return (
      <Card size="small" title={title} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon message={t('assessment.dashboard.secrecyNotReadable')} />
      </Card>
    );
  }
  if (rows.length === 0) return <Card size="small" title={title} style={{ marginBottom: 16 }}><Empty description={t('assessment.dashboard.noSecrecy')} /></Card>;
  const cell = (part: SecrecyPart, met: number | null, of: number | null) =>
    of === null ? '—' : <Figure to={secrecyLink(part, d.year)}>{`${met ?? 0} / ${of}`}</Figure>;
  return (
    <ChartCard
      title={title}
      testId="dashboard-secrecy"
      note={<Typography.Paragraph type="secondary">{t('assessment.dashboard.secrecyNote', { due: formatDate(secrecy.letterDue) })}</Typography.Paragraph>}
      chart={<EChart option={option} label={t('assessment.dashboard.chartLabel', { title })} onClick={({ seriesIndex }) => void navigate(secrecyLink(parts[seriesIndex]!, d.year))} testId="dashboard-secrecy-chart" />}
      table={
        <Table<SecrecyRow>
          size="small"
          pagination={false}
          rowKey={(r) => r.key.id ?? 'hidden'}
          dataSource={rows}
          columns={[
            { title: t('assessment.unit'), render: (_, r) => keyName(r.key, 'unit', t) },
            { title: t('assessment.dashboard.secrecyParts.letters'), render: (_, r) => cell('letters', r.lettersOnTime, r.letters) },
            { title: t('assessment.dashboard.secrecyParts.inspections'), render: (_, r) => cell('inspections', r.inspectionsDone, r.inspections) },
            { title: t('assessment.dashboard.secrecyParts.rectifications'), render: (_, r) => cell('rectifications', r.rectificationsOnTime, r.rectifications) },
            { title: t('assessment.dashboard.secrecyParts.reviews'), render: (_, r) => cell('reviews', r.reviewsClosed, r.reviews) },
            { title: t('assessment.dashboard.trainingHours'), render: (_, r) => <Figure to={secrecyLink('training', d.year)}>{r.trainingHours}</Figure> },
          ]}
          data-testid="dashboard-secrecy-table"
        />
      }
    />
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const schemes = useQuery({ queryKey: ['assessment', 'schemes'], queryFn: () => api<{ items: SchemeSummary[] }>('/duties/assessment/schemes') });
  const thisYear = new Date().getFullYear();
  const asked = Number(params.get('year'));
  // The year asked for in the address; else the newest scheme's year; else this year.
  const year = asked >= 2000 && asked <= 2100 ? asked : (schemes.data?.items[0]?.year ?? (schemes.isPending ? null : thisYear));
  const years = [...new Set([thisYear, ...(schemes.data?.items ?? []).map((s) => s.year), ...(year ? [year] : [])])].sort((a, b) => b - a);
  const dashboard = useQuery({
    queryKey: ['assessment', 'dashboard', year],
    queryFn: () => api<Dashboard>('/duties/assessment/dashboard', { query: { year: year! } }),
    enabled: year !== null,
  });
  const d = dashboard.data;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('nav.dutiesDashboard')}
        </Typography.Title>
        <Space wrap>
          <Select aria-label={t('assessment.dashboard.year')} style={{ width: 120 }} value={year ?? undefined} onChange={(v) => setParams({ year: String(v) })} options={years.map((y) => ({ value: y, label: String(y) }))} data-testid="dashboard-year" />
          <Link to="/duties/assessment">
            <Button>{t('nav.dutiesAssessment')}</Button>
          </Link>
        </Space>
      </Space>
      {dashboard.isError ? <ErrorResult error={dashboard.error} onRetry={() => void dashboard.refetch()} /> : null}
      {d ? (
        <div data-testid="dashboard" data-year={d.year}>
          <Typography.Paragraph type="secondary">{t('assessment.dashboard.intro', { from: formatDate(d.period.from), to: formatDate(d.period.to), day: formatDate(d.lightsOn) })}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <LightsCard rows={d.lightsByArea} kind="area" year={d.year} testId="dashboard-lights-area" />
            </Col>
            <Col xs={24} xl={12}>
              <LightsCard rows={d.lightsByUnit} kind="unit" year={d.year} testId="dashboard-lights-unit" />
            </Col>
            <Col xs={24} xl={12}>
              <OnTimeCard d={d} />
            </Col>
            <Col xs={24} xl={12}>
              <AttendanceCard d={d} />
            </Col>
            <Col xs={24}>
              <SecrecyCard d={d} />
            </Col>
          </Row>
        </div>
      ) : null}
    </>
  );
}
