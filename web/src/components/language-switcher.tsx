import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../i18n';

/** Spanish or English; i18next keeps the choice in localStorage for the next visit. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="field language-switcher">
      <span>{t('language.label')}</span>
      <select
        name="language"
        value={i18n.resolvedLanguage}
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {(Object.keys(languages) as Language[]).map((language) => (
          <option key={language} value={language} lang={language}>
            {languages[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
