import { Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePendingMembers, type PendingMember } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate } from '../../lib/format.ts';
import { PageTitle } from './common.tsx';
import { MemberDecision } from './KnowableDrawer.tsx';

/**
 * The secrecy officer's work list: people a unit named in a knowable scope would bring in, who took
 * their position after the unit was approved. The officer keeps scopes without opening the records,
 * so the approvals cannot live on the records' own pages alone.
 */
export default function KnowableMembersPage() {
  const { t } = useTranslation();
  const keeper = can(useMe().permissions, 'knowable.keep');
  const pending = usePendingMembers(keeper);
  const hidden = t('secrecy.knowable.hidden');
  return (
    <>
      <PageTitle>{t('secrecy.knowable.membersTitle')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('secrecy.knowable.membersIntro')}</Typography.Paragraph>
      {pending.isError ? (
        <ErrorResult error={pending.error} onRetry={() => void pending.refetch()} />
      ) : (
        <Table<PendingMember>
          rowKey={(r) => `${r.objectType}:${r.objectId}:${r.positionId}`}
          size="small"
          loading={keeper && pending.isPending}
          pagination={false}
          dataSource={pending.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('secrecy.knowable.membersEmpty')} /> }}
          data-testid="pending-members"
          columns={[
            {
              title: t('secrecy.knowable.record'),
              key: 'record',
              render: (_, r) => (
                <span>
                  <LevelBadge level={r.level} /> {r.recordName}
                </span>
              ),
            },
            { title: t('secrecy.knowable.unit'), key: 'unit', render: (_, r) => r.unitName ?? hidden },
            { title: t('secrecy.knowable.person'), key: 'person', render: (_, r) => r.name ?? hidden },
            {
              title: t('secrecy.knowable.position'),
              key: 'position',
              render: (_, r) => (
                <span>
                  {r.title ?? '—'} {r.startDate ? <Tag>{t('secrecy.knowable.since', { date: formatDate(r.startDate) })}</Tag> : null}
                </span>
              ),
            },
            { title: t('secrecy.knowable.decision'), key: 'decide', render: (_, r) => <MemberDecision objectType={r.objectType} objectId={r.objectId} positionId={r.positionId} /> },
          ]}
        />
      )}
    </>
  );
}
