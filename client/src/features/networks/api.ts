import { ZNetworkDto } from '@fabrique/shared/lieux/schema'
import { api } from '../../lib/api.ts'

export const networksApi = {
  get: (networkId: string, signal?: AbortSignal) =>
    api.get(`/networks/${encodeURIComponent(networkId)}`, ZNetworkDto, signal),
}
