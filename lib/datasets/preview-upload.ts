import 'server-only';
import { constants, gunzipSync } from 'node:zlib';
import type { OrgContext } from '../auth/context';
import type { CsvKind } from '../data/csv-schema';
import { type MappingPreview, previewMapping, sampleCsv } from '../data/preview-mapping';
import { AppError } from '../http/errors';
import { resolveMappingSpec } from './import-mappings';

/** Largest prefix of a file read for a preview (the client sends the first bytes only). */
export const PREVIEW_MAX_BYTES = 2 << 20;
const PREVIEW_ROWS = 200;

/**
 * Previews a mapping on the first bytes of a file (plain CSV or the start of a .csv.gz, which may end mid-stream):
 * the header, where each column comes from, the date format chosen or detected, and the first rows parsed.
 */
export async function previewUpload(
  ctx: OrgContext,
  kind: CsvKind,
  body: ReadableStream<Uint8Array> | null,
  input: { mapping?: unknown; mappingId?: string },
): Promise<MappingPreview & { rowsShown: number }> {
  const spec = await resolveMappingSpec(ctx, kind, input);
  const bytes = await readAtMost(body, PREVIEW_MAX_BYTES);
  if (bytes.length === 0) throw new AppError('validation_failed', 'Send the first bytes of the file as the body');
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (err) {
      throw new AppError('validation_failed', `The gzip data is damaged: ${(err as Error).message}`);
    }
  }
  if (data.subarray(0, 8192).includes(0))
    throw new AppError('unsupported_media_type', 'This file is not CSV text (it contains binary data)');
  const { header, records } = sampleCsv(data.toString('utf8'), PREVIEW_ROWS);
  if (header.length === 0) throw new AppError('unprocessable', 'The file has no header row');
  const preview = previewMapping(kind, header, records, spec);
  // the date format is detected on every sampled row; only the first rows are sent back
  return { ...preview, rows: preview.rows.slice(0, 20), rowsShown: Math.min(20, preview.rows.length) };
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.byteLength;
    if (n >= max) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max);
}
