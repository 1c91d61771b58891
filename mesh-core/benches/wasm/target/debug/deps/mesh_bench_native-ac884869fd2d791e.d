/work/main/mesh-core/benches/wasm/target/debug/deps/mesh_bench_native-ac884869fd2d791e.d: native.rs

/work/main/mesh-core/benches/wasm/target/debug/deps/libmesh_bench_native-ac884869fd2d791e.rmeta: native.rs

native.rs:
