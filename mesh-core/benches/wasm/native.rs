//! The wasm runner's harness, natively: same cases, same loop as run.mjs.
//! Prints one JSON object: case → nanoseconds per step.

use std::time::Instant;

use mesh_bench_wasm::{CASES, build};

/// Measure for about this long per case (after a warm-up of a fifth).
const MEASURE_SECS: f64 = 1.0;

fn main() {
    let only = std::env::args().nth(1);
    let mut out = Vec::new();
    for case in CASES {
        if only.as_deref().is_some_and(|o| !case.starts_with(o)) {
            continue;
        }
        let Some(mut w) = build(case) else { continue };
        let chunk = w.chunk();
        let mut run = |secs: f64| {
            let (mut steps, mut ns) = (0u64, 0f64);
            let mut batch = 1u64;
            while ns < secs * 1e9 {
                let n = batch.min(chunk);
                let t = Instant::now();
                for _ in 0..n {
                    w.step();
                }
                ns += t.elapsed().as_nanos() as f64;
                steps += n;
                w.maintain();
                batch = (batch * 2).min(1 << 20);
            }
            ns / steps as f64
        };
        run(MEASURE_SECS / 5.0);
        let per = run(MEASURE_SECS);
        eprintln!("{case}: {per:.1} ns");
        out.push(format!("\"{case}\": {per:.3}"));
    }
    println!("{{{}}}", out.join(", "));
}
