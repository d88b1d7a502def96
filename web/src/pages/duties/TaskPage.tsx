import { Button, Card, Col, Descriptions, Empty, List, Progress, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { TaskDetail, TaskEvent, TaskExtension } from '../../api/duties.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult, Loading } from '../../components/States.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';
import { LIGHT_COLOR, LightTag, StateTag, useRefName } from './common.tsx';
import { ExtensionDecision, TaskActions } from './TaskActions.tsx';

/** What an event's detail adds to its line: the states moved between, the deadline changed. */
function eventDetail(e: TaskEvent, t: (k: string, o?: Record<string, unknown>) => string): string | null {
  const d = e.detail ?? {};
  if (typeof d.oldDeadline === 'string' && typeof d.newDeadline === 'string') return t('duties.timeline.deadline', { from: formatDate(d.oldDeadline), to: formatDate(d.newDeadline) });
  if (typeof d.percent === 'number') return `${d.percent}%`;
  return null;
}

const EVENT_COLOR: Record<string, string> = { sent_back: LIGHT_COLOR.red, overdue: LIGHT_COLOR.red, escalated: LIGHT_COLOR.red, returned: LIGHT_COLOR.red, due_soon: LIGHT_COLOR.yellow, reminded: LIGHT_COLOR.yellow, closed: LIGHT_COLOR.grey, verified: LIGHT_COLOR.green };

export default function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const name = useRefName();
  const task = useQuery({ queryKey: ['duties', 'task', id], queryFn: () => api<TaskDetail>(`/duties/tasks/${id}`) });
  if (task.isPending) return <Loading />;
  if (task.isError) return <ErrorResult error={task.error} onRetry={() => void task.refetch()} />;
  const d = task.data;
  const source = d.source;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="task-page" data-state={d.state}>
      <PageTitle
        extra={
          <Space wrap>
            {d.assignedAt ? (
              <Button href={`/api/duties/tasks/${d.id}/notice.docx`} icon={<FileWordOutlined />} data-testid="task-notice">
                {t('duties.task.notice')}
              </Button>
            ) : null}
            <TaskActions task={d} />
          </Space>
        }
      >
        <Space wrap>
          <span>{d.title}</span>
          <LightTag light={d.light} reasons={d.lightReasons} />
          <StateTag state={d.state} />
        </Space>
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('duties.task.details')}>
            <Descriptions size="small" column={1} bordered styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('duties.task.code')}>{d.code}</Descriptions.Item>
              <Descriptions.Item label={t('common.level')}>
                <LevelBadge level={d.level} mark={d.mark} />
              </Descriptions.Item>
              <Descriptions.Item label={t('duties.task.content')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.content || '—'}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('duties.task.source')}>
                <Space orientation="vertical" size={0}>
                  <span>{t(`duties.source.${source.kind}`, { defaultValue: source.kind })}</span>
                  {source.sessionId ? (
                    <Link to={`/study/sessions/${source.sessionId}`} data-testid="task-source-link">
                      {t('duties.task.openSession')}
                    </Link>
                  ) : null}
                  {source.text ? <span>{source.text}</span> : null}
                  {source.date ? <span>{formatDate(source.date)}</span> : null}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('duties.task.area')}>{d.area ? d.area.name : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('duties.task.leadLeader')}>{name(d.leadLeader)}</Descriptions.Item>
              <Descriptions.Item label={t('duties.task.leadUnit')}>{name(d.leadUnit)}</Descriptions.Item>
              <Descriptions.Item label={t('duties.task.responsible')}>{name(d.responsiblePerson)}</Descriptions.Item>
              <Descriptions.Item label={t('duties.task.cooperating')}>{d.cooperatingUnits.length ? d.cooperatingUnits.map(name).join('、') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('duties.task.deadline')}>
                <span data-testid="task-deadline">{formatDate(d.deadline)}</span>
                {d.originalDeadline && d.originalDeadline !== d.deadline ? <span style={{ color: '#595959' }}> ({t('duties.task.originalDeadline')}: {formatDate(d.originalDeadline)})</span> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('duties.task.frequency')}>
                {t(`duties.frequency.${d.reportFrequency}`, { defaultValue: d.reportFrequency })}
                {d.nextReportDue ? ` · ${t('duties.task.nextReport')}: ${formatDate(d.nextReportDue)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('duties.task.progress')}>
                <Progress percent={d.progress} size="small" style={{ maxWidth: 240 }} />
              </Descriptions.Item>
              {d.cancellation ? (
                <Descriptions.Item label={t('duties.task.cancellation')}>
                  {d.cancellation.reason} — {d.cancellation.requestedBy ?? ''} {formatDateTime(d.cancellation.requestedAt)}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('duties.timeline.title')}>
            <Timeline
              data-testid="task-timeline"
              items={[...d.events].reverse().map((e) => ({
                color: EVENT_COLOR[e.kind] ?? '#0958d9',
                content: (
                  <div data-testid="timeline-event" data-kind={e.kind}>
                    <strong>{t(`duties.event.${e.kind}`, { defaultValue: e.kind })}</strong> · {formatDateTime(e.at)}
                    {e.actorName ? ` · ${e.actorName}` : ''}
                    {eventDetail(e, t) ? <div>{eventDetail(e, t)}</div> : null}
                    {e.note ? <div style={{ whiteSpace: 'pre-wrap', color: '#434343' }}>{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('duties.reports.title')}>
        {d.reports.length === 0 ? (
          <Empty description={t('duties.reports.none')} />
        ) : (
          <List
            data-testid="task-reports"
            dataSource={[...d.reports].reverse()}
            renderItem={(r) => (
              <List.Item data-testid="task-report" data-kind={r.kind}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{t(`duties.reports.kind.${r.kind}`)}</Tag>
                      {r.percent !== null ? <span>{r.percent}%</span> : null}
                      {r.period ? <span>{r.period}</span> : null}
                      {r.late ? <Tag color="red">{t('duties.reports.late')}</Tag> : null}
                      <span style={{ color: '#595959' }}>
                        {r.reportedBy ?? ''} · {formatDateTime(r.reportedAt)}
                      </span>
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={4}>
                      <span style={{ whiteSpace: 'pre-wrap', color: '#262626' }}>{r.narrative}</span>
                      {r.files.map((f) => (
                        <a key={f.id} href={`/api/duties/files/${f.id}`} data-testid="evidence-file">
                          <PaperClipOutlined /> {f.name} ({Math.ceil(f.size / 1024)} KB)
                        </a>
                      ))}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('duties.extensions.title')}>
            <Table<TaskExtension>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.extensions}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.extensions.none')} /> }}
              columns={[
                { title: t('duties.extensions.newDeadline'), dataIndex: 'newDeadline', render: (v: string, x) => `${formatDate(x.oldDeadline)} → ${formatDate(v)}` },
                { title: t('duties.form.reason'), dataIndex: 'reason' },
                {
                  title: t('duties.extensions.state'),
                  dataIndex: 'state',
                  render: (v: string, x) =>
                    v === 'pending' && d.may.decideExtension ? <ExtensionDecision task={d} extensionId={x.id} /> : <Tag data-testid="extension-state">{t(`duties.extensions.states.${v}`)}</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('duties.milestones.title')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.milestones}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.milestones.none')} /> }}
              columns={[
                { title: t('duties.milestones.name'), dataIndex: 'title' },
                { title: t('duties.milestones.due'), dataIndex: 'dueDate', render: formatDate },
                { title: t('duties.milestones.weight'), dataIndex: 'weight' },
                { title: t('duties.milestones.done'), dataIndex: 'done', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
              ]}
            />
            {d.subtasks.length ? (
              <Table
                style={{ marginTop: 12 }}
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.subtasks}
                columns={[
                  { title: t('duties.subtasks.unit'), dataIndex: 'unit', render: (_: unknown, s) => name(s.unit) },
                  { title: t('duties.subtasks.name'), dataIndex: 'title' },
                  { title: t('duties.milestones.weight'), dataIndex: 'weight' },
                  { title: t('duties.task.progress'), dataIndex: 'progress', render: (v: number) => `${v}%` },
                ]}
              />
            ) : null}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
