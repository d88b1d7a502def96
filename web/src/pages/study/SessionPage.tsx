import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { isLocked, studyKeys, useSession, useStudyMeta, type Attendance, type Revision, type StudySession } from '../../api/study.ts';
import { useMe } from '../../auth/useMe.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { SortableList } from '../../components/SortableList.tsx';
import { ErrorAlert, ErrorResult, Loading } from '../../components/States.tsx';
import { can } from '../../layout/nav.ts';
import { displayOrder, formatDate, formatDateTime, joinTitles, localName, localText, localTitles, readerLang } from '../../lib/format.ts';
import { personLabel, StatusTag, useReason, useStudyLabel, useWhen } from './common.tsx';
import { PartForm, type PartField } from './PartForm.tsx';
import { SessionDutiesCard } from '../duties/SessionDutiesCard.tsx';
import { SessionForm } from './SessionForm.tsx';
import { SessionLifecycle } from './SessionLifecycle.tsx';
import { ThemePlanLinks } from './ThemePlanLinks.tsx';

type PartKind = 'themes' | 'materials' | 'observers' | 'guidance' | 'speeches' | 'conclusions';
type AttendanceDraft = Pick<Attendance, 'personId' | 'status' | 'reason' | 'approvedBy'>;

const blankToNull = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' && !x.trim() ? null : x]));

