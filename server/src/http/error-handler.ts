import type { NextFunction, Request, Response } from 'express'
import type { Logger } from 'pino'
import { errorStatus, type ErrorCode, type Problem } from '@fabrique/shared/errors'
import { AppError, titles } from './problem.ts'

function problem(req: Request, code: ErrorCode, detail?: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://fabrique.dev/problems/${code}`,
    title: titles[code],
    status: errorStatus[code],
    code,
    ...(detail ? { detail } : {}),
    instance: req.originalUrl.split('?')[0],
    requestId: String(req.id ?? ''),
    ...extra,
  }
}

export function sendProblem(req: Request, res: Response, p: Problem, headers: Record<string, string> = {}) {
  res.status(p.status).set(headers).type('application/problem+json').send(JSON.stringify(p))
}

/** Every error becomes RFC 9457 problem+json; a 500 says nothing of its cause. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return
    if (err instanceof AppError) {
      const extra = { ...(err.errors && { errors: err.errors }), ...(err.conflict && { conflict: err.conflict }) }
      sendProblem(req, res, problem(req, err.code, err.message, extra), err.headers)
      return
    }
    const e = err as { type?: string; status?: number; statusCode?: number }
    // body-parser's own failures are the client's.
    if (e?.type === 'entity.parse.failed') return sendProblem(req, res, problem(req, 'malformed_json', 'the body is not valid JSON'))
    if (e?.type === 'entity.too.large') return sendProblem(req, res, problem(req, 'payload_too_large', 'the body is too large'))
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
      return sendProblem(req, res, problem(req, 'unsupported_media_type', 'unsupported body encoding'))
    }
    const status = e?.status ?? e?.statusCode
    if (status && status >= 400 && status < 500) {
      return sendProblem(req, res, problem(req, 'validation_failed', 'the request could not be read'))
    }
    logger.error({ err, reqId: req.id }, 'unhandled error')
    sendProblem(req, res, problem(req, 'internal'))
  }
}

export function notFoundHandler(req: Request, res: Response) {
  sendProblem(req, res, problem(req, 'not_found', 'no such endpoint'))
}
