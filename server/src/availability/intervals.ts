import type { Interval } from './types.ts'

// Pure range maths on half-open intervals [start, end) of epoch milliseconds. "Normalized" lists
// are sorted by start, non-empty, disjoint and non-adjacent; every function below returns one and,
// except `normalize`, expects normalized input (linear time, two pointers).

/** Sorts, drops empty intervals and merges overlapping or touching ones ([9,10) + [10,11) = [9,11)). */
export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end)
  const out: Interval[] = []
  for (const i of sorted) {
    const last = out.at(-1)
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else out.push({ start: i.start, end: i.end })
  }
  return out
}

/** Appends to a normalized list built in order, merging with its last interval when they touch. */
export function pushMerged(out: Interval[], start: number, end: number): void {
  if (end <= start) return
  const last = out.at(-1)
  if (last && start <= last.end) last.end = Math.max(last.end, end)
  else out.push({ start, end })
}

/** Time in both lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    const start = Math.max(x.start, y.start)
    const end = Math.min(x.end, y.end)
    if (start < end) out.push({ start, end })
    if (x.end < y.end) i++
    else j++
  }
  return out
}

/** Time in `a` and not in `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  let j = 0
  for (const x of a) {
    let cursor = x.start
    while (j < b.length && b[j]!.end <= cursor) j++
    let k = j
    while (k < b.length && b[k]!.start < x.end) {
      const y = b[k]!
      if (y.start > cursor) out.push({ start: cursor, end: y.start })
      cursor = Math.max(cursor, y.end)
      if (y.end > x.end) break
      k++
    }
    if (cursor < x.end) out.push({ start: cursor, end: x.end })
  }
  return out
}

/** Whether `interval` lies entirely inside one interval of the normalized `list` (binary search). */
export function contains(list: readonly Interval[], interval: Interval): boolean {
  let lo = 0
  let hi = list.length - 1
  // The last interval starting at or before interval.start is the only candidate.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (list[mid]!.start <= interval.start) lo = mid
    else hi = mid - 1
  }
  const c = list[lo]
  return c !== undefined && c.start <= interval.start && interval.end <= c.end
}
