//! `docker` command lines: the CLI parser alone, then the commands on the
//! seed's manager (node1), as root.
#![no_main]
use std::sync::OnceLock;
static SCENARIO: OnceLock<mesh_core::swarm::scenario::Scenario> = OnceLock::new();
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let argvs = mesh_fuzz::lines_as_argv("docker", &text);
    for a in &argvs {
        let _ = mesh_core::docker::parse::parse(&a[1..]);
    }
    let sc = SCENARIO.get_or_init(mesh_core::swarm::scenario::Scenario::seed);
    let mut s = mesh_core::shell::Session::from_scenario(sc, 1);
    mesh_fuzz::run_all(&mut s, &argvs, "");
});
