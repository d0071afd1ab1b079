import 'server-only';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { memberContext } from '../auth/context';
import type { CsvKind } from '../data/csv-schema';
import { toCsvChunks } from '../data/demo-csv';
import { createDemoGenerator, type DemoOptions } from '../data/demo-generator';
import { importLocalFile } from '../datasets/import-local-file';
import { db } from '../db';

/**
 * Writes the simulated merchant (lib/data/demo-generator) as the three CSV files a merchant would upload, and
 * imports them into the organisation through the upload pipeline. Skipped when the organisation has data.
 */
export async function writeDemoCsvFiles(dir: string, options: DemoOptions = {}): Promise<Record<CsvKind, string>> {
  await mkdir(dir, { recursive: true });
  const g = createDemoGenerator(options);
  const files = {
    customers: path.join(dir, 'customers.csv'),
    events: path.join(dir, 'events.csv'),
    exposures: path.join(dir, 'exposures.csv'),
  };
  const write = async (file: string, chunks: Iterable<string>) => {
    const out = createWriteStream(file);
    for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  };
  await write(files.customers, toCsvChunks('customers', g.customers()));
  await write(files.events, toCsvChunks('events', g.events()));
  await write(files.exposures, toCsvChunks('exposures', g.exposures()));
  return files;
}

export async function seedDemoData(
  orgSlug: string,
  options: DemoOptions = {},
): Promise<{ skipped: boolean; rows: Record<string, number> }> {
  const m = await db.membership.findFirstOrThrow({
    where: { organization: { slug: orgSlug }, role: 'MANAGER' },
    include: { organization: true, user: true },
  });
  if ((await db.dataset.count({ where: { organizationId: m.organizationId } })) > 0) return { skipped: true, rows: {} };
  const ctx = memberContext(m);
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `offerpilot-demo-${process.pid}`), options);
  const rows: Record<string, number> = {};
  for (const kind of ['customers', 'events', 'exposures'] as const) {
    const { dataset } = await importLocalFile(ctx, kind, files[kind], `Demo ${kind}`);
    const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    if (done.status !== 'COMPLETED') throw new Error(`demo ${kind} import ended ${done.status}: ${done.error ?? ''}`);
    rows[kind] = done.rowsAccepted;
  }
  return { skipped: false, rows };
}
