// A fake Stripe for the e2e run (no internet): the few API endpoints Fabrique calls, answered like
// Stripe does, and a tiny Checkout page. The server's SDK is pointed here (STRIPE_API_URL). On the
// page, « Payer » sends the signed webhooks Stripe would send to the app — checkout.session.completed,
// then invoice.paid for a subscription — and goes back to the session's success URL; « Annuler »
// goes back to its cancel URL.
import { createHmac } from 'node:crypto'
import http from 'node:http'

const html = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  )

/** Stripe's signature header: t=<seconds>,v1=HMAC-SHA256(secret, "<t>.<payload>"). */
export function signature(payload, secret, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`
}

function metadataOf(form, prefix = 'metadata') {
  const out = {}
  const re = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[(.+)\\]$`)
  for (const [k, v] of Object.entries(form)) {
    const m = re.exec(k)
    if (m) out[m[1]] = v
  }
  return out
}

/**
 * Starts the fake on a free loopback port. `appOrigin` is where the webhooks go
 * (`<appOrigin>/api/v1/stripe/webhook`), signed with `webhookSecret`.
 */
export async function startFakeStripe({ appOrigin, webhookSecret, log = () => {} }) {
  const sessions = new Map()
  let n = 0
  const next = (p) => `${p}_e2e${++n}${Date.now().toString(36)}`

  async function sendEvent(type, object) {
    const event = {
      id: next('evt'),
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      data: { object },
    }
    const payload = JSON.stringify(event)
    const res = await fetch(`${appOrigin}/api/v1/stripe/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature(payload, webhookSecret) },
      body: payload,
    })
    log(`webhook ${type} → ${res.status}`)
    if (!res.ok) throw new Error(`the app refused ${type}: ${res.status} ${await res.text()}`)
  }

  /** What Stripe sends once a Checkout Session is paid. */
  async function pay(s) {
    const now = Math.floor(Date.now() / 1000)
    if (s.mode === 'subscription') {
      const sub = next('sub')
      const customer = next('cus')
      await sendEvent('checkout.session.completed', {
        id: s.id,
        object: 'checkout.session',
        mode: 'subscription',
        status: 'complete',
        subscription: sub,
        customer,
        customer_email: s.customerEmail,
        metadata: s.metadata,
        created: now,
      })
      const end = new Date(now * 1000)
      end.setUTCMonth(end.getUTCMonth() + (s.interval === 'year' ? 12 : 1))
      await sendEvent('invoice.paid', {
        id: next('in'),
        object: 'invoice',
        status: 'paid',
        customer,
        amount_paid: s.amount,
        billing_reason: 'subscription_create',
        parent: {
          type: 'subscription_details',
          subscription_details: { subscription: sub, metadata: s.subscriptionMetadata },
        },
        lines: {
          object: 'list',
          data: [
            {
              id: next('il'),
              amount: s.amount,
              period: { start: now, end: Math.floor(end.getTime() / 1000) },
              parent: {
                type: 'subscription_item_details',
                subscription_item_details: { subscription: sub, proration: false },
              },
            },
          ],
        },
        status_transitions: { paid_at: now },
      })
    } else {
      await sendEvent('checkout.session.completed', {
        id: s.id,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        customer_details: { email: s.customerEmail },
        metadata: s.metadata,
        created: now,
      })
    }
  }

  function api(method, path, form, base) {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const id = next('cs_test')
      const s = {
        id,
        mode: form.mode,
        customerEmail: form.customer_email ?? null,
        metadata: metadataOf(form),
        subscriptionMetadata: metadataOf(form, 'subscription_data[metadata]'),
        amount: Number(form['line_items[0][price_data][unit_amount]'] ?? 0),
        name: form['line_items[0][price_data][product_data][name]'] ?? '',
        interval: form['line_items[0][price_data][recurring][interval]'] ?? null,
        successUrl: form.success_url,
        cancelUrl: form.cancel_url,
        paid: false,
      }
      sessions.set(id, s)
      return {
        status: 200,
        body: {
          id,
          object: 'checkout.session',
          mode: s.mode,
          status: 'open',
          metadata: s.metadata,
          url: `${base}/c/pay/${id}`,
        },
      }
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const id = next('bps')
      return {
        status: 200,
        body: {
          id,
          object: 'billing_portal.session',
          customer: form.customer,
          url: `${base}/p/session/${id}`,
        },
      }
    }
    const sub = /^\/v1\/subscriptions\/(sub_[\w-]+)$/.exec(path)
    if (sub && (method === 'GET' || method === 'POST')) {
      const item = {
        id: `si_${sub[1]}`,
        object: 'subscription_item',
        price: { id: form['items[0][price]'] ?? 'price_initial', object: 'price' },
      }
      return {
        status: 200,
        body: {
          id: sub[1],
          object: 'subscription',
          status: 'active',
          metadata: metadataOf(form),
          items: { object: 'list', data: [item] },
        },
      }
    }
    if (method === 'POST' && path === '/v1/prices') {
      return {
        status: 200,
        body: {
          id: next('price'),
          object: 'price',
          unit_amount: Number(form.unit_amount),
          metadata: metadataOf(form),
        },
      }
    }
    return {
      status: 404,
      body: {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` },
      },
    }
  }

  const byKey = new Map()
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const base = `http://${req.headers.host}`
        const url = new URL(req.url ?? '/', base)
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
        const page = /^\/c\/pay\/([\w-]+)$/.exec(url.pathname)
        if (page) {
          const s = sessions.get(page[1])
          if (!s) {
            res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
            return res.end('Session inconnue')
          }
          if (req.method === 'POST') {
            if (!s.paid) {
              s.paid = true
              await pay(s)
            }
            res.writeHead(303, { Location: s.successUrl })
            return res.end()
          }
          const euros = (s.amount / 100).toFixed(2).replace('.', ',')
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          return res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Paiement (Stripe de test)</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.6rem 1.2rem}</style></head>
<body><h1>Stripe de test</h1><p>${html(s.name)}</p><p><strong>${euros} €</strong>${s.interval ? ` par ${s.interval === 'year' ? 'an' : 'mois'}` : ''}</p>
<p>${html(s.customerEmail ?? '')}</p>
<form method="post"><button type="submit">Payer</button></form>
<p><a href="${html(s.cancelUrl)}">Annuler</a></p></body></html>`)
        }
        const key = req.headers['idempotency-key']
        const remembered = key ? byKey.get(`${req.method} ${url.pathname} ${key}`) : undefined
        const answer = remembered ?? api(req.method ?? '', url.pathname, form, base)
        if (key && !remembered) byKey.set(`${req.method} ${url.pathname} ${key}`, answer)
        res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Request-Id': `req_e2e_${++n}` })
        res.end(JSON.stringify(answer.body))
      })().catch((e) => {
        log(`fake Stripe: ${e.message}`)
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
        res.end(String(e.message))
      })
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
