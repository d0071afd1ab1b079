import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as activateRoute from '@/app/api/v1/models/[id]/activate/route';
import * as onnxRoute from '@/app/api/v1/models/[id]/onnx/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import * as scoreRoute from '@/app/api/v1/score/route';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { runOneJob } from '@/lib/jobs/worker';
import { adoptUnsignedModels } from '@/lib/models/adopt-unsigned-models';
import { modelSignature, sha256Hex } from '@/lib/models/model-signature';
import { activateModelVersion } from '@/lib/models/model-versions';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { invalidateServingCaches } from '@/lib/serving/ttl-cache';
import { createApiKey } from '@/lib/settings/api-keys';
import { call } from './helpers';

/** Issue 12 item 12: stored ONNX files are signed with MODEL_SIGNING_KEY; serving and download refuse anything else. */
let admin: OrgContext;
let key = '';
let modelId = '';
let good: { onnx: Uint8Array<ArrayBuffer>; onnxSha256: string; onnxSignature: string };
const realKey = process.env.MODEL_SIGNING_KEY!;

beforeAll(async () => {
  const org = await db.organization.create({
    data: { name: 'Signing Test', slug: `sig-${process.pid}`, piiSecret: 's'.repeat(32) },
  });
  const mk = async (email: string, role: 'ADMIN' | 'MANAGER') => {
    const u = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role } });
    return { orgId: org.id, orgName: org.name, role, userId: u.id, apiKeyId: null, actorLabel: email };
  };
  admin = await mk(`sig-a-${process.pid}@t.test`, 'ADMIN');
  const manager = await mk(`sig-m-${process.pid}@t.test`, 'MANAGER');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-sig-${process.pid}`), {
    customers: 300,
    seed: 4,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: org.id,
      params: { name: 'sig', folds: 2, algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }] },
    },
  });
  await runOneJob('sig-worker');
  const m = await db.modelVersion.findFirstOrThrow({ where: { organizationId: org.id } });
  modelId = m.id;
  good = { onnx: m.onnx!, onnxSha256: m.onnxSha256!, onnxSignature: m.onnxSignature! };
  await activateModelVersion(admin, modelId);
  key = (await createApiKey(admin, { name: 'sig', role: 'ADMIN' })).key;
  // a model-optimal policy on this model is live: offers go through it
  const campaign = await createCampaign(admin, { name: 'sig', marginPct: 40 });
  const v = await draftPolicyVersion(admin, {
    campaignId: campaign.id,
    name: 'sig',
    rules: { mode: 'model-optimal', modelVersionId: modelId, orderValue: 60, marginPct: 40 },
  });
  await applyPolicyAction(manager, v.id, { action: 'submit' });
  await applyPolicyAction(admin, v.id, { action: 'approve', comment: 'ok' });
  await applyPolicyAction(admin, v.id, { action: 'activate', rolloutPct: 100 });
}, 180_000);

afterEach(async () => {
  process.env.MODEL_SIGNING_KEY = realKey;
  await db.modelVersion.update({ where: { id: modelId }, data: good });
  invalidateServingCaches(admin.orgId);
});

const width = 16;
const scoreRaw = () =>
  call(scoreRoute.POST, {
    url: '/api/v1/score',
    method: 'POST',
    key,
    json: { rows: [{ features: Array.from({ length: width }, (_, j) => (j === 15 ? 0 : j)) }] },
  });
const download = () => call(onnxRoute.GET, { url: `/api/v1/models/${modelId}/onnx`, key, params: { id: modelId } });
const downloadBytes = async () => {
  const { NextRequest } = await import('next/server');
  const res = await onnxRoute.GET(
    new NextRequest(`http://localhost/api/v1/models/${modelId}/onnx`, { headers: { authorization: `Bearer ${key}` } }),
    { params: Promise.resolve({ id: modelId }) },
  );
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const offer = () =>
  call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key, json: { customerId: 'C000001' } });

