import 'server-only';
import * as ort from 'onnxruntime-node';

/**
 * One onnxruntime InferenceSession per model version, created on first use from bytes that passed their signature
 * check and cached by (id, SHA-256 computed from those bytes), so a
 * newly activated version is loaded beside the old one and requests switch over without a restart or a
 * failed request. Input `features` float32 [N, nRaw], output `probability` float32 [N, 1].
 */
const sessions = new Map<string, Promise<ort.InferenceSession>>();

export function sessionFor(
  key: { id: string; sha256: string },
  bytes: () => Promise<Uint8Array>,
): Promise<ort.InferenceSession> {
  const k = `${key.id}:${key.sha256}`;
  let s = sessions.get(k);
  if (!s) {
    s = bytes().then((b) => ort.InferenceSession.create(b, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 }));
    s.catch(() => sessions.delete(k)); // a failed load is retried next time
    sessions.set(k, s);
  }
  return s;
}

export async function runProbability(
  session: ort.InferenceSession,
  rows: Float32Array,
  n: number,
  cols: number,
): Promise<Float32Array> {
  const out = await session.run({ features: new ort.Tensor('float32', rows, [n, cols]) });
  return out.probability.data as Float32Array;
}
