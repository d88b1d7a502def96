import { useEffect, useMemo, useRef } from 'react';
import { Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ScanFinding, StoredFinding } from '../../api/secrecy.ts';
import { LevelBadge } from '../../components/LevelBadge.tsx';
import { findingExplanation, findingKey, findingSegments, findingTone, isReferUp } from '../../lib/findings.ts';
import './secrecy.css';

export function PageTitle({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </Space>
  );
}

/** Where the record a finding's text was copied from is shown in the app. */
export function sourcePath(type: string, id: string): string | null {
  switch (type) {
    case 'unit':
      return `/org/units/${id}`;
    case 'person':
      return `/org/people/${id}`;
    case 'study_group':
      return `/org/groups/${id}`;
    case 'study_session':
      return `/study/sessions/${id}/view`;
    default:
      return null;
  }
}

export function KindTag({ kind, severity }: { kind: string; severity?: 'block' | 'warn' }) {
  const { t } = useTranslation();
  const severe = findingTone(kind, severity) === 'severe';
  return (
    <Tag style={severe ? { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' } : { color: '#874d00', background: '#fffbe6', borderColor: '#ffd666' }}>
      {t(`secrecy.kind.${kind}`, { defaultValue: kind })}
    </Tag>
  );
}

/** The draft with every finding's span highlighted; the active finding is scrolled into view. */
export function HighlightedDraft({ text, findings, active, onPick }: { text: string; findings: readonly ScanFinding[]; active: number | null; onPick: (index: number) => void }) {
  const { t } = useTranslation();
  const segments = useMemo(() => findingSegments(text, findings), [text, findings]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (active === null) return;
    const el = box.current?.querySelector(`[data-keys~="${findingKey(active)}"]`);
    if (el && 'scrollIntoView' in el) (el as HTMLElement).scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [active]);
  const activeKey = active === null ? null : findingKey(active);
  return (
    <div ref={box} className="draft-text" data-testid="draft-highlight" aria-label={t('secrecy.review.highlighted')} tabIndex={0}>
      {segments.map((s) =>
        s.keys.length === 0 ? (
          <span key={s.start}>{s.text}</span>
        ) : (
          <mark
            key={s.start}
            data-keys={s.keys.join(' ')}
            className={`finding-span finding-${findingTone(findings[Number(s.keys[0]!.slice(1))]?.kind ?? '', findings[Number(s.keys[0]!.slice(1))]?.severity)}${activeKey && s.keys.includes(activeKey) ? ' finding-active' : ''}`}
            onClick={() => onPick(Number(s.keys[s.keys.length - 1]!.slice(1)))}
          >
            {s.text}
          </mark>
        ),
      )}
    </div>
  );
}

/** Findings as a list: kind, reason, the text found, the source record when the reader may see it. */
export function FindingList({
  findings,
  active,
  onPick,
  actions,
}: {
  findings: readonly (ScanFinding | StoredFinding)[];
  active: number | null;
  onPick: (index: number) => void;
  actions?: (f: StoredFinding, index: number) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (findings.length === 0) return <Empty description={t('secrecy.review.noFindings')} />;
  return (
    <List
      size="small"
      data-testid="finding-list"
      dataSource={findings as (ScanFinding | StoredFinding)[]}
      renderItem={(f, i) => {
        // A part of a study session (a speech, a conclusion) opens with its session.
        const opens = f.source ? (f.source.parent ?? f.source) : null;
        const path = opens ? sourcePath(opens.type, opens.id) : null;
        const stored = 'id' in f ? (f as StoredFinding) : null;
        const referUp = isReferUp(f);
        return (
          <List.Item
            className={active === i ? 'finding-item finding-item-active' : 'finding-item'}
            data-kind={f.kind}
            data-testid="finding"
            actions={stored && actions ? [actions(stored, i)] : undefined}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {referUp ? (
                    <span data-testid="finding-refer-up">
                      <KindTag kind={f.kind} /> {t('secrecy.review.referUpTitle')}
                    </span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => onPick(i)} data-testid="finding-show">
                      <KindTag kind={f.kind} severity={f.severity} /> «{f.excerpt}»
                    </button>
                  )}
                  {f.severity === 'warn' ? <Tag data-testid="finding-warning">{t('secrecy.review.warning')}</Tag> : null}
                  {stored ? (
                    stored.resolved ? (
                      <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>{t('secrecy.review.resolved')}</Tag>
                    ) : (
                      <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>{t('secrecy.review.open')}</Tag>
                    )
                  ) : null}
                </Space>
              }
              description={
                <Space orientation="vertical" size={2}>
                  <span>{findingExplanation(t, f)}</span>
                  {f.source ? (
                    <span data-testid="finding-source">
                      {t('secrecy.review.source')}: {path ? <Link to={path}>{t(`secrecy.objectType.${f.source.type}`, { defaultValue: f.source.type })}</Link> : f.source.type}{' '}
                      <LevelBadge level={f.source.level} />
                    </span>
                  ) : null}
                  {stored?.resolved ? (
                    <span>
                      {t('secrecy.review.resolutionNote')}: {stored.resolutionNote} — {stored.resolvedBy}
                    </span>
                  ) : null}
                </Space>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}

export function yearOptions(): { value: number; label: string }[] {
  const now = new Date().getFullYear();
  return Array.from({ length: 7 }, (_, i) => now + 1 - i).map((y) => ({ value: y, label: String(y) }));
}
