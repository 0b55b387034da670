import { ZResourceRates, type ResourceRates } from './schema.ts'

/** A resource's stored rates JSON, as rates (anything unreadable is dropped, never trusted). */
export function storedRates(json: unknown): ResourceRates {
  const parsed = ZResourceRates.safeParse(json ?? {})
  if (parsed.success) return parsed.data
  const out: Record<string, unknown> = {}
  if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      const one = ZResourceRates.safeParse({ [k]: v })
      if (one.success) Object.assign(out, one.data)
    }
  }
  return out as ResourceRates
}
