import { Router } from 'express'
import { ZNetworkDto } from '@fabrique/shared/lieux/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { notFound } from '../http/problem.ts'

/** Network coordinators see every lieu of their network. */
export function networkRoutes(deps: AppDeps) {
  const r = Router()
  route(r, { method: 'get', path: '/networks/:networkId', tag: 'Networks', summary: 'A network and its lieux (coordinators)', auth: 'user', response: ZNetworkDto }, async (ctx) => {
    const networkId = uuidParam(ctx, 'networkId', 'network')
    const n = await deps.db.network.findFirst({
      where: { id: networkId, coordinators: { some: { userId: ctx.user.id } } },
      include: { lieux: { select: { id: true, slug: true, name: true, city: true }, orderBy: { name: 'asc' } } },
    })
    if (!n) throw notFound('network')
    return { id: n.id, slug: n.slug, name: n.name, description: n.description, lieux: n.lieux }
  })
  return r
}
