import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const value = i18n.language?.startsWith('zh') ? 'zh-CN' : 'en';
  return (
    <Segmented
      size="small"
      aria-label={t('header.language')}
      value={value}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(lng) => void i18n.changeLanguage(String(lng))}
      data-testid="language-switch"
    />
  );
}
