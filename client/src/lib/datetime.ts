// Formatting helpers. Lieu-related times are shown in the lieu's own time zone, never the browser's.

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]

const intlLocale = (locale: string) => (locale.startsWith('en') ? 'en-GB' : 'fr-FR')

function capitalize(s: string) {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1)
}

/** ISO weekday (1 = Monday … 7 = Sunday) → "Lundi" / "Monday". */
export function weekdayName(weekday: number, locale: string, style: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  const date = new Date(Date.UTC(2024, 0, weekday))
  return capitalize(
    new Intl.DateTimeFormat(intlLocale(locale), { weekday: style, timeZone: 'UTC' }).format(date),
  )
}

export interface TimeInterval {
  start: string
  end: string
}
export interface DayHours {
  weekday: Weekday
  intervals: TimeInterval[]
}

/** The whole week, Monday first, each day's intervals sorted; a day without any is closed. */
export function groupOpeningHours(
  intervals: readonly { weekday: number; start: string; end: string }[],
): DayHours[] {
  return WEEKDAYS.map((weekday) => ({
    weekday,
    intervals: intervals
      .filter((i) => i.weekday === weekday)
      .map(({ start, end }) => ({ start, end }))
      .sort((a, b) => a.start.localeCompare(b.start)),
  }))
}

/** "09:00–12:30" (en dash), the same in both languages. */
export function formatInterval(i: TimeInterval): string {
  return `${i.start}–${i.end}`
}

/** Calendar date `YYYY-MM-DD` of an instant in a zone. */
export function localDateIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** ISO weekday of a calendar date `YYYY-MM-DD`. */
export function weekdayOfLocalDate(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number)
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay()
  return (day === 0 ? 7 : day) as Weekday
}

function daysBetween(a: string, b: string): number {
  const toUtc = (s: string) => {
    const [y, m, d] = s.split('-').map(Number)
    return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
  }
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000)
}

export interface NextOpening {
  when: 'today' | 'tomorrow' | 'later'
  /** "09:00", wall-clock time in the lieu's zone. */
  time: string
  /** "lundi 3 mars" / "Monday 3 March", for `later`. */
  date: string
}

/** Describes the next opening instant relative to `now`, in the lieu's zone. */
export function describeNextOpening(iso: string, timeZone: string, locale: string, now: Date): NextOpening {
  const at = new Date(iso)
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
  const diff = daysBetween(localDateIn(now, timeZone), localDateIn(at, timeZone))
  const date = new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(at)
  return { when: diff <= 0 ? 'today' : diff === 1 ? 'tomorrow' : 'later', time, date }
}

function localDateToUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1))
}

/** A calendar date `YYYY-MM-DD`, e.g. "24 déc. 2025". */
export function formatLocalDate(date: string, locale: string, style: 'medium' | 'long' = 'medium'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeZone: 'UTC' }).format(
    localDateToUtc(date),
  )
}

/** A span of calendar dates, both included: "24–26 déc. 2025", or one date when they are equal. */
export function formatLocalDateRange(start: string, end: string, locale: string): string {
  const fmt = new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  if (start === end) return fmt.format(localDateToUtc(start))
  return fmt.formatRange(localDateToUtc(start), localDateToUtc(end))
}

/** An instant with date and time, in the given zone (the browser's by default). */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso))
}

/** IANA zones with a region (what the server accepts), Europe/Paris first. */
export function timeZoneOptions(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  const zones = all.filter((z) => z.includes('/'))
  const french = [
    'Europe/Paris',
    'America/Guadeloupe',
    'America/Martinique',
    'America/Cayenne',
    'Indian/Reunion',
    'Indian/Mayotte',
    'Pacific/Noumea',
    'Pacific/Tahiti',
  ]
  return [...french, ...zones.filter((z) => !french.includes(z))]
}
