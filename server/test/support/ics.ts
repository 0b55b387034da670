/** A tiny iCalendar reader for tests: unfolds lines and splits components into properties. */
export interface IcsProp {
  name: string
  params: Record<string, string>
  value: string
}

export function icsLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean)
}

function parseLine(line: string): IcsProp {
  // NAME;P1=V1;P2="V 2":value (the first ':' outside quotes ends the parameters)
  let inQuotes = false
  let i = 0
  for (; i < line.length; i++) {
    const c = line[i]
    if (c === '"') inQuotes = !inQuotes
    else if (c === ':' && !inQuotes) break
  }
  const head = line.slice(0, i)
  const value = line.slice(i + 1)
  const [name, ...rest] = head.split(';')
  const params: Record<string, string> = {}
  for (const p of rest) {
    const [k, v] = p.split('=')
    params[k!] = (v ?? '').replace(/^"|"$/g, '')
  }
  return { name: name!, params, value }
}

export interface ParsedIcs {
  calendar: IcsProp[]
  events: IcsProp[][]
  timezones: string[]
  text: string
}

export function parseIcs(text: string): ParsedIcs {
  const out: ParsedIcs = { calendar: [], events: [], timezones: [], text }
  const stack: string[] = []
  let event: IcsProp[] | null = null
  for (const line of icsLines(text)) {
    const p = parseLine(line)
    if (p.name === 'BEGIN') {
      stack.push(p.value)
      if (p.value === 'VEVENT') event = []
      continue
    }
    if (p.name === 'END') {
      stack.pop()
      if (p.value === 'VEVENT' && event) {
        out.events.push(event)
        event = null
      }
      continue
    }
    const where = stack.at(-1)
    if (where === 'VEVENT' && event) event.push(p)
    else if (where === 'VTIMEZONE' && p.name === 'TZID') out.timezones.push(p.value)
    else if (where === 'VCALENDAR') out.calendar.push(p)
  }
  return out
}

/** The value of a property (first occurrence), with iCalendar text escapes undone. */
export function prop(props: IcsProp[], name: string): string | undefined {
  const v = props.find((p) => p.name === name)?.value
  return v?.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n')
}
export const propFull = (props: IcsProp[], name: string) => props.find((p) => p.name === name)
