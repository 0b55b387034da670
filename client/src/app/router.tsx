import { lazy, Suspense } from 'react'
import { createBrowserRouter, Outlet } from 'react-router'
import { Layout } from './Layout.tsx'
import { RequireAuth } from './RequireAuth.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { RouteError } from './RouteError.tsx'
import { LoginPage } from '../features/auth/components/LoginPage.tsx'
import { RegisterPage } from '../features/auth/components/RegisterPage.tsx'
import { VerifyEmailPage } from '../features/auth/components/VerifyEmailPage.tsx'
import { ForgotPasswordPage } from '../features/auth/components/ForgotPasswordPage.tsx'
import { ResetPasswordPage } from '../features/auth/components/ResetPasswordPage.tsx'
import { HomePage } from '../features/lieux/components/HomePage.tsx'
import { PublicLieuPage } from '../features/lieux/components/PublicLieuPage.tsx'
import { InvitationPage } from '../features/invitations/components/InvitationPage.tsx'

// Pages a visitor rarely needs stay out of the first download.
const AccountPage = lazy(() => import('../features/account/components/AccountPage.tsx'))
const ManageLieuPage = lazy(() => import('../features/manage/components/ManageLieuPage.tsx'))
const NetworkPage = lazy(() => import('../features/networks/components/NetworkPage.tsx'))
// Booking pages: the planning grids, dialogs and drag-and-drop load on demand.
const PlanningPage = lazy(() => import('../features/bookings/components/PlanningPage.tsx'))
const MyBookingsPage = lazy(() => import('../features/bookings/components/MyBookingsPage.tsx'))
const MyWaitlistPage = lazy(() => import('../features/bookings/components/MyWaitlistPage.tsx'))
const LieuPlanningPage = lazy(() => import('../features/bookings/components/LieuPlanningPage.tsx'))
// Live occupancy (socket.io-client) and the door devices: their own chunks.
const PresencesPage = lazy(() => import('../features/live/components/PresencesPage.tsx'))
const KioskPage = lazy(() => import('../features/live/components/KioskPage.tsx'))
const LobbyPage = lazy(() => import('../features/live/components/LobbyPage.tsx'))
// Plans, subscriptions, credits, passes and invoices: their own chunks.
const PlansPage = lazy(() => import('../features/billing/components/PlansPage.tsx'))
const MyBillingPage = lazy(() => import('../features/billing/components/MyBillingPage.tsx'))
const MembersPage = lazy(() => import('../features/billing/components/MembersPage.tsx'))
const InvoicesPage = lazy(() => import('../features/billing/components/InvoicesPage.tsx'))
// Employers (company accounts) and the network settlement: their own chunks.
const EmployersPage = lazy(() => import('../features/employers/components/EmployersPage.tsx'))
const EmployerPage = lazy(() => import('../features/employers/components/EmployerPage.tsx'))
const EmployerInvitationPage = lazy(() => import('../features/employers/components/EmployerInvitationPage.tsx'))
const SettlementPage = lazy(() => import('../features/networks/components/SettlementPage.tsx'))
// A visitor buying a pass by card without an account (drop-in).
const DropInPage = lazy(() => import('../features/billing/components/DropInPage.tsx'))

export const router = createBrowserRouter([
  // Full-screen device pages (kiosk tablet, entrance TV): no header, no footer.
  {
    errorElement: <RouteError />,
    element: (
      <Suspense fallback={null}>
        <Outlet />
      </Suspense>
    ),
    children: [
      { path: '/borne', element: <KioskPage /> },
      { path: '/ecran', element: <LobbyPage /> },
    ],
  },
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/inscription', element: <RegisterPage /> },
      { path: '/connexion', element: <LoginPage /> },
      { path: '/verifier', element: <VerifyEmailPage /> },
      { path: '/mot-de-passe-oublie', element: <ForgotPasswordPage /> },
      { path: '/reinitialiser', element: <ResetPasswordPage /> },
      { path: '/invitation', element: <InvitationPage /> },
      { path: '/employeur/invitation', element: <EmployerInvitationPage /> },
      { path: '/l/:slug', element: <PublicLieuPage /> },
      { path: '/l/:slug/pass', element: <DropInPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: '/compte', element: <AccountPage /> },
          { path: '/compte/abonnements', element: <MyBillingPage /> },
          { path: '/compte/abonnements/:tab', element: <MyBillingPage /> },
          { path: '/lieux/:lieuId/formules', element: <PlansPage /> },
          { path: '/lieux/:lieuId/membres', element: <MembersPage /> },
          { path: '/lieux/:lieuId/factures', element: <InvoicesPage /> },
          { path: '/lieux/:lieuId/gerer', element: <ManageLieuPage /> },
          { path: '/lieux/:lieuId/gerer/:tab', element: <ManageLieuPage /> },
          { path: '/reseaux/:networkId', element: <NetworkPage /> },
          { path: '/reseaux/:networkId/reglements', element: <SettlementPage /> },
          { path: '/employeur', element: <EmployersPage /> },
          { path: '/employeur/:employerId', element: <EmployerPage /> },
          { path: '/employeur/:employerId/:tab', element: <EmployerPage /> },
          { path: '/lieux/:lieuId/reserver', element: <PlanningPage /> },
          { path: '/lieux/:lieuId/planning', element: <LieuPlanningPage /> },
          { path: '/lieux/:lieuId/presences', element: <PresencesPage /> },
          { path: '/reservations', element: <MyBookingsPage /> },
          { path: '/reservations/liste-attente', element: <MyWaitlistPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
