//! Issue 9's benchmarks BM1–BM8 (criterion). Run them all, with the wasm
//! comparison and the BENCHMARKS.md rewrite, with `mesh-core/benches/run-all.sh`;
//! one group with `cargo bench -p mesh-core --bench mesh -- bm3`.
//!
//! The workloads are in `common/workloads.rs` (shared with the wasm runner);
//! BM7 (the real kernel) and BM8's memory figure are here, since they need
//! processes and /proc. Figures land in `target/criterion/<group>/<case>/`
//! and, for what criterion does not measure (BM8 memory, BM7's skip
//! reason), in `target/mesh-bench/extra.json`.

#[path = "common/workloads.rs"]
mod workloads;

#[path = "common/kernel_path.rs"]
mod kernel_path;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use workloads::*;

/// Time `iters` steps, calling the untimed upkeep between chunks.
fn timed<W: Workload>(w: &mut W, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let n = left.min(w.chunk());
        let t = Instant::now();
        for _ in 0..n {
            w.step();
        }
        total += t.elapsed();
        left -= n;
        w.maintain();
    }
    total
}

/// Whether a group is selected by the command line's filter (criterion
/// matches ids against it; the expensive setups here are skipped when no
/// id of the group can match). Only prefixes are understood here.
fn wanted(group: &str) -> bool {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-') && a != "--bench");
    filter.is_none_or(|f| group.starts_with(&f) || f.starts_with(group))
}

/// Short samples and small sizes: `MESH_BENCH_QUICK=1`, or criterion's
/// test mode (`cargo test --benches` runs each bench once, without
/// `--bench`), so that a test run of every target stays short.
fn quick() -> bool {
    std::env::var_os("MESH_BENCH_QUICK").is_some() || test_mode()
}

fn test_mode() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

fn config() -> Criterion {
    let c = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2)).sample_size(20);
    let c = if quick() { c.warm_up_time(Duration::from_millis(100)).measurement_time(Duration::from_millis(300)).sample_size(10) } else { c };
    c.configure_from_args()
}

fn bm1(c: &mut Criterion) {
    let mut g = c.benchmark_group("bm1_bridge");
    for len in [64usize, 1500] {
        let mut w = BridgeForward::new(len);
        g.throughput(criterion::Throughput::Elements(1));
        g.bench_function(BenchmarkId::from_parameter(len), |b| b.iter_custom(|n| timed(&mut w, n)));
    }
    g.finish();
}

/// BM2's chain lengths.
const NAT_RULES: [usize; 6] = [0, 10, 100, 1_000, 10_000, 50_000];

