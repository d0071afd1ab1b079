'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';

export interface OrganizationSettingsRow {
  name: string;
  currency: string;
  locale: string;
}

/** Changes the organisation's currency / locale; every cached query is refetched so amounts re-render. */
export function useUpdateOrganizationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currency?: string; locale?: string }) =>
      apiFetch<OrganizationSettingsRow>('/api/v1/organization', { method: 'PATCH', json: input }),
    onSuccess: () => qc.invalidateQueries(),
  });
}
