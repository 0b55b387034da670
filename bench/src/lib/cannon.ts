// autocannon, driven from code: a fixed number of connections for a fixed time (bounded), every
// status counted, latencies from autocannon's histogram (ms).
import autocannon from 'autocannon'
import { round } from './common.ts'

export interface CannonOptions {
  url: string
  connections: number
  seconds: number
  /** Stop after this many requests instead of after `seconds` (slow endpoints). */
  amount?: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Builds each request's body (and may change its headers), e.g. a distinct slot each time. */
  next?: () => { body?: string; headers?: Record<string, string> }
}

export interface CannonResult {
  seconds: number
  requests: number
  rps: number
  codes: Record<string, number>
  errors: number
  timeouts: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
}

export async function cannon(o: CannonOptions): Promise<CannonResult> {
  const started = performance.now()
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.seconds }),
    pipelining: 1,
    timeout: o.amount ? 300 : 30,
    method: o.method ?? 'GET',
    headers: o.headers,
    requests: o.next
      ? [
          {
            method: o.method ?? 'GET',
            setupRequest: (req: autocannon.Request) => {
              const n = o.next!()
              return { ...req, body: n.body, headers: { ...req.headers, ...n.headers } }
            },
          },
        ]
      : undefined,
  })
  const seconds = (performance.now() - started) / 1000
  const codes: Record<string, number> = {}
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {}))
    codes[code] = (s as { count: number }).count
  const requests = Object.values(codes).reduce((s, n) => s + n, 0)
  return {
    seconds: round(seconds),
    requests,
    rps: round(requests / seconds),
    codes,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
  }
}
