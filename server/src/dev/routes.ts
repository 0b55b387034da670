import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.ts'
import { route } from '../http/route.ts'

/** Development only (never mounted in production): read the e-mail outbox without SMTP. */
export function devRoutes(deps: AppDeps) {
  const r = Router()
  route(
    r,
    {
      method: 'get',
      path: '/dev/outbox',
      tag: 'Development',
      summary: 'E-mails written to the outbox (development only)',
      auth: 'none',
      query: z.strictObject({ to: z.string().max(254).optional() }),
    },
    async ({ query }) => {
      const rows = await deps.db.outboxEmail.findMany({
        where: query.to ? { to: query.to.toLowerCase() } : {},
        orderBy: { createdAt: 'desc' },
        take: 50,
      })
      return rows.map((m) => ({ id: m.id, to: m.to, kind: m.kind, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null }))
    },
  )
  return r
}
