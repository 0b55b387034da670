/**
 * Routes whose authorization and bad-input cases live in a domain's own suites
 * (`<domain>.authorization.test.ts`, `<domain>.bad-input.test.ts`) instead of the tables of
 * authorization.test.ts and bad-input.test.ts. Those two check that every registered route is
 * covered by their table or listed here; each domain file checks its own routes the same way.
 */
export const coveredElsewhere: Record<string, { authorization: string; badInput: string | null }> = {}

export const authorizationElsewhere = () => Object.keys(coveredElsewhere)
export const badInputElsewhere = () => Object.entries(coveredElsewhere).filter(([, v]) => v.badInput).map(([k]) => k)
