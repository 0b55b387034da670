import type { AppDeps } from '../app-deps.ts'
import type { JobPayloads } from '../jobs/types.ts'
import { runEmployerInvoicing } from './invoicing.ts'

/** The employers' job: the monthly invoice of an employer at a seller (idempotent). */
export function employerJobHandlers(deps: AppDeps) {
  return {
    async 'employers.invoice_run'({ employerId, sellerLieuId, month }: JobPayloads['employers.invoice_run']) {
      await runEmployerInvoicing(deps, employerId, sellerLieuId, month)
    },
  }
}
