import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMeta } from '../auth/session.ts';
import { useMe } from '../auth/useMe.ts';
import { LevelBadge } from '../components/LevelBadge.tsx';
import { filterNav } from '../layout/nav.ts';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const meta = useMeta();
  const groups = filterNav(me.permissions);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Descriptions bordered size="small" column={1} style={{ maxWidth: 560, marginBottom: 24 }}>
        <Descriptions.Item label={t('home.org')}>{meta.data?.orgName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('header.clearance')}>
          <LevelBadge level={me.clearance} />
        </Descriptions.Item>
        <Descriptions.Item label={t('home.ceiling')}>{meta.data ? <LevelBadge level={meta.data.ceiling} /> : '—'}</Descriptions.Item>
      </Descriptions>
      <Row gutter={[16, 16]}>
        {groups.map((g) => (
          <Col key={g.key} xs={24} md={8}>
            <Card title={t(g.labelKey)} size="small">
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {g.items.map((i) => (
                  <li key={i.key}>
                    <Link to={i.path}>{t(i.labelKey)}</Link>
                  </li>
                ))}
              </ul>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
