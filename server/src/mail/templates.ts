import type { Locale } from '@fabrique/shared/auth/schema'

/** A file sent with the message, kept as text in the outbox (e.g. an .ics invitation). */
export interface MailAttachment {
  filename: string
  contentType: string
  content: string
}

export interface MailContent {
  subject: string
  text: string
  attachments?: MailAttachment[]
}

// Plain-text messages in the recipient's language. Links are absolute (APP_ORIGIN).
export const mailTemplates = {
  verifyEmail: (locale: Locale, p: { name: string; link: string }): MailContent =>
    locale === 'en'
      ? {
          subject: 'Confirm your e-mail address — Fabrique',
          text: `Hello ${p.name},\n\nConfirm your e-mail address to activate your Fabrique account:\n${p.link}\n\nThe link is valid for 48 hours. If you did not create an account, ignore this message.\n`,
        }
      : {
          subject: 'Confirmez votre adresse e-mail — Fabrique',
          text: `Bonjour ${p.name},\n\nConfirmez votre adresse e-mail pour activer votre compte Fabrique :\n${p.link}\n\nCe lien est valable 48 heures. Si vous n'avez pas créé de compte, ignorez ce message.\n`,
        },
  resetPassword: (locale: Locale, p: { name: string; link: string }): MailContent =>
    locale === 'en'
      ? {
          subject: 'Reset your password — Fabrique',
          text: `Hello ${p.name},\n\nSomeone (hopefully you) asked to reset your Fabrique password. Choose a new one here:\n${p.link}\n\nThe link is valid for one hour and can be used once. If it was not you, ignore this message: your password is unchanged.\n`,
        }
      : {
          subject: 'Réinitialisez votre mot de passe — Fabrique',
          text: `Bonjour ${p.name},\n\nQuelqu'un (vous, espérons-le) a demandé à réinitialiser votre mot de passe Fabrique. Choisissez-en un nouveau ici :\n${p.link}\n\nCe lien est valable une heure et ne sert qu'une fois. Si ce n'était pas vous, ignorez ce message : votre mot de passe n'a pas changé.\n`,
        },
  passwordChanged: (locale: Locale, p: { name: string }): MailContent =>
    locale === 'en'
      ? { subject: 'Your password was changed — Fabrique', text: `Hello ${p.name},\n\nYour Fabrique password was just changed and your other sessions were logged out. If it was not you, reset your password now.\n` }
      : { subject: 'Votre mot de passe a été modifié — Fabrique', text: `Bonjour ${p.name},\n\nVotre mot de passe Fabrique vient d'être modifié et vos autres sessions ont été déconnectées. Si ce n'était pas vous, réinitialisez-le dès maintenant.\n` },
  accountExists: (locale: Locale, p: { name: string; link: string }): MailContent =>
    locale === 'en'
      ? { subject: 'You already have a Fabrique account', text: `Hello ${p.name},\n\nSomeone tried to register with this address, which already has an account. To log in, or to reset your password:\n${p.link}\n` }
      : { subject: 'Vous avez déjà un compte Fabrique', text: `Bonjour ${p.name},\n\nQuelqu'un a essayé de créer un compte avec cette adresse, qui en a déjà un. Pour vous connecter, ou réinitialiser votre mot de passe :\n${p.link}\n` },
  invitation: (locale: Locale, p: { lieu: string; role: string; inviter: string; link: string }): MailContent =>
    locale === 'en'
      ? { subject: `Invitation to join ${p.lieu} on Fabrique`, text: `Hello,\n\n${p.inviter} invites you to join ${p.lieu} as ${p.role} on Fabrique:\n${p.link}\n\nThe invitation is valid for 14 days.\n` }
      : { subject: `Invitation à rejoindre ${p.lieu} sur Fabrique`, text: `Bonjour,\n\n${p.inviter} vous invite à rejoindre ${p.lieu} en tant que ${frenchRole(p.role)} sur Fabrique :\n${p.link}\n\nL'invitation est valable 14 jours.\n` },
  employerInvitation: (locale: Locale, p: { employer: string; admin: boolean; inviter: string; link: string }): MailContent =>
    locale === 'en'
      ? {
          subject: `${p.employer} invites you to telework from tiers-lieux with Fabrique`,
          text: `Hello,\n\n${p.inviter} invites you to join ${p.employer} on Fabrique${p.admin ? ' as an administrator' : ''}: you will book desks and rooms paid by your employer in the tiers-lieux of the network.\n${p.link}\n\nLog in with this address or create an account with it. The invitation is valid for 14 days. ${p.employer} will see your monthly totals per lieu (days and hours), never your bookings one by one.\n`,
        }
      : {
          subject: `${p.employer} vous invite à télétravailler en tiers-lieu avec Fabrique`,
          text: `Bonjour,\n\n${p.inviter} vous invite à rejoindre ${p.employer} sur Fabrique${p.admin ? ' en tant qu’administrateur' : ''} : vous réserverez des bureaux et des salles pris en charge par votre employeur dans les tiers-lieux du réseau.\n${p.link}\n\nConnectez-vous avec cette adresse ou créez un compte avec elle. L'invitation est valable 14 jours. ${p.employer} verra vos totaux mensuels par lieu (jours et heures), jamais le détail de vos réservations.\n`,
        },
}

function frenchRole(role: string) {
  return ({ owner: 'propriétaire', manager: 'gestionnaire', member: 'membre' } as Record<string, string>)[role] ?? role
}

