'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface CustomerAttributeRow {
  name: string;
  type: 'numeric' | 'categorical';
  /** customers with a value */
  customers: number;
}

/** The organisation's customer attributes (extra columns of customers files), usable as features; GET /api/v1/customers carries them. */
export function useCustomerAttributes() {
  return useQuery({
    queryKey: queryKeys.customers.attributes(),
    queryFn: async () => ({
      items: (await apiFetch<{ attributes: CustomerAttributeRow[] }>('/api/v1/customers?limit=1')).attributes,
    }),
  });
}
