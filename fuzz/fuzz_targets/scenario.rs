//! Scenario files (`Scenario::from_toml`); a scenario that parses is built.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    if let Ok(sc) = mesh_core::swarm::scenario::Scenario::from_toml(&text) {
        if sc.nodes.len() + sc.hosts.len() <= 8 {
            let mut s = mesh_core::shell::Session::from_scenario(&sc, 1);
            mesh_fuzz::still_usable(&mut s);
        }
    }
});
