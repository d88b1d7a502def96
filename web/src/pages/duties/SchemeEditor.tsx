import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { KindInfo, Kinds, SchemeDetail } from '../../api/assessment.ts';
import { usePeopleOptions } from '../../api/org.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { isZh, localName } from '../../lib/format.ts';
import { UnitTreeSelect } from './common.tsx';

/**
 * Makes or changes a year's assessment scheme: title, year, full score, the weighted indicators
 * (each of a kind from GET …/kinds, with the kind's settings where it has them), grouped by area,
 * and the units and leaders it assesses. The weights' sum is shown live against the full score;
 * the API checks the same again and its refusal is shown above the fields.
 */
const BASE = '/duties/assessment';

export interface IndicatorValues {
  kind: string;
  area: string;
  name?: string;
  weight: number;
  params?: Record<string, number | string>;
}

export interface SchemeValues {
  year: number;
  title: string;
  fullScore: number;
  indicators: IndicatorValues[];
  unitIds: string[];
  leaderPersonIds: string[];
}

/** A first draft that already adds up to 100: every kind but the review one, weighted as a typical year. */
const STARTER: [string, number][] = [
  ['duty_on_time', 20], ['duty_first_pass', 10], ['duty_overdue_days', 10], ['duty_late_reports', 5],
  ['study_attendance', 15], ['study_speeches', 5], ['study_themes', 5],
  ['secrecy_letter', 10], ['secrecy_inspection', 5], ['secrecy_rectification', 5], ['secrecy_training', 10],
];

const text2 = (v: { zh: string; en: string }) => (isZh() ? v.zh : v.en);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The weights' sum, by area and in all, against the full score. */
export function weightSum(indicators: readonly Partial<IndicatorValues>[] | undefined, fullScore: number | undefined) {
  const byArea = new Map<string, number>();
  let sum = 0;
  for (const i of indicators ?? []) {
    const w = typeof i?.weight === 'number' && Number.isFinite(i.weight) ? i.weight : 0;
    sum += w;
    if (i?.area) byArea.set(i.area, round2((byArea.get(i.area) ?? 0) + w));
  }
  sum = round2(sum);
  const full = typeof fullScore === 'number' ? fullScore : 0;
  return { sum, byArea, gap: round2(full - sum), equal: Math.abs(full - sum) < 0.001 };
}

function starterValues(kinds: Kinds, year: number): Partial<SchemeValues> {
  const byKind = new Map(kinds.items.map((k) => [k.kind, k]));
  return {
    year,
    title: `${year}年度落实责任制考核方案`,
    fullScore: 100,
    indicators: STARTER.filter(([kind]) => byKind.has(kind)).map(([kind, weight]) => ({ kind, area: byKind.get(kind)!.area, weight, params: { ...byKind.get(kind)!.params } })),
    unitIds: [],
    leaderPersonIds: [],
  };
}

