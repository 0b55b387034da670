import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import express, { Router, type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import type { AppDeps } from './app-deps.ts'
import { accountRoutes } from './account/routes.ts'
import { authRoutes } from './auth/routes.ts'
import { calendarRoutes } from './calendars/routes.ts'
import { cookieName } from './auth/sessions.ts'
import { sessionMiddleware } from './auth/session-middleware.ts'
import { devRoutes } from './dev/routes.ts'
import { errorHandler, notFoundHandler } from './http/error-handler.ts'
import { originCheck } from './http/origin-check.ts'
import { AppError } from './http/problem.ts'
import { lieuRoutes } from './lieux/routes.ts'
import { bookingRoutes } from './bookings/routes.ts'
import { resourceRoutes } from './resources/routes.ts'
import { habilitationRoutes } from './habilitations/routes.ts'
import { networkRoutes } from './networks/routes.ts'
import { checkinRoutes } from './checkin/routes.ts'
import { deviceRoutes } from './devices/routes.ts'
import { openDataRoutes } from './opendata/routes.ts'
import { planRoutes } from './plans/routes.ts'
import { subscriptionRoutes } from './subscriptions/routes.ts'
import { creditRoutes } from './credits/routes.ts'
import { passRoutes } from './passes/routes.ts'
import { employerRoutes } from './employers/routes.ts'
import { invoiceRoutes } from './invoices/routes.ts'
import { widgetRoutes } from './opendata/widget.ts'
import { paymentConfigRoutes } from './payments/stripe.ts'
import { stripePortalRoutes } from './payments/stripe-portal.ts'
import { stripeWebhookRoutes } from './payments/webhook.ts'
import { apiDocs } from './openapi/docs-page.ts'
import { openApiDocument } from './openapi/document.ts'

const REQUEST_ID = /^[\w.-]{8,64}$/

/** The HTTP application; no listen() here (main.ts listens, tests call it directly). */
export function createApp(deps: AppDeps) {
  const { config, logger } = deps
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id']
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
        res.setHeader('X-Request-Id', id)
        return id
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }) },
    }),
  )
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'https:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'upgrade-insecure-requests': config.production ? [] : null,
        },
      },
      strictTransportSecurity: config.production,
    }),
  )

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.pool.query('SELECT 1')
      res.json({ status: 'ready' })
    } catch {
      res.status(503).type('application/problem+json').json({ type: 'about:blank', title: 'Database unavailable', status: 503, code: 'service_unavailable' })
    }
  })

  // The open-data widget, loadable from any site (docs/open-data.md).
  app.use(widgetRoutes())

  // Stripe's webhook reads its raw body (signed) and carries no Origin: before the JSON parser and
  // the origin check.
  app.use(stripeWebhookRoutes(deps))

  const api = Router()
  api.use(requireJsonBody)
  api.use(express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }))
  api.use(originCheck(config.allowedOrigins, cookieName(config)))
  api.use(sessionMiddleware(deps.sessions, config))
  api.use(authRoutes(deps))
  api.use(accountRoutes(deps))
  api.use(lieuRoutes(deps))
  api.use(resourceRoutes(deps))
  api.use(habilitationRoutes(deps))
  api.use(bookingRoutes(deps))
  api.use(networkRoutes(deps))
  api.use(calendarRoutes(deps))
  api.use(deviceRoutes(deps))
  api.use(checkinRoutes(deps))
  api.use(openDataRoutes(deps))
  api.use(planRoutes(deps))
  api.use(subscriptionRoutes(deps))
  api.use(creditRoutes(deps))
  api.use(passRoutes(deps))
  api.use(invoiceRoutes(deps))
  api.use(paymentConfigRoutes(deps))
  api.use(stripePortalRoutes(deps))
  api.use(employerRoutes(deps))
  if (!config.production) api.use(devRoutes(deps))
  const doc = openApiDocument(config.appOrigin)
  api.get('/openapi.json', (_req, res) => {
    res.json(doc)
  })
  api.use(notFoundHandler)
  app.use('/api/v1', api)
  app.use('/api/docs', apiDocs())

  if (config.clientDist && fs.existsSync(path.join(config.clientDist, 'index.html'))) {
    const dist = config.clientDist
    app.use(express.static(dist, { index: false, maxAge: '1h', immutable: false }))
    // The SPA answers every other GET with its shell; react-router takes it from there.
    app.get(/^(?!\/api\/).*/, (_req, res, next) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(dist, 'index.html'), (err) => {
        // The shell vanished (a rebuild in progress): say so instead of a misleading 4xx.
        if (err) next(new AppError('service_unavailable', 'the web client is being rebuilt; retry shortly'))
      })
    })
  }
  app.use(errorHandler(logger))
  return app
}

/** A body on a write must be JSON; anything else is refused before it is read. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    return next(new AppError('unsupported_media_type', 'send the body as application/json'))
  }
  next()
}
