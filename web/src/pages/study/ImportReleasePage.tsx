import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import type { Level } from '../../api/types.ts';
import { useStudyGroups, type ImportAnswer } from '../../api/study.ts';
import { LevelSelect } from '../../components/MetaSelects.tsx';
import { ErrorAlert } from '../../components/States.tsx';
import { formatDate, localName } from '../../lib/format.ts';
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

interface ConclusionDraft extends TextDraft {
  kind: 'finding' | 'requirement';
  leadIn: string | null;
}

interface ObserverDraft extends TextDraft {
  titles: string[];
  named: boolean;
}

interface Draft {
  groupId: string | null;
  date: string | null;
  halfDay: 'morning' | 'afternoon' | 'evening' | null;
  organizingBody: string;
  level: Level;
  themes: TextDraft[];
  host: (PersonDraft & { spoke: boolean; speech: string | null }) | null;
  participants: PersonDraft[];
  speakers: PersonDraft[];
  speechKind: 'key_speech' | 'exchange';
  speechWords: string;
  collectiveSpeech: string;
  observers: ObserverDraft[];
  guidance: TextDraft[];
  conclusions: ConclusionDraft[];
}

const NEW = '__new__';
const today = () => dayjs().format('YYYY-MM-DD');

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The existing session a refused confirmation names (409 from the server), if that is why it was refused. */
function duplicateOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = error.details as { duplicate?: string; sessionId?: string } | undefined;
  return details?.duplicate === 'same_group_same_date' && details.sessionId ? details.sessionId : null;
}

