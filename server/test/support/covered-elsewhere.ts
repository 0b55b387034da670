/**
 * Routes whose authorization and bad-input cases live in a domain's own suites
 * (`<domain>.authorization.test.ts`, `<domain>.bad-input.test.ts`) instead of the tables of
 * authorization.test.ts and bad-input.test.ts. Those two check that every registered route is
 * covered by their table or listed here; each domain file checks its own routes the same way.
 */
export const coveredElsewhere: Record<string, { authorization: string; badInput: string | null }> = {
  // Resources, booking rules, habilitations, référent shifts.
  'GET /lieux/:lieuId/resources': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'POST /lieux/:lieuId/resources': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'GET /lieux/:lieuId/resources/:resourceId': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'PATCH /lieux/:lieuId/resources/:resourceId': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'GET /lieux/:lieuId/booking-rules': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'PUT /lieux/:lieuId/booking-rules': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'GET /lieux/:lieuId/habilitations': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'POST /lieux/:lieuId/habilitations': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'PATCH /lieux/:lieuId/habilitations/:habilitationId': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'GET /lieux/:lieuId/habilitations/:habilitationId/grants': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'POST /lieux/:lieuId/habilitations/:habilitationId/grants': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'DELETE /lieux/:lieuId/habilitations/:habilitationId/grants/:grantId': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'GET /me/habilitations': { authorization: 'resources.authorization.test.ts', badInput: null },
  'GET /lieux/:lieuId/referent-shifts': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'POST /lieux/:lieuId/referent-shifts': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  'DELETE /lieux/:lieuId/referent-shifts/:shiftId': { authorization: 'resources.authorization.test.ts', badInput: 'resources.bad-input.test.ts' },
  // Calendar feeds (no body anywhere; GET routes and POST …/regenerate keep the generic junk-path checks).
  'GET /me/calendar-feed': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'POST /me/calendar-feed/regenerate': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'GET /lieux/:lieuId/calendar-feed': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'POST /lieux/:lieuId/calendar-feed/regenerate': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'GET /lieux/:lieuId/resources/:resourceId/calendar-feed': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'POST /lieux/:lieuId/resources/:resourceId/calendar-feed/regenerate': { authorization: 'calendars.authorization.test.ts', badInput: null },
  'GET /calendar/:token.ics': { authorization: 'calendars.authorization.test.ts', badInput: null },
  // Bookings, series, availability, free-now, waitlist (routes without body or query keep the generic junk-path checks).
  'POST /bookings': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /bookings/:bookingId': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'GET /me/bookings': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /lieux/:lieuId/bookings': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'POST /bookings/:bookingId/approve': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /bookings/:bookingId/decline': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'POST /bookings/:bookingId/cancel': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'POST /bookings/:bookingId/move': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'POST /bookings/:bookingId/check-in': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /bookings/:bookingId/check-out': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /bookings/:bookingId/no-show': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /bookings/series': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'POST /bookings/series/:seriesId/cancel': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /lieux/:lieuId/availability': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /lieux/:lieuId/resources/:resourceId/availability': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /lieux/:lieuId/free-now': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /waitlist': { authorization: 'bookings.authorization.test.ts', badInput: 'bookings.bad-input.test.ts' },
  'GET /me/waitlist': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'DELETE /waitlist/:entryId': { authorization: 'bookings.authorization.test.ts', badInput: null },
  'POST /waitlist/:entryId/accept': { authorization: 'bookings.authorization.test.ts', badInput: null },
  // Check-in codes, devices, kiosk, lobby, open data (device routes authenticate with `Authorization: Device <token>`).
  'GET /bookings/:bookingId/check-in-code': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'GET /me/member-code': { authorization: 'checkin.authorization.test.ts', badInput: null },
  'POST /lieux/:lieuId/devices': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'GET /lieux/:lieuId/devices': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'DELETE /lieux/:lieuId/devices/:deviceId': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'GET /device/me': { authorization: 'checkin.authorization.test.ts', badInput: null },
  'POST /kiosk/scan': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'POST /kiosk/check-in': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'POST /kiosk/walk-in': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'GET /lobby': { authorization: 'checkin.authorization.test.ts', badInput: null },
  'GET /open-data/lieux/:slug': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
  'GET /open-data/networks/:slug': { authorization: 'checkin.authorization.test.ts', badInput: 'checkin.bad-input.test.ts' },
}

export const authorizationElsewhere = () => Object.keys(coveredElsewhere)
export const badInputElsewhere = () => Object.entries(coveredElsewhere).filter(([, v]) => v.badInput).map(([k]) => k)
