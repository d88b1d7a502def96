import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Empty, Radio, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import type { Bulletin, BulletinCounts, BulletinOverdueTask, BulletinRow } from '../../api/duties.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ExportButton } from '../../components/ListFilters.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { formatDate, localName } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';
import { useRefName } from './common.tsx';

type Preset = 'month' | 'quarter' | 'year' | 'custom';
const COUNTS: (keyof BulletinCounts)[] = ['assigned', 'onTime', 'overdue', 'sentBack', 'closed'];

/** The period a preset covers, from its first day to its last (the bulletin counts as of today while it runs). */
function periodOf(preset: Exclude<Preset, 'custom'>, today: Dayjs): [Dayjs, Dayjs] {
  if (preset === 'quarter') {
    const start = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
    return [start, start.add(2, 'month').endOf('month')];
  }
  return [today.startOf(preset), today.endOf(preset)];
}

/** The bulletin (通报): per responsibility area and lead unit, what was assigned, done on time, overdue, sent back and closed in a period. */
export default function BulletinPage() {
  const { t } = useTranslation();
  const refName = useRefName();
  const [preset, setPreset] = useState<Preset>('month');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => periodOf('month', dayjs()));
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const bulletin = useQuery({ queryKey: ['duties', 'bulletin', period], queryFn: () => api<Bulletin>('/duties/bulletin', { query: period }) });
  const choose = (p: Preset) => {
    setPreset(p);
    if (p !== 'custom') setRange(periodOf(p, dayjs()));
  };
  const countColumns = COUNTS.map((k) => ({ title: t(`duties.bulletin.${k}`), dataIndex: k, width: 110, align: 'right' as const }));
  const table = (rows: BulletinRow[], what: 'area' | 'unit', testId: string) => (
    <Table<BulletinRow>
      rowKey={(r) => r.id ?? (r.hidden ? 'hidden' : 'none')}
      size="small"
      data-testid={testId}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.bulletin.nothing')} /> }}
      columns={[
        {
          title: t(what === 'area' ? 'duties.bulletin.area' : 'duties.bulletin.unit'),
          dataIndex: 'name',
          render: (_: unknown, r: BulletinRow) =>
            r.hidden ? t('duties.hidden') : r.name ? localName(r.name, r.nameEn) : t(what === 'area' ? 'duties.bulletin.noArea' : 'duties.bulletin.noUnit'),
        },
        ...countColumns,
      ]}
    />
  );
  const b = bulletin.data;
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Radio.Group
              optionType="button"
              value={preset}
              onChange={(e) => choose(e.target.value as Preset)}
              options={(['month', 'quarter', 'year', 'custom'] as const).map((p) => ({ value: p, label: t(`duties.bulletin.${p}`) }))}
            />
            <DatePicker.RangePicker
              aria-label={t('duties.bulletin.period')}
              allowClear={false}
              value={range}
              onChange={(v) => {
                if (v?.[0] && v[1]) {
                  setPreset('custom');
                  setRange([v[0], v[1]]);
                }
              }}
            />
            <ExportButton path="/api/duties/bulletin/export" query={period} testId="bulletin-xlsx" />
            <Button href={withQuery('/api/duties/bulletin/docx', period)} icon={<FileWordOutlined />} data-testid="bulletin-docx">
              {t('duties.bulletin.docx')}
            </Button>
          </Space>
        }
      >
        {t('nav.dutiesBulletin')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('duties.bulletin.help')}</Typography.Paragraph>
      {bulletin.isError ? (
        <ErrorResult error={bulletin.error} onRetry={() => void bulletin.refetch()} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" loading={bulletin.isPending} data-testid="bulletin-totals">
            {b ? (
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3, xl: 6 }}
                items={[
                  { key: 'period', label: t('duties.bulletin.period'), children: `${formatDate(b.from)} — ${formatDate(b.to)}` },
                  ...COUNTS.map((k) => ({ key: k, label: t(`duties.bulletin.${k}`), children: <strong>{b.totals[k]}</strong> })),
                ]}
              />
            ) : null}
            {b && b.level !== 'public' ? (
              <Space style={{ marginTop: 8 }}>
                <LevelBadge level={b.level} mark={b.mark} />
                <Typography.Text type="secondary">{t('duties.bulletin.levelNote')}</Typography.Text>
              </Space>
            ) : null}
          </Card>
          <Card size="small" title={t('duties.bulletin.byArea')}>
            {table(b?.areas ?? [], 'area', 'bulletin-areas')}
          </Card>
          <Card size="small" title={t('duties.bulletin.byUnit')}>
            {table(b?.units ?? [], 'unit', 'bulletin-units')}
          </Card>
          <Card size="small" title={t('duties.bulletin.overdueTasks')}>
            <Table<BulletinOverdueTask>
              rowKey="id"
              size="small"
              data-testid="bulletin-overdue"
              dataSource={b?.overdueTasks ?? []}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.bulletin.noneOverdue')} /> }}
              columns={[
                { title: t('duties.task.title'), dataIndex: 'title', render: (_: unknown, r: BulletinOverdueTask) => <Link to={`/duties/tasks/${r.id}`}>{`${r.code} ${r.title}`}</Link> },
                { title: t('duties.task.leadUnit'), dataIndex: 'leadUnit', render: (_: unknown, r: BulletinOverdueTask) => refName(r.leadUnit) },
                { title: t('duties.task.deadline'), dataIndex: 'deadline', width: 130, render: (v: string) => formatDate(v) },
                { title: t('duties.bulletin.daysOverdue'), dataIndex: 'workingDaysOverdue', width: 130, align: 'right' as const },
                { title: t('duties.bulletin.doneLate'), dataIndex: 'done', width: 130, render: (v: boolean) => (v ? <Tag>{t('duties.bulletin.doneLateYes')}</Tag> : <Tag color="red">{t('duties.bulletin.stillOpen')}</Tag>) },
                { title: t('common.level'), dataIndex: 'level', width: 100, render: (v: string) => <LevelBadge level={v} /> },
              ]}
            />
          </Card>
        </Space>
      )}
    </>
  );
}
