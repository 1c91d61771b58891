/work/main/mesh-core/benches/wasm/target/debug/deps/mesh_bench_wasm-30d5d1d7b3105825.d: lib.rs ../common/workloads.rs

/work/main/mesh-core/benches/wasm/target/debug/deps/libmesh_bench_wasm-30d5d1d7b3105825.rmeta: lib.rs ../common/workloads.rs

lib.rs:
../common/workloads.rs:
