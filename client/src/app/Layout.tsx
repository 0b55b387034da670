import { Suspense, useEffect, useRef, useState } from 'react'
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx'
import { Loading } from '../components/Feedback.tsx'
import { useLogout, useMe } from '../features/auth/hooks.ts'

export function Layout() {
  const { t } = useTranslation()
  const me = useMe()
  const logout = useLogout()
  const navigate = useNavigate()
  const location = useLocation()
  // The phone menu belongs to the page it was opened on: navigating closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null)
  const menuOpen = menuOpenOn === location.pathname
  const mainRef = useRef<HTMLElement>(null)
  const firstRender = useRef(true)

  // On navigation: move focus to the new page, as a full load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    mainRef.current?.focus({ preventScroll: true })
    window.scrollTo(0, 0)
  }, [location.pathname])

  // Come back to the page being read after logging in, unless it is the home or a sign-in page.
  const noReturn = ['/', '/connexion', '/inscription', '/verifier', '/mot-de-passe-oublie', '/reinitialiser']
  const loginHref = noReturn.includes(location.pathname)
    ? '/connexion'
    : `/connexion?next=${encodeURIComponent(location.pathname + location.search)}`

  // Employer admins get their dashboard (the list when there are several); coordinators, the settlement.
  const adminOf = me.data?.employers.filter((e) => e.role === 'admin') ?? []
  const employerHref = adminOf.length === 1 ? `/employeur/${adminOf[0]!.id}` : adminOf.length > 1 ? '/employeur' : null
  const firstNetwork = me.data?.networks[0]
  const settlementHref = firstNetwork ? `/reseaux/${firstNetwork.id}/reglements` : null

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              F
            </span>
            Fabrique
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpenOn(menuOpen ? null : location.pathname)}
          >
            <span className="menu-icon" aria-hidden="true" />
            {t('layout.menu')}
          </button>
          <nav
            id="main-nav"
            className={`main-nav ${menuOpen ? 'open' : ''}`}
            aria-label={t('layout.mainNav')}
          >
            <ul>
              {me.data ? (
                <>
                  <li>
                    <NavLink to="/" end>
                      {t('layout.myLieux')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/reservations">{t('layout.myBookings')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/compte/abonnements">{t('layout.billing')}</NavLink>
                  </li>
                  {employerHref && (
                    <li>
                      <NavLink to={employerHref}>{t('employers.nav.employer')}</NavLink>
                    </li>
                  )}
                  {settlementHref && (
                    <li>
                      <NavLink to={settlementHref}>{t('employers.nav.settlement')}</NavLink>
                    </li>
                  )}
                  <li>
                    <NavLink to="/compte" end>{t('layout.account')}</NavLink>
                  </li>
                  <li>
                    <button
                      type="button"
                      className="link-button"
                      disabled={logout.isPending}
                      onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })}
                    >
                      {t('layout.logout')}
                    </button>
                  </li>
                </>
              ) : me.isPending ? null : (
                <>
                  <li>
                    <NavLink to={loginHref}>{t('auth.login.title')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/inscription" className="nav-cta">
                      {t('auth.register.title')}
                    </NavLink>
                  </li>
                </>
              )}
            </ul>
            <LanguageSwitcher />
          </nav>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="container main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('layout.footer')}</p>
        </div>
      </footer>
    </div>
  )
}
