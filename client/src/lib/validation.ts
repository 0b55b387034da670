import { z } from 'zod'
import type { i18n as I18n, TFunction } from 'i18next'
import { codeOfMessage } from './formErrors.ts'

// The shared schemas carry English messages ("at least 10 characters"); the server sends the same
// ones in `errors[].message`. They are translated when shown, by their text.
export function translateValidationMessage(message: string, t: TFunction): string {
  const code = codeOfMessage(message)
  if (code) return t(`errors.${code}`, { defaultValue: t('errors.unknown') })
  return t(message, { ns: 'zod', keySeparator: false, nsSeparator: false, defaultValue: message })
}

/** Messages for issues the shared schemas leave to zod's defaults (min(1), url, uuid …). */
export function installZodErrorMap(i18n: I18n) {
  z.config({
    customError: (issue) => {
      const t = i18n.t.bind(i18n)
      switch (issue.code) {
        case 'invalid_type':
          return issue.input === undefined || issue.input === null || issue.input === ''
            ? t('validation.required')
            : t('validation.invalid')
        case 'too_small':
          if (issue.origin === 'string')
            return Number(issue.minimum) <= 1
              ? t('validation.required')
              : t('validation.tooShort', { count: Number(issue.minimum) })
          return undefined
        case 'too_big':
          if (issue.origin === 'string') return t('validation.tooLong', { count: Number(issue.maximum) })
          return undefined
        case 'invalid_format':
          if (issue.format === 'url') return t('validation.url')
          if (issue.format === 'email') return t('validation.email')
          return t('validation.invalid')
        default:
          return undefined
      }
    },
  })
}
