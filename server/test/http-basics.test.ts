import pg from 'pg'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { registry } from '../src/http/route.ts'
import { ORIGIN, useTestApp } from './support/test-app.ts'

const t = useTestApp()
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('health', () => {
  it('/healthz answers 200', async () => {
    const res = await request(t.app).get('/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('/readyz answers 200 when the database answers', async () => {
    const res = await request(t.app).get('/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ready' })
  })

  describe('with the database unreachable', () => {
    const pool = new pg.Pool({
      connectionString: 'postgresql://postgres@127.0.0.1:1/nowhere',
      connectionTimeoutMillis: 2000,
    })
    pool.on('error', () => {})
    afterAll(() => pool.end())

    it('/readyz answers 503 problem+json, /healthz still 200', async () => {
      const app = createApp({ ...t.deps, pool })
      const res = await request(app).get('/readyz')
      expect(res.status).toBe(503)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' })
      expect((await request(app).get('/healthz')).status).toBe(200)
    })
  })
})

describe('X-Request-Id', () => {
  it.each([['abcdefgh'], ['req-2026.11.27_0001'], ['0123456789abcdef0123456789abcdef'], ['a'.repeat(64)]])(
    'echoes a valid id %j',
    async (id) => {
      const res = await request(t.app).get('/healthz').set('X-Request-Id', id)
      expect(res.headers['x-request-id']).toBe(id)
    },
  )

  it.each([
    ['short'],
    ['a'.repeat(65)],
    ['has space in it'],
    ['<script>alert(1)</script>'],
    ['id;drop'],
    [''],
  ])('replaces an invalid id %j with a fresh UUID', async (id) => {
    const res = await request(t.app).get('/healthz').set('X-Request-Id', id)
    expect(res.headers['x-request-id']).toMatch(UUID)
  })

  it('generates a distinct UUID per request when none is given', async () => {
    const a = (await request(t.app).get('/healthz')).headers['x-request-id']
    const b = (await request(t.app).get('/healthz')).headers['x-request-id']
    expect(a).toMatch(UUID)
    expect(b).toMatch(UUID)
    expect(a).not.toBe(b)
  })

  it('is the requestId of a problem', async () => {
    const res = await request(t.app).get('/api/v1/nope').set('X-Request-Id', 'trace-me-12345')
    expect(res.headers['x-request-id']).toBe('trace-me-12345')
    expect(res.body.requestId).toBe('trace-me-12345')
  })
})

describe('unknown endpoints', () => {
  it.each([
    ['get', '/api/v1/nope'],
    ['get', '/api/v1/lieux/x/y/z'],
    ['delete', '/api/v1/nope'],
  ] as const)('%s %s → 404 problem+json not_found', async (method, url) => {
    const res = await t.agent()[method](url)
    expect(res.status).toBe(404)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.body).toMatchObject({
      type: 'https://fabrique.dev/problems/not_found',
      status: 404,
      code: 'not_found',
      instance: url,
    })
  })

  it('strips the query string from instance', async () => {
    const res = await request(t.app).get('/api/v1/nope?secret=1')
    expect(res.body.instance).toBe('/api/v1/nope')
  })
})

describe('security headers', () => {
  it('sets helmet headers, a CSP restricted to self, and no X-Powered-By', async () => {
    const res = await request(t.app).get('/healthz')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    const csp = res.headers['content-security-policy'] as string
    expect(csp.split(';')).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-powered-by']).toBeUndefined()
    // Development (plain http): no HSTS, no upgrade-insecure-requests.
    expect(res.headers['strict-transport-security']).toBeUndefined()
    expect(csp).not.toContain('upgrade-insecure-requests')
  })

  it('also on API errors', async () => {
    const res = await request(t.app).get('/api/v1/nope')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  })
})

