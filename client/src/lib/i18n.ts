import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { fr, frZod } from './locales/fr.ts'
import { en, enZod } from './locales/en.ts'
import { installZodErrorMap } from './validation.ts'

export const LANGUAGES = ['fr', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'fabrique.lang'

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v)
}

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (isLanguage(saved)) return saved
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  // French first: only a browser that asks for English and not French gets English.
  const langs = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : []
  const firstKnown = langs.map((l) => l.slice(0, 2)).find(isLanguage)
  return firstKnown ?? 'fr'
}

export function setLanguage(lang: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // ignore
  }
  if (i18n.language !== lang) void i18n.changeLanguage(lang)
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr, zod: frZod }, en: { translation: en, zod: enZod } },
  lng: initialLanguage(),
  fallbackLng: 'fr',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  returnNull: false,
})

const syncHtmlLang = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng
}
syncHtmlLang(i18n.language)
i18n.on('languageChanged', syncHtmlLang)
installZodErrorMap(i18n)

export default i18n
