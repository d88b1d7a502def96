import { Badge } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';

const COUNT_KEY = ['notifications', 'unread-count'];

/** The header's bell: unread notifications, polled each minute, opening the inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const count = useQuery({ queryKey: COUNT_KEY, queryFn: () => api<{ count: number }>('/notifications/unread-count'), refetchInterval: 60_000 });
  const n = count.data?.count ?? 0;
  return (
    <Link to="/notifications" aria-label={t('notify.bell', { count: n })} title={t('notify.bell', { count: n })} data-testid="notification-bell" data-count={n}>
      <Badge count={n} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Link>
  );
}
