import 'server-only';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/**
 * The first `limit` data rows of a stored upload (after the header), for previews and type inference. Stops
 * reading as soon as it has them; unreadable records are skipped (the import reports them).
 */
export async function previewRows(filePath: string, limit = 1000): Promise<string[][]> {
  const rows: string[][] = [];
  const file = createReadStream(filePath);
  const parser = file.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true }),
  );
  try {
    let first = true;
    for await (const record of parser as AsyncIterable<string[]>) {
      if (first) {
        first = false;
        continue;
      }
      rows.push(record);
      if (rows.length >= limit) break;
    }
  } finally {
    file.destroy();
  }
  return rows;
}
