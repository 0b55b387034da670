import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { ApiError } from './api.ts'

// Codes whose server `detail` says something the generic sentence cannot.
const DETAIL_WORTH_SHOWING = new Set(['conflict', 'rule_violation', 'unknown', 'forbidden'])

/** One human sentence for any error: the translated `code`, plus the server's detail when useful. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const base = t(`errors.${error.code}`, { defaultValue: '' }) || error.detail || t('errors.unknown')
    return error.detail && DETAIL_WORTH_SHOWING.has(error.code) && error.detail !== base
      ? `${base} ${error.detail}`
      : base
  }
  return t('errors.unknown')
}

export function useErrorMessage() {
  const { t } = useTranslation()
  return useCallback((error: unknown) => errorMessage(error, t), [t])
}
