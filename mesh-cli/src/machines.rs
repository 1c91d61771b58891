//! Scenarios and the session that runs one.
//!
//! Until mesh-core can start a whole scenario itself (the Swarm model wired
//! into `Session`), [`start`] boots every machine of the scenario as a plain
//! Linux host: `eth0` on the underlay with its address, loopback, and the
//! default route when the scenario has a gateway — so `ssh`, `ping` and the
//! `ip` tools work across machines, and Docker is not running yet.

use std::net::Ipv4Addr;
use std::path::Path;

use mesh_core::kernel::{INIT_NETNS, IfAddr, LinkSpec, Route, RouteAddMode, RouteType, Scope, route};
use mesh_core::net::Ipv4Cidr;
use mesh_core::shell::Session;
use mesh_core::sim::World;
use mesh_core::swarm::scenario::Scenario;
use mesh_core::wire::EthernetAddress;

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
    let mut first = None;
    for &(name, ip, _) in &machines {
        let h = add_machine(&mut world, scenario, name, ip);
        first.get_or_insert(h);
    }
    world.advance(mesh_core::time::Duration::from_millis(1), mesh_core::sim::DEFAULT_BUDGET);
    let Some(first) = first else {
        return Session::bare_host(seed);
    };
    Session::new(world, first, first_user)
}

/// A machine with `eth0` on the underlay: QEMU's 52:54:00 MAC prefix and the
/// last three bytes of its address, so every run shows the same MACs.
fn add_machine(w: &mut World, scenario: &Scenario, name: &str, ip: Ipv4Addr) -> mesh_core::sim::HostId {
    let h = w.add_host(name);
    let underlay = scenario.underlay;
    let gateway = scenario.gateway;
    let o = ip.octets();
    let mac = EthernetAddress([0x52, 0x54, 0x00, o[1], o[2], o[3]]);
    let nic = w.with_kernel(h, |k| {
        let nic = k.link_add(INIT_NETNS, "eth0", LinkSpec::Nic, Some(mac)).ok()?;
        k.dev_mut(nic).txqlen = 1000;
        let addr = IfAddr {
            local: ip,
            prefix_len: underlay.prefix_len,
            broadcast: (underlay.prefix_len < 31).then(|| underlay.broadcast()),
            scope: Scope::Global,
            label: "eth0".into(),
            secondary: false,
            noprefixroute: false,
            origin: None,
        };
        k.addr_add(nic, addr).ok()?;
        k.dev_set_up(nic, true).ok()?;
        if let Some(gw) = gateway {
            let default = Route {
                table: route::TABLE_MAIN,
                dst: Ipv4Cidr::new(Ipv4Addr::UNSPECIFIED, 0),
                kind: RouteType::Unicast,
                tos: 0,
                metric: 0,
                gateway: Some(gw),
                dev: Some(nic),
                proto: route::rtproto::BOOT,
                scope: Scope::Global,
                prefsrc: None,
                onlink: false,
                origin: None,
            };
            k.route_add(INIT_NETNS, default, RouteAddMode::Add).ok()?;
        }
        Some(nic)
    });
    if let Some(nic) = nic {
        w.plug(h, nic);
    }
    h
}

/// The machines of a session, for messages.
pub fn machine_names(session: &Session) -> Vec<String> {
    session.world.hosts.iter().map(|h| h.name.clone()).collect()
}
