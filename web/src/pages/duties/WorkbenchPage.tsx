import { Card, Col, Row, Statistic, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useDutySummary, useMyTasks, type Mine, type Task } from '../../api/duties.ts';
import { ErrorResult } from '../../components/States.tsx';
import { PageTitle } from '../secrecy/common.tsx';
import { isoDay, LIGHT_COLOR, TaskTable } from './common.tsx';

/** Sunday of this week (weeks start on Monday here), as YYYY-MM-DD. */
function endOfWeek(today = new Date()): string {
  const d = new Date(today);
  d.setDate(d.getDate() + ((7 - d.getDay()) % 7));
  return isoDay(d);
}

const FINISHED = new Set(['verified', 'closed', 'cancelled']);

function MineTable({ as, filter }: { as: Mine; filter?: (t: Task) => boolean }) {
  const { t } = useTranslation();
  const list = useMyTasks(as);
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const items = (list.data?.items ?? []).filter(filter ?? (() => true));
  return <TaskTable tasks={items} loading={list.isPending} empty={t('duties.tasks.none')} />;
}

/** Tasks on me in any way that fall due by Sunday and are not finished. */
function DueThisWeek() {
  const { t } = useTranslation();
  const lists = [useMyTasks('responsible'), useMyTasks('unit'), useMyTasks('leader')];
  const end = endOfWeek();
  const seen = new Map<string, Task>();
  for (const l of lists) for (const x of l.data?.items ?? []) if (x.deadline && x.deadline <= end && !FINISHED.has(x.state)) seen.set(x.id, x);
  const failed = lists.find((l) => l.isError);
  if (failed) return <ErrorResult error={failed.error} onRetry={() => void failed.refetch()} />;
  return <TaskTable tasks={[...seen.values()].sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''))} loading={lists.some((l) => l.isPending)} empty={t('duties.tasks.none')} />;
}

/** Counts of what waits for the reader, each opening its list. */
export function DutyCounts({ link = false }: { link?: boolean }) {
  const { t } = useTranslation();
  const summary = useDutySummary();
  if (summary.isError) return <ErrorResult error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const cells: { key: string; value: number | undefined; color?: string; to: string }[] = [
    { key: 'toAccept', value: s?.toAccept, to: '/duties/workbench?tab=to_accept' },
    { key: 'toReport', value: s?.toReport, to: '/duties/workbench?tab=to_report' },
    { key: 'toVerify', value: s?.toVerify, to: '/duties/workbench?tab=to_verify' },
    { key: 'overdue', value: s?.overdue, color: LIGHT_COLOR.red, to: '/duties/workbench?tab=overdue' },
    { key: 'dueThisWeek', value: s?.dueThisWeek, color: LIGHT_COLOR.yellow, to: '/duties/workbench?tab=week' },
  ];
  return (
    <Row gutter={[12, 12]} data-testid="duty-counts">
      {cells.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={4}>
          <Card size="small" loading={summary.isPending} data-testid={`count-${c.key}`}>
            <Statistic title={link ? <Link to={c.to}>{t(`duties.summary.${c.key}`)}</Link> : t(`duties.summary.${c.key}`)} value={c.value ?? 0} styles={{ content: c.color && c.value ? { color: c.color } : undefined }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const tabs: { key: string; label: string; children: React.ReactNode }[] = [
    { key: 'to_accept', label: t('duties.summary.toAccept'), children: <MineTable as="to_accept" /> },
    { key: 'to_report', label: t('duties.summary.toReport'), children: <MineTable as="to_report" /> },
    { key: 'to_verify', label: t('duties.summary.toVerify'), children: <MineTable as="to_verify" /> },
    { key: 'overdue', label: t('duties.summary.overdue'), children: <MineTable as="overdue" /> },
    { key: 'week', label: t('duties.summary.dueThisWeek'), children: <DueThisWeek /> },
    { key: 'responsible', label: t('duties.mine.responsible'), children: <MineTable as="responsible" /> },
    { key: 'unit', label: t('duties.mine.unit'), children: <MineTable as="unit" /> },
    { key: 'leader', label: t('duties.mine.leader'), children: <MineTable as="leader" /> },
  ];
  return (
    <>
      <PageTitle extra={<Link to="/duties/board">{t('nav.dutiesBoard')}</Link>}>{t('nav.dutiesWorkbench')}</PageTitle>
      <DutyCounts />
      <Card size="small" style={{ marginTop: 16 }}>
        <Tabs defaultActiveKey={params.get('tab') ?? 'to_accept'} items={tabs} destroyOnHidden data-testid="workbench-tabs" />
      </Card>
    </>
  );
}
