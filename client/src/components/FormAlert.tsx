import { useTranslation } from 'react-i18next'
import { ApiError } from '../lib/api.ts'
import { useErrorMessage } from '../lib/errorMessage.ts'
import { translateValidationMessage } from '../lib/validation.ts'
import type { ReactNode } from 'react'
import { splitFieldIssues } from '../lib/formErrors.ts'

/** The error of a whole form or page, announced to screen readers as soon as it appears. */
export function FormAlert({
  error,
  fieldNames = [],
  children,
}: {
  error: unknown
  /** Fields shown next to their inputs; their issues are not repeated here. */
  fieldNames?: readonly string[]
  children?: ReactNode
}) {
  const { t } = useTranslation()
  const describe = useErrorMessage()
  const rest = error instanceof ApiError ? splitFieldIssues(error.fieldErrors, fieldNames).rest : []
  // When every issue sits next to its input, this box only sums up.
  const allPlaced = error instanceof ApiError && error.fieldErrors.length > 0 && rest.length === 0
  return (
    <div role="alert" aria-live="assertive" className={error ? 'alert alert-error' : 'visually-hidden'}>
      {error ? (
        <>
          <p>{allPlaced ? t('errors.validation_failed') : describe(error)}</p>
          {rest.length > 0 && (
            <ul>
              {rest.map((fe, i) => (
                <li key={i}>
                  {fe.field ? <code>{fe.field}</code> : null} {translateValidationMessage(fe.message, t)}
                </li>
              ))}
            </ul>
          )}
          {children}
        </>
      ) : null}
    </div>
  )
}

/** A polite confirmation after a successful action ("Enregistré"). */
export function StatusMessage({ children }: { children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite" className={children ? 'alert alert-success' : 'visually-hidden'}>
      {children}
    </div>
  )
}
