import '../live.css'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreatedDeviceDto, DeviceKind } from '@fabrique/shared/checkin/schema'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { formatInstant } from '../../../lib/datetime.ts'
import { devicesApi } from '../api.ts'
import { deviceUrl } from '../deviceToken.ts'

const devicesKey = (lieuId: string) => ['lieux', lieuId, 'devices'] as const

/** "Écrans et bornes": kiosk and lobby devices (token shown once), and the open-data widget snippet. */
export function DevicesTab({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const managers = lieu.myRole === 'owner' || lieu.myRole === 'manager'
  return (
    <div className="stack-lg">
      <p className="muted">{t('live.devices.intro')}</p>
      {managers ? <Devices lieu={lieu} /> : <p className="alert alert-info">{t('live.devices.managersOnly')}</p>}
      <EmbedSnippet lieu={lieu} />
    </div>
  )
}

function Devices({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const devices = useQuery({ queryKey: devicesKey(lieu.id), queryFn: ({ signal }) => devicesApi.list(lieu.id, signal) })
  const [name, setName] = useState('')
  const [kind, setKind] = useState<DeviceKind>('kiosk')
  const [created, setCreated] = useState<CreatedDeviceDto | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: () => devicesApi.create(lieu.id, { kind, name }),
    onSuccess: (d) => {
      setCreated(d)
      setName('')
      void qc.invalidateQueries({ queryKey: devicesKey(lieu.id) })
    },
  })
  const revoke = useMutation({
    mutationFn: (d: { id: string; name: string }) => devicesApi.revoke(lieu.id, d.id),
    onSuccess: (_, d) => {
      setStatus(t('live.devices.revokedDone', { name: d.name }))
      void qc.invalidateQueries({ queryKey: devicesKey(lieu.id) })
    },
  })
  const date = (iso: string) => formatInstant(iso, i18n.language, lieu.timeZone)
  return (
    <>
      <section className="card stack" aria-labelledby="device-add-title">
        <h3 id="device-add-title">{t('live.devices.addTitle')}</h3>
        <form
          className="form inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            setStatus(null)
            create.mutate()
          }}
        >
          <SelectField label={t('live.devices.kind')} value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            <option value="kiosk">{t('live.devices.kinds.kiosk')}</option>
            <option value="lobby">{t('live.devices.kinds.lobby')}</option>
          </SelectField>
          <TextField
            label={t('live.devices.name')}
            value={name}
            required
            maxLength={80}
            placeholder={t('live.devices.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
          <SubmitButton pending={create.isPending}>{t('live.devices.add')}</SubmitButton>
        </form>
        {create.error ? <FormAlert error={create.error} /> : null}
        {created && <CreatedDevice created={created} onDone={() => setCreated(null)} />}
      </section>

      <section className="stack" aria-labelledby="device-list-title">
        <h3 id="device-list-title">{t('live.devices.list')}</h3>
        <StatusMessage>{status}</StatusMessage>
        {revoke.error ? <FormAlert error={revoke.error} /> : null}
        {devices.isPending ? (
          <Loading />
        ) : devices.isError ? (
          <ErrorState error={devices.error} onRetry={() => void devices.refetch()} />
        ) : devices.data.length === 0 ? (
          <p className="muted">{t('live.devices.none')}</p>
        ) : (
          <ul className="member-list">
            {devices.data.map((d) => (
              <li key={d.id} className={d.revokedAt ? 'revoked' : undefined}>
                <div className="member-who">
                  <strong>{d.name}</strong>
                  <span>
                    {t(`live.devices.kinds.${d.kind}`)} · {t('live.devices.created', { date: date(d.createdAt) })} ·{' '}
                    {d.revokedAt
                      ? t('live.devices.revokedOn', { date: date(d.revokedAt) })
                      : d.lastSeenAt
                        ? t('live.devices.lastSeen', { date: date(d.lastSeenAt) })
                        : t('live.devices.neverSeen')}
                  </span>
                </div>
                {!d.revokedAt && (
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(t('live.devices.confirmRevoke', { name: d.name }))) revoke.mutate(d)
                    }}
                  >
                    {t('live.devices.revoke')}
                    <span className="visually-hidden"> {d.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

/** The new device's address, shown once: the token travels in the fragment, never to the server. */
function CreatedDevice({ created, onDone }: { created: CreatedDeviceDto; onDone: () => void }) {
  const { t } = useTranslation()
  const url = deviceUrl(window.location.origin, created.device.kind, created.token)
  const [copied, setCopied] = useState(false)
  return (
    <div className="alert alert-success stack created-device" role="region" aria-label={t('live.devices.createdTitle', { name: created.device.name })}>
      <h4>{t('live.devices.createdTitle', { name: created.device.name })}</h4>
      <p>{t('live.devices.once')}</p>
      <input className="mono-input" readOnly value={url} aria-label={t(`live.devices.kinds.${created.device.kind}`)} onFocus={(e) => e.currentTarget.select()} />
      <p className="toolbar">
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true))
          }}
        >
          {t('live.devices.copy')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onDone}>
          {t('live.devices.done')}
        </button>
      </p>
      <StatusMessage>{copied ? t('live.devices.copied') : null}</StatusMessage>
    </div>
  )
}

function EmbedSnippet({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const origin = window.location.origin
  const snippet = `<div data-fabrique-lieu="${lieu.slug}"></div>\n<script src="${origin}/widget.js" async></script>`
  const json = `${origin}/api/v1/open-data/lieux/${lieu.slug}`
  return (
    <section className="card stack" aria-labelledby="embed-title">
      <h3 id="embed-title">{t('live.devices.embedTitle')}</h3>
      <p>{t('live.devices.embedIntro')}</p>
      <pre className="snippet">
        <code>{snippet}</code>
      </pre>
      <p className="toolbar">
        <button type="button" className="button button-secondary button-small" onClick={() => void navigator.clipboard?.writeText(snippet)}>
          {t('live.devices.copySnippet')}
        </button>
      </p>
      <p className="muted small">{t('live.devices.embedLang')}</p>
      <p className="small">
        {t('live.devices.embedData')}{' '}
        <a href={json} target="_blank" rel="noreferrer">
          {json}
        </a>
      </p>
    </section>
  )
}
