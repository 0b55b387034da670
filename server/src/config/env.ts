import { z } from 'zod'

// The one place that reads process.env. Parsed once at boot; the process refuses to start on a
// bad value, naming it.
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1')

const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /** Public origin of the app (scheme://host[:port]), used for links in e-mails and the origin check. */
    APP_ORIGIN: z.url().optional(),
    /** Extra origins allowed to send state-changing requests (comma-separated), e.g. the Vite dev server. */
    ALLOWED_ORIGINS: z.string().default(''),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// URL' })
      .optional(),
    /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset. */
    FABRIQUE_DATA_DIR: z.string().default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    DEMO_DATA: bool.optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, { message: 'must be smtp:// or smtps://' }).optional(),
    MAIL_FROM: z.string().default('Fabrique <no-reply@fabrique.localhost>'),
    SESSION_IDLE_HOURS: z.coerce.number().positive().default(72),
    SESSION_ABSOLUTE_DAYS: z.coerce.number().positive().default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: z.string().default('loopback'),
    REDIS_URL: z.string().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    /** Tests only (refused in production): a fake Stripe API for the SDK instead of api.stripe.com. */
    STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === 'production' && e.DEMO_DATA) {
      ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demo data (known passwords) is never allowed in production' })
    }
    if (e.NODE_ENV === 'production' && e.STRIPE_API_URL) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_API_URL'], message: 'a fake Stripe API is for tests only' })
    }
    if (e.NODE_ENV === 'production' && !e.APP_ORIGIN) {
      ctx.addIssue({ code: 'custom', path: ['APP_ORIGIN'], message: 'required in production (e.g. https://fabrique.example.org)' })
    }
  })

export type Env = z.infer<typeof ZEnv>

export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = ZEnv.safeParse(source)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return r.data
}

export class ConfigError extends Error {}

/** What the app needs from configuration (a subset of Env, easy to build in tests). */
export interface AppConfig {
  production: boolean
  appOrigin: string
  allowedOrigins: string[]
  sessionIdleMs: number
  sessionAbsoluteMs: number
  trustProxy: string
  clientDist?: string
  /** Stripe, when both keys are set (card payments); absent → manual payments only. */
  stripe?: StripeSettings
}

export interface StripeSettings {
  secretKey: string
  webhookSecret: string
  /** Tests only: where the fake Stripe HTTP server listens (the SDK's host/port/protocol). */
  host?: string
  port?: number
  protocol?: 'http' | 'https'
}

export function appConfigFrom(env: Env, port: number): AppConfig {
  const appOrigin = env.APP_ORIGIN ?? `http://localhost:${port}`
  return {
    production: env.NODE_ENV === 'production',
    appOrigin,
    allowedOrigins: [appOrigin, ...env.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)],
    sessionIdleMs: env.SESSION_IDLE_HOURS * 3600_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_DAYS * 86400_000,
    trustProxy: env.TRUST_PROXY,
    ...(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? { stripe: { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, ...stripeApiTarget(env.STRIPE_API_URL) } }
      : {}),
  }
}

/** `http://127.0.0.1:12111` → the SDK's host, port and protocol options (none: api.stripe.com). */
function stripeApiTarget(url: string | undefined): Pick<StripeSettings, 'host' | 'port' | 'protocol'> {
  if (!url) return {}
  const u = new URL(url)
  const protocol = u.protocol === 'http:' ? 'http' : 'https'
  return { host: u.hostname, port: Number(u.port || (protocol === 'http' ? 80 : 443)), protocol }
}
