import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useDocumentTitle } from '../components/Feedback.tsx'

export function NotFoundPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('notFound.title'))
  return (
    <section className="empty-page">
      <p className="big-number" aria-hidden="true">
        404
      </p>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link className="button" to="/">
        {t('notFound.home')}
      </Link>
    </section>
  )
}
