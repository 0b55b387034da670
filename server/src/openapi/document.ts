import { z } from 'zod'
import { errorStatus, ZProblem } from '@fabrique/shared/errors'
import { registry } from '../http/route.ts'

const toSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>

/** OpenAPI 3.0 document generated from the routes' shared zod schemas. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of registry) {
    const path = `/api/v1${spec.path}`.replace(/:(\w+)/g, '{$1}')
    const params = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    const status = String(spec.status ?? 200)
    const responses: Record<string, unknown> = {
      [status]: status === '204' || !spec.response
        ? { description: status === '204' ? 'No content' : 'OK' }
        : { description: 'OK', content: { 'application/json': { schema: toSchema(spec.response, 'output') } } },
    }
    const codes = new Set<string>(['validation_failed', ...(spec.auth === 'user' ? ['unauthenticated', 'not_found'] : []), ...(spec.errors ?? [])])
    for (const code of codes) {
      const st = String(errorStatus[code as keyof typeof errorStatus] ?? 400)
      const prev = responses[st] as { description: string } | undefined
      responses[st] = {
        description: prev ? `${prev.description}, ${code}` : code,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }
    }
    paths[path] ??= {}
    paths[path][spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(spec.auth === 'user' ? { security: [{ session: [] }] } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Fabrique API',
      version: '1',
      description:
        'Booking and membership software for tiers-lieux. JSON over HTTPS; instants are ISO 8601 with an offset or Z; errors are RFC 9457 problem+json with a stable `code`. State-changing requests from a browser must carry a matching Origin.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fabrique_session' } },
      schemas: { Problem: toSchema(ZProblem, 'output') },
    },
    paths,
  }
}
