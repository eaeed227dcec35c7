import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { es } from './es';

export const languages = { en: 'English', es: 'Español' } as const;
export type Language = keyof typeof languages;

/** Where the chosen language is kept, so the next visit opens in it. */
export const languageStorageKey = 'promptsales.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

// The browser's language picks Spanish or English on a first visit; the switcher's choice wins
// afterwards (kept in localStorage).
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, es: { translation: es } },
    supportedLngs: Object.keys(languages),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: languageStorageKey,
      caches: ['localStorage'],
    },
  });

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18n.resolvedLanguage ?? 'en';

/** The language in force ('en' or 'es'), for Intl formatting. */
export function currentLanguage(): Language {
  const language = i18n.resolvedLanguage ?? i18n.language;
  return language in languages ? (language as Language) : 'en';
}

export default i18n;
