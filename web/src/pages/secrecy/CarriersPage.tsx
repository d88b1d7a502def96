import { useEffect, useMemo, useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, List, Radio, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import { useAllUnits } from '../../api/org.ts';
import { CARRIER_STATES, type Carrier } from '../../api/secrecy.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { PersonSelect } from '../../components/PersonSelect.tsx';
import { ErrorAlert, ErrorResult } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { formatDate } from '../../lib/format.ts';
import { markProblem } from '../../lib/marks.ts';
import { buildUnitTree } from '../../lib/unitTree.ts';
import { unitOptions } from '../../lib/unitSelect.ts';
import { PageTitle } from './common.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { ListFilters, useListFilters } from '../../components/ListFilters.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  const style =
    state === 'held' ? { color: '#003a8c', background: '#e6f4ff', borderColor: '#69b1ff' } : { color: '#434343', background: '#f5f5f5', borderColor: '#bfbfbf' };
  return <Tag style={style}>{t(`secrecy.carriers.state.${state}`, { defaultValue: state })}</Tag>;
}

export default function CarriersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const writable = can(me.permissions, 'secrecy.manage');
  const list$ = useListFilters<{ state?: string; level?: string; q?: string }>({});
  const { filters } = list$;
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['secrecy', 'carriers', list$.query],
    queryFn: () => api<Page<Carrier>>('/secrecy/carriers', { query: list$.query }),
  });
  const current = list.data?.items.find((c) => c.id === open) ?? null;
  return (
    <>
      <PageTitle
        extra={
          <ListFilters
            exportPath="/api/secrecy/carriers/export"
            exportQuery={filters}
            exportTestId="carriers-export"
            actions={
              writable ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-carrier">
                  {t('secrecy.carriers.new')}
                </Button>
              ) : null
            }
          >
            <Input.Search allowClear placeholder={t('secrecy.carriers.search')} aria-label={t('secrecy.carriers.search')} onSearch={(q) => list$.set('q', q)} style={{ width: 200 }} />
            <Select allowClear aria-label={t('secrecy.carriers.stateLabel')} placeholder={t('secrecy.carriers.stateLabel')} style={{ width: 130 }} value={filters.state} onChange={(state) => list$.set('state', state)} options={CARRIER_STATES.map((s) => ({ value: s, label: t(`secrecy.carriers.state.${s}`) }))} />
            <Select allowClear aria-label={t('common.level')} placeholder={t('common.level')} style={{ width: 150 }} value={filters.level} onChange={(level) => list$.set('level', level)} options={['mimi', 'jimi', 'juemi'].map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </ListFilters>
        }
      >
        {t('nav.secrecyCarriers')}
      </PageTitle>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Carrier>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyState purpose={t('firstSteps.carriers.purpose')} firstStep={t('firstSteps.carriers.first')} action={writable ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('secrecy.carriers.new')}</Button> : null} /> }}
          pagination={list$.pagination(list.data?.total)}
          columns={[
            { title: t('secrecy.carriers.number'), dataIndex: 'number', render: (v: string | null) => v || '—' },
            {
              title: t('secrecy.carriers.title'),
              dataIndex: 'title',
              render: (v: string, c) => (
                <button type="button" className="link-button" style={{ color: '#0958d9' }} onClick={() => setOpen(c.id)}>
                  {v}
                </button>
              ),
            },
            { title: t('secrecy.carriers.mark'), dataIndex: 'mark', render: (_, c) => <LevelBadge level={c.level} mark={c.mark} /> },
            { title: t('secrecy.carriers.periodEnd'), dataIndex: 'periodEnd', render: (v: string | null) => (v ? formatDate(v) : '—') },
            { title: t('secrecy.carriers.custodian'), dataIndex: 'custodianName', render: (v: string | null, c) => (c.custodianHidden ? t('secrecy.hiddenPerson') : v || '—') },
            { title: t('secrecy.carriers.location'), dataIndex: 'location', render: (v: string | null) => v || '—' },
            { title: t('secrecy.carriers.copies'), dataIndex: 'copies' },
            { title: t('secrecy.carriers.stateLabel'), dataIndex: 'state', render: (v: string) => <StateTag state={v} /> },
          ]}
        />
      )}
      <CarrierForm open={creating} onClose={() => setCreating(false)} />
      <Drawer open={!!current} onClose={() => setOpen(null)} size="large" title={current?.title} destroyOnHidden>
        {current ? <CarrierDetail carrier={current} writable={writable} /> : null}
      </Drawer>
    </>
  );
}

