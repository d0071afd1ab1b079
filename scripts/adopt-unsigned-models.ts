/**
 * Signs the ONNX files stored before model signing existed (lib/models/adopt-unsigned-models.ts: only files whose
 * bytes still match their stored SHA-256). `npm run demo` does it once per data directory; by hand:
 *   DATABASE_URL=… MODEL_SIGNING_KEY=… npx tsx scripts/adopt-unsigned-models.ts
 * Run it by hand only for a database you trust (e.g. just restored from a backup taken before the upgrade).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptEnv, secretKey } from '../lib/env';
import { adoptUnsignedModels } from '../lib/models/adopt-unsigned-models';
import { DATA_DIR, resolveKeys } from './runtime';

async function adopt(url: string) {
  const r = await adoptUnsignedModels(url, secretKey('MODEL_SIGNING_KEY'));
  if (r.signed.length || r.refused.length)
    console.log(
      `[offerpilot] model signing: ${r.signed.length} stored model file(s) signed; ${r.refused.length} refused (bytes differ from their stored hash: retrain)${r.refused.length ? `: ${r.refused.join(', ')}` : ''}`,
    );
  return r;
}

/** The one-time adoption at start-up, remembered by a marker in the data directory (not in the database). */
export async function adoptUnsignedModelsOnce(url: string) {
  const marker = path.join(DATA_DIR, 'unsigned-models-adopted');
  if (existsSync(marker)) return;
  await adopt(url);
  await writeFile(marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
}

if (process.argv[1]?.endsWith('adopt-unsigned-models.ts')) {
  const url = scriptEnv().DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL');
    process.exit(1);
  }
  resolveKeys()
    .then(() => adopt(url))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
