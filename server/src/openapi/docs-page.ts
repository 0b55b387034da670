import express, { Router } from 'express'
import { createRequire } from 'node:module'
import path from 'node:path'

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
  r.use('/assets', express.static(swaggerUiDir(), { index: false }))
  return r
}

// The package's folder, found without importing it: its index loads the whole UI bundle (~25 MB
// of the server's memory) only to tell where its files are.
function swaggerUiDir() {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
}
