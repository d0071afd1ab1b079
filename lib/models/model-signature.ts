import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of stored ONNX files: HMAC-SHA256 under MODEL_SIGNING_KEY (a key that is never in the database) of
 *
 *   "offerpilot-onnx-v1\n" + organizationId + "\n" + modelVersionId + "\n" + sha256(bytes) as lowercase hex
 *
 * as lowercase hex. The SHA-256 stored beside the file (`onnxSha256`) is only an index: whoever can edit the row
 * can recompute it, but not the HMAC. Binding the organisation and version id stops a validly signed file from
 * being copied onto another version or into another organisation. Framework-free: the key is a parameter.
 */
export const SIGNATURE_CONTEXT = 'offerpilot-onnx-v1';

export type ModelFileRefusal = 'no_file' | 'unsigned' | 'hash_mismatch' | 'signature_mismatch';

export interface ModelFileRow {
  organizationId: string;
  id: string;
  bytes: Uint8Array | null;
  /** the stored `onnxSha256` column */
  sha256: string | null;
  /** the stored `onnxSignature` column */
  signature: string | null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The signed message (see above). */
export function signaturePayload(organizationId: string, modelVersionId: string, sha256: string): string {
  return `${SIGNATURE_CONTEXT}\n${organizationId}\n${modelVersionId}\n${sha256}`;
}

/** HMAC-SHA256 (hex) of a file's identity and content hash. */
export function modelSignature(
  key: Uint8Array,
  organizationId: string,
  modelVersionId: string,
  sha256: string,
): string {
  if (key.byteLength < 32)
    throw new RangeError(`modelSignature: key must be at least 32 bytes (got ${key.byteLength})`);
  return createHmac('sha256', key)
    .update(signaturePayload(organizationId, modelVersionId, sha256), 'utf8')
    .digest('hex');
}

/**
 * Checks a stored file against its row: the bytes must hash to the stored SHA-256 and the stored signature must be
 * the HMAC of that hash under `key`. Returns the verified hash (computed from the bytes) or why it is refused.
 */
export function verifyModelFile(
  key: Uint8Array,
  row: ModelFileRow,
): { ok: true; sha256: string } | { ok: false; refusal: ModelFileRefusal } {
  if (!row.bytes || !row.sha256) return { ok: false, refusal: 'no_file' };
  if (!row.signature) return { ok: false, refusal: 'unsigned' };
  const actual = sha256Hex(row.bytes);
  if (actual !== row.sha256) return { ok: false, refusal: 'hash_mismatch' };
  const expected = Buffer.from(modelSignature(key, row.organizationId, row.id, actual), 'hex');
  const given = Buffer.from(row.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, refusal: 'signature_mismatch' };
  return { ok: true, sha256: actual };
}

/** What a user is told (the log gets the row id and the refusal code too). */
export function describeRefusal(refusal: ModelFileRefusal): string {
  switch (refusal) {
    case 'no_file':
      return 'it has no ONNX file';
    case 'unsigned':
      return 'its file is not signed (stored before model signing and not adopted, or its signature was removed)';
    case 'hash_mismatch':
      return 'its file does not match its stored SHA-256 (the file or the hash was altered)';
    case 'signature_mismatch':
      return 'its signature does not match (the file was altered, copied from another version, or signed with another MODEL_SIGNING_KEY)';
  }
}
