import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { receiveUpload } from './receive-upload';

/** Issue 21 item 5: an upload over the limit can be sent gzip-compressed; the refusal says so. */
const body = (bytes: Uint8Array, chunk = 4096) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.subarray(i, i + chunk));
      c.close();
    },
  });

// 60,017 bytes of CSV text that gzip shrinks to well under 10,000
const csv = Buffer.from(`customer_id,signup_date,country\n${'C0001,2026-01-01,GB\n'.repeat(3000)}`);

describe('upload size limits', () => {
  it('refuses a plain CSV over the limit and says to send it gzip-compressed', async () => {
    await expect(receiveUpload(body(csv), 10_000, 1_000_000)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/^File larger than the [\d.]+ MiB upload limit\. Send it gzip-compressed instead/),
    });
  });

  it('accepts the same file gzip-compressed: the limit counts the bytes sent', async () => {
    const gz = gzipSync(csv);
    expect(gz.length).toBeLessThan(10_000);
    const up = await receiveUpload(body(gz), 10_000, 1_000_000);
    try {
      expect([up.bytes, up.header]).toEqual([csv.length, ['customer_id', 'signup_date', 'country']]);
    } finally {
      await up.cleanup();
    }
  });

  it('bounds the decompressed text on its own (a gzip bomb), and a compressed file over the limit', async () => {
    const gz = gzipSync(csv);
    expect(gz.length).toBeGreaterThan(100);
    await expect(receiveUpload(body(gz), 10_000, 50_000)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(
        /CSV text is larger than the [\d.]+ MiB limit for one file once decompressed.*MAX_UPLOAD_CSV_BYTES/,
      ),
    });
    await expect(receiveUpload(body(gz), 100, 1_000_000)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/^Compressed file larger than the [\d.]+ MiB upload limit: split it/),
    });
  });
});
