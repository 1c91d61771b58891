//! The real side of the parity harness: every scenario on this machine's
//! kernel, normalised, must equal its golden file.
//!
//! Needs root (network, mount and PID namespaces). Without it the tests skip
//! with one line on stderr, except in CI (`CI` set and not `0`/`false`, or
//! `MESH_PARITY_REQUIRE_ROOT=1`), where they fail.
//!
//! Environment:
//! - `MESH_PARITY_BLESS=1` rewrites the golden files from this run;
//! - `MESH_PARITY_ONLY=text` runs only scenarios whose name contains `text`;
//! - `MESH_PARITY_JOBS=N` runs N scenarios at a time (default 3).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mesh_tests::compare::compare;
use mesh_tests::normalize::Normalizer;
use mesh_tests::real::RealBackend;
use mesh_tests::scenario::{Action, Scenario, ShellCommand};
use mesh_tests::transcript::Transcript;
use mesh_tests::{Backend, golden_path, load_scenarios, run_scenario};

const NETTEST: &str = env!("CARGO_BIN_EXE_nettest");

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Starts a sandbox, or decides what to do without one: `None` means skip.
fn sandbox_or_skip(test: &str) -> Option<RealBackend> {
    match RealBackend::start(Path::new(NETTEST)) {
        Ok(backend) => Some(backend),
        Err(reason) if env_flag("CI") || env_flag("MESH_PARITY_REQUIRE_ROOT") => {
            panic!("{test}: the real-kernel parity suite must run here but cannot: {reason}")
        }
        Err(reason) => {
            // One line per test binary, written to the real stderr, past
            // libtest's capture.
            static ANNOUNCE: std::sync::Once = std::sync::Once::new();
            ANNOUNCE.call_once(|| {
                let _ = writeln!(std::io::stderr(), "skipping the real-kernel parity tests: they need root for network namespaces ({reason})");
            });
            None
        }
    }
}

/// Names a scenario gives to namespaces and devices.
fn names_used(scenario: &Scenario) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for step in &scenario.steps {
        let Ok(ShellCommand { action: Action::Exec { words, .. } }) = ShellCommand::parse(&step.command) else {
            continue;
        };
        for pair in words.windows(2) {
            if pair[0] == "add" || pair[0] == "name" {
                names.insert(pair[1].clone());
            }
        }
    }
    names
}

/// The machine's own namespaces and links, as names.
fn host_names() -> BTreeSet<String> {
    let run = |args: &[&str]| Command::new("ip").args(args).output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    let mut names = BTreeSet::new();
    for line in run(&["netns", "list"]).lines() {
        if let Some(name) = line.split_whitespace().next() {
            names.insert(name.to_string());
        }
    }
    for line in run(&["-o", "link", "show"]).lines() {
        if let Some(name) = line.split(": ").nth(1) {
            names.insert(name.split('@').next().unwrap_or(name).to_string());
        }
    }
    names
}

fn run_one(scenario: &Scenario, bless: bool) -> Result<(), String> {
    let started = Instant::now();
    let mut backend = RealBackend::start(Path::new(NETTEST)).map_err(|e| format!("{}: {e}", scenario.name))?;
    let raw = run_scenario(scenario, &mut backend);
    drop(backend);
    let normalised = Normalizer::transcript(scenario, &raw);
    let path = golden_path(&scenario.name);
    if bless {
        std::fs::write(&path, normalised.render()).map_err(|e| format!("{}: {e}", path.display()))?;
        let _ = writeln!(std::io::stderr(), "blessed {} ({:.1?})", scenario.name, started.elapsed());
        return Ok(());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("scenario {}: no golden file {} ({e}); bless with MESH_PARITY_BLESS=1", scenario.name, path.display()))?;
    let golden = Transcript::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    compare(&golden, &normalised, "golden", "real kernel now")
}

