import express, { Router } from 'express'
import { absolutePath } from 'swagger-ui-dist'

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fabrique API</title><link rel="stylesheet" href="assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="assets/swagger-ui-bundle.js"></script><script src="init.js"></script></body></html>`

const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`

/** A readable page for the OpenAPI document (Swagger UI, served locally: no CDN). */
export function apiDocs() {
  const r = Router()
  r.get('/', (req, res, next) => {
    if (!req.originalUrl.endsWith('/')) return res.redirect(301, `${req.originalUrl}/`)
    res.type('html').send(page)
    void next
  })
  r.get('/init.js', (_req, res) => {
    res.type('js').send(init)
  })
  r.use('/assets', express.static(absolutePath(), { index: false }))
  return r
}
