// Runs the benchmark cases of lib.rs compiled to wasm32-unknown-unknown,
// with the same loop as native.rs; prints one JSON object: case → ns/step.
// Usage: node run.mjs path/to/mesh_bench_wasm.wasm [case-prefix]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const MEASURE_SECS = 1.0;
const [wasmPath, only] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const x = instance.exports;
const name = (i) => new TextDecoder().decode(new Uint8Array(x.memory.buffer, x.bench_case_name_ptr(i), x.bench_case_name_len(i)));

const out = {};
for (let i = 0; i < x.bench_cases(); i++) {
  const c = name(i);
  if (only && !c.startsWith(only)) continue;
  const chunk = x.bench_setup(i);
  if (chunk === 0) continue;
  const run = (secs) => {
    let steps = 0, ns = 0, batch = 1;
    while (ns < secs * 1e9) {
      const n = Math.min(batch, chunk);
      const t = performance.now();
      x.bench_steps(n);
      ns += (performance.now() - t) * 1e6;
      steps += n;
      x.bench_maintain();
      batch = Math.min(batch * 2, 1 << 20);
    }
    return ns / steps;
  };
  run(MEASURE_SECS / 5);
  const per = run(MEASURE_SECS);
  x.bench_drop();
  console.error(`${c}: ${per.toFixed(1)} ns`);
  out[c] = Number(per.toFixed(3));
}
console.log(JSON.stringify(out));
