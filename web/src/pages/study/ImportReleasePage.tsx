import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Level, Person } from '../../api/types.ts';
import { useStudyGroups, type ImportAnswer } from '../../api/study.ts';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorAlert } from '../../components/States.tsx';
import { localName } from '../../lib/format.ts';
import { draftSpans, innermostKey } from '../../lib/importDraft.ts';
import { spanSegments, type Span } from '../../lib/richtext.ts';
import { useStudyLabel } from './common.tsx';

interface PersonDraft {
  key: string;
  name: string;
  titles: string[];
  /** A known person, or null to create a new one. */
  personId: string | null;
  span: Span | null;
}

interface TextDraft {
  key: string;
  value: string;
  span: Span | null;
}

interface Draft {
  groupId: string | null;
  date: string | null;
  halfDay: 'morning' | 'afternoon' | 'evening' | null;
  organizingBody: string;
  level: Level;
  themes: TextDraft[];
  host: (PersonDraft & { spoke: boolean }) | null;
  participants: PersonDraft[];
  speakers: PersonDraft[];
  speechKind: 'key_speech' | 'exchange';
  findings: TextDraft[];
  requirements: TextDraft[];
}

const NEW = '__new__';

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

export default function ImportReleasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const label = useStudyLabel();
  const groups = useStudyGroups();
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ text: string; result: ImportAnswer } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [active, setActive] = useState<string | null>(null);

  const read = useMutation({
    mutationFn: (body: string) => api<ImportAnswer>('/study/releases/import', { method: 'POST', body: { text: body } }),
    onSuccess: (result, body) => {
      setAnswer({ text: body, result });
      const d = result.draft;
      const match = (name: string) => {
        const m = result.people.find((p) => p.name === name)?.match;
        return m && m !== 'new' ? m : null;
      };
      const groupName = d.group ? norm(d.group.value) : '';
      const items = groups.data?.items ?? [];
      const group =
        items.find((g) => norm(g.name) === groupName || (g.nameEn && norm(g.nameEn) === groupName)) ??
        items.find((g) => groupName && (norm(g.name).includes(groupName) || groupName.includes(norm(g.name)) || (g.nameEn && norm(g.nameEn).includes(groupName)))) ??
        (items.length === 1 ? items[0] : undefined);
      setDraft({
        groupId: group?.id ?? null,
        date: d.date?.value ?? null,
        halfDay: d.halfDay?.value ?? null,
        organizingBody: d.body?.value ?? '',
        level: 'public',
        themes: d.themes.map((x, i) => ({ key: `theme-${i}`, value: x.value, span: x.span })),
        host: d.host ? { key: 'host', name: d.host.name, titles: d.host.titles, personId: match(d.host.name), span: d.host.span, spoke: d.host.spoke } : null,
        participants: d.participants.map((x, i) => ({ key: `participant-${i}`, name: x.name, titles: x.titles, personId: match(x.name), span: x.span })),
        speakers: d.speakers.map((x, i) => ({ key: `speaker-${i}`, name: x.name, titles: x.titles, personId: match(x.name), span: x.span })),
        speechKind: 'key_speech',
        findings: d.findings.map((x, i) => ({ key: `finding-${i}`, value: x.value, span: x.span })),
        requirements: d.requirements.map((x, i) => ({ key: `requirement-${i}`, value: x.value, span: x.span })),
      });
      setActive(null);
    },
  });

  const confirm = useMutation({
    mutationFn: (d: Draft) => {
      const person = (p: PersonDraft) => ({ name: p.name.trim(), titles: p.titles, personId: p.personId });
      return api<{ sessionId: string; createdPeople: { id: string; name: string }[] }>('/study/import/confirm', {
        method: 'POST',
        body: {
          groupId: d.groupId,
          date: d.date,
          halfDay: d.halfDay,
          organizingBody: d.organizingBody.trim() || null,
          level: d.level,
          themes: d.themes.map((x) => x.value.trim()).filter(Boolean),
          host: d.host && d.host.name.trim() ? { ...person(d.host), spoke: d.host.spoke } : null,
          participants: d.participants.filter((p) => p.name.trim()).map(person),
          speakers: d.speakers.filter((p) => p.name.trim()).map(person),
          speechKind: d.speechKind,
          findings: d.findings.map((x) => x.value.trim()).filter(Boolean),
          requirements: d.requirements.map((x) => x.value.trim()).filter(Boolean),
        },
      });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      void navigate(`/study/sessions/${result.sessionId}`);
    },
  });

  const spans = useMemo(() => (answer ? draftSpans(answer.result.draft) : []), [answer]);
  const segments = useMemo(() => (answer ? spanSegments(answer.text, spans) : []), [answer, spans]);
  const knownIds = useMemo(() => [...new Set((answer?.result.people ?? []).flatMap((p) => [...(p.match !== 'new' ? [p.match] : []), ...p.candidates]))], [answer]);
  const known = useQueries({ queries: knownIds.map((pid) => ({ queryKey: ['people', pid], queryFn: () => api<Person>(`/people/${pid}`) })) });
  const nameOf = (pid: string) => {
    const p = known.find((q) => q.data?.id === pid)?.data;
    return p ? localName(p.name, p.nameEn) : pid.slice(0, 8);
  };

  const focusField = (key: string) => {
    setActive(key);
    const el = document.getElementById(`field-${key}`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const hover = (key: string) => ({
    id: `field-${key}`,
    'data-field': key,
    onMouseEnter: () => setActive(key),
    onFocus: () => setActive(key),
    onClick: () => setActive(key),
    style: { borderLeft: `3px solid ${active === key ? '#1677ff' : 'transparent'}`, paddingLeft: 8, marginBottom: 8 },
  });

  const update = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const personRow = (p: PersonDraft, onChange: (p: PersonDraft) => void, onRemove?: () => void, extra?: ReactNode) => {
    const info = answer?.result.people.find((x) => x.name === p.name);
    const ids = [...new Set([...(info && info.match !== 'new' ? [info.match] : []), ...(info?.candidates ?? []), ...(p.personId ? [p.personId] : [])])];
    return (
      <div key={p.key} {...hover(p.key)}>
        <Space wrap align="center">
          <Input aria-label={t('org.name')} value={p.name} onChange={(e) => onChange({ ...p, name: e.target.value })} style={{ width: 160 }} />
          <Select
            aria-label={t('study.matchPerson')}
            style={{ width: 220 }}
            value={p.personId ?? NEW}
            onChange={(v) => onChange({ ...p, personId: v === NEW ? null : v })}
            options={[...ids.map((pid) => ({ value: pid, label: `${t('study.existingPerson')}: ${nameOf(pid)}` })), { value: NEW, label: t('study.newPerson') }]}
          />
          {p.personId ? <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('study.matched')}</Tag> : <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('study.willCreate')}</Tag>}
          {extra}
          {onRemove ? <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={onRemove} /> : null}
        </Space>
        {p.titles.length ? <div style={{ color: '#595959', fontSize: 13 }}>{p.titles.join('; ')}</div> : null}
      </div>
    );
  };
  const textList = (field: 'themes' | 'findings' | 'requirements', title: string) =>
    draft ? (
      <Card size="small" title={title} style={{ marginBottom: 12 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => update({ [field]: [...draft[field], { key: `${field}-new-${Date.now()}`, value: '', span: null }] })}>{t('study.add')}</Button>}>
        {draft[field].length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
        {draft[field].map((x, i) => (
          <div key={x.key} {...hover(x.key)}>
            <Space.Compact style={{ width: '100%' }}>
              <Input.TextArea
                aria-label={`${title} ${i + 1}`}
                autoSize={{ minRows: 1, maxRows: 6 }}
                value={x.value}
                onChange={(e) => update({ [field]: draft[field].map((y) => (y.key === x.key ? { ...y, value: e.target.value } : y)) })}
              />
              <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => update({ [field]: draft[field].filter((y) => y.key !== x.key) })} />
            </Space.Compact>
          </div>
        ))}
      </Card>
    ) : null;

  const missing = draft ? [...(!draft.groupId ? [t('study.group')] : []), ...(!draft.date ? [t('study.date')] : []), ...(!draft.halfDay ? [t('study.halfDay')] : [])] : [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('study.importRelease')}
      </Typography.Title>
      {!answer ? (
        <Card size="small">
          <Typography.Paragraph>{t('study.importHelp')}</Typography.Paragraph>
          <ErrorAlert error={read.error} />
          <Input.TextArea rows={12} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('study.releaseText')} data-testid="release-input" />
          <Button type="primary" style={{ marginTop: 12 }} disabled={!text.trim()} loading={read.isPending} onClick={() => read.mutate(text)} data-testid="read-release">
            {t('study.readRelease')}
          </Button>
        </Card>
      ) : null}
      {answer && draft ? (
        <Row gutter={16}>
          <Col xs={24} lg={11}>
            <Card
              size="small"
              title={t('study.pastedText')}
              extra={
                <Button size="small" onClick={() => { setAnswer(null); setDraft(null); }}>
                  {t('study.pasteAgain')}
                </Button>
              }
              style={{ position: 'sticky', top: 16 }}
            >
              <div data-testid="source-text" lang={answer.result.draft.language === 'zh' ? 'zh-CN' : 'en'} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, maxHeight: '75vh', overflow: 'auto' }}>
                {segments.map((seg) =>
                  seg.keys.length ? (
                    <span
                      key={seg.start}
                      role="button"
                      tabIndex={-1}
                      data-keys={seg.keys.join(' ')}
                      className={active && seg.keys.includes(active) ? 'span-active' : 'span-field'}
                      onClick={() => {
                        const key = innermostKey(spans, seg.keys);
                        if (key) focusField(key);
                      }}
                      style={active && seg.keys.includes(active) ? { background: '#ffe58f', outline: '1px solid #d48806', cursor: 'pointer' } : { background: '#f0f5ff', cursor: 'pointer' }}
                    >
                      {seg.text}
                    </span>
                  ) : (
                    <span key={seg.start}>{seg.text}</span>
                  ),
                )}
              </div>
            </Card>
          </Col>
          <Col xs={24} lg={13}>
            <Card size="small" title={t('study.proposedDraft')} style={{ marginBottom: 12 }}>
              <div {...hover('group')}>
                <label htmlFor="import-group">{t('study.group')}</label>
                {answer.result.draft.group ? <div style={{ fontSize: 13, color: '#595959' }}>{t('study.readAs', { value: answer.result.draft.group.value })}</div> : null}
                <Select
                  id="import-group"
                  style={{ width: '100%' }}
                  value={draft.groupId ?? undefined}
                  onChange={(v) => update({ groupId: v })}
                  status={draft.groupId ? undefined : 'error'}
                  options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: localName(g.name, g.nameEn) }))}
                  data-testid="import-group"
                />
              </div>
              <Space wrap align="start">
                <div {...hover('date')}>
                  <label htmlFor="import-date">{t('study.date')}</label>
                  <br />
                  <DatePicker id="import-date" value={draft.date ? dayjs(draft.date) : null} onChange={(v) => update({ date: v ? v.format('YYYY-MM-DD') : null })} data-testid="import-date" />
                </div>
                <div {...hover('halfDay')}>
                  <label htmlFor="import-halfday">{t('study.halfDay')}</label>
                  <br />
                  <Select
                    id="import-halfday"
                    style={{ width: 140 }}
                    value={draft.halfDay ?? undefined}
                    onChange={(v) => update({ halfDay: v })}
                    options={['morning', 'afternoon', 'evening'].map((h) => ({ value: h, label: label('halfDays', h) }))}
                  />
                </div>
                <div style={{ marginBottom: 8 }}>
                  <label htmlFor="import-level">{t('common.level')}</label>
                  <br />
                  <LevelSelect id="import-level" style={{ width: 140 }} value={draft.level} onChange={(v) => update({ level: v as Level })} />
                </div>
              </Space>
              <div {...hover('body')}>
                <label htmlFor="import-body">{t('study.organizingBody')}</label>
                <Input id="import-body" value={draft.organizingBody} onChange={(e) => update({ organizingBody: e.target.value })} />
              </div>
            </Card>
            {textList('themes', t('study.themes'))}
            <Card size="small" title={t('study.host')} style={{ marginBottom: 12 }}>
              {draft.host ? (
                personRow(
                  draft.host,
                  (p) => update({ host: { ...draft.host!, ...p } }),
                  () => update({ host: null }),
                  <Space size={4}>
                    <Switch size="small" checked={draft.host.spoke} onChange={(spoke) => update({ host: { ...draft.host!, spoke } })} aria-label={t('study.hostSpoke')} />
                    <span>{t('study.hostSpoke')}</span>
                  </Space>,
                )
              ) : (
                <Typography.Text type="secondary">{t('study.none')}</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('study.participants')} style={{ marginBottom: 12 }}>
              {draft.participants.length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
              {draft.participants.map((p) =>
                personRow(
                  p,
                  (next) => update({ participants: draft.participants.map((x) => (x.key === p.key ? next : x)) }),
                  () => update({ participants: draft.participants.filter((x) => x.key !== p.key) }),
                ),
              )}
            </Card>
            <Card
              size="small"
              title={t('study.speakers')}
              style={{ marginBottom: 12 }}
              extra={
                <Select
                  size="small"
                  aria-label={t('study.speechKind')}
                  value={draft.speechKind}
                  onChange={(v) => update({ speechKind: v })}
                  options={['key_speech', 'exchange'].map((k) => ({ value: k, label: label('speechKinds', k) }))}
                  style={{ width: 140 }}
                />
              }
            >
              {draft.speakers.length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
              {draft.speakers.map((p) =>
                personRow(
                  p,
                  (next) => update({ speakers: draft.speakers.map((x) => (x.key === p.key ? next : x)) }),
                  () => update({ speakers: draft.speakers.filter((x) => x.key !== p.key) }),
                ),
              )}
            </Card>
            {textList('findings', label('conclusionKinds', 'finding'))}
            {textList('requirements', label('conclusionKinds', 'requirement'))}
            <ErrorAlert error={confirm.error} />
            {missing.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('study.importMissing', { fields: missing.join(', ') })} /> : null}
            <Button type="primary" disabled={missing.length > 0} loading={confirm.isPending} onClick={() => confirm.mutate(draft)} data-testid="confirm-import">
              {t('study.confirmImport')}
            </Button>
          </Col>
        </Row>
      ) : null}
    </Space>
  );
}
