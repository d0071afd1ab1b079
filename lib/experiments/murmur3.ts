/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain), on bytes. Strings are hashed as their UTF-8 bytes,
 * so the value is the same in every process, machine and language implementation of the algorithm
 * (tests check it against the published vectors and sklearn.utils.murmurhash3_32(..., positive=True)).
 *
 *   for each 4-byte little-endian block k:  k *= c1; k = rotl(k, 15); k *= c2; h ^= k; h = rotl(h, 13); h = h*5 + 0xe6546b64
 *   tail (1–3 bytes) mixed the same way without the h rotation; h ^= len; fmix32(h)
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const encoder = new TextEncoder();

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** Final avalanche mix of MurmurHash3. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of `data` (a string is UTF-8 encoded) with a 32-bit `seed` (default 0); unsigned result. */
export function murmur3x86_32(data: string | Uint8Array, seed = 0): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`murmur3x86_32: seed must be a uint32 (got ${seed})`);
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const len = bytes.length;
  const blocks = len & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = rotl32(k, 15);
    k = Math.imul(k, C2);
    h ^= k;
    h = rotl32(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (len & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: MurmurHash3's tail mixes the last 3, 2 or 1 bytes
    case 3:
      k ^= bytes[blocks + 2] << 16;
    // falls through
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: MurmurHash3's tail, as above
    case 2:
      k ^= bytes[blocks + 1] << 8;
    // falls through
    case 1:
      k ^= bytes[blocks];
      k = Math.imul(k, C1);
      k = rotl32(k, 15);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= len;
  return fmix32(h);
}
