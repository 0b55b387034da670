import { z } from 'zod'

/** A private iCal feed: subscribe to `url` in a calendar application. Anyone with it can read it. */
export const ZCalendarFeedDto = z.object({
  url: z.string(),
})
export type CalendarFeedDto = z.infer<typeof ZCalendarFeedDto>
