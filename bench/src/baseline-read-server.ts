// The P3 baseline: a bare Express 5 app whose one route does the equivalent SELECT through pg
// (pool 10) and answers the same JSON shape. No session, no validation, no logging.
//   DATABASE_URL=… PORT=… node bench/src/baseline-read-server.ts
import express from 'express'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const app = express()
app.disable('x-powered-by')
app.get('/ready', (_req, res) => {
  res.json({ ok: true })
})
app.get('/lieux/:lieuId/bookings', async (req, res, next) => {
  try {
    const { rows } = await pool.query(
      `SELECT b.id, b.lieu_id, b.booked_by_id, b.starts_at, b.ends_at, b.seats, b.status, b.note, b.series_id, b.cancel_reason,
              b.checked_in_at, b.checked_out_at, b.created_at, r.id AS r_id, r.name AS r_name, r.kind AS r_kind, u.id AS u_id, u.name AS u_name
         FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN users u ON u.id = b.user_id
        WHERE b.lieu_id = $1 AND b.ends_at > $2 AND b.starts_at < $3
        ORDER BY b.starts_at LIMIT 2000`,
      [req.params.lieuId, req.query.from, req.query.to],
    )
    const iso = (d: Date | null) => (d ? d.toISOString() : null)
    res.json(
      rows.map((b) => ({
        id: b.id,
        lieuId: b.lieu_id,
        resource: { id: b.r_id, name: b.r_name, kind: b.r_kind },
        user: { id: b.u_id, name: b.u_name },
        bookedById: b.booked_by_id,
        startsAt: iso(b.starts_at),
        endsAt: iso(b.ends_at),
        seats: b.seats,
        status: b.status,
        note: b.note,
        seriesId: b.series_id,
        cancelReason: b.cancel_reason,
        checkedInAt: iso(b.checked_in_at),
        checkedOutAt: iso(b.checked_out_at),
        cancellableUntil: new Date(b.starts_at.getTime() - 60 * 60_000).toISOString(),
        createdAt: iso(b.created_at),
      })),
    )
  } catch (e) {
    next(e)
  }
})
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.on('SIGTERM', () => {
  server.close()
  server.closeAllConnections()
  void pool.end().then(() => process.exit(0))
})
