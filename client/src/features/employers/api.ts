import { z } from 'zod'
import {
  ZAllocation,
  ZBuyPoolResponse,
  ZEmployerDto,
  ZEmployerInvitationDto,
  ZEmployerInvitationPreviewDto,
  ZEmployeesDto,
  ZMyEmployerDto,
  ZPoolDto,
  ZPoolOfferDto,
  ZSoldPoolDto,
  ZUsageReportDto,
  type Allocation,
  type EmployerRole,
} from '@fabrique/shared/employers/schema'
import { ZInvoiceDto } from '@fabrique/shared/invoices/schema'
import { API_BASE, api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)
const base = (employerId: string) => `/employers/${id(employerId)}`

/** What the create and settings forms send (the shared schemas fill the defaults). */
export interface EmployerDetails {
  name: string
  siret: string | null
  vatNumber: string | null
  billingAddress: string
  billingEmail: string
}
export interface BuyPoolRequest {
  productId: string
  count: number
  scope: 'lieu' | 'network'
  billing: 'card' | 'monthly'
  /** Last local day of validity (default: one year). */
  validUntil?: string
}

/** What issuing a month's employer invoices did, per employer. */
const ZMonthlyRunDto = z.object({
  employerId: z.uuid(),
  invoice: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  creditNotes: z.array(z.object({ id: z.uuid(), number: z.string() })),
})

export const employersApi = {
  mine: (signal?: AbortSignal) => api.get('/employers', z.array(ZEmployerDto), signal),
  get: (employerId: string, signal?: AbortSignal) => api.get(base(employerId), ZEmployerDto, signal),
  create: (body: EmployerDetails) => api.post('/employers', body, ZEmployerDto),
  update: (employerId: string, body: Partial<EmployerDetails>) => api.patch(base(employerId), body, ZEmployerDto),

  // People
  employees: (employerId: string, signal?: AbortSignal) => api.get(`${base(employerId)}/employees`, ZEmployeesDto, signal),
  invite: (employerId: string, body: { email: string; role: EmployerRole }) =>
    api.post(`${base(employerId)}/invitations`, body, ZEmployerInvitationDto),
  revokeInvitation: (employerId: string, invitationId: string) =>
    api.delete(`${base(employerId)}/invitations/${id(invitationId)}`),
  /** An admin removes someone, or an employee leaves (their own id). */
  removeEmployee: (employerId: string, userId: string) => api.delete(`${base(employerId)}/employees/${id(userId)}`),
  changeRole: (employerId: string, userId: string, role: EmployerRole) =>
    api.put(`${base(employerId)}/employees/${id(userId)}/role`, { role }),
  setAllocation: (employerId: string, userId: string, body: Allocation) =>
    api.put(`${base(employerId)}/employees/${id(userId)}/allocation`, body, ZAllocation),

  // Invitations (the preview needs no login)
  previewInvitation: (token: string, signal?: AbortSignal) =>
    api.get(`/employer-invitations/${id(token)}`, ZEmployerInvitationPreviewDto, signal),
  acceptInvitation: (token: string) => api.post('/employer-invitations/accept', { token }, ZEmployerDto),

  // Pools
  offers: (employerId: string, signal?: AbortSignal) => api.get(`${base(employerId)}/offers`, z.array(ZPoolOfferDto), signal),
  pools: (employerId: string, signal?: AbortSignal) => api.get(`${base(employerId)}/pools`, z.array(ZPoolDto), signal),
  buyPool: (employerId: string, body: BuyPoolRequest) => api.post(`${base(employerId)}/pools`, body, ZBuyPoolResponse),

  // Reports and invoices
  usage: (employerId: string, month: string, signal?: AbortSignal) =>
    api.get(`${base(employerId)}/usage?month=${id(month)}`, ZUsageReportDto, signal),
  invoices: (employerId: string, signal?: AbortSignal) => api.get(`${base(employerId)}/invoices`, z.array(ZInvoiceDto), signal),
  myEmployers: (signal?: AbortSignal) => api.get('/me/employers', z.array(ZMyEmployerDto), signal),

  // A lieu's side (managers)
  soldPools: (lieuId: string, signal?: AbortSignal) => api.get(`/lieux/${id(lieuId)}/employer-pools`, z.array(ZSoldPoolDto), signal),
  runMonthlyInvoices: (lieuId: string, month: string) =>
    api.post(`/lieux/${id(lieuId)}/employer-invoices`, { month }, z.array(ZMonthlyRunDto)),
}


/** The usage report as a CSV file (same origin: the session cookie goes along). */
export const usageCsvUrl = (employerId: string, month: string) =>
  `${API_BASE}${base(employerId)}/usage?${new URLSearchParams({ month, format: 'csv' }).toString()}`
