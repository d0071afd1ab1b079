/** `npm run build:wasm`: assembles lib/ml/histogram.wat into lib/ml/histogram-wasm.ts (see wasm-assemble.ts). */
import { writeFileSync } from 'node:fs';
import { assembleHistogramWat, renderWasmModule, WASM_TS_FILE } from './wasm-assemble';

void assembleHistogramWat().then((bytes) => {
  writeFileSync(WASM_TS_FILE, renderWasmModule(bytes));
  console.log(`${WASM_TS_FILE}: ${bytes.length} bytes of WebAssembly`);
});
