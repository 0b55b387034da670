import { expect } from 'vitest'
import type { Method } from '../../src/http/route.ts'
import type { Agent } from './route-table.ts'
import { lieuBody, type TestApp } from './test-app.ts'

/**
 * Shared pieces of the authorization suites (authorization.test.ts and the domains'
 * `<domain>.authorization.test.ts`): the cast of two lieux, how a refusal is answered, and the check
 * that nothing of lieu B reaches a caller who may not see it.
 */

/**
 * Lieu A (network N1) and lieu B (network N2), each with its own people, and a stranger, as
 * [name, e-mail]; a suite adds its own people (in the order they are to log in).
 */
export const cast = {
  stranger: ['Sam Stranger', 'stranger@nowhere.test'],
  ownerA: ['Alice Owneralpha', 'owner@alpha.test'],
  managerA: ['Arthur Manageralpha', 'manager@alpha.test'],
  memberA: ['Anna Memberalpha', 'member@alpha.test'],
  coordN1: ['Nadia Coordone', 'coord@network-one.test'],
  ownerB: ['Bertrand Ownerbravo', 'owner@bravo.test'],
  managerB: ['Brigitte Managerbravo', 'manager@bravo.test'],
  memberB: ['Boris Memberbravo', 'member@bravo.test'],
  coordN2: ['Noemie Coordtwo', 'coord@network-two.test'],
} as const

/**
 * Logs every person in (in `people`'s order, after an anonymous agent is made): their agents, under
 * `anon` too, and their ids.
 */
export async function logInAll<P extends string>(
  t: TestApp,
  people: Record<P, readonly [name: string, email: string]>,
  password?: string,
) {
  const agent = { anon: t.agent() } as Record<P | 'anon', Agent>
  const user = {} as Record<P, string>
  for (const [key, [name, email]] of Object.entries(people) as [P, readonly [string, string]][]) {
    const u = await t.login({ name, email, password })
    agent[key] = u.agent
    user[key] = u.id
  }
  return { agent, user }
}

export type Denial = 401 | 403 | 404
export const codeOf = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' } as const

/** `PATCH /lieux/:lieuId` → `{ method: 'patch', path: '/lieux/:lieuId' }`. */
export const splitRoute = (route: string) => {
  const [m, path] = route.split(' ') as [string, string]
  return { method: m.toLowerCase() as Method, path }
}

/** The response has this status (its text in the message otherwise). */
export const ok = (res: { status: number; text: string }, status: number, what: string) =>
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBe(status)

/** The ids of a list answer. */
export const ids = (body: unknown) => (body as { id: string }[]).map((x) => x.id)

/**
 * A check that none of `secrets()` is in a response, except what the caller itself sent (or is
 * `allowed` to read back): `leakCheck(() => w.secretsB)(res, sent, what)`.
 */
export function leakCheck(secrets: () => readonly string[]) {
  return (res: { text: string }, sent: string, what: string, allowed: readonly string[] = []) => {
    for (const s of secrets()) {
      if (sent.includes(s) || allowed.includes(s)) continue
      expect(res.text.includes(s), `${what} leaks ${JSON.stringify(s)}: ${res.text.slice(0, 300)}`).toBe(
        false,
      )
    }
  }
}

/**
 * The two-tenant world of the domain authorization suites: lieu A in network one and lieu B in
 * network two (coordinated by coordN1 / coordN2), created through the API by ownerA and ownerB.
 */
export async function twoNetworkedLieux(
  t: TestApp,
  agent: Record<'ownerA' | 'ownerB', Agent>,
  user: Record<'coordN1' | 'coordN2', string>,
  opts: { lieuB?: object; lieuBData?: Record<string, unknown> } = {},
) {
  const db = t.deps.db
  const n1 = await db.network.create({
    data: { slug: 'network-one', name: 'Network One', coordinators: { create: { userId: user.coordN1 } } },
  })
  const n2 = await db.network.create({
    data: { slug: 'reseau-cache', name: 'Reseau Cache', coordinators: { create: { userId: user.coordN2 } } },
  })
  const createLieu = async (owner: Agent, body: object) => {
    const res = await owner.post('/api/v1/lieux').send(body)
    ok(res, 201, 'create lieu')
    return res.body.id as string
  }
  const lieuA = await createLieu(agent.ownerA, lieuBody('alpha-place'))
  const lieuB = await createLieu(
    agent.ownerB,
    opts.lieuB ?? lieuBody('bravo-cache', { name: 'Bravo Hidden Place' }),
  )
  await db.lieu.update({ where: { id: lieuA }, data: { networkId: n1.id } })
  await db.lieu.update({ where: { id: lieuB }, data: { networkId: n2.id, ...opts.lieuBData } })
  return { lieuA, lieuB, networkA: n1.id, networkB: n2.id }
}
