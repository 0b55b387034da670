import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import type { DeviceKind, DeviceSelfDto } from '@fabrique/shared/checkin/schema'
import { isApiError } from '../../../lib/api.ts'
import { errorMessage } from '../../../lib/errorMessage.ts'
import { deviceApi } from '../api.ts'
import { devicePath, saveDeviceToken, takeDeviceToken } from '../deviceToken.ts'

export interface DeviceContext {
  token: string
  device: DeviceSelfDto
}

/**
 * The device pages' entry: takes the token from `#token=…` (or storage), asks the server what it is
 * (`GET /device/me`), and otherwise shows how to activate the device. No app chrome.
 */
export function DeviceGate({ kind, className, children }: { kind: DeviceKind; className: string; children: (ctx: DeviceContext) => ReactNode }) {
  const { t } = useTranslation()
  const [token, setToken] = useState<string | null>(() => takeDeviceToken(kind))
  const me = useQuery({
    queryKey: ['device', 'me', token],
    queryFn: ({ signal }) => deviceApi.me(token!, signal),
    enabled: Boolean(token),
    retry: (n, e) => !isApiError(e, 'unauthenticated') && n < 100,
    retryDelay: (n) => Math.min(30_000, 1_000 * 2 ** n),
  })
  const title = kind === 'kiosk' ? t('live.kiosk.notActivated') : t('live.lobby.notActivated')
  const activate = (v: string) => {
    saveDeviceToken(kind, v)
    setToken(v)
  }
  // A lobby screen may run on a kiosk's key (read-only); a kiosk needs a kiosk key.
  const wrongKind = me.data && kind === 'kiosk' && me.data.kind !== 'kiosk'
  if (token && me.data && !wrongKind) return <>{children({ token, device: me.data })}</>
  return (
    <div className={`${className} device-setup`}>
      <main className="device-setup-box">
        {token && me.isPending ? (
          <p className="device-wait">…</p>
        ) : (
          <>
            <h1>{title}</h1>
            {wrongKind && <p className="alert alert-warning">{t('live.kiosk.wrongKind', { path: devicePath.lobby })}</p>}
            {me.isError && (
              <p className="alert alert-error">
                {isApiError(me.error, 'unauthenticated') ? t(kind === 'kiosk' ? 'live.kiosk.errors.device' : 'live.lobby.revoked') : errorMessage(me.error, t)}
              </p>
            )}
            <p>{t(kind === 'kiosk' ? 'live.kiosk.activateHint' : 'live.lobby.activateHint')}</p>
            <TokenForm onToken={activate} />
          </>
        )}
      </main>
    </div>
  )
}

function TokenForm({ onToken }: { onToken: (t: string) => void }) {
  const { t } = useTranslation()
  const [value, setValue] = useState('')
  return (
    <form
      className="device-token-form"
      onSubmit={(e) => {
        e.preventDefault()
        const v = value.trim()
        if (v) onToken(v)
      }}
    >
      <label htmlFor="device-token">{t('live.kiosk.tokenLabel')}</label>
      <input id="device-token" value={value} autoComplete="off" spellCheck={false} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="button">
        {t('live.kiosk.activate')}
      </button>
    </form>
  )
}
