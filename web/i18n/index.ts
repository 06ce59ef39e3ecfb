import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };

export type Language = 'ja' | 'en';
const STORAGE_KEY = 'mamori.lang';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/**
 * Each policy area keeps its words in its own pair of files, web/i18n/areas/<area>.ja.json and <area>.en.json,
 * with the area's name as the top-level key; they are merged over the shared ja.json / en.json here.
 */
function areaMessages(lang: Language): Record<string, unknown> {
  const files = import.meta.glob<{ default: Record<string, unknown> }>('./areas/*.json', { eager: true });
  const merged: Record<string, unknown> = {};
  for (const [path, mod] of Object.entries(files)) {
    if (path.endsWith(`.${lang}.json`)) Object.assign(merged, mod.default);
  }
  return merged;
}

/** Japanese first; English is a translation (ui-guide.md). The choice is remembered on this browser. */
void i18n.use(initReactI18next).init({
  resources: { ja: { translation: { ...ja, ...areaMessages('ja') } }, en: { translation: { ...en, ...areaMessages('en') } } },
  lng: storedLanguage(),
  fallbackLng: 'ja',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLanguage(lang: Language) {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
