import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local fake of the few Stripe endpoints Fabrique calls (no internet in tests): Checkout
 * Sessions, Billing Portal sessions, and for a plan change retrieving a subscription, creating a
 * price and updating the subscription. The official SDK is pointed at it with its `host`,
 * `port` and `protocol` options. It records every request (form fields flattened as Stripe
 * receives them, e.g. `metadata[subscriptionId]`) and answers a repeated Idempotency-Key with the
 * first answer, as Stripe does.
 */
export interface FakeStripeRequest {
  method: string
  path: string
  idempotencyKey: string | undefined
  authorization: string | undefined
  form: Record<string, string>
}

export interface FakeStripe {
  host: string
  port: number
  protocol: 'http'
  requests: FakeStripeRequest[]
  /** The next request whose `METHOD path` starts with `prefix` answers a 500 (a Stripe outage). */
  failOnce(prefix: string): void
  close(): Promise<void>
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = []
  const byKey = new Map<string, { status: number; body: unknown }>()
  const failures: string[] = []
  let n = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      const path = (req.url ?? '').split('?')[0]!
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined
      requests.push({ method: req.method ?? '', path, idempotencyKey: key, authorization: req.headers.authorization, form })
      const send = (r: { status: number; body: unknown }) => {
        res.writeHead(r.status, { 'Content-Type': 'application/json', 'Request-Id': `req_fake_${++n}` })
        res.end(JSON.stringify(r.body))
      }
      const remembered = key ? byKey.get(`${req.method} ${path} ${key}`) : undefined
      if (remembered) return send(remembered)
      const failing = failures.findIndex((p) => `${req.method} ${path}`.startsWith(p))
      if (failing >= 0) {
        failures.splice(failing, 1)
        // Not retried by the SDK: the caller sees the failure.
        res.writeHead(500, { 'Content-Type': 'application/json', 'Stripe-Should-Retry': 'false' })
        return res.end(JSON.stringify({ error: { type: 'api_error', message: 'fake outage' } }))
      }
      const answer = respond(req.method ?? '', path, form, ++n)
      if (key && answer.status < 500) byKey.set(`${req.method} ${path} ${key}`, answer)
      send(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    requests,
    failOnce: (prefix) => failures.push(prefix),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function metadataOf(form: Record<string, string>) {
  const m: Record<string, string> = {}
  for (const [k, v] of Object.entries(form)) {
    const match = /^metadata\[(.+)\]$/.exec(k)
    if (match) m[match[1]!] = v
  }
  return m
}

function respond(method: string, path: string, form: Record<string, string>, n: number): { status: number; body: unknown } {
  if (method === 'POST' && path === '/v1/checkout/sessions') {
    const id = `cs_test_fake${n}`
    return {
      status: 200,
      body: {
        id,
        object: 'checkout.session',
        mode: form.mode,
        status: 'open',
        customer_email: form.customer_email ?? null,
        client_reference_id: form.client_reference_id ?? null,
        metadata: metadataOf(form),
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        url: `https://checkout.stripe.test/c/pay/${id}`,
      },
    }
  }
  if (method === 'POST' && path === '/v1/billing_portal/sessions') {
    const id = `bps_fake${n}`
    return {
      status: 200,
      body: { id, object: 'billing_portal.session', customer: form.customer, return_url: form.return_url ?? null, url: `https://billing.stripe.test/p/session/${id}` },
    }
  }
  const sub = /^\/v1\/subscriptions\/(sub_[\w-]+)$/.exec(path)
  if (sub && (method === 'GET' || method === 'POST')) {
    // One item per subscription (si_<sub id>); an update answers its new price and metadata.
    const id = sub[1]!
    const item = { id: `si_${id}`, object: 'subscription_item', price: { id: form['items[0][price]'] ?? 'price_initial', object: 'price' } }
    return {
      status: 200,
      body: { id, object: 'subscription', status: 'active', metadata: metadataOf(form), items: { object: 'list', data: [item] } },
    }
  }
  if (method === 'POST' && path === '/v1/prices') {
    return {
      status: 200,
      body: {
        id: `price_fake${n}`,
        object: 'price',
        currency: form.currency,
        unit_amount: Number(form.unit_amount),
        recurring: { interval: form['recurring[interval]'] },
        product: `prod_fake${n}`,
        metadata: metadataOf(form),
      },
    }
  }
  return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } } }
}
