import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleHistLoopsWat, renderWasmModule, WASM_TS_FILE } from '../../scripts/wasm-assemble';

describe('hist-loops-wasm.ts', () => {
  it('holds exactly hist-loops.wat assembled (run `npm run build:wasm` after editing the .wat)', async () => {
    const bytes = await assembleHistLoopsWat();
    expect(readFileSync(WASM_TS_FILE, 'utf8')).toBe(renderWasmModule(bytes));
  });
});
