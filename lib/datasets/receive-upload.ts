import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { env, uploadDir } from '../env';
import { AppError } from '../http/errors';

/**
 * Writes an upload body to a temporary file as it arrives (never whole in memory), hashing it (SHA-256, for
 * idempotent re-uploads) and stopping with 413 past `maxBytes` of body. Refuses, with 415, what is not CSV text (NUL
 * bytes in the first 8 KiB) and, with 400, an empty file. Returns the file and its header row.
 * A gzip body (`.csv.gz`, recognised by its magic bytes) is decompressed as it streams: `maxBytes` counts the bytes
 * sent (compressed), so a CSV over the limit can be sent gzip-compressed (CSV text shrinks 5–10×), and the refusal of
 * a plain CSV says so; the decompressed text has its own, larger bound `maxCsvBytes` (disk, import time, gzip bombs).
 * The hash and the binary check apply to the decompressed CSV, so a file and its gzip are the same upload.
 */
export interface ReceivedUpload {
  filePath: string;
  bytes: number;
  sha256: string;
  header: string[];
  cleanup: () => Promise<void>;
}

/** The body's chunks, gunzipped when the first bytes are the gzip magic (1f 8b). */
async function* csvChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  sent: { bytes: number; gzip: boolean },
): AsyncGenerator<Uint8Array> {
  const first = await reader.read();
  if (first.done) return;
  sent.bytes += first.value.byteLength;
  if (!(first.value[0] === 0x1f && first.value[1] === 0x8b)) {
    yield first.value;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      sent.bytes += value.byteLength;
      yield value;
    }
  }
  sent.gzip = true;
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
        if (chunk) sent.bytes += chunk.byteLength;
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
  maxCsvBytes: number = env().MAX_UPLOAD_CSV_BYTES,
): Promise<ReceivedUpload> {
  if (!body)
    throw new AppError(
      'validation_failed',
      'The request has no body: send the CSV file as the body (Content-Type: text/csv)',
    );
  const dir = uploadDir();
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${randomUUID()}.csv`);
  const cleanup = () => rm(filePath, { force: true });
  const hash = createHash('sha256');
  const out = createWriteStream(filePath);
  let bytes = 0;
  let sniffed = false;
  try {
    const reader = body.getReader();
    const sent = { bytes: 0, gzip: false };
    for await (const value of csvChunks(reader, sent)) {
      bytes += value.byteLength;
      if (sent.bytes > maxBytes || bytes > maxCsvBytes) {
        await reader.cancel();
        throw new AppError(
          'payload_too_large',
          tooLargeMessage(sent.bytes > maxBytes, sent.gzip, maxBytes, maxCsvBytes),
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

const mib = (n: number) =>
  `${(n / 1048576).toLocaleString('en-GB', { maximumFractionDigits: n < 1048576 ? 2 : 0 })} MiB`;

/** The 413 message: what was too large, and what to do about it (compress, split, or raise a limit). */
export function tooLargeMessage(sentOver: boolean, gzip: boolean, maxBytes: number, maxCsvBytes: number): string {
  if (sentOver && !gzip)
    return (
      `File larger than the ${mib(maxBytes)} upload limit. Send it gzip-compressed instead (a .csv.gz; CSV text ` +
      'usually shrinks 5–10×, and the limit counts the bytes sent), or split it into several files of the same kind'
    );
  if (sentOver)
    return (
      `Compressed file larger than the ${mib(maxBytes)} upload limit: split it into several files of the same kind, ` +
      'or have your operator raise MAX_UPLOAD_BYTES'
    );
  return (
    `The CSV text is larger than the ${mib(maxCsvBytes)} limit for one file once decompressed: split it into several ` +
    'files of the same kind, or have your operator raise MAX_UPLOAD_CSV_BYTES'
  );
}
