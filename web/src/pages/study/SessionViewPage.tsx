import { Button, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../api/study.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { ErrorResult, Loading } from '../../components/States.tsx';
import { formatDate, formatDateTime, isZh, localName, localText } from '../../lib/format.ts';
import { personLabel, useStudyLabel, useWhen } from './common.tsx';
import './print.css';

/** The record of a session as minutes (纪要), for reading and printing. */
export default function SessionViewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useStudyLabel();
  const when = useWhen();
  const session = useSession(id);
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorResult error={session.error} />;
  const s = session.data;
  const present = s.attendance.filter((a) => a.status === 'present');
  const leave = s.attendance.filter((a) => a.status === 'on_leave');
  const absent = s.attendance.filter((a) => a.status === 'absent');
  const names = (list: typeof present) => list.map((a) => personLabel(a)).join(t('study.listSeparator'));
  const colon = isZh() ? '：' : ': ';
  const findings = s.conclusions.filter((c) => c.kind === 'finding');
  const requirements = s.conclusions.filter((c) => c.kind === 'requirement');
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/study/sessions/${id}`}>{t('study.backToSession')}</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
          {t('study.print')}
        </Button>
      </Space>
      <article className="minutes-doc" data-testid="minutes-doc">
        <div className="minutes-mark" data-testid="minutes-mark">
          <span className="mark-text">{s.mark ?? ''}</span>
          <LevelBadge level={s.highestLevel} mark={s.mark} />
        </div>
        <h1>
          {localName(s.group.name, s.group.nameEn)}
          <br />
          {t('study.minutesOf')}
        </h1>
        <p>
          <strong>{t('study.time')}{colon}</strong>
          {formatDate(s.date)} {when(s)}
          <br />
          <strong>{t('study.place')}{colon}</strong>
          {s.place || '—'}
          <br />
          <strong>{t('study.form')}{colon}</strong>
          {label('forms', s.form)}
          <br />
          <strong>{t('study.host')}{colon}</strong>
          {personLabel(s.host, true)}
          <br />
          <strong>{t('study.present')}{colon}</strong>
          {names(present) || '—'}
          {leave.length ? (
            <>
              <br />
              <strong>{t('study.onLeave')}{colon}</strong>
              {leave.map((a) => `${personLabel(a)}（${a.reason ?? ''}${a.approvedBy ? `；${t('study.approvedBy')}：${a.approvedBy}` : ''}）`).join(t('study.listSeparator'))}
            </>
          ) : null}
          {absent.length ? (
            <>
              <br />
              <strong>{t('study.absent')}{colon}</strong>
              {names(absent)}
            </>
          ) : null}
          {s.observers.length ? (
            <>
              <br />
              <strong>{t('study.observers')}{colon}</strong>
              {s.observers.map((o) => (o.title ? `${o.title} ${o.name}` : o.name)).join(t('study.listSeparator'))}
            </>
          ) : null}
          {s.guidance.length ? (
            <>
              <br />
              <strong>{t('study.guidance')}{colon}</strong>
              {s.guidance.map((g) => g.body).join(t('study.listSeparator'))}
            </>
          ) : null}
        </p>
        <h2>{t('study.themes')}</h2>
        <ol>
          {s.themes.map((x) => (
            <li key={x.id}>{localText(x)}</li>
          ))}
        </ol>
        {s.materials.length ? (
          <>
            <h2>{t('study.materials')}</h2>
            <ol>
              {s.materials.map((x) => (
                <li key={x.id}>{x.title}</li>
              ))}
            </ol>
          </>
        ) : null}
        {s.speeches.length ? (
          <>
            <h2>{t('study.speeches')}</h2>
            <ol>
              {s.speeches.map((x) => (
                <li key={x.id}>
                  <strong>{personLabel(x.speaker)}</strong> ({label('speechKinds', x.kind)}){colon}{x.title}
                  {x.text ? <div style={{ whiteSpace: 'pre-wrap' }}>{x.text}</div> : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {findings.length ? (
          <>
            <h2>{label('conclusionKinds', 'finding')}</h2>
            <ol>
              {findings.map((x) => (
                <li key={x.id}>{localText(x)}</li>
              ))}
            </ol>
          </>
        ) : null}
        {requirements.length ? (
          <>
            <h2>{label('conclusionKinds', 'requirement')}</h2>
            <ol>
              {requirements.map((x) => (
                <li key={x.id}>{localText(x)}</li>
              ))}
            </ol>
          </>
        ) : null}
        {s.minutes ? (
          <>
            <h2>{t('study.minutes')}</h2>
            <div style={{ whiteSpace: 'pre-wrap' }}>{s.minutes.text}</div>
            <p style={{ textAlign: 'right', marginTop: 24 }}>
              {s.minutes.approvedAt ? t('study.approvedOn', { who: s.minutes.approvedBy ?? '—', when: formatDateTime(s.minutes.approvedAt) }) : t('study.notApproved')}
            </p>
          </>
        ) : null}
      </article>
    </>
  );
}
