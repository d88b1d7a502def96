import { Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { SearchHit } from '../../api/study.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { Snippet } from '../../components/Snippet.tsx';
import { ErrorAlert } from '../../components/States.tsx';
import { formatDate } from '../../lib/format.ts';

/** One search box over sessions, themes, speeches, minutes and conclusions. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const hits = useQuery({
    queryKey: ['study', 'search', q],
    queryFn: () => api<{ items: SearchHit[]; total: number; terms: string[] }>('/search', { query: { q, limit: 100 } }),
    enabled: !!q,
  });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('study.search')}
      </Typography.Title>
      <Input.Search
        key={q}
        defaultValue={q}
        enterButton
        allowClear
        size="large"
        placeholder={t('study.searchPlaceholder')}
        aria-label={t('study.search')}
        onSearch={(value) => setParams(value.trim() ? { q: value.trim() } : {})}
        data-testid="study-search-page"
      />
      <ErrorAlert error={hits.error} />
      {q ? (
        <Card size="small" title={hits.data ? t('study.resultsFor', { count: hits.data.total, q }) : undefined}>
          <List<SearchHit>
            loading={hits.isFetching}
            dataSource={hits.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('study.noResults')} /> }}
            data-testid="search-results"
            renderItem={(hit) => (
              <List.Item key={`${hit.type}-${hit.id}-${hit.field}`}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{t(`study.hitTypes.${hit.type}`, { defaultValue: hit.type })}</Tag>
                      <Link to={`/study/sessions/${hit.sessionId}`}>
                        {hit.groupName} · {formatDate(hit.sessionDate)}
                      </Link>
                      {hit.level !== 'public' ? <LevelBadge level={hit.level} mark={hit.mark} /> : null}
                    </Space>
                  }
                  description={<Snippet html={hit.snippet} />}
                />
              </List.Item>
            )}
          />
        </Card>
      ) : (
        <Typography.Text type="secondary">{t('study.searchHelp')}</Typography.Text>
      )}
    </Space>
  );
}
