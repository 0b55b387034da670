import nodemailer from 'nodemailer'
import type { Logger } from 'pino'
import type { Db, Tx } from '../db/prisma.ts'
import type { MailContent } from './templates.ts'

export interface Mailer {
  /** Writes the message to the outbox (inside the caller's transaction when given). */
  enqueue(to: string, kind: string, content: MailContent, tx?: Tx): Promise<void>
  /** Sends what the outbox holds when SMTP is configured; otherwise does nothing. */
  flush(): Promise<void>
}

/**
 * Every message goes to the outbox table first, so none is lost when SMTP is down or the process
 * dies. Without SMTP the outbox is where developers (and tests) read them.
 */
export function createMailer(deps: { db: Db; smtpUrl?: string; from: string; logger: Logger }): Mailer {
  const transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : null
  let flushing: Promise<void> | null = null

  async function deliver() {
    if (!transport) return
    const batch = await deps.db.outboxEmail.findMany({
      where: { sentAt: null, attempts: { lt: 5 } },
      orderBy: { createdAt: 'asc' },
      take: 50,
    })
    for (const m of batch) {
      try {
        await transport.sendMail({ from: deps.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined })
        await deps.db.outboxEmail.update({ where: { id: m.id }, data: { sentAt: new Date(), attempts: { increment: 1 } } })
      } catch (e) {
        deps.logger.warn({ err: e, emailId: m.id }, 'SMTP delivery failed')
        await deps.db.outboxEmail.update({
          where: { id: m.id },
          data: { attempts: { increment: 1 }, lastError: String(e).slice(0, 500) },
        })
      }
    }
  }

  return {
    async enqueue(to, kind, content, tx) {
      await (tx ?? deps.db).outboxEmail.create({ data: { to, kind, subject: content.subject, text: content.text } })
      if (!tx) void this.flush()
    },
    flush() {
      if (!transport) return Promise.resolve()
      flushing ??= deliver()
        .catch((e) => deps.logger.error({ err: e }, 'outbox flush failed'))
        .finally(() => (flushing = null))
      return flushing
    },
  }
}
