import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptEnv } from '../lib/env';
import { type EmbeddedHandle, startEmbeddedPostgres } from '../lib/postgres/embedded';

/**
 * What scripts need before the app can start: a Postgres server (the one in DATABASE_URL, else an embedded
 * one with data under .data/) and a session secret (NEXTAUTH_SECRET, else one generated once into .data/).
 */
export const DATA_DIR = path.join(process.cwd(), '.data');

export async function resolveDatabase(opts: { embeddedDir: string; port: number; database: string }): Promise<{
  url: string;
  embedded: EmbeddedHandle | null;
}> {
  const { DATABASE_URL } = scriptEnv();
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: null };
  console.log(
    `[offerpilot] DATABASE_URL is unset: starting embedded PostgreSQL in ${path.relative(process.cwd(), opts.embeddedDir)} on port ${opts.port}`,
  );
  const embedded = await startEmbeddedPostgres({ dataDir: opts.embeddedDir, port: opts.port, database: opts.database });
  return { url: embedded.connectionString, embedded };
}

export async function resolveSecret(): Promise<string> {
  const { NEXTAUTH_SECRET } = scriptEnv();
  if (NEXTAUTH_SECRET) return NEXTAUTH_SECRET;
  const file = path.join(DATA_DIR, 'nextauth-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
