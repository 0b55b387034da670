import { useId, type ComponentPropsWithRef, type ReactNode } from 'react'
import type { FieldError as RhfFieldError } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { translateValidationMessage } from '../lib/validation.ts'

interface FieldBits {
  label: ReactNode
  error?: RhfFieldError | { message?: string } | undefined
  hint?: ReactNode
  className?: string
}

function useFieldIds(error: FieldBits['error'], hint: ReactNode) {
  const id = useId()
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy =
    [hint ? hintId : null, error?.message ? errorId : null].filter(Boolean).join(' ') || undefined
  return { id, errorId, hintId, describedBy }
}

export function FieldMessage({ id, message }: { id: string; message?: string | undefined }) {
  const { t } = useTranslation()
  if (!message) return null
  return (
    <p id={id} className="field-error">
      {translateValidationMessage(message, t)}
    </p>
  )
}

export function TextField({
  label,
  error,
  hint,
  className,
  ...input
}: FieldBits & ComponentPropsWithRef<'input'>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(error, hint)
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <input
        aria-invalid={error?.message ? true : undefined}
        aria-describedby={describedBy}
        {...input}
        id={id}
      />
      <FieldMessage id={errorId} message={error?.message} />
    </div>
  )
}

export function TextAreaField({
  label,
  error,
  hint,
  className,
  ...input
}: FieldBits & ComponentPropsWithRef<'textarea'>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(error, hint)
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        aria-invalid={error?.message ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <FieldMessage id={errorId} message={error?.message} />
    </div>
  )
}

export function SelectField({
  label,
  error,
  hint,
  className,
  children,
  ...select
}: FieldBits & ComponentPropsWithRef<'select'>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(error, hint)
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <select
        id={id}
        aria-invalid={error?.message ? true : undefined}
        aria-describedby={describedBy}
        {...select}
      >
        {children}
      </select>
      <FieldMessage id={errorId} message={error?.message} />
    </div>
  )
}

export function CheckboxField({
  label,
  error,
  hint,
  className,
  ...input
}: FieldBits & ComponentPropsWithRef<'input'>) {
  const { id, errorId, hintId, describedBy } = useFieldIds(error, hint)
  return (
    <div className={`field field-checkbox ${className ?? ''}`}>
      <input
        type="checkbox"
        id={id}
        aria-invalid={error?.message ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldMessage id={errorId} message={error?.message} />
    </div>
  )
}
