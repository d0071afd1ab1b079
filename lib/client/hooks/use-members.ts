'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleName } from '@/lib/rbac';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: RoleName;
  joinedAt: string;
  isYou: boolean;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: RoleName;
  createdAt: string;
  expiresAt: string;
}

/** Whether a new invitation's link was e-mailed (the link is shown once either way). */
export type InvitationMail =
  | { status: 'sent'; to: string }
  | { status: 'failed'; to: string; reason: string }
  | { status: 'not_configured' };

export type CreatedInvitation = InvitationRow & { url: string; mail: InvitationMail };

export function useMembers() {
  return useQuery({
    queryKey: queryKeys.members.all(),
    queryFn: () => apiFetch<{ items: MemberRow[]; invitations: InvitationRow[] }>('/api/v1/members'),
  });
}

function useMembersMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.members.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.apiKeys.all() });
    },
  });
}

export function useInviteMember() {
  return useMembersMutation((input: { email: string; role: RoleName }) =>
    apiFetch<CreatedInvitation>('/api/v1/invitations', { method: 'POST', json: input }),
  );
}

export function useRevokeInvitation() {
  return useMembersMutation((id: string) =>
    apiFetch<{ id: string }>(`/api/v1/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  );
}

export function useChangeMemberRole() {
  return useMembersMutation((input: { id: string; role: RoleName }) =>
    apiFetch<{ id: string; role: RoleName; revokedKeys: string[] }>(`/api/v1/members/${encodeURIComponent(input.id)}`, {
      method: 'PATCH',
      json: { role: input.role },
    }),
  );
}

export function useRemoveMember() {
  return useMembersMutation((id: string) =>
    apiFetch<{ id: string; revokedKeys: string[] }>(`/api/v1/members/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  );
}
