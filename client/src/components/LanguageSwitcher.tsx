import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage, type Language } from '../lib/i18n.ts'
import { useMe } from '../features/auth/hooks.ts'
import { useUpdateProfile } from '../features/account/hooks.ts'

const NAMES: Record<Language, string> = { fr: 'Français', en: 'English' }

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const update = useUpdateProfile()
  const choose = (lang: Language) => {
    setLanguage(lang)
    // Logged in: the choice follows the person (e-mails, other devices).
    if (me.data && me.data.locale !== lang) update.mutate({ locale: lang })
  }
  return (
    <div className="lang-switch" role="group" aria-label={t('layout.language')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={i18n.language === lang}
          aria-label={NAMES[lang]}
          title={NAMES[lang]}
          onClick={() => choose(lang)}
        >
          {lang.toUpperCase()}
        </button>
      ))}
    </div>
  )
}
