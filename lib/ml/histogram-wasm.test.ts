import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleHistogramWat, renderWasmModule, WASM_TS_FILE } from '../../scripts/wasm-assemble';

describe('histogram-wasm.ts', () => {
  it('holds exactly histogram.wat assembled (run `npm run build:wasm` after editing the .wat)', async () => {
    const bytes = await assembleHistogramWat();
    expect(readFileSync(WASM_TS_FILE, 'utf8')).toBe(renderWasmModule(bytes));
  });
});
