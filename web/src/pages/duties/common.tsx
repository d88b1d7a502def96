import { Badge, Empty, Progress, Space, Table, Tag, Tooltip, TreeSelect, type TreeSelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Light, Ref, Task } from '../../api/duties.ts';
import { useAllUnits } from '../../api/org.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { formatDate, localName } from '../../lib/format.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';

// Colours with text contrast on white; grey for closed and cancelled.
export const LIGHT_COLOR: Record<Light, string> = { green: '#389e0d', yellow: '#d48806', red: '#cf1322', grey: '#8c8c8c' };

/** A traffic light with its word (never colour alone) and, on hover, why. */
export function LightTag({ light, reasons }: { light: Light; reasons?: readonly string[] }) {
  const { t } = useTranslation();
  const tag = (
    <Tag data-light={light} data-testid="task-light" style={{ color: LIGHT_COLOR[light], borderColor: LIGHT_COLOR[light], background: '#fff' }}>
      <Badge color={LIGHT_COLOR[light]} /> {t(`duties.light.${light}`)}
    </Tag>
  );
  if (!reasons?.length) return tag;
  return <Tooltip title={reasons.map((r) => t(`duties.reason.${r}`, { defaultValue: r })).join('；')}>{tag}</Tooltip>;
}

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag data-state={state} data-testid="task-state">
      {t(`duties.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

/** A person or unit on a task, or the words for one the reader may not know. */
export function refName(ref: Ref | null | undefined, hiddenText: string): string {
  if (!ref) return '—';
  if (ref.hidden || !ref.name) return hiddenText;
  return localName(ref.name, ref.nameEn);
}

export function useRefName() {
  const { t } = useTranslation();
  return (ref: Ref | null | undefined) => refName(ref, t('duties.hidden'));
}

/** The columns every task table shares; `compact` leaves out the people for narrow cards. */
export function useTaskColumns(compact = false) {
  const { t } = useTranslation();
  const name = useRefName();
  return [
    { title: t('duties.light.label'), dataIndex: 'light', width: 110, render: (_: unknown, r: Task) => <LightTag light={r.light} reasons={r.lightReasons} /> },
    {
      title: t('duties.task.title'),
      dataIndex: 'title',
      // The task's title is what the row is about: never squeezed to a character by the fixed columns beside it.
      onHeaderCell: () => ({ style: { minWidth: 160 } }),
      onCell: () => ({ style: { minWidth: 160 } }),
      render: (_: unknown, r: Task) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/duties/tasks/${r.id}`} data-testid="task-link">
            {r.title}
          </Link>
          <span style={{ color: '#595959', fontSize: 12 }}>{r.code}</span>
        </Space>
      ),
    },
    { title: t('duties.task.state'), dataIndex: 'state', width: 120, render: (v: string) => <StateTag state={v} /> },
    ...(compact
      ? []
      : [
          { title: t('duties.task.leadUnit'), dataIndex: 'leadUnit', render: (_: unknown, r: Task) => name(r.leadUnit) },
          { title: t('duties.task.leadLeader'), dataIndex: 'leadLeader', render: (_: unknown, r: Task) => name(r.leadLeader) },
        ]),
    { title: t('duties.task.deadline'), dataIndex: 'deadline', width: 130, render: (v: string | null) => formatDate(v) },
    { title: t('duties.task.progress'), dataIndex: 'progress', width: 140, render: (v: number) => <Progress percent={v} size="small" /> },
    ...(compact ? [] : [{ title: t('common.level'), dataIndex: 'level', width: 100, render: (_: unknown, r: Task) => <LevelBadge level={r.level} mark={r.mark} /> }]),
  ];
}

export function TaskTable({ tasks, loading, compact, empty }: { tasks: Task[]; loading?: boolean; compact?: boolean; empty?: string }) {
  const columns = useTaskColumns(compact);
  return <Table<Task> rowKey="id" size="small" loading={loading} dataSource={tasks} columns={columns} pagination={tasks.length > 20 ? { pageSize: 20 } : false} locale={empty ? { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> } : undefined} />;
}

/** The unit tree as a select (lead and cooperating units, filters). */
export function UnitTreeSelect(props: Omit<TreeSelectProps<string | string[]>, 'treeData'>) {
  const units = useAllUnits();
  return <TreeSelect treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} {...props} treeData={unitOptions(buildUnitTree(units.data?.items ?? []))} />;
}

/** YYYY-MM-DD of a date in the user's calendar. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
