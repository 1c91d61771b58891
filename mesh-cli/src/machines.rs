//! Scenarios and the session that runs one.
//!
//! [`start`] boots a scenario with mesh-core's `Session::from_scenario`.

use std::path::Path;

use mesh_core::shell::Session;
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

/// A session on the scenario's first machine, as its login user, with
/// Docker running and the swarm formed as the scenario says.
pub fn start(scenario: &Scenario, seed: Option<u64>) -> Session {
    let seed = seed.unwrap_or(scenario.seed);
    if scenario.nodes.is_empty() && scenario.hosts.is_empty() {
        return Session::bare_host(seed);
    }
    Session::from_scenario(scenario, seed)
}
/// The names of the scenario's machines.
pub fn machine_names(session: &Session) -> Vec<String> {
    session.world.hosts.iter().map(|h| h.name.clone()).collect()
}
