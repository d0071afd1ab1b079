'use client';

import { useQuery } from '@tanstack/react-query';
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

export function useCustomers(params: { q?: string; limit: number }) {
  return useQuery({
    queryKey: queryKeys.customers.list(params),
    queryFn: () => {
      const sp = new URLSearchParams({ limit: String(params.limit), ...(params.q ? { q: params.q } : {}) });
      return apiFetch<{ items: CustomerRow[]; total: number; nextCursor: string | null }>(`/api/v1/customers?${sp}`);
    },
  });
}
