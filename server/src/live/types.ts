/**
 * Tells live clients that a lieu's occupancy changed. Called AFTER the transaction that changed it
 * commits (never inside: a rolled-back change must not be announced). Fire-and-forget: failures are
 * logged, and clients that miss an event notice the gap in sequence numbers and reload.
 */
export interface LivePublisher {
  lieuChanged(lieuId: string): void
}

/** For processes and tests without live clients. */
export const silentLive: LivePublisher = { lieuChanged: () => {} }
