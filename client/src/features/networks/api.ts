import { ZNetworkDto } from '@fabrique/shared/lieux/schema'
import { ZSettlementDto } from '@fabrique/shared/employers/schema'
import { API_BASE, api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)

export const networksApi = {
  get: (networkId: string, signal?: AbortSignal) =>
    api.get(`/networks/${id(networkId)}`, ZNetworkDto, signal),
  /** What each lieu is owed for passes another lieu of the network sold (coordinators). */
  settlement: (networkId: string, month: string, signal?: AbortSignal) =>
    api.get(`/networks/${id(networkId)}/settlement?month=${id(month)}`, ZSettlementDto, signal),
}

export const settlementCsvUrl = (networkId: string, month: string) =>
  `${API_BASE}/networks/${id(networkId)}/settlement?${new URLSearchParams({ month, format: 'csv' }).toString()}`
