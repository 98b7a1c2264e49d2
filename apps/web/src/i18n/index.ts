import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Language } from '../format';
import { en } from './en';
import { es } from './es';

// Spanish first; English one click away. The choice is remembered in this browser.
const STORAGE_KEY = 'comity.language';

export function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es';
}

void i18n.use(initReactI18next).init({
  resources: { es: { translation: es }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'es',
  // Flat keys ("field.offences" and "field.offences.description" both exist).
  keySeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = storedLanguage();

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

/** The translation function and the current language. */
export function useT() {
  const { t, i18n: instance } = useTranslation();
  return { t, language: (instance.language === 'en' ? 'en' : 'es') as Language };
}

/** The translation key of a draft field the API names ("draft.personsConcerned[0].name" → field.personsConcerned.name). */
export function fieldKey(field: string): string {
  return `field.${field
    .replace(/^draft\./, '')
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '')}`;
}

export default i18n;
