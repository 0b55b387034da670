import { useTranslation } from 'react-i18next'
import { useEffect, type ReactNode } from 'react'
import { useErrorMessage } from '../lib/errorMessage.ts'

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation()
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  )
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const describe = useErrorMessage()
  return (
    <div className="alert alert-error" role="alert">
      <p>{describe(error)}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  )
}

export function SubmitButton({
  pending,
  children,
  className,
}: {
  pending: boolean
  children: ReactNode
  className?: string
}) {
  return (
    <button
      type="submit"
      className={className ?? 'button'}
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  )
}

/** Sets the tab title: "<page> · Fabrique". */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Fabrique` : 'Fabrique'
  }, [title])
}
