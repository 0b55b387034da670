import type { Locale } from '@fabrique/shared/auth/schema'

export interface MailContent {
  subject: string
  text: string
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
}

function frenchRole(role: string) {
  return ({ owner: 'propriétaire', manager: 'gestionnaire', member: 'membre' } as Record<string, string>)[role] ?? role
}
