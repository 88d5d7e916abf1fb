import type { Verdict } from '../../../../src/analysis/status.js'

/**
 * A verdict as its readers see it (status and reason read through the interface), for comparing with a literal:
 * partition verdicts put their reason into words only when it is read (deferred-verdict.ts), so it is not an own
 * property for toEqual to find.
 */
export function said(v: Verdict | null | undefined): { status: string; reason: string } | null | undefined {
  return v && { status: v.status, reason: v.reason }
}
