import { dbSnapshot } from './route-table.ts'
import type { TestApp } from './test-app.ts'

/**
 * The shared snapshot (dbSnapshot) plus the rows of `tables`, and, with `jobs`, the job queue: for the
 * domains whose tables came after dbSnapshot's list. Compare two snapshots with toEqual.
 */
export async function snapshotWith(app: TestApp, tables: readonly string[], opts: { jobs?: boolean } = {}) {
  const out: Record<string, string[]> = await dbSnapshot(app)
  for (const table of tables) {
    const r = await app.deps.pool.query<{ row: string }>(`SELECT x::text AS row FROM ${table} x ORDER BY 1`)
    out[table] = r.rows.map((x) => x.row)
  }
  if (opts.jobs) {
    const jobs = await app.deps.pool.query<{ row: string }>(
      `SELECT name || ' ' || state || ' ' || data::text AS row FROM pgboss.job ORDER BY 1`,
    )
    out['pgboss.job'] = jobs.rows.map((x) => x.row)
  }
  return out
}

/** Every data table, the resources domain's included (resources, habilitations, grants, référent shifts). */
export const resourcesSnapshot = (app: TestApp) =>
  snapshotWith(app, ['resources', 'habilitations', 'habilitation_grants', 'referent_shifts'])

/** Every data table, the booking domain's included, and the job queue. */
export const bookingsSnapshot = (app: TestApp) =>
  snapshotWith(app, ['resources', 'bookings', 'booking_series', 'waitlist_entries', 'idempotency_keys'], {
    jobs: true,
  })
