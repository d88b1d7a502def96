import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Input, Row, Segmented, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client.ts';
import { LIGHTS, SOURCE_KINDS, TASK_STATES, useAreas, type Light, type Task } from '../../api/duties.ts';
import { useMe } from '../../auth/useMe.ts';
import { ListFilters, useListFilters } from '../../components/ListFilters.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate, localName } from '../../lib/format.ts';
import { PageTitle } from '../secrecy/common.tsx';
import { LIGHT_COLOR, LightTag, UnitTreeSelect, useRefName, useTaskColumns } from './common.tsx';
import { TaskForm } from './TaskForm.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

interface Filters {
  [key: string]: string | undefined;
  q?: string;
  areaId?: string;
  unitId?: string;
  leadUnitId?: string;
  leaderPersonId?: string;
  state?: string;
  light?: string;
  sourceKind?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
}

const FILTER_KEYS = ['q', 'areaId', 'unitId', 'leadUnitId', 'leaderPersonId', 'state', 'light', 'sourceKind', 'deadlineFrom', 'deadlineTo'] as const;

/** Every task the reader may see, filtered; as a table or as a board of columns by light. */
export default function TasksPage({ board = false }: { board?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [view, setView] = useState<'table' | 'board'>(board ? 'board' : 'table');
  const [params] = useSearchParams();
  // Every filter can come in the address, so a dashboard's bar or another page links to the list it counts.
  const list$ = useListFilters<Filters>(Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])), view === 'board' ? 200 : 20);
  const { filters } = list$;
  const areas = useAreas();
  const tasks = useQuery({
    queryKey: ['duties', 'tasks', list$.query],
    queryFn: () => api<Page<Task>>('/duties/tasks', { query: list$.query }),
    placeholderData: keepPreviousData,
  });
  const columns = useTaskColumns();
  const range = filters.deadlineFrom && filters.deadlineTo ? [filters.deadlineFrom, filters.deadlineTo] : null;
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Segmented
              value={view}
              onChange={(v) => setView(v as 'table' | 'board')}
              options={[
                { value: 'table', label: t('duties.tasks.asTable') },
                { value: 'board', label: t('duties.tasks.asBoard') },
              ]}
              data-testid="tasks-view"
            />
            {can(me.permissions, 'duties.supervise') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-task">
                {t('duties.tasks.new')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {view === 'board' ? t('nav.dutiesBoard') : t('nav.dutiesTasks')}
      </PageTitle>
      <div style={{ marginBottom: 16 }}>
        <ListFilters exportPath="/api/duties/tasks/export" exportQuery={filters} exportTestId="tasks-export">
          <Input.Search allowClear defaultValue={filters.q} placeholder={t('duties.tasks.search')} aria-label={t('duties.tasks.search')} onSearch={(q) => list$.set('q', q || undefined)} style={{ width: 200 }} data-testid="tasks-search" />
          <Select allowClear aria-label={t('duties.task.area')} placeholder={t('duties.task.area')} style={{ width: 160 }} value={filters.areaId} onChange={(v) => list$.set('areaId', v)} options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: localName(a.name, a.nameEn) }))} />
          <UnitTreeSelect allowClear aria-label={t('duties.tasks.unit')} placeholder={t('duties.tasks.unit')} style={{ width: 200 }} value={filters.unitId} onChange={(v) => list$.set('unitId', (v as string | undefined) ?? undefined)} />
          <UnitTreeSelect allowClear aria-label={t('duties.task.leadUnit')} placeholder={t('duties.task.leadUnit')} style={{ width: 200 }} value={filters.leadUnitId} onChange={(v) => list$.set('leadUnitId', (v as string | undefined) ?? undefined)} data-testid="filter-lead-unit" />
          <PersonSelect allowClear aria-label={t('duties.task.leadLeader')} placeholder={t('duties.task.leadLeader')} style={{ width: 160 }} value={filters.leaderPersonId} onChange={(v) => list$.set('leaderPersonId', v)} />
          <Select allowClear aria-label={t('duties.task.state')} placeholder={t('duties.task.state')} style={{ width: 140 }} value={filters.state} onChange={(v) => list$.set('state', v)} options={TASK_STATES.map((s) => ({ value: s, label: t(`duties.state.${s}`) }))} data-testid="filter-state" />
          <Select allowClear aria-label={t('duties.light.label')} placeholder={t('duties.light.label')} style={{ width: 110 }} value={filters.light} onChange={(v) => list$.set('light', v)} options={LIGHTS.map((l) => ({ value: l, label: t(`duties.light.${l}`) }))} data-testid="filter-light" />
          <Select allowClear aria-label={t('duties.task.source')} placeholder={t('duties.task.source')} style={{ width: 150 }} value={filters.sourceKind} onChange={(v) => list$.set('sourceKind', v)} options={SOURCE_KINDS.map((s) => ({ value: s, label: t(`duties.source.${s}`) }))} />
          <DatePicker.RangePicker
            aria-label={t('duties.tasks.deadlineRange')}
            placeholder={[t('duties.tasks.deadlineFrom'), t('duties.tasks.deadlineTo')]}
            value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
            onChange={(v) => {
              list$.set('deadlineFrom', v?.[0]?.format('YYYY-MM-DD'));
              list$.set('deadlineTo', v?.[1]?.format('YYYY-MM-DD'));
            }}
          />
        </ListFilters>
      </div>
      {tasks.isError ? (
        <ErrorResult error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : view === 'board' ? (
        <Board tasks={tasks.data?.items ?? []} />
      ) : (
        <Table<Task>
          rowKey="id"
          size="small"
          loading={tasks.isFetching}
          dataSource={tasks.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.tasks.purpose')} firstStep={t('firstSteps.tasks.first')} action={can(me.permissions, 'duties.supervise') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('duties.tasks.new')}</Button> : null} /> }}
          pagination={list$.pagination(tasks.data?.total)}
          columns={columns}
          data-testid="tasks-table"
        />
      )}
      <TaskForm open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function Board({ tasks }: { tasks: Task[] }) {
  const { t } = useTranslation();
  const name = useRefName();
  return (
    <Row gutter={12} data-testid="tasks-board">
      {LIGHTS.map((light: Light) => {
        const column = tasks.filter((x) => x.light === light);
        return (
          <Col key={light} xs={24} md={12} xl={6}>
            <Card
              size="small"
              title={
                <span>
                  <LightTag light={light} /> {column.length}
                </span>
              }
              style={{ borderTop: `3px solid ${LIGHT_COLOR[light]}` }}
              data-testid={`board-${light}`}
            >
              {column.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.tasks.none')} /> : null}
              <Space orientation="vertical" style={{ width: '100%' }}>
                {column.map((x) => (
                  <Card key={x.id} size="small" data-testid="board-card">
                    <Link to={`/duties/tasks/${x.id}`}>{x.title}</Link>
                    <div style={{ color: '#595959', fontSize: 12 }}>
                      {x.code} · {t(`duties.state.${x.state}`)} · {t('duties.task.deadline')} {formatDate(x.deadline)}
                    </div>
                    <div style={{ fontSize: 12 }}>
                      {name(x.leadUnit)} · {x.progress}%
                    </div>
                    {x.lightReasons.length ? <div style={{ fontSize: 12, color: LIGHT_COLOR[light] }}>{x.lightReasons.map((r) => t(`duties.reason.${r}`)).join('；')}</div> : null}
                  </Card>
                ))}
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
