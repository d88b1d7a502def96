import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { SessionPlanThemes, StudySession } from '../../api/study.ts';
import { ErrorAlert } from '../../components/States.tsx';

/**
 * Which theme of the group's plan for the year each session theme studies: picked from the plan,
 * with the match the text suggests offered first. Linked themes of a held session count as
 * covered in the plan.
 */
export function ThemePlanLinks({ session, editable, onLink }: { session: StudySession; editable: boolean; onLink: (themeId: string, planThemeId: string | null) => void }) {
  const { t } = useTranslation();
  const offered = useQuery({
    queryKey: ['study', 'sessions', session.id, 'plan-themes'],
    queryFn: () => api<SessionPlanThemes>(`/study/sessions/${session.id}/plan-themes`),
  });
  const data = offered.data;
  const suggestionFor = (themeId: string) => data?.suggestions.find((s) => s.themeId === themeId);
  const title = (planThemeId: string) => data?.items.find((p) => p.id === planThemeId)?.title ?? planThemeId;
  return (
    <Card size="small" title={t('study.planLinks.title')} data-testid="plan-links">
      <ErrorAlert error={offered.error} />
      {data && data.items.length === 0 ? (
        <Typography.Text type="secondary">
          {t('study.planLinks.noPlan', { year: data.year })} <Link to="/study/plans">{t('study.plans')}</Link>
        </Typography.Text>
      ) : (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            loading={offered.isPending}
            dataSource={session.themes}
            columns={[
              { title: t('study.theme'), dataIndex: 'text', render: (text: string) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{text}</Typography.Paragraph> },
              {
                title: t('study.planLinks.planTheme'),
                key: 'plan',
                width: '45%',
                render: (_, theme) => {
                  const suggestion = suggestionFor(theme.id);
                  return (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Select
                        style={{ width: '100%' }}
                        allowClear
                        disabled={!editable}
                        aria-label={`${t('study.planLinks.planTheme')}: ${theme.text.slice(0, 40)}`}
                        placeholder={t('study.planLinks.pick')}
                        value={theme.planThemeId ?? undefined}
                        onChange={(v: string | undefined) => onLink(theme.id, v ?? null)}
                        options={(data?.items ?? []).map((p) => ({
                          value: p.id,
                          label: `${p.title}${p.id === suggestion?.planThemeId ? ` · ${t('study.planLinks.suggested')}` : ''}`,
                        }))}
                        data-testid={`plan-link-${theme.order}`}
                      />
                      {suggestion && editable ? (
                        <Space size={4} wrap>
                          <Tag style={{ color: '#613400', background: '#fffbe6', borderColor: '#ffd666' }}>{t('study.planLinks.suggested')}</Tag>
                          <Typography.Text>{title(suggestion.planThemeId)}</Typography.Text>
                          <Button size="small" type="link" onClick={() => onLink(theme.id, suggestion.planThemeId)} data-testid={`accept-suggestion-${theme.order}`}>
                            {t('study.planLinks.accept')}
                          </Button>
                        </Space>
                      ) : null}
                    </Space>
                  );
                },
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
