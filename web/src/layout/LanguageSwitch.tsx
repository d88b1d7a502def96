import { Segmented } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { ME_KEY } from '../auth/session.ts';

/** 中文 / English; a signed-in user's choice is also saved on their account. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const queryClient = useQueryClient();
  const value = i18n.language?.startsWith('zh') ? 'zh-CN' : 'en';
  const change = (lng: string) => {
    void i18n.changeLanguage(lng);
    const session = queryClient.getQueryData<Session | null>(ME_KEY);
    if (session?.user) {
      api('/auth/me', { method: 'PATCH', body: { locale: lng } }).then(
        () => queryClient.setQueryData<Session | null>(ME_KEY, (s) => (s ? { ...s, user: { ...s.user, locale: lng } } : s)),
        () => {},
      );
    }
  };
  return (
    <Segmented
      size="small"
      aria-label={t('header.language')}
      value={value}
      options={[
        { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
        { label: <span lang="en">English</span>, value: 'en' },
      ]}
      onChange={(lng) => change(String(lng))}
      data-testid="language-switch"
    />
  );
}
