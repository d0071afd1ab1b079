import { Client } from 'pg';
import { modelSignature, sha256Hex } from './model-signature';

/**
 * Models stored before files were signed: each unsigned file whose bytes still hash to its stored SHA-256 is signed
 * now (trust on first upgrade); a file that does not match its hash stays unsigned, so serving and download refuse
 * it (retrain). Called once per data directory by `npm run demo` (marker file .data/unsigned-models-adopted), never
 * again on later starts: afterwards an unsigned row can only be one whose signature someone removed, and signing
 * it would launder the edit. `npx tsx scripts/adopt-unsigned-models.ts` runs it by hand.
 */
export async function adoptUnsignedModels(
  connectionString: string,
  key: Uint8Array,
): Promise<{ signed: string[]; refused: string[] }> {
  const client = new Client({ connectionString });
  await client.connect();
  const result = { signed: [] as string[], refused: [] as string[] };
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM "ModelVersion" WHERE onnx IS NOT NULL AND "onnxSignature" IS NULL ORDER BY id`,
    );
    for (const { id } of rows) {
      // one file at a time: files are megabytes
      const r = await client.query<{ organizationId: string; onnx: Buffer; onnxSha256: string | null }>(
        `SELECT "organizationId", onnx, "onnxSha256" FROM "ModelVersion" WHERE id = $1`,
        [id],
      );
      const m = r.rows[0];
      const actual = sha256Hex(m.onnx);
      if (m.onnxSha256 !== actual) {
        result.refused.push(id);
        continue;
      }
      await client.query(
        `UPDATE "ModelVersion" SET "onnxSignature" = $2 WHERE id = $1 AND "onnxSignature" IS NULL AND "onnxSha256" = $3`,
        [id, modelSignature(key, m.organizationId, id, actual), actual],
      );
      result.signed.push(id);
    }
  } finally {
    await client.end();
  }
  return result;
}
