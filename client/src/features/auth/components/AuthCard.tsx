import type { ReactNode } from 'react'
import { useDocumentTitle } from '../../../components/Feedback.tsx'

/** The narrow centred card used by every sign-in page. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string
  intro?: ReactNode
  children: ReactNode
}) {
  useDocumentTitle(title)
  return (
    <section className="auth-card card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {intro && <p className="lead">{intro}</p>}
      {children}
    </section>
  )
}
