import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../api.ts';
import type { Language } from '../i18n/index.ts';

/** The current language, narrowed to the two the app speaks. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

/** Picks the server's message in the current language; the Japanese text is the original. */
export function useBilingual() {
  const lang = useLanguage();
  return (m: Bilingual | null | undefined) => (m ? (lang === 'en' ? m.en : m.ja) : '');
}
