import { z } from 'zod'
import {
  ZChangePlanResponse,
  ZCreditsDto,
  ZMemberBillingDto,
  ZPassCheckoutResponse,
  ZPassDto,
  ZPassProductDto,
  ZPassSaleResponse,
  ZPaymentRecordedResponse,
  ZPlanDto,
  ZSubscribeResponse,
  ZSubscriptionDto,
  type CreateSubscriptionRequest,
  type CreatePassProductRequest,
  type CreatePlanRequest,
  type CreditAdjustmentRequest,
  type DropInPassRequest,
  type ManualPaymentMethod,
  type SellPassRequest,
  type UpdatePlanRequest,
} from '@fabrique/shared/billing/schema'
import {
  ZChainVerification,
  ZInvoiceDto,
  type CreateInvoiceRequest,
  type CreditNoteRequest,
  type InvoiceKind,
  type PaymentMethod,
} from '@fabrique/shared/invoices/schema'
import { API_BASE, api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)
const ZCreditEntry = ZCreditsDto.shape.history.element
const ZPaymentsConfig = z.object({ card: z.boolean() })
const ZRedirectUrl = z.object({ url: z.string() })

export const billingApi = {
  // Plans and the adhésion
  plans: (lieuId: string, includeArchived = false, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/plans${includeArchived ? '?includeArchived=true' : ''}`, z.array(ZPlanDto), signal),
  createPlan: (lieuId: string, body: CreatePlanRequest) => api.post(`/lieux/${id(lieuId)}/plans`, body, ZPlanDto),
  updatePlan: (lieuId: string, planId: string, body: UpdatePlanRequest) =>
    api.patch(`/lieux/${id(lieuId)}/plans/${id(planId)}`, body, ZPlanDto),

  // Pass products and passes
  passProducts: (lieuId: string, includeArchived = false, signal?: AbortSignal) =>
    api.get(
      `/lieux/${id(lieuId)}/pass-products${includeArchived ? '?includeArchived=true' : ''}`,
      z.array(ZPassProductDto),
      signal,
    ),
  createPassProduct: (lieuId: string, body: CreatePassProductRequest) =>
    api.post(`/lieux/${id(lieuId)}/pass-products`, body, ZPassProductDto),
  updatePassProduct: (
    lieuId: string,
    productId: string,
    body: { name?: string; priceCents?: number; vatRateBp?: number; validityDays?: number; archived?: boolean },
  ) => api.patch(`/lieux/${id(lieuId)}/pass-products/${id(productId)}`, body, ZPassProductDto),
  sellPass: (lieuId: string, body: SellPassRequest) => api.post(`/lieux/${id(lieuId)}/passes`, body, ZPassSaleResponse),
  myPasses: (signal?: AbortSignal) => api.get('/me/passes', z.array(ZPassDto), signal),
  /** A member buys a pass by card: the Checkout URL (the pass comes with the payment). */
  buyPass: (lieuId: string, productId: string) =>
    api.post(`/lieux/${id(lieuId)}/passes/checkout`, { productId }, ZPassCheckoutResponse),
  // Drop-ins (no account): a lieu's passes by its public address, bought by card with an e-mail.
  publicPassProducts: (slug: string, signal?: AbortSignal) =>
    api.get(`/public/lieux/${id(slug)}/pass-products`, z.array(ZPassProductDto), signal),
  dropInCheckout: (slug: string, body: DropInPassRequest) =>
    api.post(`/public/lieux/${id(slug)}/passes/checkout`, body, ZPassCheckoutResponse),

  // Subscriptions
  subscribe: (lieuId: string, body: CreateSubscriptionRequest) =>
    api.post(`/lieux/${id(lieuId)}/subscriptions`, body, ZSubscribeResponse),
  members: (lieuId: string, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/subscriptions`, z.array(ZMemberBillingDto), signal),
  mySubscriptions: (signal?: AbortSignal) => api.get('/me/subscriptions', z.array(ZSubscriptionDto), signal),
  recordSubscriptionPayment: (subscriptionId: string, body: { method: ManualPaymentMethod; paidAt?: string }) =>
    api.post(`/subscriptions/${id(subscriptionId)}/payments`, body, ZPaymentRecordedResponse),
  cancelSubscription: (subscriptionId: string, when: 'period_end' | 'now') =>
    api.post(`/subscriptions/${id(subscriptionId)}/cancel`, { when }, ZSubscriptionDto),
  resumeSubscription: (subscriptionId: string) =>
    api.post(`/subscriptions/${id(subscriptionId)}/resume`, undefined, ZSubscriptionDto),
  changePlan: (subscriptionId: string, planId: string) =>
    api.post(`/subscriptions/${id(subscriptionId)}/change-plan`, { planId }, ZChangePlanResponse),

  // Online payments (Stripe): whether card payment is offered; the Billing Portal of a card-paid subscription
  paymentsConfig: (signal?: AbortSignal) => api.get('/payments/config', ZPaymentsConfig, signal),
  billingPortal: (subscriptionId: string) =>
    api.post(`/subscriptions/${id(subscriptionId)}/billing-portal`, undefined, ZRedirectUrl),

  // Credits
  myCredits: (signal?: AbortSignal) => api.get('/me/credits', ZCreditsDto, signal),
  memberCredits: (lieuId: string, userId: string, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/members/${id(userId)}/credits`, ZCreditsDto, signal),
  adjustCredits: (lieuId: string, userId: string, body: CreditAdjustmentRequest) =>
    api.post(`/lieux/${id(lieuId)}/members/${id(userId)}/credits/adjustments`, body, ZCreditEntry),

  // Invoices
  myInvoices: (signal?: AbortSignal) => api.get('/me/invoices', z.array(ZInvoiceDto), signal),
  invoices: (lieuId: string, q: { from?: string; to?: string; kind?: InvoiceKind }, signal?: AbortSignal) => {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => !!v) as [string, string][]).toString()
    return api.get(`/lieux/${id(lieuId)}/invoices${qs ? `?${qs}` : ''}`, z.array(ZInvoiceDto), signal)
  },
  createInvoice: (lieuId: string, body: CreateInvoiceRequest) =>
    api.post(`/lieux/${id(lieuId)}/invoices`, body, ZInvoiceDto),
  creditNote: (invoiceId: string, body: CreditNoteRequest) =>
    api.post(`/invoices/${id(invoiceId)}/credit-note`, body, ZInvoiceDto),
  recordInvoicePayment: (invoiceId: string, body: { method: PaymentMethod; paidAt: string }) =>
    api.post(`/invoices/${id(invoiceId)}/payment`, body, ZInvoiceDto),
  verifyChain: (lieuId: string, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/invoices/verify`, ZChainVerification, signal),
}

/** Where the browser opens an invoice's PDF (same-origin: the session cookie goes along). */
export const invoicePdfUrl = (invoiceId: string) => `${API_BASE}/invoices/${id(invoiceId)}/pdf`

/** The accounting export's CSV address for a period of local dates. */
export const accountingExportUrl = (lieuId: string, from: string, to: string) =>
  `${API_BASE}/lieux/${id(lieuId)}/accounting-export?${new URLSearchParams({ from, to }).toString()}`
