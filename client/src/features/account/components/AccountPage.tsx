import { useTranslation } from 'react-i18next'
import { useDocumentTitle } from '../../../components/Feedback.tsx'
import { useMe } from '../../auth/hooks.ts'
import { ProfileForm } from './ProfileForm.tsx'
import { ChangePasswordForm } from './ChangePasswordForm.tsx'
import { SessionsList } from './SessionsList.tsx'
import { MyData } from './MyData.tsx'
import { DeleteAccount } from './DeleteAccount.tsx'
import { MyEmployers } from '../../employers/components/MyEmployers.tsx'

export default function AccountPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('account.title'))
  const me = useMe()
  if (!me.data) return null
  return (
    <div className="stack-lg narrow">
      <header className="page-header">
        <h1>{t('account.title')}</h1>
        <p className="muted">{me.data.email}</p>
      </header>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('account.profile')}</h2>
        {/* Remounts when the header switch changes the language, so the select never reverts it. */}
        <ProfileForm key={me.data.locale} me={me.data} />
      </section>
      {me.data.employers.length > 0 && (
        <section className="card" id="mes-employeurs" aria-labelledby="employers-title">
          <h2 id="employers-title">{t('employers.mine.title')}</h2>
          <MyEmployers />
        </section>
      )}
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t('account.password')}</h2>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('account.sessions')}</h2>
        <SessionsList />
      </section>
      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t('account.data')}</h2>
        <MyData />
      </section>
      <section className="card card-danger" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('account.delete')}</h2>
        <DeleteAccount />
      </section>
    </div>
  )
}