describe('OpenAPI document', () => {
  type Operation = {
    summary: string
    tags: string[]
    parameters?: { name: string; in: string; required: boolean }[]
    requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> }
    responses: Record<
      string,
      { description: string; content?: Record<string, { schema: Record<string, unknown> }> }
    >
  }
  let doc: {
    openapi: string
    servers: { url: string }[]
    paths: Record<string, Record<string, Operation>>
    components: {
      schemas: Record<
        string,
        { type?: string; properties?: Record<string, { enum?: string[] }>; required?: string[] }
      >
    }
  }
  beforeAll(async () => {
    const res = await request(t.app).get('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    doc = res.body
  })

  const docPath = (p: string) => `/api/v1${p}`.replace(/:(\w+)/g, '{$1}')

  it('is OpenAPI 3.x, served at our origin', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/)
    expect(doc.servers).toEqual([{ url: ORIGIN }])
  })

  it('documents every registered route under its {param} path and method, and nothing else', () => {
    expect(registry.length).toBeGreaterThan(20)
    const missing = registry
      .filter((r) => !doc.paths[docPath(r.path)]?.[r.method])
      .map((r) => `${r.method} ${r.path}`)
    expect(missing).toEqual([])
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    )
    expect(documented.sort()).toEqual(registry.map((r) => `${r.method} ${docPath(r.path)}`).sort())
    expect(Object.keys(doc.paths).filter((p) => p.includes(':'))).toEqual([])
  })

  it('gives each operation its summary, tag and path parameters', () => {
    for (const r of registry) {
      const op = doc.paths[docPath(r.path)]![r.method]!
      expect(op.summary, r.path).toBe(r.summary)
      expect(op.tags, r.path).toEqual([r.tag])
      const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1])
      expect(
        (op.parameters ?? []).map((p) => [p.name, p.in, p.required]),
        r.path,
      ).toEqual(params.map((n) => [n, 'path', true]))
    }
  })

  it('gives every route with a body a JSON request-body schema, and none to the others', () => {
    const withBody = registry.filter((r) => r.body)
    expect(withBody.length).toBeGreaterThan(5)
    for (const r of registry) {
      const op = doc.paths[docPath(r.path)]![r.method]!
      if (!r.body) {
        expect(op.requestBody, `${r.method} ${r.path}`).toBeUndefined()
        continue
      }
      expect(op.requestBody?.required, `${r.method} ${r.path}`).toBe(true)
      const schema = op.requestBody!.content['application/json']!.schema
      expect(schema.type, `${r.method} ${r.path}`).toBe('object')
      expect(Object.keys(schema.properties as object).length, `${r.method} ${r.path}`).toBeGreaterThan(0)
    }
  })

  it('the login body schema names its fields', () => {
    const op = doc.paths['/api/v1/auth/login']!.post!
    const schema = op.requestBody!.content['application/json']!.schema as {
      properties: Record<string, unknown>
      required: string[]
    }
    expect(Object.keys(schema.properties).sort()).toEqual(['email', 'password'])
    expect([...schema.required].sort()).toEqual(['email', 'password'])
  })

  it('has a Problem component, and error responses refer to it', () => {
    const problem = doc.components.schemas.Problem!
    expect(problem.type).toBe('object')
    expect([...problem.required!].sort()).toEqual(['code', 'status', 'title', 'type'])
    expect(problem.properties!.code!.enum).toContain('not_found')
    expect(problem.properties!.code!.enum).toContain('validation_failed')
    for (const r of registry) {
      const op = doc.paths[docPath(r.path)]![r.method]!
      expect(
        op.responses['400']?.content?.['application/problem+json']?.schema,
        `${r.method} ${r.path}`,
      ).toEqual({ $ref: '#/components/schemas/Problem' })
      if (r.auth === 'user')
        expect(op.responses['401']?.content?.['application/problem+json']?.schema).toEqual({
          $ref: '#/components/schemas/Problem',
        })
    }
  })
})

describe('API documentation page', () => {
  it('redirects /api/docs to /api/docs/', async () => {
    const res = await request(t.app).get('/api/docs')
    expect(res.status).toBe(301)
    expect(res.headers.location).toBe('/api/docs/')
  })

  it('serves Swagger UI from our own origin (no CDN)', async () => {
    const res = await request(t.app).get('/api/docs/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.text).toContain('<script src="assets/swagger-ui-bundle.js"></script>')
    expect(res.text).toContain('href="assets/swagger-ui.css"')
    expect(res.text).not.toMatch(/https?:\/\//)

    const bundle = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js')
    expect(bundle.status).toBe(200)
    expect(bundle.headers['content-type']).toMatch(/javascript/)
    expect(Number(bundle.headers['content-length'])).toBeGreaterThan(100_000)

    const css = await request(t.app).get('/api/docs/assets/swagger-ui.css')
    expect(css.status).toBe(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)

    const init = await request(t.app).get('/api/docs/init.js')
    expect(init.status).toBe(200)
    expect(init.headers['content-type']).toMatch(/javascript/)
    expect(init.text).toContain("url: '/api/v1/openapi.json'")
  })
})

describe('development outbox', () => {
  it('exists in development configuration, lists e-mails and is documented', async () => {
    const u = await t.createUser({ verified: false })
    await t.agent().post('/api/v1/auth/resend-verification').send({ email: u.email })
    const res = await request(t.app).get('/api/v1/dev/outbox').query({ to: u.email.toUpperCase() })
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(1)
    expect(res.body[0]).toMatchObject({ to: u.email, kind: 'verify_email', sentAt: null })
    expect(res.body[0].text).toContain(`${ORIGIN}/verifier?token=`)
    expect(registry.some((r) => r.method === 'get' && r.path === '/dev/outbox')).toBe(true)
  })

  it('is not mounted in production, which also sends HSTS', async () => {
    const prod = createApp({ ...t.deps, config: { ...t.deps.config, production: true } })
    const res = await request(prod).get('/api/v1/dev/outbox')
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests')
  })
})
