const NEXT_KEY = 'fabrique.next'

/** A same-site path to come back to, never an open redirect. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  return next
}

/** Survives the detour through the verification e-mail (register → verify → back to the invitation). */
export function rememberNext(next: string | null) {
  try {
    if (safeNext(next)) localStorage.setItem(NEXT_KEY, next!)
  } catch {
    // ignore
  }
}
export function takeRememberedNext(): string | null {
  try {
    const v = localStorage.getItem(NEXT_KEY)
    localStorage.removeItem(NEXT_KEY)
    return safeNext(v)
  } catch {
    return null
  }
}