#[test]
fn real_kernel_matches_golden() {
    let Some(probe) = sandbox_or_skip("real_kernel_matches_golden") else {
        return;
    };
    drop(probe);
    let filter = std::env::var("MESH_PARITY_ONLY").unwrap_or_default();
    let bless = env_flag("MESH_PARITY_BLESS");
    let workers: usize = std::env::var("MESH_PARITY_JOBS").ok().and_then(|n| n.parse().ok()).unwrap_or(3).max(1);
    let scenarios = load_scenarios(&filter).unwrap_or_else(|e| panic!("{e}"));
    assert!(!scenarios.is_empty(), "no scenario matches MESH_PARITY_ONLY={filter:?}");

    let before = host_names();
    let queue = Mutex::new(scenarios.iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                    let Some(scenario) = next else { break };
                    if let Err(report) = run_one(scenario, bless)
                        && let Ok(mut failures) = failures.lock()
                    {
                        failures.push((scenario.name.clone(), report));
                    }
                }
            });
        }
    });

    let ours: BTreeSet<String> = scenarios.iter().flat_map(names_used).collect();
    let leftovers: Vec<String> = host_names().difference(&before).filter(|name| ours.contains(*name)).cloned().collect();
    assert!(leftovers.is_empty(), "the suite left namespaces or links on the machine: {leftovers:?}");

    let mut failures = failures.into_inner().unwrap_or_default();
    failures.sort();
    if !failures.is_empty() {
        let reports: Vec<String> = failures.into_iter().map(|(_, report)| report).collect();
        panic!("{} scenario(s) differ from golden:\n\n{}", reports.len(), reports.join("\n"));
    }
}

#[test]
fn sandbox_is_isolated_and_vanishes() {
    let Some(mut backend) = sandbox_or_skip("sandbox_is_isolated_and_vanishes") else {
        return;
    };
    let name = format!("parity-probe-{}", std::process::id());
    assert_eq!(backend.run(&format!("ip netns add {name}")).status, 0);
    let link = format!("pp{}", std::process::id() % 100_000);
    assert_eq!(backend.run(&format!("ip link add {link} type bridge")).status, 0);
    assert_eq!(backend.run("sleep 60 &"), mesh_tests::Output::default());
    let listed = backend.run("ip netns list");
    assert!(listed.stdout.contains(&name), "{listed:?}");
    let host = host_names();
    assert!(!host.contains(&name) && !host.contains(&link), "the sandbox leaked {name}/{link} onto the machine");
    // The harness settings apply in the new namespace.
    let ipv6 = backend.run(&format!("ip netns exec {name} sysctl net.ipv6.conf.all.disable_ipv6"));
    assert_eq!(ipv6.stdout, "net.ipv6.conf.all.disable_ipv6 = 1\n");

    let init = backend.init_pid();
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let _owned = backend;
        panic!("a scenario panics");
    }));
    assert!(unwound.is_err());
    let deadline = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{init}")).exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!Path::new(&format!("/proc/{init}")).exists(), "sandbox init {init} survived its backend");
}

#[test]
fn steps_and_jobs_are_bounded_in_time() {
    let Some(backend) = sandbox_or_skip("steps_and_jobs_are_bounded_in_time") else {
        return;
    };
    let mut backend = backend.with_step_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let output = backend.run("sleep 30");
    assert_eq!(output.status, 124, "{output:?}");
    assert!(output.stderr.contains("parity: killed after"), "{output:?}");
    assert!(started.elapsed() < Duration::from_secs(5));

    // A job that ends by itself is collected with its output and status.
    assert_eq!(backend.run("nettest udp-listen 5353 --timeout 100 &").status, 0);
    let waited = backend.run("wait %1");
    assert_eq!(waited.stdout, "");
    assert_eq!(waited.stderr, "recv: timed out\n");
    assert_eq!(waited.status, 1);
    assert_eq!(backend.run("wait %1").status, 127);
    // Heredocs feed stdin.
    let restored = backend.run("iptables-restore <<'EOF'\n*filter\n-A INPUT -j ACCEPT\nCOMMIT\nEOF");
    assert_eq!(restored.status, 0, "{restored:?}");
    assert_eq!(backend.run("iptables -S INPUT").stdout, "-P INPUT ACCEPT\n-A INPUT -j ACCEPT\n");
    // `iptables` is the legacy variant.
    assert!(backend.run("iptables -V").stdout.contains("(legacy)"));
}
