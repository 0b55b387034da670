import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { defaultMigrationsDir, deployMigrations, migrationNames } from '@fabrique/prisma/migrations'
import { pino } from 'pino'
import { startEmbeddedPostgres } from '../../src/db/embedded.ts'
import { createJobQueue } from '../../src/jobs/queue.ts'
import { adminQuery, reachable, testPgDir, withDatabase } from './database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    templateDb: string
  }
}

/**
 * Picks the PostgreSQL for the integration tests — DATABASE_URL, else the CI service on
 * 127.0.0.1:5432, else an embedded one — and migrates a template database once per migration set.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string
  let stop = async () => {}
  if (process.env.DATABASE_URL) adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  else if (await reachable('127.0.0.1', 5432)) adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres'
  else {
    const db = await startEmbeddedPostgres({ dir: testPgDir(), port: 54339 })
    adminUrl = db.url('postgres')
    stop = db.stop
  }
  // The template's name carries a hash of the migrations: a changed migration gets a fresh template.
  const hash = createHash('sha256')
  for (const name of migrationNames()) hash.update(name).update(fs.readFileSync(path.join(defaultMigrationsDir, name, 'migration.sql')))
  // …and a per-run suffix, so two runs at once on the same server (CI jobs, developers) never drop
  // each other's template.
  const templateDb = `fabrique_tpl_${hash.digest('hex').slice(0, 12)}_${randomBytes(3).toString('hex')}`
  const templateUrl = withDatabase(adminUrl, templateDb)
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`)
  await adminQuery(adminUrl, `CREATE DATABASE "${templateDb}"`)
  await deployMigrations({ url: templateUrl })
  // pg-boss's schema and queues, installed once in the template rather than in every test database.
  const jobs = createJobQueue({ databaseUrl: templateUrl, logger: pino({ level: 'silent' }), max: 1, supervise: false })
  await jobs.start()
  await jobs.stop()
  project.provide('pgAdminUrl', adminUrl)
  project.provide('templateDb', templateDb)
  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`).catch(() => {})
    await stop()
  }
}
