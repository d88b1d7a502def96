import { Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import { useStudyGroups, type GroupLedger } from '../../api/study.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult, Loading } from '../../components/States.tsx';
import { formatDate, localName, localThemes, readerLang } from '../../lib/format.ts';
import { StatusTag, useStudyLabel, yearOptions } from './common.tsx';

type Row = GroupLedger['sessions'][number];
type Cover = GroupLedger['coverage'][number];

/** A study group's ledger (学习台账) for a year, with the coverage of its plan. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const label = useStudyLabel();
  const groups = useStudyGroups();
  const [params, setParams] = useSearchParams();
  const groupId = params.get('groupId') ?? groups.data?.items[0]?.id;
  const year = Number(params.get('year') ?? new Date().getFullYear());
  const set = (key: string, value: string | number) => {
    const next = new URLSearchParams(params);
    if (key !== 'groupId' && groupId) next.set('groupId', groupId);
    next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const ledger = useQuery({
    queryKey: ['study', 'ledger', groupId, year],
    queryFn: () => api<GroupLedger>(`/study/ledgers/groups/${groupId}`, { query: { year } }),
    enabled: !!groupId,
  });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('study.ledger')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('study.group')}
            style={{ width: 300 }}
            value={groupId}
            onChange={(v) => set('groupId', v)}
            loading={groups.isPending}
            options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))}
          />
          <Select aria-label={t('study.year')} style={{ width: 110 }} value={year} onChange={(v) => set('year', v)} options={yearOptions()} data-testid="ledger-year" />
          {groupId ? (
            <>
              <a href={withQuery(`/api/study/ledgers/groups/${groupId}/export`, { year, format: 'xlsx', lang: readerLang() })} download data-testid="ledger-export">
                {t('common.exportXlsx')}
              </a>
              <a href={withQuery(`/api/study/ledgers/groups/${groupId}/coverage/export`, { year, format: 'xlsx', lang: readerLang() })} download>
                {t('study.exportCoverage')}
              </a>
            </>
          ) : null}
        </Space>
      </Space>
      {!groupId ? (
        groups.isPending ? <Loading /> : <Empty description={t('org.noGroups')} />
      ) : ledger.isPending ? (
        <Loading />
      ) : ledger.isError ? (
        <ErrorResult error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('study.sessionsCount')} value={ledger.data.totals.sessions} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('study.hours')} value={ledger.data.totals.hours} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('study.speeches')} value={ledger.data.totals.speeches} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('study.coverage')} value={ledger.data.totals.studiedThemes} suffix={`/ ${ledger.data.totals.plannedThemes}`} />
              </Card>
            </Col>
          </Row>
          <Card title={`${localName(ledger.data.group.name, ledger.data.group.nameEn)} · ${ledger.data.year}`} size="small">
            <Table<Row>
              rowKey="sessionId"
              size="small"
              pagination={false}
              dataSource={ledger.data.sessions}
              data-testid="ledger-sessions"
              locale={{ emptyText: <Empty description={t('study.noSessions')} /> }}
              columns={[
                { title: t('study.date'), dataIndex: 'date', render: (_, r) => <Link to={`/study/sessions/${r.sessionId}`}>{formatDate(r.date)}</Link> },
                { title: t('study.halfDay'), dataIndex: 'halfDay', render: (v: string | null) => label('halfDays', v) },
                { title: t('study.form'), dataIndex: 'form', render: (v: string) => label('forms', v) },
                { title: t('study.host'), dataIndex: 'host', render: (v: string | null) => v ?? '—' },
                { title: t('study.themes'), dataIndex: 'themes', render: (_: string[], r) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{localThemes(r).join(t('study.listSeparator')) || '—'}</Typography.Paragraph> },
                { title: t('study.present'), dataIndex: 'present' },
                { title: t('study.onLeave'), dataIndex: 'onLeave' },
                { title: t('study.absent'), dataIndex: 'absent' },
                { title: t('study.speeches'), dataIndex: 'speeches' },
                { title: t('study.conclusions'), dataIndex: 'conclusions' },
                { title: t('study.hours'), dataIndex: 'hours' },
                { title: t('study.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
                { title: t('common.level'), dataIndex: 'level', render: (v: string) => <LevelBadge level={v} /> },
              ]}
            />
          </Card>
          <Card title={t('study.planCoverage')} size="small">
            <Table<Cover>
              rowKey={(r) => `${r.planTitle}-${r.title}`}
              size="small"
              pagination={false}
              dataSource={ledger.data.coverage}
              locale={{ emptyText: <Empty description={<span>{t('study.noPlanForYear')} <Link to={`/study/plans?groupId=${groupId}`}>{t('study.plans')}</Link></span>} /> }}
              columns={[
                { title: t('study.planTitle'), dataIndex: 'planTitle' },
                { title: t('study.theme'), dataIndex: 'title' },
                { title: t('study.plannedMonth'), dataIndex: 'plannedMonth', render: (v: number | null) => (v ? t('study.monthN', { month: v }) : '—') },
                { title: t('study.requiredSessions'), dataIndex: 'requiredSessions' },
                { title: t('study.sessionsHeldTitle'), dataIndex: 'sessionsHeld' },
                {
                  title: t('study.coverage'),
                  dataIndex: 'studied',
                  render: (v: boolean) =>
                    v ? (
                      <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('study.studied')}</Tag>
                    ) : (
                      <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('study.notYetStudied')}</Tag>
                    ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
