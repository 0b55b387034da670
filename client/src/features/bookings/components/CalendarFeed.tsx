import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { calendarApi, webcalUrl, type FeedScope } from '../api.ts'

const feedKey = (scope: FeedScope) => ['calendar-feed', scope] as const

/**
 * "Subscribe to my calendar": the private iCal address (created on first call), a copy button,
 * a webcal:// link, and a new address on demand (the old one stops working).
 */
export function CalendarFeed({ scope, label }: { scope: FeedScope; label?: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <div className="calendar-feed">
      <button
        type="button"
        className="button button-secondary button-small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {label ?? t('bookings.feed.subscribe')}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <FeedPanel scope={scope} />}
      </div>
    </div>
  )
}

function FeedPanel({ scope }: { scope: FeedScope }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const inputId = useId()
  const feed = useQuery({ queryKey: feedKey(scope), queryFn: ({ signal }) => calendarApi.get(scope, signal) })
  const [copied, setCopied] = useState(false)
  const regenerate = useMutation({
    mutationFn: () => calendarApi.regenerate(scope),
    onSuccess: (f) => qc.setQueryData(feedKey(scope), f),
  })
  if (feed.isPending) return <Loading />
  if (feed.isError) return <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />
  const url = feed.data.url
  return (
    <div className="feed-panel stack">
      <p className="small muted">{t('bookings.feed.lead')}</p>
      <div className="copy-row">
        <label htmlFor={inputId} className="visually-hidden">
          {t('bookings.feed.address')}
        </label>
        <input id={inputId} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true))
          }}
        >
          {t('bookings.feed.copy')}
        </button>
      </div>
      <p role="status" className="small">
        {copied ? t('bookings.feed.copied') : ''}
      </p>
      <p className="feed-actions">
        <a href={webcalUrl(url)}>{t('bookings.feed.openInApp')}</a>
        <button
          type="button"
          className="link-button"
          disabled={regenerate.isPending}
          onClick={() => {
            if (window.confirm(t('bookings.feed.confirmRegenerate'))) regenerate.mutate()
          }}
        >
          {t('bookings.feed.regenerate')}
        </button>
      </p>
      {regenerate.isSuccess && <p className="alert alert-success">{t('bookings.feed.regenerated')}</p>}
      {regenerate.isError && <ErrorState error={regenerate.error} />}
    </div>
  )
}
