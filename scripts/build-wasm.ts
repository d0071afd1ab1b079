/** `npm run build:wasm`: assembles lib/ml/hist-loops.wat into lib/ml/hist-loops-wasm.ts (see wasm-assemble.ts). */
import { writeFileSync } from 'node:fs';
import { assembleHistLoopsWat, renderWasmModule, WASM_TS_FILE } from './wasm-assemble';

void assembleHistLoopsWat().then((bytes) => {
  writeFileSync(WASM_TS_FILE, renderWasmModule(bytes));
  console.log(`${WASM_TS_FILE}: ${bytes.length} bytes of WebAssembly`);
});
