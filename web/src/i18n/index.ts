import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** zh-CN when the browser prefers any Chinese, else English. */
export function pickLanguage(preferred: readonly string[] | undefined): Language {
  const first = preferred?.[0]?.toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}

export function currentLanguage(): Language {
  return i18n.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function applyLanguage(lng: string): void {
  const zh = lng.toLowerCase().startsWith('zh');
  dayjs.locale(zh ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = zh ? 'zh-CN' : 'en';
}

const detector = new LanguageDetector();
detector.addDetector({
  name: 'remitNavigator',
  lookup() {
    if (typeof navigator === 'undefined') return undefined;
    const list = navigator.languages?.length ? navigator.languages : [navigator.language];
    return pickLanguage(list);
  },
});

void i18n
  .use(detector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: ['zh-CN', 'en'],
    nonExplicitSupportedLngs: false,
    load: 'currentOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    detection: {
      order: ['querystring', 'localStorage', 'remitNavigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: 'remit.lang',
      caches: ['localStorage'],
    },
    returnNull: false,
  });

applyLanguage(i18n.language ?? 'en');
i18n.on('languageChanged', applyLanguage);

export default i18n;