/** What every booking message says about the booking (already formatted for the reader). */
export interface BookingMailFacts {
  name: string
  lieu: string
  resource: string
  /** The slot in the lieu's zone, e.g. "vendredi 27 novembre 2026, 09:00–12:00". */
  when: string
  /** The lieu's zone, named so a reader elsewhere knows which clock. */
  timeZone: string
  address: string
  link: string
}

const placeLine = (locale: Locale, f: BookingMailFacts) =>
  (locale === 'en' ? `Where: ${f.lieu}` : `Lieu : ${f.lieu}`) + (f.address ? ` — ${f.address}` : '')

const factsBlock = (locale: Locale, f: BookingMailFacts) =>
  locale === 'en'
    ? `What: ${f.resource}\nWhen: ${f.when} (${f.timeZone} time)\n${placeLine(locale, f)}\n`
    : `Quoi : ${f.resource}\nQuand : ${f.when} (heure de ${f.timeZone})\n${placeLine(locale, f)}\n`

// Booking messages, in the member's language; the .ics invitation is attached by the caller.
export const bookingMailTemplates = {
  confirmed: (locale: Locale, f: BookingMailFacts): MailContent =>
    locale === 'en'
      ? {
          subject: `Booking confirmed: ${f.resource}, ${f.when}`,
          text: `Hello ${f.name},\n\nYour booking at ${f.lieu} is confirmed.\n\n${factsBlock(locale, f)}\nThe attached invitation adds it to your calendar. Your bookings: ${f.link}\n`,
        }
      : {
          subject: `Réservation confirmée : ${f.resource}, ${f.when}`,
          text: `Bonjour ${f.name},\n\nVotre réservation à ${f.lieu} est confirmée.\n\n${factsBlock(locale, f)}\nL'invitation jointe l'ajoute à votre agenda. Vos réservations : ${f.link}\n`,
        },
  pending: (locale: Locale, f: BookingMailFacts): MailContent =>
    locale === 'en'
      ? {
          subject: `Booking awaiting approval: ${f.resource}, ${f.when}`,
          text: `Hello ${f.name},\n\nYour booking request at ${f.lieu} is awaiting the approval of the lieu's team. You will receive an e-mail once they have decided.\n\n${factsBlock(locale, f)}\nThe attached invitation holds the slot in your calendar as tentative. Your bookings: ${f.link}\n`,
        }
      : {
          subject: `Réservation en attente de validation : ${f.resource}, ${f.when}`,
          text: `Bonjour ${f.name},\n\nVotre demande de réservation à ${f.lieu} attend la validation de l'équipe du lieu. Vous recevrez un e-mail dès qu'elle aura décidé.\n\n${factsBlock(locale, f)}\nL'invitation jointe inscrit le créneau dans votre agenda comme provisoire. Vos réservations : ${f.link}\n`,
        },
  cancelled: (locale: Locale, f: BookingMailFacts & { reason: string; declined: boolean }): MailContent => {
    if (locale === 'en') {
      const what = f.declined ? 'was declined by the lieu' : 'is cancelled'
      return {
        subject: `Booking ${f.declined ? 'declined' : 'cancelled'}: ${f.resource}, ${f.when}`,
        text: `Hello ${f.name},\n\nYour booking at ${f.lieu} ${what}.\n\n${factsBlock(locale, f)}${f.reason ? `Reason: ${f.reason}\n` : ''}\nThe attached file removes it from your calendar. Your bookings: ${f.link}\n`,
      }
    }
    const what = f.declined ? "a été refusée par l'équipe du lieu" : 'est annulée'
    return {
      subject: `Réservation ${f.declined ? 'refusée' : 'annulée'} : ${f.resource}, ${f.when}`,
      text: `Bonjour ${f.name},\n\nVotre réservation à ${f.lieu} ${what}.\n\n${factsBlock(locale, f)}${f.reason ? `Motif : ${f.reason}\n` : ''}\nLe fichier joint la retire de votre agenda. Vos réservations : ${f.link}\n`,
    }
  },
  reminder: (locale: Locale, f: BookingMailFacts): MailContent =>
    locale === 'en'
      ? {
          subject: `Reminder: ${f.resource}, ${f.when}`,
          text: `Hello ${f.name},\n\nA reminder of your booking at ${f.lieu}.\n\n${factsBlock(locale, f)}\nCan't come? Cancel it so someone else can use the slot: ${f.link}\n`,
        }
      : {
          subject: `Rappel : ${f.resource}, ${f.when}`,
          text: `Bonjour ${f.name},\n\nPetit rappel de votre réservation à ${f.lieu}.\n\n${factsBlock(locale, f)}\nVous ne pourrez pas venir ? Annulez-la pour libérer le créneau : ${f.link}\n`,
        },
  waitlistOffer: (locale: Locale, f: BookingMailFacts & { expires: string }): MailContent =>
    locale === 'en'
      ? {
          subject: `A slot is free: ${f.resource}, ${f.when}`,
          text: `Hello ${f.name},\n\nThe slot you were waiting for at ${f.lieu} is free and held for you.\n\n${factsBlock(locale, f)}\nAccept it before ${f.expires}, after which it goes to the next person:\n${f.link}\n`,
        }
      : {
          subject: `Un créneau s'est libéré : ${f.resource}, ${f.when}`,
          text: `Bonjour ${f.name},\n\nLe créneau que vous attendiez à ${f.lieu} s'est libéré et vous est réservé.\n\n${factsBlock(locale, f)}\nAcceptez-le avant le ${f.expires} ; ensuite, il passe à la personne suivante :\n${f.link}\n`,
        },
}
