import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Labelled, Level } from '../api/types.ts';
import { LEVELS } from '../api/types.ts';
import { useMeta } from '../auth/session.ts';

/** The label of a code from /api/meta in the current language. */
export function useLabel() {
  const { i18n } = useTranslation();
  const zh = i18n.language?.startsWith('zh');
  return (list: Labelled[] | undefined, code: string | null | undefined): string => {
    if (!code) return '—';
    const item = list?.find((x) => x.code === code);
    return item ? (zh ? item.zh : item.en) : code;
  };
}

type Props = Omit<SelectProps<string>, 'options'>;

/** Levels up to the deployment's ceiling. */
export function LevelSelect(props: Props) {
  const { t } = useTranslation();
  const meta = useMeta();
  const ceiling = meta.data?.ceiling ?? 'internal';
  const allowed = LEVELS.slice(0, LEVELS.indexOf(ceiling as Level) + 1);
  return <Select {...props} options={allowed.map((code) => ({ value: code, label: t(`level.${code}`) }))} />;
}

export function MetaSelect({ list, ...props }: Props & { list: 'roles' | 'unitKinds' | 'groupRoles' }) {
  const meta = useMeta();
  const label = useLabel();
  const items = meta.data?.[list] ?? [];
  return <Select {...props} loading={meta.isPending} options={items.map((x) => ({ value: x.code, label: label(items, x.code) }))} />;
}
