import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyTasks, type Mine } from '../api/duties.ts';
import { useMeta } from '../auth/session.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorResult } from '../components/States.tsx';
import { can } from '../layout/nav.ts';
import { TaskTable } from './duties/common.tsx';
import { DutyCounts } from './duties/WorkbenchPage.tsx';

const WAITING: { as: Mine; key: string }[] = [
  { as: 'to_accept', key: 'toAccept' },
  { as: 'to_report', key: 'toReport' },
  { as: 'to_verify', key: 'toVerify' },
  { as: 'overdue', key: 'overdue' },
];

function Waiting({ as, title }: { as: Mine; title: string }) {
  const { t } = useTranslation();
  const list = useMyTasks(as);
  const items = list.data?.items ?? [];
  return (
    <Card size="small" title={title} extra={items.length > 5 ? <Link to={`/duties/workbench?tab=${as}`}>{t('home.all', { count: items.length })}</Link> : null} data-testid={`waiting-${as}`}>
      {list.isError ? <ErrorResult error={list.error} onRetry={() => void list.refetch()} /> : <TaskTable tasks={items.slice(0, 5)} loading={list.isPending} compact empty={t('home.nothingWaiting')} />}
    </Card>
  );
}

/** What waits for the signed-in person: tasks to accept, to report on, to verify, and overdue. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const meta = useMeta();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('home.org')}>{meta.data?.orgName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('header.clearance')}>
          <LevelBadge level={me.clearance} />
        </Descriptions.Item>
        <Descriptions.Item label={t('home.ceiling')}>{meta.data ? <LevelBadge level={meta.data.ceiling} /> : '—'}</Descriptions.Item>
      </Descriptions>
      {can(me.permissions, 'duties.read') ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('home.waiting')}
          </Typography.Title>
          <DutyCounts link />
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            {WAITING.map((w) => (
              <Col key={w.as} xs={24} xl={12}>
                <Waiting as={w.as} title={t(`duties.summary.${w.key}`)} />
              </Col>
            ))}
          </Row>
        </>
      ) : (
        <Typography.Paragraph>{t('home.useMenu')}</Typography.Paragraph>
      )}
    </>
  );
}