export default function SessionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const meta = useStudyMeta();
  const label = useStudyLabel();
  const when = useWhen();
  const session = useSession(id);
  const writable = can(me.permissions, 'study.write');
  const approver = can(me.permissions, 'study.approve');
  const locked = session.data ? isLocked(session.data) : false;
  const { run, modal: reasonModal } = useReason(locked);
  const [editing, setEditing] = useState(false);
  const [part, setPart] = useState<{ kind: PartKind; item: Record<string, unknown> | null } | null>(null);
  const [attendance, setAttendance] = useState<AttendanceDraft[]>([]);
  const [minutes, setMinutes] = useState('');
  const minutesCard = useRef<HTMLDivElement>(null);
  const revisions = useQuery({
    queryKey: ['study', 'sessions', id, 'revisions'],
    queryFn: () => api<{ items: Revision[] }>(`/study/sessions/${id}/revisions`),
    enabled: session.isSuccess,
  });
  // A refetch (after another save, or when the window regains focus) brings the server's record;
  // it replaces the local drafts only where the user has not started editing them.
  const synced = useRef<{ minutes: string; attendance: AttendanceDraft[] }>({ minutes: '', attendance: [] });
  useEffect(() => {
    if (!session.data) return;
    const serverAttendance = session.data.attendance.map((a) => ({ personId: a.personId, status: a.status, reason: a.reason, approvedBy: a.approvedBy }));
    const serverMinutes = session.data.minutes?.text ?? '';
    const previous = synced.current;
    setAttendance((local) => (JSON.stringify(local) === JSON.stringify(previous.attendance) ? serverAttendance : local));
    setMinutes((local) => (local === previous.minutes ? serverMinutes : local));
    synced.current = { minutes: serverMinutes, attendance: serverAttendance };
  }, [session.data]);

  const done = (record: StudySession) => {
    queryClient.setQueryData(studyKeys.session(id), record);
    void queryClient.invalidateQueries({ queryKey: ['study'] });
  };
  const write = useMutation({
    mutationFn: ({ path, method, body, reason }: { path: string; method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; reason?: string }) =>
      api<StudySession>(path, { method, body, query: { reason } }),
    onSuccess: (record) => {
      done(record);
      setPart(null);
      void message.success(t('study.saved'));
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/study/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['study'] });
      void navigate('/study/sessions');
    },
  });
  // A refused write is shown beside what was refused: the minutes, the attendance or a part's card.
  const failedPath = write.error ? (write.variables?.path ?? '') : '';
  const errorFor = (place: string) => (failedPath.endsWith(`/${place}`) || failedPath.includes(`/${place}/`) ? write.error : null);
  const placed = ['minutes', 'attendance', 'themes', 'materials', 'observers', 'guidance', 'speeches', 'conclusions'].some((p) => errorFor(p));
  const send = (path: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown) => run((reason) => write.mutate({ path, method, body, reason }));

  const fields = useMemo<Record<PartKind, { title: string; fields: PartField[] }>>(
    () => ({
      themes: {
        title: t('study.theme'),
        fields: [
          { name: 'text', label: t('study.themeText'), kind: 'textarea', required: true },
          { name: 'textZh', label: t('study.textZh'), kind: 'textarea' },
          { name: 'textEn', label: t('study.textEn'), kind: 'textarea' },
        ],
      },
      materials: {
        title: t('study.material'),
        fields: [
          { name: 'title', label: t('study.materialTitle'), kind: 'text', required: true },
          { name: 'link', label: t('study.link'), kind: 'url' },
          { name: 'body', label: t('study.materialBody'), kind: 'textarea' },
        ],
      },
      observers: {
        title: t('study.observer'),
        fields: [
          { name: 'name', label: t('org.name'), kind: 'text', required: true },
          { name: 'title', label: t('org.title'), kind: 'text' },
        ],
      },
      guidance: {
        title: t('study.guidanceItem'),
        fields: [
          { name: 'body', label: t('study.guidanceBody'), kind: 'text', required: true },
          { name: 'text', label: t('study.guidanceText'), kind: 'textarea' },
        ],
      },
      speeches: {
        title: t('study.speech'),
        fields: [
          { name: 'speakerPersonId', label: t('study.speaker'), kind: 'person' },
          { name: 'kind', label: t('study.speechKind'), kind: 'select', required: true, options: (meta.data?.speechKinds ?? []).map((k) => ({ value: k.code, label: label('speechKinds', k.code) })) },
          { name: 'title', label: t('study.speechTitle'), kind: 'text', required: true },
          { name: 'text', label: t('study.speechText'), kind: 'textarea' },
        ],
      },
      conclusions: {
        title: t('study.conclusion'),
        fields: [
          { name: 'kind', label: t('study.conclusionKind'), kind: 'select', required: true, options: (meta.data?.conclusionKinds ?? []).map((k) => ({ value: k.code, label: label('conclusionKinds', k.code) })) },
          { name: 'text', label: t('study.conclusionText'), kind: 'textarea', required: true },
          { name: 'textZh', label: t('study.textZh'), kind: 'textarea' },
          { name: 'textEn', label: t('study.textEn'), kind: 'textarea' },
        ],
      },
    }),
    [t, meta.data, label],
  );

  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorResult error={session.error} onRetry={() => void session.refetch()} />;
  const s = session.data;
  const editable = writable;

  const partCard = (kind: PartKind, cardTitle: string, items: { id: string; content: React.ReactNode; level: string; mark: string | null; raw: Record<string, unknown> }[], testId: string) => (
    <Card
      title={cardTitle}
      size="small"
      extra={
        editable ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setPart({ kind, item: null })} data-testid={`add-${kind}`}>
            {t('study.add')}
          </Button>
        ) : null
      }
    >
      {part ? null : <ErrorAlert error={errorFor(kind)} />}
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('study.none')}</Typography.Text>
      ) : (
        <SortableList
          label={cardTitle}
          testId={testId}
          disabled={!editable}
          onReorder={(ids) => send(`/study/sessions/${id}/${kind}/order`, 'PUT', { ids })}
          items={items.map((item) => ({
            id: item.id,
            content: (
              <Space align="start" wrap={false}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{item.content}</div>
                {item.level !== 'public' ? <LevelBadge level={item.level} mark={item.mark} /> : null}
              </Space>
            ),
            actions: editable ? (
              <>
                <Button size="small" onClick={() => setPart({ kind, item: item.raw })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('study.deleteConfirm')} onConfirm={() => send(`/study/${kind}/${item.id}`, 'DELETE')} okText={t('common.yes')} cancelText={t('common.no')}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </>
            ) : null,
          }))}
        />
      )}
    </Card>
  );

  const memberOf = new Map(s.attendance.map((a) => [a.personId, a]));
  const setEntry = (personId: string, patch: Partial<AttendanceDraft>) => setAttendance((list) => list.map((a) => (a.personId === personId ? { ...a, ...patch } : a)));
  const attendanceChanged = JSON.stringify(attendance) !== JSON.stringify(s.attendance.map((a) => ({ personId: a.personId, status: a.status, reason: a.reason, approvedBy: a.approvedBy })));
  const leaveWithoutReason = attendance.some((a) => a.status === 'on_leave' && !a.reason?.trim());

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        styles={{ title: { whiteSpace: 'normal' } }}
        title={
          <Space wrap>
            <h1 style={{ fontSize: 20, margin: 0 }} data-testid="session-title">
              {localName(s.group.name, s.group.nameEn)} · {formatDate(s.date)}
            </h1>
            <LevelBadge level={s.level} mark={s.mark} />
            <StatusTag status={s.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={`/study/sessions/${id}/view`}>{t('study.viewMinutes')}</Link>
            <Link to={`/study/sessions/${id}/release`}>{t('study.releasePreview')}</Link>
            <Button icon={<FileWordOutlined />} href={`/api/study/sessions/${id}/minutes/docx?lang=${readerLang()}`} data-testid="minutes-docx">
              {t('study.minutesDocx')}
            </Button>
            {editable ? <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}
            {editable && !locked ? (
              <Popconfirm title={t('study.deleteSessionConfirm')} onConfirm={() => remove.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button danger>{t('common.delete')}</Button>
              </Popconfirm>
            ) : null}
            {approver && s.status === 'minutes_approved' ? (
              <Popconfirm title={t('study.archiveConfirm')} onConfirm={() => write.mutate({ path: `/study/sessions/${id}/archive`, method: 'POST' })} okText={t('common.yes')} cancelText={t('common.no')}>
                <Button>{t('study.archive')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      >
        {locked ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('study.lockedHelp')} data-testid="locked-alert" /> : null}
        <ErrorAlert error={(placed ? null : write.error) ?? remove.error} />
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('study.date')}>{formatDate(s.date)}</Descriptions.Item>
          <Descriptions.Item label={t('study.when')}>{when(s)}</Descriptions.Item>
          <Descriptions.Item label={t('study.place')}>{s.place || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('study.form')}>{label('forms', s.form)}</Descriptions.Item>
          <Descriptions.Item label={t('study.host')}>{personLabel(s.host, true)}</Descriptions.Item>
          <Descriptions.Item label={t('study.organizingBody')}>{s.organizingBody || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('study.group')}>
            <Link to={`/org/groups/${s.group.id}`}>{localName(s.group.name, s.group.nameEn)}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('study.highestLevel')}>
            <LevelBadge level={s.highestLevel} />
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <SessionLifecycle
        session={s}
        writable={writable}
        approver={approver}
        onChanged={(record) => done(record)}
        onWriteMinutes={() => {
          minutesCard.current?.scrollIntoView({ block: 'start' });
          minutesCard.current?.querySelector('textarea')?.focus();
        }}
      />

      {partCard(
        'themes',
        t('study.themes'),
        s.themes.map((x) => ({ id: x.id, content: localText(x), level: x.level, mark: x.mark, raw: { id: x.id, text: x.text, textZh: x.textZh ?? '', textEn: x.textEn ?? '', level: x.level } })),
        'themes-list',
      )}
      {s.themes.length ? <ThemePlanLinks session={s} editable={editable} onLink={(themeId, planThemeId) => send(`/study/themes/${themeId}`, 'PATCH', { planThemeId })} /> : null}
      {partCard(
        'materials',
        t('study.materials'),
        s.materials.map((x) => ({
          id: x.id,
          content: x.link ? (
            <a href={x.link} target="_blank" rel="noreferrer noopener">
              {x.title}
            </a>
          ) : (
            x.title
          ),
          level: x.level,
          mark: x.mark,
          raw: { id: x.id, title: x.title, link: x.link ?? '', body: x.body ?? '', level: x.level },
        })),
        'materials-list',
      )}

      <Card
        title={t('study.attendance')}
        size="small"
        extra={
          editable ? (
            <Button
              type="primary"
              size="small"
              disabled={!attendanceChanged || leaveWithoutReason}
              loading={write.isPending}
              onClick={() => send(`/study/sessions/${id}/attendance`, 'PUT', { entries: attendance.map((a) => ({ ...a, reason: a.reason || null, approvedBy: a.approvedBy || null })) })}
              data-testid="save-attendance"
            >
              {t('study.saveAttendance')}
            </Button>
          ) : null
        }
      >
        <ErrorAlert error={errorFor('attendance')} />
        {leaveWithoutReason ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('study.leaveNeedsReason')} /> : null}
        <Table<AttendanceDraft>
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={attendance}
          data-testid="attendance-grid"
          locale={{ emptyText: <Empty description={t('study.noMembers')} /> }}
          columns={[
            { title: t('org.order'), key: 'order', width: 60, render: (_, __, i) => displayOrder(i) },
            {
              title: t('org.person'),
              key: 'person',
              render: (_, a) => {
                const p = memberOf.get(a.personId);
                return p ? <Link to={`/study/people/${a.personId}`}>{localName(p.name, p.nameEn)}</Link> : a.personId;
              },
            },
            { title: t('org.titles'), key: 'titles', render: (_, a) => joinTitles(localTitles(memberOf.get(a.personId)?.titles)) },
            {
              title: t('study.attendanceStatus'),
              key: 'status',
              // The three buttons stay on one line in either language (English ones are wider).
              width: 250,
              onCell: () => ({ style: { minWidth: 230 } }),
              render: (_, a) => (
                <Radio.Group
                  size="small"
                  optionType="button"
                  style={{ display: 'inline-flex', whiteSpace: 'nowrap' }}
                  data-testid="attendance-status"
                  disabled={!editable}
                  value={a.status}
                  aria-label={`${t('study.attendanceStatus')}: ${localName(memberOf.get(a.personId)?.name ?? '', memberOf.get(a.personId)?.nameEn)}`}
                  onChange={(e) => setEntry(a.personId, { status: e.target.value as AttendanceDraft['status'] })}
                  options={(meta.data?.attendance ?? []).map((x) => ({ value: x.code, label: label('attendance', x.code) }))}
                />
              ),
            },
            {
              title: t('study.leaveReason'),
              key: 'reason',
              render: (_, a) =>
                a.status === 'on_leave' ? (
                  <Input size="small" aria-label={t('study.leaveReason')} disabled={!editable} value={a.reason ?? ''} status={a.reason?.trim() ? undefined : 'error'} onChange={(e) => setEntry(a.personId, { reason: e.target.value })} />
                ) : (
                  '—'
                ),
            },
            {
              title: t('study.approvedBy'),
              key: 'approvedBy',
              render: (_, a) =>
                a.status === 'on_leave' ? (
                  <Input size="small" aria-label={t('study.approvedBy')} disabled={!editable} value={a.approvedBy ?? ''} onChange={(e) => setEntry(a.personId, { approvedBy: e.target.value })} />
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>

      {partCard(
        'observers',
        t('study.observers'),
        s.observers.map((x) => ({ id: x.id, content: x.title ? `${x.name}（${x.title}）` : x.name, level: x.level, mark: x.mark, raw: { id: x.id, name: x.name, title: x.title ?? '', level: x.level } })),
        'observers-list',
      )}
      {partCard(
        'guidance',
        t('study.guidance'),
        s.guidance.map((x) => ({
          id: x.id,
          content: (
            <>
              <strong>{x.body}</strong>
              {x.text ? <div>{x.text}</div> : null}
            </>
          ),
          level: x.level,
          mark: x.mark,
          raw: { id: x.id, body: x.body, text: x.text ?? '', level: x.level },
        })),
        'guidance-list',
      )}
      {partCard(
        'speeches',
        t('study.speeches'),
        s.speeches.map((x) => ({
          id: x.id,
          content: (
            <>
              <strong>{personLabel(x.speaker)}</strong> <Tag>{label('speechKinds', x.kind)}</Tag> {x.title}
              {x.text ? <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: '4px 0 0' }}>{x.text}</Typography.Paragraph> : null}
            </>
          ),
          level: x.level,
          mark: x.mark,
          raw: { id: x.id, speakerPersonId: x.speaker?.personId ?? null, kind: x.kind, title: x.title, text: x.text, level: x.level },
        })),
        'speeches-list',
      )}
      {partCard(
        'conclusions',
        t('study.conclusions'),
        s.conclusions.map((x) => ({
          id: x.id,
          content: (
            <>
              <Tag>{label('conclusionKinds', x.kind)}</Tag> {localText(x)}
            </>
          ),
          level: x.level,
          mark: x.mark,
          raw: { id: x.id, kind: x.kind, text: x.text, textZh: x.textZh ?? '', textEn: x.textEn ?? '', level: x.level },
        })),
        'conclusions-list',
      )}
      {can(me.permissions, 'duties.read') ? <SessionDutiesCard sessionId={id} /> : null}

      <div ref={minutesCard}>
      <Card
        title={t('study.minutes')}
        size="small"
        extra={s.minutes ? <LevelBadge level={s.minutes.level} mark={s.minutes.mark} /> : null}
      >
        <ErrorAlert error={errorFor('minutes')} />
        {s.minutes?.approvedAt ? (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('study.approvedOn', { who: s.minutes.approvedBy ?? '—', when: formatDateTime(s.minutes.approvedAt) })} data-testid="minutes-approved" />
        ) : null}
        <Input.TextArea
          rows={8}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          readOnly={!editable}
          aria-label={t('study.minutes')}
          placeholder={t('study.minutesPlaceholder')}
          data-testid="minutes-text"
        />
        <Space style={{ marginTop: 12 }} wrap>
          {editable ? (
            <Button
              disabled={!minutes.trim() || minutes === (s.minutes?.text ?? '')}
              onClick={() => send(`/study/sessions/${id}/minutes`, 'PUT', { text: minutes, level: s.minutes?.level ?? s.level })}
              data-testid="save-minutes"
            >
              {t('study.saveMinutes')}
            </Button>
          ) : null}
          {s.nextStep === 'approve_minutes' ? <Typography.Text type="secondary">{t('study.lifecycle.approveAbove')}</Typography.Text> : null}
        </Space>
      </Card>
      </div>

      {locked || (revisions.data?.items.length ?? 0) > 0 ? (
        <Card title={t('study.revisions')} size="small">
          <Table<Revision>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={revisions.data?.items ?? []}
            loading={revisions.isPending}
            data-testid="revisions"
            locale={{ emptyText: <Empty description={t('study.noRevisions')} /> }}
            columns={[
              { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
              { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
              { title: t('audit.action'), dataIndex: 'action' },
              { title: t('study.reason'), dataIndex: 'reason' },
              {
                title: t('study.detail'),
                dataIndex: 'detail',
                render: (v: unknown) => (
                  <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    {typeof v === 'string' ? v : JSON.stringify(v).slice(0, 300)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      <SessionForm open={editing} session={s} onClose={() => setEditing(false)} run={run} />
      {part ? (
        <PartForm
          open
          name={`part-${part.kind}`}
          title={`${part.item ? t('common.edit') : t('study.add')} · ${fields[part.kind].title}`}
          fields={fields[part.kind].fields}
          initial={part.item ?? (part.kind === 'speeches' ? { kind: 'exchange' } : part.kind === 'conclusions' ? { kind: 'finding' } : {})}
          saving={write.isPending}
          error={write.error}
          onClose={() => {
            setPart(null);
            write.reset();
          }}
          onSubmit={(values) => {
            const body = blankToNull(values);
            if (part.kind === 'speeches' && body.text === null) body.text = '';
            if (part.item) send(`/study/${part.kind}/${String(part.item.id)}`, 'PATCH', body);
            else send(`/study/sessions/${id}/${part.kind}`, 'POST', body);
          }}
        />
      ) : null}
      {reasonModal}
    </Space>
  );
}
