'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportMappingInput } from '@/lib/data/import-mapping';
import type { MappingPreview } from '@/lib/data/preview-mapping';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export type MappingKind = 'customers' | 'events' | 'exposures';

export interface SavedMapping {
  id: string;
  name: string;
  kind: MappingKind;
  spec: ImportMappingInput;
}

export function useImportMappings() {
  return useQuery({
    queryKey: queryKeys.importMappings.all(),
    queryFn: () => apiFetch<{ items: SavedMapping[] }>('/api/v1/import-mappings'),
  });
}

export function useSaveImportMapping() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { name: string; kind: MappingKind; spec: ImportMappingInput }) =>
      apiFetch<SavedMapping>('/api/v1/import-mappings', { method: 'POST', json: m }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.importMappings.all() }),
  });
}

/** Previews a mapping on the first 256 KiB of a file (CSV or .csv.gz). */
export function previewMapping(file: Blob, kind: MappingKind, spec: ImportMappingInput) {
  const qs = new URLSearchParams({ kind, mapping: JSON.stringify(spec) });
  return apiFetch<MappingPreview>(`/api/v1/datasets/preview?${qs}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: file.slice(0, 256 * 1024),
  });
}