fn bm2(c: &mut Criterion) {
    let mut g = c.benchmark_group("bm2_nat_chain");
    let sizes: &[usize] = if test_mode() { &NAT_RULES[..3] } else { &NAT_RULES };
    for &n in sizes {
        let mut w = NatChain::new(n);
        g.bench_function(BenchmarkId::from_parameter(n), |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
}

fn bm3(c: &mut Criterion) {
    let mut g = c.benchmark_group("bm3_ipvs");
    for n in [1u32, 10, 100, 1_000, 10_000] {
        let mut w = IpvsDispatch::new(n);
        g.bench_function(BenchmarkId::from_parameter(n), |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
}

/// BM4's table sizes.
const CT_SIZES: [u32; 4] = [1_000, 10_000, 100_000, 1_000_000];

fn bm4(c: &mut Criterion) {
    let sizes: &[u32] = if quick() { &CT_SIZES[..2] } else { &CT_SIZES };
    let mut g = c.benchmark_group("bm4_ct_lookup");
    for &n in sizes {
        let mut w = ConntrackLookup::new(n);
        g.bench_function(BenchmarkId::from_parameter(n), |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
    let mut g = c.benchmark_group("bm4_ct_established");
    g.sample_size(10);
    for &n in sizes {
        let mut w = ConntrackEstablished::new(n);
        g.bench_function(BenchmarkId::from_parameter(n), |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
    let mut g = c.benchmark_group("bm4_ct_new");
    g.sample_size(10);
    for &n in sizes {
        let mut w = ConntrackNew::new(n);
        g.bench_function(BenchmarkId::from_parameter(n), |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
}

fn bm5(c: &mut Criterion) {
    let mut g = c.benchmark_group("bm5_vxlan");
    let mut enc = VxlanEncap::new(1400);
    g.bench_function("encap", |b| b.iter_custom(|k| timed(&mut enc, k)));
    let mut dec = VxlanDecap::new(1400);
    g.bench_function("decap", |b| b.iter_custom(|k| timed(&mut dec, k)));
    g.finish();
}

fn bm6(c: &mut Criterion) {
    let mut g = c.benchmark_group("bm6_curl");
    for (name, tracing) in [("tracing_off", false), ("tracing_on", true)] {
        let mut w = SeedCurl::new(tracing);
        g.bench_function(name, |b| b.iter_custom(|k| timed(&mut w, k)));
    }
    g.finish();
}

fn bm7(c: &mut Criterion) {
    match kernel_path::KernelPath::start() {
        Ok(mut path) => {
            let mut g = c.benchmark_group("bm7_kernel");
            g.bench_function("curl", |b| b.iter_custom(|k| path.requests(k)));
            g.finish();
            extra::set("bm7_skipped", serde_json::Value::Null);
        }
        Err(why) => {
            eprintln!("BM7 skipped: {why}");
            extra::set("bm7_skipped", serde_json::Value::String(why));
        }
    }
}

fn bm8(c: &mut Criterion) {
    let (nodes, services, replicas) = if test_mode() { (4, 4, 2) } else { workloads::SCALE };
    let mut g = c.benchmark_group("bm8_scale");
    g.sample_size(10);
    g.bench_function("converge", |b| {
        b.iter_custom(|k| {
            let mut total = Duration::ZERO;
            for _ in 0..k {
                let t = Instant::now();
                let lab = scale_lab(nodes, services, replicas);
                total += t.elapsed();
                drop(lab);
            }
            total
        })
    });
    if test_mode() {
        g.finish();
        return;
    }
    let mut w = SeedCurl::with_lab(false, scale_lab_full, "curl 172.19.100.1:8050", "RemoteAddr: ");
    g.bench_function("curl", |b| b.iter_custom(|k| timed(&mut w, k)));
    g.finish();
    match memory::measure_in_child("bm8-memory") {
        Ok(m) => extra::set("bm8_memory", m),
        Err(e) => eprintln!("BM8 memory not measured: {e}"),
    }
}

fn main() {
    if let Ok(role) = std::env::var(ROLE_VAR) {
        std::process::exit(run_role(&role));
    }
    let mut c = config();
    let groups: [Group; 8] = [("bm1", bm1), ("bm2", bm2), ("bm3", bm3), ("bm4", bm4), ("bm5", bm5), ("bm6", bm6), ("bm7", bm7), ("bm8", bm8)];
    for (name, run) in groups {
        if wanted(name) {
            run(&mut c);
        }
    }
    c.final_summary();
}

/// A group of benches and the name its filter matches.
type Group = (&'static str, fn(&mut Criterion));

/// The bench binary re-runs itself in these roles (BM7's client and
/// server inside namespaces, BM8's memory probe in a fresh process).
pub const ROLE_VAR: &str = "MESH_BENCH_ROLE";

fn run_role(role: &str) -> i32 {
    match role {
        "bm7-server" => kernel_path::server(),
        "bm7-client" => kernel_path::client(),
        "bm8-memory" => memory::probe(),
        _ => {
            eprintln!("unknown {ROLE_VAR}={role}");
            2
        }
    }
}

/// Peak memory of building BM8's lab, in a process of its own.
mod memory {
    use super::*;

    fn status_kb(field: &str) -> Option<u64> {
        let s = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = s.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Child side: build the lab, print JSON with the memory figures.
    pub fn probe() -> i32 {
        let before = status_kb("VmRSS:").unwrap_or(0);
        let t = Instant::now();
        let lab = workloads::scale_lab_full();
        let secs = t.elapsed().as_secs_f64();
        let rss = status_kb("VmRSS:").unwrap_or(0);
        let hwm = status_kb("VmHWM:").unwrap_or(0);
        let events = lab.world.events;
        println!("{{\"rss_before_kb\":{before},\"rss_after_kb\":{rss},\"peak_kb\":{hwm},\"build_secs\":{secs},\"events\":{events}}}");
        0
    }

    pub fn measure_in_child(role: &str) -> Result<serde_json::Value, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let out = std::process::Command::new(exe).env(ROLE_VAR, role).output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("probe failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
    }
}

/// Figures criterion does not record, kept beside its own.
mod extra {
    use std::path::PathBuf;

    pub fn path() -> PathBuf {
        if let Some(p) = std::env::var_os("MESH_BENCH_EXTRA") {
            return PathBuf::from(p);
        }
        // target/release/deps/mesh-HASH → target/mesh-bench/extra.json
        let exe = std::env::current_exe().unwrap_or_default();
        let target = exe.ancestors().nth(3).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target"));
        target.join("mesh-bench").join("extra.json")
    }

    pub fn set(key: &str, value: serde_json::Value) {
        let p = path();
        let mut all: serde_json::Map<String, serde_json::Value> = std::fs::read(&p).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        all.insert(key.to_string(), value);
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&p, serde_json::to_vec_pretty(&all).unwrap_or_default());
    }
}
