import { Badge } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';

const COUNT_KEY = ['notifications', 'unread-count'];
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' } as const;

/** The header's bell: unread notifications, polled each minute, opening the inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const count = useQuery({ queryKey: COUNT_KEY, queryFn: () => api<{ count: number }>('/notifications/unread-count'), refetchInterval: 60_000 });
  const n = count.data?.count ?? 0;
  return (
    // Named by hidden text rather than aria-label: an aria-label must contain the badge's visible digits,
    // which it cannot while they roll from one count to the next; the badge itself is not read twice.
    <Link to="/notifications" title={t('notify.bell', { count: n })} data-testid="notification-bell" data-count={n}>
      <span style={VISUALLY_HIDDEN}>{t('notify.bell', { count: n })}</span>
      <Badge count={n} size="small" overflowCount={99} aria-hidden>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Link>
  );
}