function LeaderSelect({ value, onChange, known, id }: { value?: string[]; onChange?: (v: string[]) => void; known: { value: string; label: string }[]; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const people = usePeopleOptions(q);
  const options = useMemo(() => {
    const map = new Map(known.map((o) => [o.value, o.label]));
    for (const p of people.data?.items ?? []) map.set(p.id, localName(p.name, p.nameEn));
    return [...map].map(([v, label]) => ({ value: v, label }));
  }, [known, people.data]);
  return (
    <Select
      id={id}
      mode="multiple"
      aria-label={t('assessment.editor.leaders')}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={people.isFetching}
      options={options}
    />
  );
}

/** The settings of one indicator's kind, each with its default from the kind. */
function ParamFields({ kind, fieldName }: { kind: KindInfo | undefined; fieldName: number }) {
  const { t } = useTranslation();
  if (!kind || Object.keys(kind.params).length === 0) return null;
  return (
    <>
      {Object.entries(kind.params).map(([param, fallback]) => (
        <Form.Item
          key={param}
          name={[fieldName, 'params', param]}
          label={t(`assessment.editor.params.${param}`, { defaultValue: param })}
          rules={typeof fallback === 'number' ? [{ required: true, type: 'number', min: 0.01, message: t('assessment.editor.paramPositive') }] : [{ required: true, pattern: /^\d{2}-\d{2}$/, message: t('assessment.editor.monthDay') }]}
          style={{ marginBottom: 0 }}
        >
          {typeof fallback === 'number' ? <InputNumber min={0} step={fallback < 1 ? 0.05 : 1} style={{ width: 110 }} /> : <Input style={{ width: 90 }} />}
        </Form.Item>
      ))}
    </>
  );
}

export function SchemeEditor({ open, onClose, scheme, onSaved }: { open: boolean; onClose: () => void; scheme?: SchemeDetail | undefined; onSaved?: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SchemeValues>();
  const kinds = useQuery({ queryKey: ['assessment', 'kinds'], queryFn: () => api<Kinds>(`${BASE}/kinds`), staleTime: Infinity });
  const byKind = useMemo(() => new Map((kinds.data?.items ?? []).map((k) => [k.kind, k])), [kinds.data]);
  const areaLabel = (area: string) => {
    const a = kinds.data?.areas.find((x) => x.area === area);
    return a ? text2(a.label) : area;
  };
  const indicators = Form.useWatch('indicators', form);
  const fullScore = Form.useWatch('fullScore', form);
  const sum = weightSum(indicators, fullScore);

  const save = useMutation({
    mutationFn: (v: SchemeValues) => {
      const body = {
        title: v.title,
        fullScore: v.fullScore,
        indicators: v.indicators.map((i) => ({ kind: i.kind, area: i.area, ...(i.name?.trim() ? { name: i.name.trim() } : {}), weight: i.weight, params: i.params ?? {} })),
        unitIds: v.unitIds ?? [],
        leaderPersonIds: v.leaderPersonIds ?? [],
      };
      return scheme
        ? api<SchemeDetail>(`${BASE}/schemes/${scheme.id}`, { method: 'PATCH', body })
        : api<SchemeDetail>(`${BASE}/schemes`, { method: 'POST', body: { ...body, year: v.year } });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['assessment'] });
      onSaved?.(saved.id);
      onClose();
    },
  });

  const values: Partial<SchemeValues> | undefined = scheme
    ? {
        year: scheme.year,
        title: scheme.title,
        fullScore: scheme.fullScore,
        indicators: scheme.indicators.map((i) => ({ kind: i.kind, area: i.area, name: i.name, weight: i.weight, params: i.params })),
        unitIds: scheme.units.flatMap((u) => (u.id ? [u.id] : [])),
        leaderPersonIds: scheme.leaders.flatMap((l) => (l.id ? [l.id] : [])),
      }
    : kinds.data
      ? starterValues(kinds.data, new Date().getFullYear())
      : undefined;
  const knownLeaders = (scheme?.leaders ?? []).flatMap((l) => (l.id ? [{ value: l.id, label: localName(l.name ?? '', l.nameEn) }] : []));
  const kindOptions = (kinds.data?.areas ?? []).map((a) => ({
    label: text2(a.label),
    options: (kinds.data?.items ?? []).filter((k) => k.area === a.area).map((k) => ({ value: k.kind, label: text2(k.label) })),
  }));
  // Rows shown grouped by area (in the areas' order), each keeping its place in the list.
  const areaOrder = (kinds.data?.areas ?? []).map((a) => a.area);
  const required = { required: true, message: t('validation.required') };

  return (
    <FormModal<SchemeValues>
      open={open && Boolean(kinds.data)}
      title={scheme ? t('assessment.editor.editTitle', { year: scheme.year }) : t('assessment.editor.newTitle')}
      name="scheme"
      form={form}
      submit={save}
      onClose={onClose}
      values={values}
      width={920}
    >
      <Space wrap align="start">
        <Form.Item name="year" label={t('assessment.editor.year')} rules={[{ required: true, type: 'number', min: 2000, max: 2100, message: t('assessment.editor.yearRange') }]}>
          <InputNumber min={2000} max={2100} disabled={Boolean(scheme)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="title" label={t('assessment.editor.title')} rules={[{ ...required, whitespace: true }, { max: 200 }]} style={{ minWidth: 420 }}>
          <Input />
        </Form.Item>
        <Form.Item name="fullScore" label={t('assessment.editor.fullScore')} rules={[{ required: true, type: 'number', min: 0.01, message: t('assessment.editor.fullScorePositive') }]}>
          <InputNumber min={0} style={{ width: 110 }} />
        </Form.Item>
      </Space>
      <div data-testid="weight-sum" data-equal={sum.equal ? 'yes' : 'no'} data-sum={sum.sum}>
        {/* A polite status, not an alert: it changes with every keystroke in a weight. */}
        <Alert
          role="status"
          aria-live="polite"
          type={sum.equal ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            sum.equal
              ? t('assessment.editor.sumEqual', { sum: sum.sum })
              : t(sum.gap > 0 ? 'assessment.editor.sumShort' : 'assessment.editor.sumOver', { sum: sum.sum, full: fullScore ?? 0, gap: Math.abs(sum.gap) })
          }
          description={[...sum.byArea].map(([area, w]) => `${areaLabel(area)} ${w}`).join(' · ') || undefined}
        />
      </div>
      <Form.List name="indicators">
        {(fields, { add, remove }) => {
          const areaOf = (n: number) => (form.getFieldValue(['indicators', n, 'area']) as string | undefined) ?? '';
          const sorted = [...fields].sort((a, b) => {
            const ia = areaOrder.indexOf(areaOf(a.name));
            const ib = areaOrder.indexOf(areaOf(b.name));
            return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.name - b.name;
          });
          let lastArea: string | null = null;
          return (
            <>
              {sorted.map((field) => {
                const area = areaOf(field.name);
                const heading = area !== lastArea ? (
                  <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0' }}>
                    {areaLabel(area)}
                  </Typography.Title>
                ) : null;
                lastArea = area;
                const kind = byKind.get(form.getFieldValue(['indicators', field.name, 'kind']) as string);
                return (
                  <div key={field.key}>
                    {heading}
                    <Card size="small" style={{ marginBottom: 8 }} data-testid="indicator-row">
                      <Space wrap align="end">
                        <Form.Item name={[field.name, 'kind']} label={t('assessment.editor.kind')} rules={[required]} style={{ marginBottom: 0, minWidth: 230 }}>
                          <Select
                            options={kindOptions}
                            onChange={(v: string) => {
                              const info = byKind.get(v);
                              form.setFieldValue(['indicators', field.name, 'area'], info?.area);
                              form.setFieldValue(['indicators', field.name, 'params'], { ...(info?.params ?? {}) });
                            }}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'area']} label={t('assessment.editor.area')} rules={[required]} style={{ marginBottom: 0 }}>
                          <Select style={{ width: 150 }} options={(kinds.data?.areas ?? []).map((a) => ({ value: a.area, label: text2(a.label) }))} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'name']} label={t('assessment.editor.name')} style={{ marginBottom: 0 }}>
                          <Input placeholder={kind ? text2(kind.label) : undefined} style={{ width: 180 }} maxLength={200} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'weight']} label={t('assessment.editor.weight')} rules={[{ required: true, type: 'number', min: 0.01, message: t('assessment.editor.weightPositive') }]} style={{ marginBottom: 0 }}>
                          <InputNumber min={0} step={1} style={{ width: 90 }} data-testid="indicator-weight" />
                        </Form.Item>
                        <ParamFields kind={kind} fieldName={field.name} />
                        <Button aria-label={t('assessment.editor.remove')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                      </Space>
                      {kind ? (
                        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
                          <Tag>{kind.shape === 'rate' ? t('assessment.editor.rateShape') : t('assessment.editor.deductionShape')}</Tag>
                          {text2(kind.formula)}
                        </Typography.Paragraph>
                      ) : null}
                    </Card>
                  </div>
                );
              })}
              <Button icon={<PlusOutlined />} onClick={() => add({ weight: 0 })} style={{ marginBottom: 16 }} data-testid="add-indicator">
                {t('assessment.editor.add')}
              </Button>
            </>
          );
        }}
      </Form.List>
      <Form.Item name="unitIds" label={t('assessment.editor.units')}>
        <UnitTreeSelect multiple treeCheckable showCheckedStrategy="SHOW_ALL" aria-label={t('assessment.editor.units')} />
      </Form.Item>
      <Form.Item name="leaderPersonIds" label={t('assessment.editor.leaders')}>
        <LeaderSelect known={knownLeaders} />
      </Form.Item>
    </FormModal>
  );
}
