import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptLegacyPiiKeys } from '@/lib/data/encrypt-legacy-pii-keys';
import { orgPiiKey } from '@/lib/data/org-pii-key';
import { decryptPiiKey, PiiKeyDecryptionError } from '@/lib/data/pii-key-crypto';
import { hashPii } from '@/lib/data/privacy';
import { rotatePiiKek } from '@/lib/data/rotate-pii-kek';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { orgContext } from './helpers';

/** Issue 12 item 13: per-organisation PII keys are stored AES-256-GCM-encrypted under PII_KEY_ENCRYPTION_KEY. */
const kek = () => Buffer.from(process.env.PII_KEY_ENCRYPTION_KEY!, 'hex');
const PHONE = '+44 7700 900123';

async function newOrg(slug: string, data: { piiSecret?: string } = {}) {
  return db.organization.create({ data: { name: slug, slug: `${slug}-${process.pid}`, ...data } });
}

describe('PII keys encrypted outside the database', () => {
  it('stores only ciphertext: the Organization row alone does not reproduce a phone hash, the decrypted key does', async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const file = path.join(os.tmpdir(), `op-it-pii-${process.pid}.csv`);
    await writeFile(
      file,
      `customer_id,signup_date,country,email,phone,name\nPII1,2026-01-02,GB,pat@example.com,${PHONE},Pat\n`,
    );
    await importLocalFile(admin, 'customers', file);
    const c = await db.customer.findUniqueOrThrow({
      where: { organizationId_externalId: { organizationId: admin.orgId, externalId: 'PII1' } },
    });
    const row = await db.organization.findUniqueOrThrow({ where: { id: admin.orgId } });
    expect(row.piiSecret).toBeNull();
    expect(row.piiKeyEncrypted).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    // every value of the row, tried as the HMAC key, gives another hash
    for (const v of Object.values(row))
      if (typeof v === 'string' && Buffer.byteLength(v) >= 16) expect(hashPii(v, PHONE, 'phone')).not.toBe(c.phoneHash);
    const key = decryptPiiKey(kek(), admin.orgId, row.piiKeyEncrypted!);
    expect(hashPii(key, PHONE, 'phone')).toBe(c.phoneHash);
    expect(c.phoneHash).toBe(hashPii(await orgPiiKey(db, admin.orgId), '447700900123', 'phone'));
  });

  it('encrypts legacy plaintext keys once (data migration) and keeps their hashes', async () => {
    const legacy = 'legacy-plaintext-key-0123456789abcdef';
    const org = await newOrg('pii-legacy', { piiSecret: legacy });
    const before = hashPii(legacy, PHONE, 'phone');
    expect(await encryptLegacyPiiKeys(process.env.DATABASE_URL!, kek())).toBeGreaterThanOrEqual(1);
    expect(await encryptLegacyPiiKeys(process.env.DATABASE_URL!, kek())).toBe(0);
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.piiSecret).toBeNull();
    expect(decryptPiiKey(kek(), org.id, row.piiKeyEncrypted!)).toBe(legacy);
    expect(hashPii(await orgPiiKey(db, org.id), PHONE, 'phone')).toBe(before);
  });

  it('refuses a wrong PII_KEY_ENCRYPTION_KEY with an error naming it', async () => {
    const org = await newOrg('pii-wrong');
    await orgPiiKey(db, org.id); // generated and stored encrypted
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    const wrong = Buffer.alloc(32, 1);
    expect(() => decryptPiiKey(wrong, org.id, row.piiKeyEncrypted!)).toThrow(PiiKeyDecryptionError);
    const other = await newOrg('pii-wrong-2');
    await db.organization.update({ where: { id: other.id }, data: { piiKeyEncrypted: row.piiKeyEncrypted } });
    // a ciphertext copied onto another organisation does not decrypt (the organisation id is authenticated)
    await expect(orgPiiKey(db, other.id)).rejects.toThrow(/cannot be decrypted: authentication failed/);
    await expect(orgPiiKey(db, other.id)).rejects.toThrow(/PII_KEY_ENCRYPTION_KEY/);
    await db.organization.delete({ where: { id: other.id } }); // the rotation test must be able to decrypt every row
  });

  it('rotates the key encryption key (library and scripts/rotate-pii-kek.ts): same PII keys, old KEK refused', async () => {
    const url = process.env.DATABASE_URL!;
    const orgs = await db.organization.findMany({ where: { piiKeyEncrypted: { not: null } }, orderBy: { id: 'asc' } });
    const keys = orgs.map((o) => decryptPiiKey(kek(), o.id, o.piiKeyEncrypted!));
    const newHex = 'ab'.repeat(32);
    const r = await rotatePiiKek(url, kek(), Buffer.from(newHex, 'hex'));
    expect(r.reencrypted).toBeGreaterThanOrEqual(orgs.length);
    const rotated = await db.organization.findMany({
      where: { id: { in: orgs.map((o) => o.id) } },
      orderBy: { id: 'asc' },
    });
    expect(rotated.map((o) => decryptPiiKey(Buffer.from(newHex, 'hex'), o.id, o.piiKeyEncrypted!))).toEqual(keys);
    expect(() => decryptPiiKey(kek(), rotated[0].id, rotated[0].piiKeyEncrypted!)).toThrow(PiiKeyDecryptionError);
    // a second rotation with the old KEK aborts and changes nothing
    await expect(rotatePiiKek(url, kek(), Buffer.from(newHex, 'hex'))).rejects.toThrow(PiiKeyDecryptionError);
    // the script rotates back: current key from the environment, new one given
    const run = spawnSync(
      path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
      ['--conditions=react-server', 'scripts/rotate-pii-kek.ts'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: url,
          PII_KEY_ENCRYPTION_KEY: newHex,
          NEW_PII_KEY_ENCRYPTION_KEY: process.env.PII_KEY_ENCRYPTION_KEY,
        },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ organisation PII key\(s\) re-encrypted under the new key/);
    const back = await db.organization.findMany({
      where: { id: { in: orgs.map((o) => o.id) } },
      orderBy: { id: 'asc' },
    });
    expect(back.map((o) => decryptPiiKey(kek(), o.id, o.piiKeyEncrypted!))).toEqual(keys);
  });

  it('rotates a key kept in .data/: writes the new key first, then swaps the files (old one kept as .old)', async () => {
    const url = process.env.DATABASE_URL!;
    const oldHex = process.env.PII_KEY_ENCRYPTION_KEY!;
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'op-rotate-'));
    await mkdir(path.join(cwd, '.data'));
    const file = path.join(cwd, '.data', 'pii-key-encryption-key');
    await writeFile(file, oldHex);
    const { PII_KEY_ENCRYPTION_KEY: _unset, ...env } = process.env;
    const run = spawnSync(
      path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
      ['--conditions=react-server', path.join(process.cwd(), 'scripts', 'rotate-pii-kek.ts')],
      { cwd, encoding: 'utf8', env: { ...env, DATABASE_URL: url } },
    );
    expect(run.status, run.stderr).toBe(0);
    const newHex = (await readFile(file, 'utf8')).trim();
    expect(newHex).toMatch(/^[0-9a-f]{64}$/);
    expect(newHex).not.toBe(oldHex);
    expect((await readFile(`${file}.old`, 'utf8')).trim()).toBe(oldHex);
    const org = await db.organization.findFirstOrThrow({ where: { piiKeyEncrypted: { not: null } } });
    expect(() => decryptPiiKey(Buffer.from(newHex, 'hex'), org.id, org.piiKeyEncrypted!)).not.toThrow();
    // back to the key the rest of this file uses
    await rotatePiiKek(url, Buffer.from(newHex, 'hex'), kek());
    await rm(cwd, { recursive: true });
  });
});
