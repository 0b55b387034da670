// The app built in this process (createApp(buildDeps(...))), for profiling with the pg meter: one
// request in flight, so its timings are the server's own.
import http from 'node:http'
import { pino } from 'pino'
import { createApp } from '../../../server/src/app.ts'
import { buildDeps } from '../../../server/src/deps.ts'
import { freePort } from './common.ts'

export async function inProcessApp(databaseUrl: string) {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const config = {
    production: true,
    appOrigin: origin,
    allowedOrigins: [origin],
    sessionIdleMs: 72 * 3600_000,
    sessionAbsoluteMs: 30 * 86400_000,
    trustProxy: 'loopback',
  }
  // No job workers here: enqueued jobs stay queued (the database is dropped at the end).
  const deps = buildDeps({ databaseUrl, config, logger: pino({ level: 'warn' }), jobs: { supervise: false } })
  await deps.jobs.start()
  const server = http.createServer(createApp(deps))
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    origin,
    deps,
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await deps.close()
    },
  }
}
