//! `curl` command lines against the seed lab (a service published on 8080).
#![no_main]
use std::sync::OnceLock;
static SCENARIO: OnceLock<mesh_core::swarm::scenario::Scenario> = OnceLock::new();
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let sc = SCENARIO.get_or_init(mesh_core::swarm::scenario::Scenario::seed);
    let mut s = mesh_core::shell::Session::from_scenario(sc, 1);
    s.run("sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami");
    let argvs = mesh_fuzz::lines_as_argv("curl", &text);
    mesh_fuzz::run_all(&mut s, &argvs, "");
});
