import 'server-only';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { OrgContext } from '../auth/context';
import type { CsvKind } from '../data/csv-schema';
import { env } from '../env';
import { receiveUpload } from './receive-upload';
import { waitForImport } from './run-import';
import { startDatasetImport } from './start-import';

/**
 * Imports a CSV file from this machine exactly as an upload would be (same checks, same pipeline), and waits
 * for the import to finish. Used by the demo seed and the import benchmark.
 */
export async function importLocalFile(
  ctx: OrgContext,
  kind: CsvKind,
  filePath: string,
  name?: string,
  mapping?: unknown,
) {
  await stat(filePath);
  const body = Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>;
  const upload = await receiveUpload(body, env().MAX_UPLOAD_BYTES);
  const started = await startDatasetImport(ctx, { kind, name, fileName: path.basename(filePath), upload, mapping });
  await waitForImport(started.dataset.id);
  return started;
}
