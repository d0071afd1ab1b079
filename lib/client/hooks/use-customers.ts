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
export interface CustomerListParams {
  q?: string;
  limit: number;
  cursor?: string;
  sort?: 'externalId' | 'signupAt' | 'country' | 'createdAt';
  dir?: 'asc' | 'desc';
}

export function useCustomers(params: CustomerListParams) {
  return useQuery({
    queryKey: queryKeys.customers.list(params),
    queryFn: () => {
      const sp = new URLSearchParams({
        limit: String(params.limit),
        ...(params.q ? { q: params.q } : {}),
        ...(params.cursor ? { cursor: params.cursor } : {}),
        ...(params.sort ? { sort: params.sort } : {}),
        ...(params.dir ? { dir: params.dir } : {}),
      });
      return apiFetch<CustomerPage>(`/api/v1/customers?${sp}`);
    },
    placeholderData: keepPreviousData,
  });
}
