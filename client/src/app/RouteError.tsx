import { Link, useRouteError } from 'react-router'
import { useTranslation } from 'react-i18next'

/** Last resort when a page crashes (or its lazy chunk fails to load after a deploy). */
export function RouteError() {
  const { t } = useTranslation()
  const error = useRouteError()
  console.error(error)
  return (
    <main className="container main" id="main">
      <section className="empty-page" role="alert">
        <h1>{t('errors.crashTitle')}</h1>
        <p>{t('errors.crashBody')}</p>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>{' '}
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </section>
    </main>
  )
}
