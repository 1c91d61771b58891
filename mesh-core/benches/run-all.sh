#!/bin/sh
# Run every benchmark of issue 9 and rewrite BENCHMARKS.md from this one run.
#
#   mesh-core/benches/run-all.sh          # full run (~20 min on 2 cores)
#   MESH_BENCH_QUICK=1 mesh-core/benches/run-all.sh   # short samples
#   MESH_BENCH_LOAD="what else ran" mesh-core/benches/run-all.sh   # said under Machine
#
# 1. criterion: cargo bench -p mesh-core --bench mesh (BM1–BM8; BM7 needs
#    root and is skipped with one line without it);
# 2. the same workloads for wasm32-unknown-unknown under Node, and the same
#    harness natively (mesh-core/benches/wasm/);
# 3. mesh-core/benches/report.py writes BENCHMARKS.md (keeping its
#    `## Browser` section).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=target/mesh-bench
rm -rf target/criterion "$out"
mkdir -p "$out"

cargo bench -p mesh-core --bench mesh

wasm_target=target/wasm-bench
(cd mesh-core/benches/wasm &&
    cargo build --release --target wasm32-unknown-unknown --target-dir "../../../$wasm_target" &&
    cargo build --release --bin mesh-bench-native --target-dir "../../../$wasm_target")
"$wasm_target/release/mesh-bench-native" > "$out/native.json"
node mesh-core/benches/wasm/run.mjs "$wasm_target/wasm32-unknown-unknown/release/mesh_bench_wasm.wasm" > "$out/wasm.json"

python3 mesh-core/benches/report.py "$root" > "$out/BENCHMARKS.md"
mv "$out/BENCHMARKS.md" BENCHMARKS.md
echo "BENCHMARKS.md rewritten"
