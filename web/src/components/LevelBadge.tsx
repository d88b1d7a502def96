import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Level } from '../api/types.ts';

/** Colours chosen for a contrast ratio of at least 4.5:1 between text and background. */
export const LEVEL_STYLES: Record<Level, { color: string; background: string; border: string }> = {
  public: { color: '#135200', background: '#f6ffed', border: '#95de64' },
  internal: { color: '#003a8c', background: '#e6f4ff', border: '#69b1ff' },
  mimi: { color: '#873800', background: '#fff7e6', border: '#ffc069' },
  jimi: { color: '#a8071a', background: '#fff1f0', border: '#ff7875' },
  juemi: { color: '#ffffff', background: '#780650', border: '#520339' },
};

export interface LevelBadgeProps {
  level: Level | string | null | undefined;
  mark?: string | null;
}

export function LevelBadge({ level, mark }: LevelBadgeProps) {
  const { t } = useTranslation();
  const code = (level && level in LEVEL_STYLES ? level : 'public') as Level;
  const style = LEVEL_STYLES[code];
  const label = t(`level.${code}`);
  return (
    <Tag
      data-level={code}
      style={{ color: style.color, background: style.background, borderColor: style.border, marginInlineEnd: 0 }}
      title={mark ? `${label} · ${mark}` : label}
    >
      {label}
      {mark ? <span className="level-mark"> {mark}</span> : null}
    </Tag>
  );
}
