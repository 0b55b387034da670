// The project's migration command (works without Prisma's native engine):
//   pnpm db:migrate create <name>   write a migration from the schema change (needs a database to
//                                   replay the history on a temporary shadow database)
//   pnpm db:migrate deploy          apply pending migrations (the server also does it at start)
//   pnpm db:migrate status          what is applied, pending, failed or edited
//   pnpm db:migrate diff            print the SQL a new migration would contain
// DATABASE_URL selects the database; without it, the embedded development database under .data/
// must be running (start Fabrique once) and is used.
import {
  createMigration,
  deployMigrations,
  diffMigrations,
  migrationStatus,
} from './migrations.ts'

const [cmd, name] = process.argv.slice(2)
const url = process.env.DATABASE_URL ?? process.env.FABRIQUE_DEV_DATABASE_URL

function usage(): never {
  console.error('usage: pnpm db:migrate <create NAME | deploy | status | diff>   (DATABASE_URL=postgresql://…)')
  process.exit(2)
}

if (!url) {
  console.error('DATABASE_URL is not set. Point it at a PostgreSQL ≥ 15 (a scratch one is fine for create/diff).')
  process.exit(2)
}

try {
  switch (cmd) {
    case 'create': {
      if (!name) usage()
      const folder = await createMigration({ url, name })
      console.log(folder ? `Created ${folder}/migration.sql` : 'No schema changes; no migration created.')
      break
    }
    case 'deploy': {
      const applied = await deployMigrations({ url })
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations to apply.')
      break
    }
    case 'status': {
      const s = await migrationStatus({ url })
      console.log(JSON.stringify(s, null, 2))
      process.exitCode = s.pending.length || s.failed.length || s.edited.length || s.history ? 1 : 0
      break
    }
    case 'diff':
      process.stdout.write(await diffMigrations({ url }))
      break
    default:
      usage()
  }
} catch (e) {
  console.error(`${cmd} failed:`, e instanceof Error ? e.message : e)
  process.exitCode = 1
}
// The driver adapter's pool would keep the process alive for its idle timeout.
process.exit(process.exitCode ?? 0)
