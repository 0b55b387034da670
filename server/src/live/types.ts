/**
 * Tells live clients that a lieu's occupancy changed. Called AFTER the transaction that changed it
 * commits (never inside: a rolled-back change must not be announced). Fire-and-forget: failures are
 * logged, and clients that miss an event notice the gap in sequence numbers and reload.
 */
export interface LivePublisher {
  lieuChanged(lieuId: string): void
  /**
   * Closes the live sockets opened with credentials that just ended (every process of a cluster):
   * a session (logout, revoked), every session of a user (log out everywhere, password changed or
   * reset, account deleted) but `exceptSessionId`, a device (revoked). Called after the change
   * commits; a socket that misses it is refused at its next join anyway.
   */
  credentialsEnded(ended: CredentialsEnded): void
}

export type CredentialsEnded =
  | { sessionIds: string[] }
  | { userId: string; exceptSessionId?: string }
  | { deviceId: string }

/** For processes and tests without live clients. */
export const silentLive: LivePublisher = { lieuChanged: () => {}, credentialsEnded: () => {} }
