import { Card, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import type { PersonLedger } from '../../api/study.ts';
import { ErrorResult, Loading } from '../../components/States.tsx';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { formatDate, joinTitles, localName, localTitles, localThemes, readerLang } from '../../lib/format.ts';
import { useStudyLabel, yearOptions } from './common.tsx';

type Row = PersonLedger['sessions'][number];

/** A person's study record: sessions attended, leave, speeches, hours. */
export default function PersonStudyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useStudyLabel();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const ledger = useQuery({ queryKey: ['study', 'person-ledger', id, year], queryFn: () => api<PersonLedger>(`/study/ledgers/people/${id}`, { query: { year } }) });
  if (ledger.isPending) return <Loading />;
  if (ledger.isError) return <ErrorResult error={ledger.error} />;
  const l = ledger.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }} data-testid="person-study-title">
            {t('study.personRecord')} · {localName(l.person.name, l.person.nameEn)}
          </Typography.Title>
          <Typography.Text type="secondary">{joinTitles(localTitles(l.person.titles))}</Typography.Text>
        </div>
        <Space wrap>
          <Link to={`/org/people/${id}`}>{t('study.personPage')}</Link>
          <Select
            allowClear
            placeholder={t('study.allYears')}
            aria-label={t('study.year')}
            style={{ width: 130 }}
            value={year}
            onChange={(v?: number) => setParams(v ? { year: String(v) } : {}, { replace: true })}
            options={yearOptions()}
          />
          <a href={withQuery(`/api/study/ledgers/people/${id}/export`, { year, format: 'xlsx', lang: readerLang() })} download>
            {t('common.exportXlsx')}
          </a>
        </Space>
      </Space>
      <Row gutter={16}>
        {(
          [
            ['sessionsCount', l.totals.sessions],
            ['attended', l.totals.attended],
            ['onLeave', l.totals.leave],
            ['absent', l.totals.absent],
            ['speeches', l.totals.speeches],
            ['hours', l.totals.hours],
          ] as const
        ).map(([key, value]) => (
          <Col xs={12} md={4} key={key}>
            <Card size="small">
              <Statistic title={t(`study.${key}`)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Table<Row>
          rowKey="sessionId"
          size="small"
          pagination={false}
          dataSource={l.sessions}
          data-testid="person-ledger"
          locale={{ emptyText: <Empty description={t('study.noSessions')} /> }}
          columns={[
            { title: t('study.date'), dataIndex: 'date', render: (_, r) => <Link to={`/study/sessions/${r.sessionId}`}>{formatDate(r.date)}</Link> },
            { title: t('study.halfDay'), dataIndex: 'halfDay', render: (v: string | null) => label('halfDays', v) },
            { title: t('study.group'), dataIndex: 'groupName' },
            { title: t('study.themes'), dataIndex: 'themes', render: (_: string[], r) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{localThemes(r).join(t('study.listSeparator')) || '—'}</Typography.Paragraph> },
            { title: t('study.attendanceStatus'), dataIndex: 'attendance', render: (v: string, r) => `${label('attendance', v)}${r.reason ? `（${r.reason}）` : ''}` },
            { title: t('study.speeches'), dataIndex: 'speeches' },
            { title: t('study.hours'), dataIndex: 'hours' },
            { title: t('common.level'), dataIndex: 'level', render: (v: string) => <LevelBadge level={v} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
