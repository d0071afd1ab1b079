import 'server-only';
import { db } from '../db';
import { secretKey } from '../env';
import { AppError } from '../http/errors';
import { log } from '../log';
import { describeRefusal, type ModelFileRefusal, modelSignature, sha256Hex, verifyModelFile } from './model-signature';

/**
 * Stored ONNX files are signed when stored and verified before every use (serving, download): see
 * model-signature.ts. The key is MODEL_SIGNING_KEY, never the database.
 */
export function signModelFile(organizationId: string, modelVersionId: string, bytes: Uint8Array) {
  const sha256 = sha256Hex(bytes);
  return { sha256, signature: modelSignature(secretKey('MODEL_SIGNING_KEY'), organizationId, modelVersionId, sha256) };
}

/** A short, non-secret fingerprint of the current signing key (cache keys: a new key re-verifies everything). */
export function signingKeyId(): string {
  return sha256Hex(secretKey('MODEL_SIGNING_KEY')).slice(0, 16);
}

/** A model version whose stored file failed verification: 422, like any other model that cannot be served. */
export class ModelIntegrityError extends AppError {
  constructor(
    readonly modelVersionId: string,
    readonly refusal: ModelFileRefusal,
    label: string,
  ) {
    super('unprocessable', `Model ${label} is refused: ${describeRefusal(refusal)}. Retrain it (or restore the file).`);
  }
}

/**
 * The bytes of a version's ONNX file after checking them against the stored SHA-256 and signature, with the hash
 * computed from those very bytes (the session cache's key). Refusals are logged (row id and reason) and thrown.
 */
export async function loadVerifiedModelFile(
  orgId: string,
  id: string,
): Promise<{ bytes: Uint8Array; sha256: string; signature: string; label: string }> {
  const row = await db.modelVersion.findFirst({
    where: { id, organizationId: orgId },
    select: { name: true, version: true, onnx: true, onnxSha256: true, onnxSignature: true },
  });
  if (!row) throw AppError.notFound('Model version');
  const label = `${row.name} v${row.version}`;
  const bytes = row.onnx ? new Uint8Array(row.onnx) : null;
  const checked = verifyModelFile(secretKey('MODEL_SIGNING_KEY'), {
    organizationId: orgId,
    id,
    bytes,
    sha256: row.onnxSha256,
    signature: row.onnxSignature,
  });
  if (!checked.ok) {
    if (checked.refusal === 'no_file')
      throw new AppError('unprocessable', `Model ${label} has no ONNX file and cannot be served; retrain it`);
    log.error(
      { orgId, modelVersionId: id, refusal: checked.refusal },
      'model file failed verification: it is not served or downloaded',
    );
    throw new ModelIntegrityError(id, checked.refusal, label);
  }
  return { bytes: bytes!, sha256: checked.sha256, signature: row.onnxSignature!, label };
}
