import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptEnv } from '../lib/env';
import { type EmbeddedHandle, startEmbeddedPostgres } from '../lib/postgres/embedded';

/**
 * What scripts need before the app can start: a Postgres server (the one in DATABASE_URL, else an embedded
 * one with data under .data/), a session secret (NEXTAUTH_SECRET, else one generated once into .data/) and the
 * keys that must never be in the database (resolveKeys).
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
  return fromEnvOrDataDir(scriptEnv().NEXTAUTH_SECRET, 'nextauth-secret', () => randomBytes(32).toString('base64url'));
}

/**
 * The keys kept outside the database: MODEL_SIGNING_KEY (HMAC of stored ONNX files) and PII_KEY_ENCRYPTION_KEY
 * (AES-256-GCM of each organisation's PII key). From the environment, else generated once into .data/ (mode 0600)
 * and read back on every later start. Sets process.env so the app and its children (web, worker) get them.
 * Lose .data/ and signed models are refused and PII keys cannot be decrypted: back it up with the database.
 */
export async function resolveKeys(): Promise<{ MODEL_SIGNING_KEY: string; PII_KEY_ENCRYPTION_KEY: string }> {
  const hex32 = () => randomBytes(32).toString('hex');
  const keys = {
    MODEL_SIGNING_KEY: await fromEnvOrDataDir(scriptEnv().MODEL_SIGNING_KEY, 'model-signing-key', hex32),
    PII_KEY_ENCRYPTION_KEY: await fromEnvOrDataDir(scriptEnv().PII_KEY_ENCRYPTION_KEY, 'pii-key-encryption-key', hex32),
  };
  Object.assign(process.env, keys);
  return keys;
}

async function fromEnvOrDataDir(fromEnv: string | undefined, fileName: string, generate: () => string) {
  if (fromEnv) return fromEnv;
  const file = path.join(DATA_DIR, fileName);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(DATA_DIR, { recursive: true });
  const secret = generate();
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await readFile(file, 'utf8')).trim(); // two processes starting at once agree on the first one written
}

/**
 * Fixed, public keys for throw-away databases (tests, e2e, benchmarks): derived from a label, set only when the
 * environment has none. Never for data that matters.
 */
export function setThrowAwayKeys(label: string): void {
  const derive = (name: string) => createHash('sha256').update(`${label}:${name}`).digest('hex');
  process.env.MODEL_SIGNING_KEY ??= derive('MODEL_SIGNING_KEY');
  process.env.PII_KEY_ENCRYPTION_KEY ??= derive('PII_KEY_ENCRYPTION_KEY');
}

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
