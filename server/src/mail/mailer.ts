import { createHash } from 'node:crypto'
import type { Transporter } from 'nodemailer'
import type { Logger } from 'pino'
import type { Db, Tx } from '../db/prisma.ts'
import type { MailAttachment, MailContent } from './templates.ts'

export interface Mailer {
  /** Writes the message to the outbox (inside the caller's transaction when given). */
  enqueue(to: string, kind: string, content: MailContent, tx?: Tx): Promise<void>
  /**
   * Writes the message once: `id` is the outbox row's id, derived by the caller from what the
   * message is about (see `messageId`), so a job that runs twice writes one e-mail. Returns
   * false when that message was already there.
   */
  enqueueOnce(id: string, to: string, kind: string, content: MailContent, tx?: Tx): Promise<boolean>
  /** Sends what the outbox holds when SMTP is configured; otherwise does nothing. */
  flush(): Promise<void>
}

/**
 * Every message goes to the outbox table first, so none is lost when SMTP is down or the process
 * dies. Without SMTP the outbox is where developers (and tests) read them.
 */
export function createMailer(deps: { db: Db; smtpUrl?: string; from: string; logger: Logger; transport?: Transporter }): Mailer {
  const smtpUrl = deps.smtpUrl
  // nodemailer is loaded only when SMTP is configured (it costs the idle server ~15 MB).
  let transport: Transporter | null | undefined = deps.transport ?? (smtpUrl ? undefined : null)
  const ready = async () =>
    (transport ??= smtpUrl ? (await import('nodemailer')).default.createTransport(smtpUrl) : null)
  let flushing: Promise<void> | null = null

  /**
   * Sends the outbox, one message per short transaction that holds its row lock (FOR UPDATE SKIP
   * LOCKED) while SMTP answers: several server processes flushing at once never send a message twice.
   */
  async function deliver() {
    const transport = await ready()
    if (!transport) return
    for (let i = 0; i < 50; i++) {
      const more = await deps.db.$transaction(
        async (tx) => {
          const claimed = await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM outbox_emails WHERE sent_at IS NULL AND attempts < 5
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`
          const id = claimed[0]?.id
          if (!id) return false
          const m = await tx.outboxEmail.findUniqueOrThrow({ where: { id } })
          try {
            const attachments = Array.isArray(m.attachments) ? (m.attachments as unknown as MailAttachment[]) : []
            await transport.sendMail({
              from: deps.from,
              to: m.to,
              subject: m.subject,
              text: m.text,
              html: m.html ?? undefined,
              attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
            })
            await tx.outboxEmail.update({ where: { id }, data: { sentAt: new Date(), attempts: { increment: 1 } } })
          } catch (e) {
            deps.logger.warn({ err: e, emailId: id }, 'SMTP delivery failed')
            await tx.outboxEmail.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: String(e).slice(0, 500) } })
          }
          return true
        },
        { timeout: 60_000, maxWait: 10_000 },
      )
      if (!more) return
    }
  }

  return {
    async enqueue(to, kind, content, tx) {
      await (tx ?? deps.db).outboxEmail.create({ data: { to, kind, ...row(content) } })
      if (!tx) void this.flush()
    },
    async enqueueOnce(id, to, kind, content, tx) {
      const { count } = await (tx ?? deps.db).outboxEmail.createMany({ data: [{ id, to, kind, ...row(content) }], skipDuplicates: true })
      if (!tx && count > 0) void this.flush()
      return count > 0
    },
    flush() {
      if (transport === null) return Promise.resolve() // no SMTP: the outbox keeps them
      flushing ??= deliver()
        .catch((e) => deps.logger.error({ err: e }, 'outbox flush failed'))
        .finally(() => (flushing = null))
      return flushing
    },
  }
}

function row(content: MailContent) {
  return {
    subject: content.subject,
    text: content.text,
    ...(content.attachments?.length ? { attachments: content.attachments.map((a) => ({ ...a })) } : {}),
  }
}

/**
 * A stable outbox id for a message about `key` (e.g. `booking_reminder:<id>:<start>`): the same
 * key always gives the same id, so writing it twice is a no-op.
 */
export function messageId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex')
  // Shaped as a UUID (version 8, RFC 9562 "custom"), which the uuid column accepts.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