export default function ImportReleasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const label = useStudyLabel();
  const groups = useStudyGroups();
  const [text, setText] = useState('');
  const [publishedOn, setPublishedOn] = useState<string>(today());
  const [answer, setAnswer] = useState<{ text: string; result: ImportAnswer } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [active, setActive] = useState<string | null>(null);

  const read = useMutation({
    mutationFn: (body: { text: string; publishedOn: string }) => api<ImportAnswer>('/study/releases/import', { method: 'POST', body }),
    onSuccess: (result, body) => {
      setAnswer({ text: body.text, result });
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
      const person = (prefix: string) => (x: { name: string; titles: string[]; span: Span | null }, i: number): PersonDraft => ({
        key: `${prefix}-${i}`,
        name: x.name,
        titles: x.titles,
        personId: match(x.name),
        span: x.span,
      });
      setDraft({
        groupId: group?.id ?? null,
        date: d.date?.value ?? null,
        halfDay: d.halfDay?.value ?? null,
        organizingBody: d.body?.value ?? '',
        level: 'public',
        themes: d.themes.map((x, i) => ({ key: `theme-${i}`, value: x.value, span: x.span })),
        host: d.host ? { ...person('host')(d.host, 0), key: 'host', spoke: d.host.spoke, speech: d.host.speech } : null,
        participants: d.participants.map(person('participant')),
        speakers: d.speakers.map(person('speaker')),
        speechKind: d.speech?.kind ?? 'exchange',
        speechWords: d.speech?.words.value ?? '',
        collectiveSpeech: d.collectiveSpeech?.value ?? '',
        observers: d.observers.map((x, i) => ({ key: `observer-${i}`, value: x.name, titles: x.titles, named: x.named, span: x.span })),
        guidance: d.guidance.map((x, i) => ({ key: `guidance-${i}`, value: x.value, span: x.span })),
        conclusions: d.conclusions.map((x, i) => ({ key: `conclusion-${i}`, value: x.value, kind: x.kind, leadIn: x.leadIn, span: x.span })),
      });
      setActive(null);
    },
  });

  const confirm = useMutation({
    mutationFn: ({ d, importAnyway }: { d: Draft; importAnyway: boolean }) => {
      const person = (p: PersonDraft) => ({ name: p.name.trim(), titles: p.titles, personId: p.personId });
      return api<{ sessionId: string; createdPeople: { id: string; name: string }[] }>('/study/import/confirm', {
        method: 'POST',
        body: {
          groupId: d.groupId,
          date: d.date,
          halfDay: d.halfDay,
          language: answer?.result.draft.language ?? 'zh',
          organizingBody: d.organizingBody.trim() || null,
          level: d.level,
          themes: d.themes.map((x) => x.value.trim()).filter(Boolean),
          host: d.host && d.host.name.trim() ? { ...person(d.host), spoke: d.host.spoke, speech: d.host.speech } : null,
          participants: d.participants.filter((p) => p.name.trim()).map(person),
          speakers: d.speakers.filter((p) => p.name.trim()).map(person),
          speechKind: d.speechKind,
          speechWords: d.speechWords.trim() || null,
          collectiveSpeech: d.collectiveSpeech.trim() || null,
          observers: d.observers.filter((o) => o.value.trim()).map((o) => ({ name: o.value.trim(), titles: o.titles })),
          guidance: d.guidance.map((x) => x.value.trim()).filter(Boolean),
          conclusions: d.conclusions.filter((c) => c.value.trim()).map((c) => ({ kind: c.kind, text: c.value.trim(), leadIn: c.leadIn })),
          importAnyway,
        },
      });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      void navigate(`/study/sessions/${result.sessionId}`);
    },
  });
  const duplicate = duplicateOf(confirm.error);

  const spans = useMemo(() => (answer ? draftSpans(answer.result.draft) : []), [answer]);
  const segments = useMemo(() => (answer ? spanSegments(answer.text, spans) : []), [answer, spans]);

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
    // "This is the existing person X" comes before "new person", with the reason it was offered.
    const options = [
      ...(info?.candidates ?? []).map((c) => ({ value: c.id, label: `${t('releaseImport.existingPerson', { name: localName(c.name, c.nameEn) })} (${t(`releaseImport.reason.${c.reason}`)})` })),
      { value: NEW, label: t('study.newPerson') },
    ];
    const several = info && info.match === 'new' && info.candidates.length > 1 && !p.personId;
    return (
      <div key={p.key} {...hover(p.key)}>
        <Space wrap align="center">
          <Input aria-label={t('org.name')} value={p.name} onChange={(e) => onChange({ ...p, name: e.target.value })} style={{ width: 160 }} />
          <Select aria-label={t('study.matchPerson')} style={{ width: 300 }} value={p.personId ?? NEW} onChange={(v) => onChange({ ...p, personId: v === NEW ? null : v })} options={options} />
          {p.personId ? <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('study.matched')}</Tag> : <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('study.willCreate')}</Tag>}
          {extra}
          {onRemove ? <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={onRemove} /> : null}
        </Space>
        {p.titles.length ? <div style={{ color: '#595959', fontSize: 13 }}>{p.titles.join('; ')}</div> : null}
        {several ? <div style={{ color: '#873800', fontSize: 13 }}>{t('releaseImport.severalKnown')}</div> : null}
      </div>
    );
  };
  const textList = (field: 'themes' | 'guidance', title: string, help?: string) =>
    draft ? (
      <Card size="small" title={title} style={{ marginBottom: 12 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => update({ [field]: [...draft[field], { key: `${field}-new-${Date.now()}`, value: '', span: null }] })}>{t('study.add')}</Button>}>
        {help ? <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{help}</Typography.Paragraph> : null}
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
  const readDate = answer?.result.draft.date ?? null;
  const yearNote = !answer
    ? null
    : !readDate
      ? t('releaseImport.noDate')
      : readDate.year.source === 'release'
        ? t('releaseImport.yearFromRelease')
        : readDate.year.source === 'published'
          ? t('releaseImport.yearFromPublished', { year: readDate.value.slice(0, 4), publishedOn: formatDate(readDate.year.publishedOn) })
          : t('releaseImport.yearUnknown');

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
          <div style={{ marginTop: 12 }}>
            <label htmlFor="import-published">{t('releaseImport.publishedOn')}</label>
            <br />
            <DatePicker id="import-published" value={dayjs(publishedOn)} allowClear={false} onChange={(v) => setPublishedOn(v ? v.format('YYYY-MM-DD') : today())} data-testid="import-published" />
            <div style={{ fontSize: 13, color: '#595959' }}>{t('releaseImport.publishedOnHelp')}</div>
          </div>
          <Button type="primary" style={{ marginTop: 12 }} disabled={!text.trim()} loading={read.isPending} onClick={() => read.mutate({ text, publishedOn })} data-testid="read-release">
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
                <Button size="small" onClick={() => { setAnswer(null); setDraft(null); confirm.reset(); }}>
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
              {yearNote ? (
                <div style={{ fontSize: 13, color: '#595959', marginBottom: 8 }} data-testid="import-year-note">
                  {yearNote}
                </div>
              ) : null}
              <div {...hover('body')}>
                <label htmlFor="import-body">{t('study.organizingBody')}</label>
                <Input id="import-body" value={draft.organizingBody} onChange={(e) => update({ organizingBody: e.target.value })} />
              </div>
            </Card>
            {textList('themes', t('study.themes'))}
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('releaseImport.attendanceNote')} />
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
              <div {...hover('speechWords')}>
                <label htmlFor="import-speech-words">{t('releaseImport.speechWords')}</label>
                <Input id="import-speech-words" value={draft.speechWords} onChange={(e) => update({ speechWords: e.target.value })} />
              </div>
              {draft.speakers.length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
              {draft.speakers.map((p) =>
                personRow(
                  p,
                  (next) => update({ speakers: draft.speakers.map((x) => (x.key === p.key ? next : x)) }),
                  () => update({ speakers: draft.speakers.filter((x) => x.key !== p.key) }),
                ),
              )}
              <div {...hover('collective')}>
                <label htmlFor="import-collective">{t('releaseImport.collectiveSpeech')}</label>
                <Input id="import-collective" value={draft.collectiveSpeech} onChange={(e) => update({ collectiveSpeech: e.target.value })} data-testid="import-collective" />
                <div style={{ fontSize: 13, color: '#595959' }}>{t('releaseImport.collectiveHelp')}</div>
              </div>
            </Card>
            <Card size="small" title={t('study.observers')} style={{ marginBottom: 12 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('releaseImport.observersHelp')}</Typography.Paragraph>
              {draft.observers.length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
              {draft.observers.map((o, i) => (
                <div key={o.key} {...hover(o.key)}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Input
                      aria-label={`${t('study.observers')} ${i + 1}`}
                      value={o.value}
                      onChange={(e) => update({ observers: draft.observers.map((y) => (y.key === o.key ? { ...y, value: e.target.value } : y)) })}
                    />
                    <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => update({ observers: draft.observers.filter((y) => y.key !== o.key) })} />
                  </Space.Compact>
                  <Tag style={{ marginTop: 4 }}>{o.named ? t('releaseImport.namedObserver') : t('releaseImport.groupObserver')}</Tag>
                  {o.titles.length ? <span style={{ color: '#595959', fontSize: 13 }}>{o.titles.join('; ')}</span> : null}
                </div>
              ))}
            </Card>
            {textList('guidance', t('study.guidance'), t('releaseImport.guidanceHelp'))}
            <Card
              size="small"
              title={t('study.conclusions')}
              style={{ marginBottom: 12 }}
              extra={
                <Button size="small" icon={<PlusOutlined />} onClick={() => update({ conclusions: [...draft.conclusions, { key: `conclusion-new-${Date.now()}`, value: '', kind: 'requirement', leadIn: null, span: null }] })}>
                  {t('study.add')}
                </Button>
              }
            >
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('releaseImport.conclusionsHelp')}</Typography.Paragraph>
              {draft.conclusions.length === 0 ? <Typography.Text type="secondary">{t('study.none')}</Typography.Text> : null}
              {draft.conclusions.map((c, i) => (
                <div key={c.key} {...hover(c.key)} data-kind={c.kind}>
                  <Space wrap align="center" style={{ marginBottom: 4 }}>
                    <Select
                      size="small"
                      aria-label={`${t('releaseImport.kind')} ${i + 1}`}
                      value={c.kind}
                      style={{ width: 180 }}
                      onChange={(kind) => update({ conclusions: draft.conclusions.map((y) => (y.key === c.key ? { ...y, kind } : y)) })}
                      options={(['finding', 'requirement'] as const).map((k) => ({ value: k, label: label('conclusionKinds', k) }))}
                    />
                    {c.leadIn ? <span style={{ color: '#595959', fontSize: 13 }}>{t('releaseImport.leadIn', { value: c.leadIn })}</span> : null}
                  </Space>
                  <Space.Compact style={{ width: '100%' }}>
                    <Input.TextArea
                      aria-label={`${t('study.conclusions')} ${i + 1}`}
                      autoSize={{ minRows: 1, maxRows: 6 }}
                      value={c.value}
                      onChange={(e) => update({ conclusions: draft.conclusions.map((y) => (y.key === c.key ? { ...y, value: e.target.value } : y)) })}
                    />
                    <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => update({ conclusions: draft.conclusions.filter((y) => y.key !== c.key) })} />
                  </Space.Compact>
                </div>
              ))}
            </Card>
            {duplicate ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="import-duplicate"
                title={t('releaseImport.duplicateTitle', { date: draft.date ? formatDate(draft.date) : '' })}
                description={
                  <Space orientation="vertical">
                    <span>{t('releaseImport.duplicateHelp')}</span>
                    <Space wrap>
                      <Link to={`/study/sessions/${duplicate}`} data-testid="open-existing">
                        {t('releaseImport.openExisting')}
                      </Link>
                      <Button size="small" onClick={() => confirm.mutate({ d: draft, importAnyway: true })} loading={confirm.isPending} data-testid="import-anyway">
                        {t('releaseImport.importAnyway')}
                      </Button>
                    </Space>
                  </Space>
                }
              />
            ) : (
              <ErrorAlert error={confirm.error} />
            )}
            {missing.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('study.importMissing', { fields: missing.join(', ') })} /> : null}
            <Button type="primary" disabled={missing.length > 0} loading={confirm.isPending} onClick={() => confirm.mutate({ d: draft, importAnyway: false })} data-testid="confirm-import">
              {t('study.confirmImport')}
            </Button>
          </Col>
        </Row>
      ) : null}
    </Space>
  );
}
