import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Validated once, on first use; a bad value stops the process with a
 * message naming the variable. Scripts (scripts/*.ts) fill DATABASE_URL and NEXTAUTH_SECRET before the app
 * starts when they are unset (embedded Postgres, generated secret kept under .data/).
 */
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const HEX_KEY_MESSAGE = 'must be 64 hex characters (32 bytes: openssl rand -hex 32)';

/** `SMTP_URL=` in an env file means unset, not an invalid URL */
const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
    NEXTAUTH_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** largest accepted upload body, bytes as sent (a .csv.gz counts compressed) */
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
    /**
     * where received uploads wait for a worker to import them: a directory every app server and worker can read
     * (on several machines, a shared volume); default <os temp dir>/offerpilot-uploads
     */
    UPLOAD_DIR: z.string().min(1).optional(),
    /** largest CSV text of one upload once decompressed (a .csv.gz counts against MAX_UPLOAD_BYTES as sent), bytes */
    MAX_UPLOAD_CSV_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024 * 1024),
    /** a running job whose worker has not heartbeated for this long is taken back (requeued or failed) */
    JOB_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
    /** a job running longer than this fails with a message (per attempt) */
    JOB_TIME_LIMIT_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    /** queued + running jobs one organisation may have at once */
    MAX_ACTIVE_JOBS_PER_ORG: z.coerce.number().int().positive().max(1000).default(5),
    /** model fits one training job may ask for (grid candidates × folds + one refit per algorithm) */
    MAX_FITS_PER_JOB: z.coerce.number().int().positive().max(100_000).default(200),
    /** worker_threads used by one worker process for training (default: the machine's cores) */
    TRAINING_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    /** server processes sharing this machine's cores (`npm run demo` runs one per core and sets it; default 1) */
    SERVER_PROCESSES: z.coerce.number().int().min(1).max(256).default(1),
    /** connections per database pool of one process (default: lib/postgres/pool-size.ts, from cores and processes) */
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
    /** HMAC-SHA256 key that signs stored ONNX files (64 hex characters; never stored in the database) */
    MODEL_SIGNING_KEY: z.string().regex(HEX_KEY, HEX_KEY_MESSAGE).optional(),
    /** events older than the current month and this many before it are dropped by the worker, whole months at a time
     * (partitions of "Event"; lib/events/event-retention.ts); unset: keep every event */
    EVENT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
    /** AES-256-GCM key that encrypts each organisation's PII HMAC key (64 hex characters; never in the database) */
    PII_KEY_ENCRYPTION_KEY: z.string().regex(HEX_KEY, HEX_KEY_MESSAGE).optional(),
    /** mail server for invitations, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS from the start); unset: no e-mail */
    SMTP_URL: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .url('must be a URL such as smtp://user:pass@mail.example.com:587')
        .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
        .optional(),
    ),
    /** the From of e-mails sent, e.g. "OfferPilot <no-reply@example.com>"; required with SMTP_URL */
    SMTP_FROM: z.preprocess(emptyAsUnset, z.string().trim().min(3).max(200).optional()),
  })
  .superRefine((e, ctx) => {
    if (e.SMTP_URL && !e.SMTP_FROM)
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_FROM'],
        message: 'is required when SMTP_URL is set (the From address)',
      });
  });

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validates an environment (process.env in the app); throws naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Log level, readable before the rest of the environment is complete (scripts log too). */
export function logLevel(): z.infer<typeof LogLevel> {
  return LogLevel.catch('info').parse(process.env.LOG_LEVEL);
}

/**
 * Where received uploads wait for a worker to import them (UPLOAD_DIR, validated with the rest of the env; default
 * <os temp dir>/offerpilot-uploads). Readable without the rest of the environment: receiving a file needs no secret.
 */
export function uploadDir(): string {
  return process.env.UPLOAD_DIR || path.join(os.tmpdir(), 'offerpilot-uploads');
}

/** True under `next dev` (the CSP then allows React's dev-only eval). Readable without the rest of the env. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === 'development';
}

/**
 * The two keys that live outside the database (scripts/runtime.ts generates them into .data/ when unset), as bytes.
 * Readable without the rest of the environment: seeds and scripts sign models and encrypt PII keys too.
 * @throws Error naming the variable when it is unset or not 64 hex characters
 */
export function secretKey(name: 'MODEL_SIGNING_KEY' | 'PII_KEY_ENCRYPTION_KEY'): Buffer {
  const raw = process.env[name];
  if (!raw)
    throw new Error(
      `${name} is not set: npm run demo generates one into .data/; elsewhere set it to 64 hex characters (openssl rand -hex 32)`,
    );
  if (!HEX_KEY.test(raw)) throw new Error(`Invalid environment:\n  ${name}: ${HEX_KEY_MESSAGE}`);
  return Buffer.from(raw, 'hex');
}

/** Raw optional settings for scripts (which run before the app's env is complete). */
export function scriptEnv() {
  return {
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || undefined,
    MODEL_SIGNING_KEY: process.env.MODEL_SIGNING_KEY || undefined,
    PII_KEY_ENCRYPTION_KEY: process.env.PII_KEY_ENCRYPTION_KEY || undefined,
    /** scripts/rotate-pii-kek.ts: the key to rotate to (generated when unset) */
    NEW_PII_KEY_ENCRYPTION_KEY: process.env.NEW_PII_KEY_ENCRYPTION_KEY || undefined,
    PORT: process.env.PORT ? Number(process.env.PORT) : undefined,
    /** address the demo server binds (default 127.0.0.1) */
    HOST: process.env.HOST || undefined,
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
    /** Postgres server for test databases (scripts/test-all.ts sets it) */
    TEST_PG_URL: process.env.TEST_PG_URL || undefined,
    E2E_PORT: process.env.E2E_PORT ? Number(process.env.E2E_PORT) : undefined,
    /** replay a shuffled integration run in the same order */
    TEST_SHUFFLE_SEED: process.env.TEST_SHUFFLE_SEED ? Number(process.env.TEST_SHUFFLE_SEED) : undefined,
    CI: process.env.CI === 'true' || process.env.CI === '1',
  };
}
