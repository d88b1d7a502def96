import { Card, Col, Descriptions, List, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../api/client.ts';
import { useMyTasks, type Mine } from '../api/duties.ts';
import type { Letter, PublicationReview } from '../api/secrecy.ts';
import type { SessionListItem } from '../api/study.ts';
import { useMeta } from '../auth/session.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { ErrorResult } from '../components/States.tsx';
import { formatDate, localName, localThemes } from '../lib/format.ts';
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

const today = () => new Date().toISOString().slice(0, 10);

/** One short list of what waits, each item a link to where it is done. */
function WaitList<T>({ title, testId, query, items, render, more }: { title: string; testId: string; query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown }; items: T[]; render: (item: T) => { key: string; to: string; text: string }; more?: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={testId} extra={more ? <Link to={more}>{t('home.more')}</Link> : null}>
      {query.isError ? (
        <ErrorResult error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <List
          size="small"
          loading={query.isPending}
          dataSource={items.slice(0, 5)}
          locale={{ emptyText: <span style={{ color: '#595959' }}>{t('home.nothingWaiting')}</span> }}
          renderItem={(item) => {
            const r = render(item);
            return (
              <List.Item key={r.key}>
                <Link to={r.to}>{r.text}</Link>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

function useSessionList(query: Record<string, string>, enabled: boolean) {
  return useQuery({ queryKey: ['home', 'sessions', query], queryFn: () => api<Page<SessionListItem>>('/study/sessions', { query: { pageSize: 20, sort: 'date', ...query } }), enabled });
}

/** A session in a line: its date, group and the first words of its first theme. */
const sessionText = (s: SessionListItem) => {
  const theme = localThemes(s)[0];
  return `${formatDate(s.date)} · ${localName(s.groupName, s.groupNameEn)}${theme ? ` · ${theme.length > 40 ? `${theme.slice(0, 40)}…` : theme}` : ''}`;
};

/** Study and secrecy work that waits: sessions to record as held, minutes to approve, the next planned sessions, reviews to decide, letters to sign. */
function StudyAndSecrecy() {
  const { t } = useTranslation();
  const me = useMe();
  const studyRead = can(me.permissions, 'study.read');
  const day = today();
  const toRecord = useSessionList({ status: 'planned', to: day, order: 'asc' }, studyRead);
  const held = useSessionList({ status: 'held', order: 'desc' }, studyRead);
  const next = useSessionList({ status: 'planned', from: day, order: 'asc' }, studyRead);
  const decider = can(me.permissions, 'secrecy.review.decide');
  const reviews = useQuery({ queryKey: ['home', 'reviews'], queryFn: () => api<Page<PublicationReview>>('/secrecy/reviews', { query: { outcome: 'pending', pageSize: 20 } }), enabled: decider });
  const letters = useQuery({ queryKey: ['home', 'letters'], queryFn: () => api<{ items: Letter[] }>('/secrecy/letters/mine'), enabled: !!me.personId });
  const session = (s: SessionListItem) => ({ key: s.id, to: `/study/sessions/${s.id}`, text: sessionText(s) });
  const cards: React.ReactNode[] = [];
  if (studyRead && can(me.permissions, 'study.write'))
    cards.push(<WaitList key="record" title={t('home.toRecord')} testId="waiting-to-record" query={toRecord} items={toRecord.data?.items ?? []} render={session} more="/study/sessions?status=planned" />);
  if (studyRead && (can(me.permissions, 'study.approve') || can(me.permissions, 'study.write')))
    cards.push(<WaitList key="minutes" title={t('home.minutesToApprove')} testId="waiting-minutes" query={held} items={held.data?.items ?? []} render={session} more="/study/sessions?status=held" />);
  if (decider)
    cards.push(<WaitList key="reviews" title={t('home.reviewsToDecide')} testId="waiting-reviews" query={reviews} items={reviews.data?.items ?? []} render={(r) => ({ key: r.id, to: `/secrecy/reviews/${r.id}`, text: r.title })} more="/secrecy/reviews" />);
  if (me.personId)
    cards.push(
      <WaitList key="letters" title={t('home.lettersToSign')} testId="waiting-letters" query={letters} items={(letters.data?.items ?? []).filter((l) => l.status === 'issued')} render={(l) => ({ key: l.id, to: '/secrecy/letters', text: t('home.letterOf', { year: l.year }) })} />,
    );
  if (studyRead) cards.push(<WaitList key="next" title={t('home.nextSessions')} testId="next-sessions" query={next} items={next.data?.items ?? []} render={session} more="/study/sessions?status=planned" />);
  if (cards.length === 0) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
      {cards.map((c, i) => (
        <Col key={i} xs={24} md={12} xl={8}>
          {c}
        </Col>
      ))}
    </Row>
  );
}

/** What waits for the signed-in person: study and secrecy work, then tasks to accept, to report on, to verify, and overdue. */
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
      <StudyAndSecrecy />
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