async function expectRefused(reason: RegExp) {
  const s = await scoreRaw();
  expect([s.status, s.body.error.code]).toEqual([422, 'unprocessable']);
  expect(s.body.error.message).toMatch(reason);
  const d = await download();
  expect([d.status, d.body.error.code]).toEqual([422, 'unprocessable']);
  expect(d.body.error.message).toMatch(reason);
  // the offers API answers as it does when its policy's model cannot be served: 422 naming the model
  const o = await offer();
  expect([o.status, o.body.error.code]).toEqual([422, 'unprocessable']);
  expect(o.body.error.message).toMatch(reason);
}

describe('signed model files', () => {
  it('signs every trained file with HMAC-SHA256(MODEL_SIGNING_KEY, org, version, sha256) and serves it', async () => {
    expect(good.onnxSha256).toBe(sha256Hex(good.onnx));
    expect(good.onnxSignature).toBe(
      modelSignature(Buffer.from(realKey, 'hex'), admin.orgId, modelId, sha256Hex(good.onnx)),
    );
    const s = await scoreRaw();
    expect(s.status).toBe(200);
    expect(s.body.model.sha256).toBe(sha256Hex(good.onnx));
    const d = await downloadBytes();
    expect(d.status).toBe(200);
    expect(sha256Hex(d.bytes)).toBe(good.onnxSha256);
    const o = await offer();
    expect(o.status).toBe(200);
    expect(o.body.score.modelVersionId).toBe(modelId);
  });

  it('refuses to activate a version whose file fails its check, and leaves the served one unchanged', async () => {
    await db.modelVersion.update({ where: { id: modelId }, data: { onnxSignature: 'f'.repeat(64) } });
    const res = await call(activateRoute.POST, {
      url: `/api/v1/models/${modelId}/activate`,
      method: 'POST',
      key,
      params: { id: modelId },
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'unprocessable']);
    expect(res.body.error.message).toMatch(/signature does not match/);
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: modelId } })).isActive).toBe(true);
  });

  it('refuses tampered bytes (hash column unchanged)', async () => {
    const bytes = Uint8Array.from(good.onnx);
    bytes[bytes.length - 1] ^= 0xff;
    await db.modelVersion.update({ where: { id: modelId }, data: { onnx: bytes } });
    invalidateServingCaches(admin.orgId);
    await expectRefused(/does not match its stored SHA-256/);
  });

  it('refuses a tampered hash column, and bytes + hash rewritten together (only the signature catches it)', async () => {
    await db.modelVersion.update({ where: { id: modelId }, data: { onnxSha256: 'a'.repeat(64) } });
    invalidateServingCaches(admin.orgId);
    await expectRefused(/does not match its stored SHA-256/);
    const bytes = Uint8Array.from(good.onnx);
    bytes[bytes.length - 1] ^= 0xff;
    await db.modelVersion.update({ where: { id: modelId }, data: { onnx: bytes, onnxSha256: sha256Hex(bytes) } });
    invalidateServingCaches(admin.orgId);
    await expectRefused(/signature does not match/);
  });

  it('refuses a file signed with another key, and an unsigned file', async () => {
    process.env.MODEL_SIGNING_KEY = 'b'.repeat(64);
    invalidateServingCaches(admin.orgId);
    await expectRefused(/signature does not match/);
    process.env.MODEL_SIGNING_KEY = realKey;
    await db.modelVersion.update({ where: { id: modelId }, data: { onnxSignature: null } });
    invalidateServingCaches(admin.orgId);
    await expectRefused(/not signed/);
  });

  it('adopts an unsigned file only when its bytes match its stored hash', async () => {
    const url = process.env.DATABASE_URL!;
    await db.modelVersion.update({ where: { id: modelId }, data: { onnxSignature: null, onnxSha256: 'c'.repeat(64) } });
    expect(await adoptUnsignedModels(url, Buffer.from(realKey, 'hex'))).toEqual({ signed: [], refused: [modelId] });
    await db.modelVersion.update({ where: { id: modelId }, data: { onnxSha256: good.onnxSha256 } });
    expect(await adoptUnsignedModels(url, Buffer.from(realKey, 'hex'))).toEqual({ signed: [modelId], refused: [] });
    const row = await db.modelVersion.findUniqueOrThrow({ where: { id: modelId } });
    expect(row.onnxSignature).toBe(good.onnxSignature);
    invalidateServingCaches(admin.orgId);
    expect((await scoreRaw()).status).toBe(200);
  });
});
