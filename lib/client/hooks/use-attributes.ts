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

/** The organisation's customer attributes (extra columns of customers files), usable as features. */
export function useCustomerAttributes() {
  return useQuery({
    queryKey: queryKeys.customers.attributes(),
    queryFn: () => apiFetch<{ items: CustomerAttributeRow[] }>('/api/v1/attributes'),
  });
}
