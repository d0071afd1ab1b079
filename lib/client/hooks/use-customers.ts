'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface CustomerRow {
  id: string;
  externalId: string;
  signupAt: string | null;
  country: string | null;
  emailMasked: string | null;
  phoneMasked: string | null;
  nameMasked: string | null;
}

export interface CustomerPage {
  items: CustomerRow[];
  /** customers in the organisation */
  total: number;
  /** customers matching the search (= total without one) */
  matching: number;
  nextCursor: string | null;
}

/** One page of customers, by cursor; the previous page stays on screen while the next loads. */
export function useCustomers(params: { q?: string; limit: number; cursor?: string }) {
  return useQuery({
    queryKey: queryKeys.customers.list(params),
    queryFn: () => {
      const sp = new URLSearchParams({
        limit: String(params.limit),
        ...(params.q ? { q: params.q } : {}),
        ...(params.cursor ? { cursor: params.cursor } : {}),
      });
      return apiFetch<CustomerPage>(`/api/v1/customers?${sp}`);
    },
    placeholderData: keepPreviousData,
  });
}
