'use client';

import { useQuery } from '@tanstack/react-query';
import type { AuditChainReport } from '@/lib/audit/verify-audit-chain';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export type { AuditChainReport };

/** The audit log's hash-chain check (admins): intact, or the first broken row. */
export function useAuditIntegrity(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.policies.auditIntegrity(),
    queryFn: () => apiFetch<AuditChainReport>('/api/v1/audit/verify'),
    enabled,
  });
}
