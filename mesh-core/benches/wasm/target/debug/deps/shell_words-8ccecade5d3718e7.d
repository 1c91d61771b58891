/work/main/mesh-core/benches/wasm/target/debug/deps/shell_words-8ccecade5d3718e7.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/shell-words-1.1.1/src/lib.rs

/work/main/mesh-core/benches/wasm/target/debug/deps/libshell_words-8ccecade5d3718e7.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/shell-words-1.1.1/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/shell-words-1.1.1/src/lib.rs:
