/** 1234 → "12.34 €" (messages only; the client formats amounts for display). */
export const formatEuros = (cents: number) => `${(cents / 100).toFixed(2)} €`
