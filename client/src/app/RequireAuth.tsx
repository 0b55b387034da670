import { Navigate, Outlet, useLocation } from 'react-router'
import { ErrorState, Loading } from '../components/Feedback.tsx'
import { useMe } from '../features/auth/hooks.ts'

/** Routes behind a login: a logged-out visitor is sent to /connexion and brought back after. */
export function RequireAuth() {
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <Loading />
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />
  if (!me.data) {
    return (
      <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    )
  }
  return <Outlet />
}
