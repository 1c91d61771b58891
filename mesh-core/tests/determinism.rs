//! The same commands give byte-identical output and pcapng natively and in
//! wasm32: both sides must reproduce `determinism.golden`. Rewrite the
//! golden file (natively) with `MESH_BLESS=1 cargo test -p mesh-core --test
//! determinism`; the wasm side runs under wasm-bindgen-test (`cargo test -p
//! mesh-core --target wasm32-unknown-unknown --test determinism`).

use mesh_core::shell::Session;
use mesh_core::shell::trace_view::TraceView;
use mesh_core::swarm::scenario::Scenario;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const SCRIPT: &[&str] = &[
    "sudo docker node ls",
    "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami",
    "sudo docker service ps web",
    "curl 172.19.177.14:8080",
    "curl 172.19.188.123:8080",
    "trace curl -s 172.19.177.14:8080",
    "sudo iptables -nvL -t nat",
    "sudo nsenter --net=/run/docker/netns/ingress_sbox iptables -nvL -t mangle",
    "sudo nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Lnc",
    "sudo conntrack -L",
];

/// Every command's output, then a hash of the traced request's pcapng.
fn transcript() -> String {
    let mut s = Session::from_scenario(&Scenario::seed(), 1);
    let mut out = String::new();
    for cmd in SCRIPT {
        let o = s.run(cmd);
        out.push_str(&format!("$ {cmd}\n{}{}[{}]\n", o.stdout, o.stderr, o.status));
    }
    let trace = s.last_trace().cloned().unwrap_or_default();
    let pcap = TraceView::new(&trace).to_pcapng(1_700_212_020_000_000_000);
    out.push_str(&format!("pcapng: {} bytes, fnv1a {:016x}\n", pcap.len(), mesh_core::rng::fnv1a(&pcap)));
    out
}

const GOLDEN: &str = include_str!("determinism.golden");

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_run_matches_the_golden_transcript() {
    let t = transcript();
    if std::env::var("MESH_BLESS").is_ok_and(|v| v == "1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/determinism.golden");
        std::fs::write(path, &t).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    assert!(t == GOLDEN, "native output differs from tests/determinism.golden (MESH_BLESS=1 rewrites it after a deliberate change)");
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn wasm_run_matches_the_golden_transcript() {
    assert!(transcript() == GOLDEN, "wasm32 output differs from the native golden transcript");
}
