import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router/dom'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { ApiError } from './lib/api.ts'
import { meKey } from './features/auth/hooks.ts'
import './lib/i18n.ts'
import { router } from './app/router.tsx'
import './styles.css'

// A session that ends elsewhere (expiry, "log out everywhere" on another device) shows up as
// `unauthenticated` on any call: forget the user, and the protected pages send them to log in.
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.code === 'unauthenticated') queryClient.setQueryData(meKey, null)
}
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // Client errors (404, 403 …) will not change by asking again; network hiccups may.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
