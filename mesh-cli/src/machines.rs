//! Scenarios and the session that runs one.
//!
//! Until mesh-core can start a whole scenario itself (the Swarm model wired
//! into `Session`), [`start`] boots every machine of the scenario as a plain
//! Linux host (mesh-core's `swarm::build::add_machine`: `eth0` on the
//! underlay with its address, loopback, the default route when the scenario
//! has a gateway) — so `ssh`, `ping` and the `ip` tools work across
//! machines, and Docker is not running yet.

use std::net::Ipv4Addr;
use std::path::Path;

use mesh_core::shell::Session;
use mesh_core::sim::{HostId, World};
use mesh_core::swarm::build;
use mesh_core::swarm::scenario::Scenario;

/// A scenario by built-in name, or a `.toml` file (a name with a `/` or a
/// `.toml` suffix is a file; `base` resolves relative file names).
pub fn load_scenario(name: &str, base: Option<&Path>) -> Result<Scenario, String> {
    if name.ends_with(".toml") || name.contains('/') {
        let path = match base {
            Some(dir) if Path::new(name).is_relative() => dir.join(name),
            _ => Path::new(name).to_path_buf(),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        return Scenario::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    Scenario::builtin(name).ok_or_else(|| {
        let known: Vec<&str> = Scenario::builtins().into_iter().map(|(n, _)| n).collect();
        format!("unknown scenario `{name}` (built-in: {}; or a FILE.toml)", known.join(", "))
    })
}

/// The Unix time of virtual time zero, in nanoseconds (pcapng timestamps).
pub fn epoch_ns(scenario: &Scenario) -> u64 {
    u64::try_from(scenario.wall_epoch).unwrap_or(0).saturating_mul(1_000_000_000)
}

/// A session on the scenario's first machine, as its login user.
pub fn start(scenario: &Scenario, seed: Option<u64>) -> Session {
    let seed = seed.unwrap_or(scenario.seed);
    let machines: Vec<(&str, Ipv4Addr, &str)> = scenario
        .nodes
        .iter()
        .map(|n| (n.name.as_str(), n.ip, n.user.as_str()))
        .chain(scenario.hosts.iter().map(|h| (h.name.as_str(), h.ip, h.user.as_str())))
        .collect();
    let Some(&(_, _, first_user)) = machines.first() else {
        return Session::bare_host(seed);
    };
    let mut world = World::new(seed);
    let hosts: Vec<HostId> = machines.iter().map(|&(name, ip, _)| build::add_machine(&mut world, scenario, name, ip)).collect();
    build::settle(&mut world);
    match hosts.first() {
        Some(&first) => Session::new(world, first, first_user),
        None => Session::bare_host(seed),
    }
}

/// The machines of a session, for messages.
pub fn machine_names(session: &Session) -> Vec<String> {
    session.world.hosts.iter().map(|h| h.name.clone()).collect()
}
