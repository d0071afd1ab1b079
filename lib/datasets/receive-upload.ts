import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { AppError } from '../http/errors';

/**
 * Writes an upload body to a temporary file as it arrives (never whole in memory), hashing it (SHA-256, for
 * idempotent re-uploads) and stopping with 413 past `maxBytes`. Refuses, with 415, what is not CSV text (NUL
 * bytes in the first 8 KiB) and, with 400, an empty file. Returns the file and its header row.
 * A gzip body (`.csv.gz`, recognised by its magic bytes) is decompressed as it streams; the size limit, the hash
 * and the binary check apply to the decompressed CSV, so a file and its gzip are the same upload.
 */
export interface ReceivedUpload {
  filePath: string;
  bytes: number;
  sha256: string;
  header: string[];
  cleanup: () => Promise<void>;
}

export const UPLOAD_DIR = path.join(os.tmpdir(), 'offerpilot-uploads');

/** The body's chunks, gunzipped when the first bytes are the gzip magic (1f 8b). */
async function* csvChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  const first = await reader.read();
  if (first.done) return;
  if (!(first.value[0] === 0x1f && first.value[1] === 0x8b)) {
    yield first.value;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  const gunzip = createGunzip();
  const feed = (async () => {
    try {
      let chunk: Uint8Array | undefined = first.value;
      while (chunk) {
        if (gunzip.destroyed) return;
        if (!gunzip.write(chunk)) {
          // whichever comes first; the other listener is removed (they piled up: MaxListenersExceededWarning)
          await new Promise<void>((r) => {
            const done = () => {
              gunzip.off('drain', done);
              gunzip.off('close', done);
              r();
            };
            gunzip.once('drain', done);
            gunzip.once('close', done);
          });
        }
        const next = await reader.read();
        chunk = next.done ? undefined : next.value;
      }
      gunzip.end();
    } catch (err) {
      gunzip.destroy(err as Error);
    }
  })();
  try {
    for await (const out of gunzip) yield out as Buffer;
  } catch (err) {
    throw new AppError('validation_failed', `The gzip file is damaged: ${(err as Error).message}`);
  } finally {
    gunzip.destroy();
    void feed;
  }
}

export async function receiveUpload(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<ReceivedUpload> {
  if (!body)
    throw new AppError(
      'validation_failed',
      'The request has no body: send the CSV file as the body (Content-Type: text/csv)',
    );
  await mkdir(UPLOAD_DIR, { recursive: true });
  const filePath = path.join(UPLOAD_DIR, `${randomUUID()}.csv`);
  const cleanup = () => rm(filePath, { force: true });
  const hash = createHash('sha256');
  const out = createWriteStream(filePath);
  let bytes = 0;
  let sniffed = false;
  try {
    const reader = body.getReader();
    for await (const value of csvChunks(reader)) {
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel();
        throw new AppError(
          'payload_too_large',
          `File larger than the ${Math.round(maxBytes / 1048576)} MiB limit. The limit counts the CSV text, so a ` +
            'compressed upload (.csv.gz, accepted) is quicker to send but counts the same: split the file into ' +
            'several files of the same kind, or have your operator raise MAX_UPLOAD_BYTES',
        );
      }
      if (!sniffed) {
        sniffed = true;
        if (value.subarray(0, 8192).includes(0)) {
          await reader.cancel();
          throw new AppError('unsupported_media_type', 'This file is not CSV text (it contains binary data)');
        }
      }
      hash.update(value);
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (bytes === 0) throw new AppError('validation_failed', 'The file is empty');
    return { filePath, bytes, sha256: hash.digest('hex'), header: await readHeader(filePath), cleanup };
  } catch (err) {
    out.destroy();
    await cleanup();
    throw err;
  }
}

/** First CSV record of the file (the header), from its first 64 KiB. */
async function readHeader(filePath: string): Promise<string[]> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const firstLine = text.split(/\r?\n/, 1)[0];
    const rows = parse(firstLine, { bom: true, relax_column_count: true }) as string[][];
    if (!rows[0] || rows[0].length === 0) throw new AppError('unprocessable', 'The file has no header row');
    return rows[0].map((c) => c.trim());
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('unprocessable', `The header row is not valid CSV: ${(err as Error).message}`);
  } finally {
    await fh.close();
  }
}

/** The first `maxBytes` of a received file as UTF-8 text (for previews and format detection). */
export async function readPrefix(filePath: string, maxBytes = 1 << 20): Promise<string> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await fh.read(buf, 0, maxBytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}