interface CarrierValues {
  title: string;
  number?: string;
  mark: string;
  issuedOn: Dayjs;
  custodianPersonId?: string;
  location?: string;
  copies?: number;
  receivedOn?: Dayjs | null;
}

function CarrierForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CarrierValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: CarrierValues) =>
      api<Carrier>('/secrecy/carriers', {
        method: 'POST',
        body: {
          title: v.title,
          number: v.number || null,
          mark: v.mark.trim(),
          issuedOn: day(v.issuedOn),
          custodianPersonId: v.custodianPersonId || null,
          location: v.location || null,
          copies: v.copies ?? 1,
          receivedOn: day(v.receivedOn),
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['secrecy', 'carriers'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.carriers.new')}
      name="carrier"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{ copies: 1, issuedOn: dayjs() }}
    >
      <Form.Item name="title" label={t('secrecy.carriers.title')} rules={[{ required: true, whitespace: true, message: t('secrecy.carriers.titleRequired') }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="number" label={t('secrecy.carriers.number')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="mark"
        label={t('secrecy.carriers.mark')}
        extra={t('secrecy.carriers.markHint')}
        rules={[
          {
            validator: (_, v: string | undefined) => {
              const problem = markProblem(v ?? '');
              return problem ? Promise.reject(new Error(t(`secrecy.marks.problem.${problem}`))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input placeholder="秘密★10年" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="issuedOn" label={t('secrecy.carriers.issuedOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('secrecy.carriers.receivedOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="copies" label={t('secrecy.carriers.copies')} rules={[{ type: 'integer', min: 1, max: 100000, message: t('secrecy.carriers.copiesRange') }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
      </Space>
      <Form.Item name="custodianPersonId" label={t('secrecy.carriers.custodian')}>
        <PersonSelect allowClear />
      </Form.Item>
      <Form.Item name="location" label={t('secrecy.carriers.location')} rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

function CarrierDetail({ carrier: c, writable }: { carrier: Carrier; writable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {writable ? (
        <Button onClick={() => setEditing(true)} data-testid="edit-carrier">
          {t('secrecy.carriers.edit')}
        </Button>
      ) : null}
      <CarrierEdit carrier={c} open={editing} onClose={() => setEditing(false)} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('secrecy.carriers.number')}>{c.number || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.mark')}>
          <LevelBadge level={c.level} mark={c.mark} />
          {c.originalMark && c.originalMark !== c.mark ? <span> ({t('secrecy.carriers.originalMark')}: {c.originalMark})</span> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.issuedOn')}>{formatDate(c.issuedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.periodEnd')}>{c.periodEnd ? formatDate(c.periodEnd) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.declassifiedOn')}>{c.declassifiedOn ? formatDate(c.declassifiedOn) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.custodian')}>{c.custodianHidden ? t('secrecy.hiddenPerson') : c.custodianName || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.location')}>{c.location || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.copies')}>{c.copies}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.receivedOn')}>{c.receivedOn ? formatDate(c.receivedOn) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('secrecy.carriers.stateLabel')}>
          <StateTag state={c.state} /> {c.stateOn ? `${formatDate(c.stateOn)} · ${t('secrecy.carriers.witness')}: ${c.stateWitness ?? '—'}` : null}
        </Descriptions.Item>
      </Descriptions>
      {writable && c.state === 'held' ? <StateForm carrier={c} /> : null}
      <ScopeCard carrier={c} writable={writable} />
    </Space>
  );
}

interface EditValues {
  title: string;
  number?: string;
  custodianPersonId?: string | null;
  location?: string;
  copies?: number;
  receivedOn?: Dayjs | null;
}

/** Where a carrier is kept, who keeps it, its copies; its mark changes only through a yearly review. */
function CarrierEdit({ carrier, open, onClose }: { carrier: Carrier; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      api<Carrier>(`/secrecy/carriers/${carrier.id}`, {
        method: 'PATCH',
        body: { title: v.title, number: v.number || null, ...(carrier.custodianHidden ? {} : { custodianPersonId: v.custodianPersonId || null }), location: v.location || null, copies: v.copies ?? 1, receivedOn: day(v.receivedOn) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['secrecy', 'carriers'] });
      onClose();
    },
  });
  return (
    <FormModal
      open={open}
      title={t('secrecy.carriers.edit')}
      name="carrierEdit"
      submit={save}
      onClose={onClose}
      form={form}
      initialValues={{
          title: carrier.title,
          number: carrier.number ?? '',
          custodianPersonId: carrier.custodianPersonId,
          location: carrier.location ?? '',
          copies: carrier.copies,
          receivedOn: carrier.receivedOn ? dayjs(carrier.receivedOn) : null,
        }}
    >
      <Form.Item name="title" label={t('secrecy.carriers.title')} rules={[{ required: true, whitespace: true, message: t('secrecy.carriers.titleRequired') }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="number" label={t('secrecy.carriers.number')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="custodianPersonId" label={t('secrecy.carriers.custodian')}>
        <PersonSelect
          allowClear
          disabled={carrier.custodianHidden}
          labelRender={(o) => (o.value === carrier.custodianPersonId ? (carrier.custodianHidden ? t('secrecy.hiddenPerson') : carrier.custodianName) : o.label)}
        />
      </Form.Item>
      <Form.Item name="location" label={t('secrecy.carriers.location')} rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="copies" label={t('secrecy.carriers.copies')} rules={[{ type: 'integer', min: 1, max: 100000, message: t('secrecy.carriers.copiesRange') }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('secrecy.carriers.receivedOn')}>
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function StateForm({ carrier }: { carrier: Carrier }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ state: 'returned' | 'destroyed'; on: Dayjs; witness: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { state: string; on: Dayjs; witness: string }) => api<Carrier>(`/secrecy/carriers/${carrier.id}/state`, { method: 'POST', body: { state: v.state, on: day(v.on), witness: v.witness } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['secrecy', 'carriers'] }),
  });
  return (
    <Card size="small" title={t('secrecy.carriers.changeState')}>
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" name="carrierState" initialValues={{ state: 'returned', on: dayjs() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="state" label={t('secrecy.carriers.stateLabel')}>
          <Radio.Group options={['returned', 'destroyed'].map((s) => ({ value: s, label: t(`secrecy.carriers.state.${s}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="on" label={t('secrecy.carriers.stateOn')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="witness" label={t('secrecy.carriers.witness')} rules={[{ required: true, whitespace: true, message: t('secrecy.carriers.witnessRequired') }, { max: 200 }]}>
            <Input />
          </Form.Item>
        </Space>
        <Button htmlType="submit" loading={save.isPending}>
          {t('secrecy.carriers.recordState')}
        </Button>
      </Form>
    </Card>
  );
}

function ScopeCard({ carrier, writable }: { carrier: Carrier; writable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useAllUnits();
  const treeData = useMemo(() => unitOptions(buildUnitTree(units.data?.items ?? [])), [units.data]);
  // Entries the reader may not know stay in the scope as they are: shown as such, never removed here.
  const [people, setPeople] = useState<{ id: string; name: string; hidden?: boolean }[]>([]);
  const [unitIds, setUnitIds] = useState<{ id: string; name: string; hidden?: boolean }[]>([]);
  const [approvedBy, setApprovedBy] = useState('');
  const [adding, setAdding] = useState<string | undefined>();
  useEffect(() => {
    setPeople(carrier.scope.filter((s) => s.type === 'person').map((s) => ({ id: s.id, name: s.hidden ? t('secrecy.hiddenPerson') : (s.name ?? s.id), hidden: s.hidden })));
    setUnitIds(carrier.scope.filter((s) => s.type === 'unit').map((s) => ({ id: s.id, name: s.hidden ? t('secrecy.hiddenUnit') : (s.name ?? s.id), hidden: s.hidden })));
  }, [carrier, t]);
  const save = useMutation({
    mutationFn: () => api<Carrier>(`/secrecy/carriers/${carrier.id}/scope`, { method: 'PUT', body: { people: people.map((p) => p.id), units: unitIds.map((u) => u.id), approvedBy } }),
    onSuccess: () => {
      setApprovedBy('');
      void queryClient.invalidateQueries({ queryKey: ['secrecy', 'carriers'] });
    },
  });
  const entries = [...people.map((p) => ({ ...p, type: 'person' as const })), ...unitIds.map((u) => ({ ...u, type: 'unit' as const }))];
  return (
    <Card size="small" title={t('secrecy.knowable.title')} data-testid="carrier-scope">
      <ErrorAlert error={save.error} />
      <List
        size="small"
        dataSource={entries}
        locale={{ emptyText: t('secrecy.knowable.empty') }}
        renderItem={(e) => (
          <List.Item
            actions={
              writable && !e.hidden
                ? [
                    <Button key="x" size="small" type="link" onClick={() => (e.type === 'person' ? setPeople((p) => p.filter((x) => x.id !== e.id)) : setUnitIds((u) => u.filter((x) => x.id !== e.id)))}>
                      {t('common.delete')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <Tag>{t(`secrecy.knowable.subject.${e.type}`)}</Tag> {e.name}
            {carrier.scope.find((s) => s.id === e.id)?.approvedBy ? <span style={{ color: '#595959' }}> · {t('secrecy.knowable.approvedBy')}: {carrier.scope.find((s) => s.id === e.id)?.approvedBy}</span> : null}
          </List.Item>
        )}
      />
      {writable ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Space.Compact style={{ width: '100%' }}>
            <PersonSelect
              style={{ width: '100%' }}
              placeholder={t('secrecy.knowable.addPerson')}
              aria-label={t('secrecy.knowable.addPerson')}
              value={adding}
              labelInValue={false}
              onChange={(id, option) => {
                const label = (option as { label?: string } | undefined)?.label ?? id;
                if (id && !people.some((p) => p.id === id)) setPeople((p) => [...p, { id, name: String(label) }]);
                setAdding(undefined);
              }}
            />
          </Space.Compact>
          <TreeSelect
            style={{ width: '100%' }}
            treeData={treeData}
            placeholder={t('secrecy.knowable.addUnit')}
            aria-label={t('secrecy.knowable.addUnit')}
            value={undefined}
            showSearch={{ treeNodeFilterProp: 'title' }}
            onChange={(id: string) => {
              const unit = units.data?.items.find((u) => u.id === id);
              if (id && !unitIds.some((u) => u.id === id)) setUnitIds((u) => [...u, { id, name: unit?.name ?? id }]);
            }}
          />
          <Input placeholder={t('secrecy.knowable.approvedBy')} aria-label={t('secrecy.knowable.approvedBy')} value={approvedBy} onChange={(e) => setApprovedBy(e.target.value)} status={save.isError && !approvedBy.trim() ? 'error' : undefined} />
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!approvedBy.trim()}>
            {t('secrecy.knowable.saveScope')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
